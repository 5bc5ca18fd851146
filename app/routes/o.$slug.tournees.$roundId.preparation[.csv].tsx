import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { parsePickingView, pickingFileName } from '#app/domain/rounds/picking-list-view.ts';
import { renderPickingListCsv } from '#app/integrations/csv/picking-list.server.ts';
import { getPickingList } from '#app/models/picking-list.server.ts';

/** GET …/preparation.csv?par=arret|produit|foyer — the picking list for a spreadsheet. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireProducerRound(request, params);
  const view = parsePickingView(new URL(request.url).searchParams.get('par') ?? 'arret');
  if (!view) {
    return new Response('Liste inconnue : par=arret, par=produit ou par=foyer.', { status: 400 });
  }
  const csv = renderPickingListCsv(await getPickingList(round.id), view);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${pickingFileName(round.deliveryOn, view, 'csv')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
