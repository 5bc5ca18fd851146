import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { parsePickingView, pickingFileName } from '#app/domain/rounds/picking-list-view.ts';
import { renderPickingListPdf } from '#app/integrations/pdf/picking-list.server.ts';
import { getPickingList } from '#app/models/picking-list.server.ts';

/** GET …/preparation.pdf?par=arret|produit|foyer — the printable picking list. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, round } = await requireProducerRound(request, params);
  const view = parsePickingView(new URL(request.url).searchParams.get('par') ?? 'arret');
  if (!view) {
    return new Response('Liste inconnue : par=arret, par=produit ou par=foyer.', { status: 400 });
  }
  const pdf = await renderPickingListPdf({
    producerName: organisation.name,
    round,
    list: await getPickingList(round.id),
    view,
    now: new Date(),
  });
  // A copy typed on a plain ArrayBuffer, as the Fetch API's BodyInit wants.
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${pickingFileName(round.deliveryOn, view, 'pdf')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
