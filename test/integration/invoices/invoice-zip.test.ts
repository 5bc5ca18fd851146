import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { invoicePdfFileName } from '#app/integrations/pdf/invoice.server.ts';
import { ACCOUNTING_CSV_FILE_NAME, buildInvoicesZip } from '#app/integrations/zip.server.ts';
import {
  b2cHouseholdInvoice,
  i1CreditNote,
  i1RestaurantInvoice,
} from '#test/einvoice/invoice-scenarios.ts';
import { readEmbeddedFiles, readPdfStructure } from '#test/utils/pdf.ts';

function stored(snapshot: InvoiceSnapshot) {
  const cii = toCii(snapshot);
  if (!cii.ok) throw new Error(cii.message);
  return { snapshot, ciiXml: cii.xml };
}

describe('buildInvoicesZip', () => {
  it('un PDF par document nommé d’après son numéro (Factur-X en B2B, PDF/A sans XML en B2C) et le journal CSV', async () => {
    const documents = [i1RestaurantInvoice(), b2cHouseholdInvoice(), i1CreditNote()].map(stored);
    const zip = await buildInvoicesZip({
      invoices: documents,
      accountingCsv: '\uFEFFNuméro;Type\r\nF2026-000042;Facture\r\n',
    });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(
      [
        'AV2026-000003.pdf',
        'F2026-000042.pdf',
        'F2026-000043.pdf',
        ACCOUNTING_CSV_FILE_NAME,
      ].sort(),
    );
    const b2b = await readEmbeddedFiles(files['F2026-000042.pdf']!);
    expect(b2b.map((file) => [file.name, file.contents])).toEqual([
      ['factur-x.xml', documents[0]!.ciiXml],
    ]);
    const creditNote = await readEmbeddedFiles(files['AV2026-000003.pdf']!);
    expect(creditNote.map((file) => file.contents)).toEqual([documents[2]!.ciiXml]);
    expect(await readEmbeddedFiles(files['F2026-000043.pdf']!)).toEqual([]);
    expect((await readPdfStructure(files['F2026-000043.pdf']!)).xmp).toContain(
      '<pdfaid:part>3</pdfaid:part>',
    );
    // ignoreBOM: keep the BOM Excel needs in the comparison (TextDecoder strips it by default).
    expect(
      new TextDecoder('utf-8', { ignoreBOM: true }).decode(files[ACCOUNTING_CSV_FILE_NAME]!),
    ).toBe('\uFEFFNuméro;Type\r\nF2026-000042;Facture\r\n');
  });

  it.each([
    ['numéro simple', 'F2026-000042', 'F2026-000042.pdf'],
    ['numéro avec « / » (permis par BR-FR-02)', 'F/2026/42', 'F-2026-42.pdf'],
  ])('invoicePdfFileName : %s', (_label, number, expected) => {
    expect(invoicePdfFileName(number)).toBe(expected);
  });
});
