/**
 * Batch download of issued invoices: one PDF per document, named after its number (Factur-X for
 * professional buyers, PDF/A for households), plus the accounting CSV, in one ZIP (fflate).
 */
import { strToU8, zipSync } from 'fflate';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { invoicePdfFileName, renderStoredInvoicePdf } from './pdf/invoice.server.ts';

export type ZippedInvoice = { snapshot: InvoiceSnapshot; ciiXml: string };

export const ACCOUNTING_CSV_FILE_NAME = 'journal-des-ventes.csv';

/**
 * The ZIP of `invoices` (in the given order) and the accounting CSV. Rendering is sequential:
 * a round has tens of invoices, and fontkit subsetting is CPU-bound anyway.
 */
export async function buildInvoicesZip(options: {
  invoices: readonly ZippedInvoice[];
  accountingCsv: string;
  producedAt?: Date;
}): Promise<Uint8Array> {
  const producedAt = options.producedAt ?? new Date();
  const files: Record<string, Uint8Array> = {};
  for (const invoice of options.invoices) {
    // Numbers are unique per seller and only use [A-Za-z0-9+_/-] (BR-FR-02): '/' is the one
    // character a file name cannot hold.
    files[invoicePdfFileName(invoice.snapshot.number)] = await renderStoredInvoicePdf(invoice, {
      producedAt,
    });
  }
  files[ACCOUNTING_CSV_FILE_NAME] = strToU8(options.accountingCsv);
  // PDF content streams are already deflated: store them, compress the CSV.
  return zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, bytes]) => [
        name,
        [bytes, { level: name.endsWith('.pdf') ? 0 : 6, mtime: producedAt }],
      ]),
    ),
  );
}
