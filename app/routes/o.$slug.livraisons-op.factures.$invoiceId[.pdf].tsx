import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireOpManager } from '#app/auth/require-op.server.ts';
import {
  invoicePdfFileName,
  renderStoredInvoicePdf,
} from '#app/integrations/pdf/invoice.server.ts';
import { getOpInvoiceDocument } from '#app/models/op-invoicing.server.ts';

/** GET …/livraisons-op/factures/<id>.pdf — an invoice the OP issued in a member's name (Factur-X). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpManager(request, params.slug);
  const stored = await getOpInvoiceDocument({ opId: organisation.id, invoiceId: params.invoiceId });
  if (!stored) {
    notFound('Facture introuvable.');
  }
  const pdf = await renderStoredInvoicePdf(stored);
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${invoicePdfFileName(stored.snapshot.number)}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
