import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMilkDairy } from '#app/auth/require-milk.server.ts';
import {
  invoicePdfFileName,
  renderStoredInvoicePdf,
} from '#app/integrations/pdf/invoice.server.ts';
import { getDairyMilkDocument } from '#app/models/milk-pay.server.ts';

/** GET /o/<dairy>/lait/factures/<id>/pdf — a self-billed milk invoice or credit note, Factur-X. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkDairy(request, params.slug);
  const document = await getDairyMilkDocument({
    dairyId: organisation.id,
    invoiceId: params.invoiceId,
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
