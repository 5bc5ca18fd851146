import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import { getInvoice } from '#app/models/invoice.server.ts';
import { isUuid } from '#app/models/round.server.ts';

/** GET …/factures/<id>/xml — the CII XML (EN 16931) stored when the document was issued. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireRoundsManager(request, params.slug);
  const detail = isUuid(params.invoiceId)
    ? await getInvoice({ producerId: organisation.id, invoiceId: params.invoiceId })
    : null;
  if (!detail) {
    throw new Response('Facture introuvable', { status: 404 });
  }
  return new Response(detail.ciiXml, {
    headers: {
      'Content-Type': 'application/xml; charset=utf-8',
      'Content-Disposition': `attachment; filename="${detail.snapshot.number.replaceAll('/', '-')}.xml"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
