import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { buildInvoicesZip } from '#app/integrations/zip.server.ts';
import { listInvoiceDocuments } from '#app/models/invoice.server.ts';
import { exportAccountingCsv } from '#app/models/invoice-export.server.ts';

/** GET …/tournees/<id>/factures.zip — every document of the round as PDF, and the journal. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, round } = await requireProducerRound(request, params);
  const scope = { producerId: organisation.id, roundId: round.id };
  const documents = await listInvoiceDocuments(scope);
  if (documents.length === 0) {
    return new Response('Aucune facture émise pour cette tournée.', { status: 404 });
  }
  const zip = await buildInvoicesZip({
    invoices: documents,
    accountingCsv: await exportAccountingCsv(scope),
  });
  return new Response(new Uint8Array(zip), {
    headers: {
      'Content-Type': 'application/zip',
      'Content-Disposition': `attachment; filename="factures-tournee-${round.deliveryOn}.zip"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
