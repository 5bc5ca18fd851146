import { CATALOGUE_COLUMNS, type CatalogueColumn } from './csv-columns.ts';
import { type CsvImportError, describeColumn } from './csv-errors.ts';
import { buildLookup, toLookupKey } from './lookup-key.ts';
import { tc } from './messages.ts';

const COLUMNS_BY_KEY = new Map(CATALOGUE_COLUMNS.map((column) => [column.key, column]));

const HEADER_LOOKUP = buildLookup(
  CATALOGUE_COLUMNS.map((column) => [column.key, [column.header, ...column.aliases]] as const),
);

/** The column a header names, if any ("prix consommateur ttc" → consumerPriceGrossCents). */
export function findColumnByHeader(header: string): CatalogueColumn | undefined {
  const key = HEADER_LOOKUP.get(toLookupKey(header));
  return key === undefined ? undefined : COLUMNS_BY_KEY.get(key);
}

/** Where each catalogue column sits in the file. */
export type ResolvedHeader = {
  /** One entry per header cell: its column, or null for an untitled cell. */
  columnAt: readonly (CatalogueColumn | null)[];
  /** Title of each present column as written in the file, for error reports. */
  titles: ReadonlyMap<CatalogueColumn, string>;
};

export type HeaderResult =
  | { ok: true; header: ResolvedHeader }
  | { ok: false; errors: CsvImportError[] };

/**
 * Maps header cells to columns. Unknown titles, a column given twice and missing required
 * columns are all reported, since a wrong header would misread every row.
 */
export function resolveHeader(cells: readonly string[]): HeaderResult {
  const errors: CsvImportError[] = [];
  const columnAt: (CatalogueColumn | null)[] = [];
  const titles = new Map<CatalogueColumn, string>();
  cells.forEach((cell, index) => {
    const title = describeColumn(cell, index);
    if (cell.trim() === '') {
      // LibreOffice keeps trailing separators of formatted empty columns: fine while empty.
      columnAt.push(null);
      return;
    }
    const column = findColumnByHeader(cell);
    if (column === undefined) {
      const columns = CATALOGUE_COLUMNS.map((known) => known.header).join(', ');
      errors.push({
        line: 1,
        column: title,
        value: cell,
        message: tc('csv.unknownColumn', { value: cell.trim(), columns }),
      });
      columnAt.push(null);
      return;
    }
    const previous = titles.get(column);
    if (previous !== undefined) {
      errors.push({
        line: 1,
        column: title,
        value: cell,
        message: tc('csv.duplicateColumn', { value: cell.trim(), other: previous }),
      });
      columnAt.push(null);
      return;
    }
    titles.set(column, title);
    columnAt.push(column);
  });
  for (const column of CATALOGUE_COLUMNS) {
    if (column.requiredMessage !== null && !titles.has(column)) {
      errors.push({
        line: 1,
        column: column.header,
        value: null,
        message: tc('csv.missingColumn', { column: column.header }),
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, header: { columnAt, titles } };
}
