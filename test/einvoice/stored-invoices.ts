import { afterAll, beforeAll, expect } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { prepareValidationChain, validateInvoiceXmls } from './validate.ts';

/**
 * Every invoice and credit note a test file issued, run through the whole official chain
 * (XSDs, EN 16931, Factur-X, BR-FR) in one batch when the file ends: the issue asks that
 * every document the tests issue passes, not a sample. Register after setupTestDatabase()
 * (after-hooks run in reverse order, so this runs before the database is dropped).
 */
export function expectEveryStoredInvoiceValid(): void {
  beforeAll(() => prepareValidationChain(), 600_000);
  afterAll(async () => {
    const rows = await getSql()<{ display_number: string; cii_xml: string }[]>`
      select display_number, cii_xml from public.invoices order by issuer_id, display_number`;
    const reports = await validateInvoiceXmls(rows.map((row) => row.cii_xml));
    const failures = reports.flatMap((report, i) =>
      report.failures.map((f) => `${rows[i]!.display_number} ${f.validator} ${f.id} ${f.text}`),
    );
    expect(failures).toEqual([]);
  }, 600_000);
}
