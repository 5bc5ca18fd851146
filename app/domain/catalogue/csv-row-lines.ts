import { decodeCsvBytes } from './csv-decode.ts';
import { detectSeparator, parseCsvRecords } from './csv-records.ts';
import { isBlankRecord } from './csv-row.ts';

/**
 * The spreadsheet row number of each product `parseCatalogueCsv` returned, in the same order
 * (blank rows skipped the same way), so that checks made later (against the producer's VAT
 * regime) can point at rows too. Only meaningful for a file that parsed.
 */
export function catalogueCsvRowLines(bytes: Uint8Array): number[] {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) {
    return [];
  }
  const parsed = parseCsvRecords(decoded.text, detectSeparator(decoded.text));
  if (!parsed.ok) {
    return [];
  }
  return parsed.records
    .slice(1)
    .filter((record) => !isBlankRecord(record))
    .map((record) => record.line);
}
