import { CATALOGUE_COLUMNS, type ColumnKey } from './csv-columns.ts';
import { type CsvEncoding, decodeCsvBytes } from './csv-decode.ts';
import type { CsvImportError } from './csv-errors.ts';
import { resolveHeader } from './csv-header.ts';
import { type CsvSeparator, detectSeparator, parseCsvRecords } from './csv-records.ts';
import { isBlankRecord, parseProductRow } from './csv-row.ts';
import { tc } from './messages.ts';
import { type ProductDraft, toSkuMatchKey } from './schemas.ts';

export type { CsvImportError } from './csv-errors.ts';

/** How the file was read, to tell the producer ("lu comme Windows-1252, séparateur ;"). */
export type CatalogueCsvMeta = { encoding: CsvEncoding; separator: CsvSeparator; bom: boolean };

export type CatalogueCsvImport =
  | {
      ok: true;
      rows: ProductDraft[];
      meta: CatalogueCsvMeta;
      /** The columns the file has: an absent optional one gave every row its default. */
      columns: ColumnKey[];
    }
  | { ok: false; errors: CsvImportError[]; meta: CatalogueCsvMeta | null };

/** A catalogue is a few hundred products; beyond this the file is probably not one. */
export const MAX_PRODUCT_ROWS = 5000;

/**
 * Reads a catalogue spreadsheet export. All or nothing (DESIGN §9): on any problem no row is
 * returned, only the complete list of problems, row by row and column by column, with the
 * row numbers the spreadsheet shows (header = 1).
 */
export function parseCatalogueCsv(bytes: Uint8Array): CatalogueCsvImport {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) {
    return fileError(decoded.line, decoded.message, null);
  }
  const separator = detectSeparator(decoded.text);
  const meta: CatalogueCsvMeta = { encoding: decoded.encoding, separator, bom: decoded.bom };
  const parsed = parseCsvRecords(decoded.text, separator);
  if (!parsed.ok) {
    return fileError(parsed.line, parsed.message, meta);
  }
  const [headerRecord, ...dataRecords] = parsed.records;
  if (headerRecord === undefined || isBlankRecord(headerRecord)) {
    return fileError(1, tc('csv.empty'), meta);
  }
  const header = resolveHeader(headerRecord.cells);
  if (!header.ok) {
    return { ok: false, errors: header.errors, meta };
  }
  const records = dataRecords.filter((record) => !isBlankRecord(record));
  if (records.length === 0) {
    return fileError(2, tc('csv.noProducts'), meta);
  }
  if (records.length > MAX_PRODUCT_ROWS) {
    const max = MAX_PRODUCT_ROWS.toLocaleString('fr-FR');
    return fileError(1, tc('csv.tooManyRows', { max }), meta);
  }

  const skuColumn = CATALOGUE_COLUMNS.find((column) => column.key === 'sku');
  const skuTitle = (skuColumn && header.header.titles.get(skuColumn)) ?? 'Référence';
  const errors: CsvImportError[] = [];
  const rows: ProductDraft[] = [];
  const firstLineBySku = new Map<string, number>();
  for (const record of records) {
    const row = parseProductRow(record, header.header);
    if (!row.ok) {
      errors.push(...row.errors);
    }
    // Re-imports match products on their reference: two rows with one reference is ambiguous.
    const firstLine = row.sku === null ? undefined : firstLineBySku.get(toSkuMatchKey(row.sku));
    if (row.sku !== null && firstLine !== undefined) {
      const message = tc('csv.duplicateSku', { value: row.sku, line: firstLine });
      errors.push({ line: record.line, column: skuTitle, value: row.sku, message });
    } else if (row.sku !== null) {
      firstLineBySku.set(toSkuMatchKey(row.sku), record.line);
    }
    if (row.ok) {
      rows.push(row.draft);
    }
  }
  if (errors.length > 0) {
    // Rows are read in order and each row reports its cells left to right: no sort needed.
    return { ok: false, errors, meta };
  }
  const columns = [...header.header.titles.keys()].map((column) => column.key);
  return { ok: true, rows, meta, columns };
}

function fileError(
  line: number,
  message: string,
  meta: CatalogueCsvMeta | null,
): CatalogueCsvImport {
  return { ok: false, errors: [{ line, column: null, value: null, message }], meta };
}
