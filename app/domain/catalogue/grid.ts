import { CATALOGUE_COLUMNS } from './csv-columns.ts';
import type { CsvImportError } from './csv-errors.ts';
import { resolveHeader } from './csv-header.ts';
import { parseCsvRecords } from './csv-records.ts';
import { isBlankRecord, parseProductRow } from './csv-row.ts';
import { tc } from './messages.ts';
import { type ProductDraft, toSkuMatchKey } from './schemas.ts';

/**
 * The catalogue grid is the CSV laid out in the browser: the same columns, the same French
 * cell formats (decimal comma, "oui"/"non", unit labels), read by the same row parser. So a
 * block copied from the producer's spreadsheet pastes in as it is, and every message is the
 * one the import would give.
 */
export const GRID_HEADERS: readonly string[] = CATALOGUE_COLUMNS.map((column) => column.header);

export type GridRow = { productId: string | null; cells: string[] };

export type GridChange = { productId: string | null; draft: ProductDraft; line: number };

export type GridParse =
  | { ok: true; changes: GridChange[] }
  | { ok: false; errors: CsvImportError[] };

export const MAX_GRID_ROWS = 5000;

/** A product as the cells of its grid row (French formats, as the CSV export writes them). */
export function gridCellsOf(product: ProductDraft): string[] {
  return CATALOGUE_COLUMNS.map((column) => column.format(product, ','));
}

export function emptyGridCells(): string[] {
  return CATALOGUE_COLUMNS.map(() => '');
}

/**
 * Grid rows → product changes, all or nothing. `line` is the grid row number (first row = 1).
 * Blank new rows are skipped; an existing product cannot be blanked out (it would lose its
 * history): the producer unticks « Actif » instead.
 */
export function parseCatalogueGrid(rows: readonly GridRow[]): GridParse {
  const header = resolveHeader(GRID_HEADERS);
  if (!header.ok) {
    throw new Error('grid header does not resolve'); // programming error, caught by tests
  }
  if (rows.length > MAX_GRID_ROWS) {
    const max = MAX_GRID_ROWS.toLocaleString('fr-FR');
    return {
      ok: false,
      errors: [{ line: 1, column: null, value: null, message: tc('csv.tooManyRows', { max }) }],
    };
  }
  const errors: CsvImportError[] = [];
  const changes: GridChange[] = [];
  const firstLineBySku = new Map<string, number>();
  const skuTitle = GRID_HEADERS[0] ?? 'Référence';
  rows.forEach((row, index) => {
    const line = index + 1;
    const record = { line, cells: row.cells.slice(0, GRID_HEADERS.length) };
    if (isBlankRecord(record)) {
      if (row.productId !== null) {
        errors.push({ line, column: null, value: null, message: BLANKED_PRODUCT });
      }
      return;
    }
    const parsed = parseProductRow(record, header.header);
    if (!parsed.ok) {
      errors.push(...parsed.errors);
    }
    if (parsed.sku !== null) {
      const key = toSkuMatchKey(parsed.sku);
      const firstLine = firstLineBySku.get(key);
      if (firstLine === undefined) {
        firstLineBySku.set(key, line);
      } else {
        const message = tc('csv.duplicateSku', { value: parsed.sku, line: firstLine });
        errors.push({ line, column: skuTitle, value: parsed.sku, message });
      }
    }
    if (parsed.ok) {
      changes.push({ productId: row.productId, draft: parsed.draft, line });
    }
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, changes };
}

const BLANKED_PRODUCT =
  'Ligne vidée : un produit existant ne peut pas être effacé, décochez « Actif » (non) pour le retirer du catalogue.';

/**
 * A block copied from LibreOffice Calc or Excel: rows separated by line breaks, cells by tabs,
 * cells holding a line break or a tab between double quotes. The final line break is not a row.
 */
export function parsePastedBlock(text: string): string[][] {
  const normalised = text.replace(/\r\n?/g, '\n').replace(/\n$/, '');
  if (normalised === '') {
    return [];
  }
  const parsed = parseCsvRecords(normalised, '\t');
  if (parsed.ok) {
    return parsed.records.map((record) => record.cells);
  }
  // An unbalanced quote in a plain cell (« 5" ») is text, not a quoted cell.
  return normalised.split('\n').map((line) => line.split('\t'));
}

export type PasteTarget = { row: number; column: number };

/**
 * The grid after pasting `block` with its top-left cell at `target`: rows are added below
 * when the block runs past the last row, cells past the last column are dropped.
 */
export function pasteIntoGrid<Row extends GridRow>(options: {
  rows: readonly Row[];
  target: PasteTarget;
  block: readonly (readonly string[])[];
  makeRow: () => Row;
}): Row[] {
  const { target, block, makeRow } = options;
  const rows = options.rows.map((row) => ({ ...row, cells: [...row.cells] }));
  block.forEach((blockRow, offset) => {
    const rowIndex = target.row + offset;
    while (rows.length <= rowIndex) {
      rows.push(makeRow());
    }
    const row = rows[rowIndex]!;
    blockRow.forEach((cell, cellOffset) => {
      const columnIndex = target.column + cellOffset;
      if (columnIndex < row.cells.length) {
        row.cells[columnIndex] = cell;
      }
    });
  });
  return rows;
}
