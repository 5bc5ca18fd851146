import { CATALOGUE_COLUMNS, type CatalogueColumn, type ColumnKey } from './csv-columns.ts';
import { type CsvImportError, describeColumn } from './csv-errors.ts';
import type { ResolvedHeader } from './csv-header.ts';
import type { CsvRecord } from './csv-records.ts';
import { tc } from './messages.ts';
import { hasSiqoLabel, type QualityLabel } from './quality-labels.ts';
import { type ProductDraft, ProductDraftSchema, ProductDraftShapeSchema } from './schemas.ts';

/** `sku` is the row's reference when its cell is valid, even if other cells are not. */
export type RowResult =
  | { ok: true; draft: ProductDraft; sku: string }
  | { ok: false; errors: CsvImportError[]; sku: string | null };

const COLUMNS_BY_KEY = new Map(CATALOGUE_COLUMNS.map((column) => [column.key, column]));

/** True for rows a spreadsheet leaves behind (";;;;" lines): skipped, not errors. */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.cells.every((cell) => cell.trim() === '');
}

/**
 * One data row → a product draft, or every problem of the row: each cell is parsed and
 * checked on its own (so one bad price does not hide a bad unit), then the rules between
 * fields run once all cells are valid.
 */
export function parseProductRow(record: CsvRecord, header: ResolvedHeader): RowResult {
  const errors: CsvImportError[] = [];
  const values = new Map<ColumnKey, unknown>(
    CATALOGUE_COLUMNS.map((column) => [column.key, column.emptyValue]),
  );
  const cells = new Map<CatalogueColumn, string>();
  const report = (column: CatalogueColumn, value: string | null, message: string) => {
    const title = header.titles.get(column) ?? column.header;
    errors.push({ line: record.line, column: title, value, message });
  };

  record.cells.forEach((cell, index) => {
    const column = header.columnAt[index] ?? null;
    const text = cell.trim();
    if (column === null) {
      if (text !== '') {
        const title = describeColumn('', index);
        errors.push({
          line: record.line,
          column: title,
          value: cell,
          message: tc('csv.untitledColumn'),
        });
      }
      return;
    }
    cells.set(column, cell);
    if (text === '') {
      if (column.requiredMessage !== null) {
        report(column, cell, tc(column.requiredMessage));
      }
      return;
    }
    const parsed = column.parse(text);
    if (!parsed.ok) {
      report(column, cell, parsed.message);
      return;
    }
    const checked = ProductDraftShapeSchema.shape[column.key].safeParse(parsed.value);
    if (!checked.success) {
      report(column, cell, checked.error.issues[0]?.message ?? tc('product.invalid'));
      return;
    }
    values.set(column.key, checked.data);
  });

  // A required column whose cells run short of the header (rows cut by hand).
  for (const [column] of header.titles) {
    if (column.requiredMessage !== null && !cells.has(column)) {
      report(column, null, tc(column.requiredMessage));
    }
  }
  const sku = values.get('sku');
  const validSku = typeof sku === 'string' && sku !== '' ? sku : null;
  if (errors.length > 0) {
    return { ok: false, errors, sku: validSku };
  }
  if (values.get('isSiqo') === undefined) {
    values.set('isSiqo', hasSiqoLabel(values.get('labels') as QualityLabel[]));
  }
  const result = ProductDraftSchema.safeParse(Object.fromEntries(values));
  if (result.success) {
    return { ok: true, draft: result.data, sku: result.data.sku };
  }
  for (const issue of result.error.issues) {
    const column = COLUMNS_BY_KEY.get(issue.path[0] as ColumnKey);
    if (column === undefined) {
      errors.push({ line: record.line, column: null, value: null, message: issue.message });
    } else {
      report(column, cells.get(column) ?? null, issue.message);
    }
  }
  return { ok: false, errors, sku: validSku };
}
