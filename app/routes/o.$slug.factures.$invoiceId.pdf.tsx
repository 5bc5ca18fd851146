import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import {
  invoicePdfFileName,
  renderStoredInvoicePdf,
} from '#app/integrations/pdf/invoice.server.ts';
import { getInvoice } from '#app/models/invoice.server.ts';
import { isUuid } from '#app/models/round.server.ts';

/** GET …/factures/<id>/pdf — Factur-X for a professional buyer, PDF/A for a household. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireRoundsManager(request, params.slug);
  const detail = isUuid(params.invoiceId)
    ? await getInvoice({ producerId: organisation.id, invoiceId: params.invoiceId })
    : null;
  if (!detail) {
    throw new Response('Facture introuvable', { status: 404 });
  }
  const pdf = await renderStoredInvoicePdf(detail);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${invoicePdfFileName(detail.snapshot.number)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
