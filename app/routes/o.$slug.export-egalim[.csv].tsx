import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { eg22ToCsv } from '#app/domain/op/eg22-export.ts';
import { buildEgalimExportFromUrl } from '#app/models/op-egalim-export.server.ts';

/** GET …/export-egalim.csv?partenaire=<slug>&mois=AAAA-MM — the EG-22 export as CSV. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const { month, result } = await buildEgalimExportFromUrl({
    organisation,
    url: new URL(request.url),
    now: new Date(),
  });
  if (!result.ok) {
    return new Response(result.message, {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return new Response(eg22ToCsv(result.data), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="egalim-facturation-${month}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
