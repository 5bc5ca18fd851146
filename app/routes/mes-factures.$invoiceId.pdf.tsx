import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireUser } from '#app/auth/auth.server.ts';
import {
  invoicePdfFileName,
  renderStoredInvoicePdf,
} from '#app/integrations/pdf/invoice.server.ts';
import { getHouseholdInvoiceDocument } from '#app/models/invoice-pages.server.ts';

/** GET /mes-factures/<id>/pdf — one of the signed-in user's household invoices. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const document = await getHouseholdInvoiceDocument({
    userId: user.id,
    invoiceId: params.invoiceId ?? '',
  });
  if (!document) {
    throw new Response('Facture introuvable', { status: 404 });
  }
  const pdf = await renderStoredInvoicePdf(document);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${invoicePdfFileName(document.snapshot.number)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
