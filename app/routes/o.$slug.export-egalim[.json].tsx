import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { eg22ToJson } from '#app/domain/op/eg22-export.ts';
import { buildEgalimExportFromUrl } from '#app/models/op-egalim-export.server.ts';

/** GET …/export-egalim.json?partenaire=<slug>&mois=AAAA-MM — the EG-22 export, docs/cli.md format. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const { month, result } = await buildEgalimExportFromUrl({
    organisation,
    url: new URL(request.url),
    now: new Date(),
  });
  if (!result.ok) {
    return Response.json(
      { error: { field: result.field, message: result.message } },
      { status: 400 },
    );
  }
  return new Response(`${JSON.stringify(eg22ToJson(result.data), null, 2)}\n`, {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Disposition': `attachment; filename="egalim-facturation-${month}.json"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
