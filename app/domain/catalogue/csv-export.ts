import { CATALOGUE_COLUMNS, type DecimalSeparator } from './csv-columns.ts';
import type { CsvSeparator } from './csv-records.ts';
import type { ProductDraft } from './schemas.ts';

/**
 * - `fr-excel`: for a French spreadsheet, opened by double-click. UTF-8 WITH a BOM, `;`,
 *   decimal comma, CRLF. Not Windows-1252: it cannot hold every character a product name
 *   may contain (œ is fine, but not "ő", "✓" or U+202F), which would silently become "?",
 *   while Excel (2016+) and LibreOffice both read UTF-8 when the BOM is there.
 * - `utf8`: for tools and scripts. UTF-8 without BOM, `,`, decimal point, CRLF (RFC 4180).
 * Both re-import to the same products (`parseCatalogueCsv`).
 */
export type CatalogueCsvFormat = 'fr-excel' | 'utf8';

export type ExportCatalogueCsvOptions = { format: CatalogueCsvFormat };

type FormatSettings = { bom: boolean; separator: CsvSeparator; decimalSeparator: DecimalSeparator };

const FORMATS: Readonly<Record<CatalogueCsvFormat, FormatSettings>> = {
  'fr-excel': { bom: true, separator: ';', decimalSeparator: ',' },
  utf8: { bom: false, separator: ',', decimalSeparator: '.' },
};

const LINE_END = '\r\n';
const UTF8_BOM = '\uFEFF';

/** RFC 4180: quote a cell holding the separator, a quote or a line break; double its quotes. */
function quoteCell(cell: string, separator: CsvSeparator): string {
  const needsQuotes =
    cell.includes(separator) || cell.includes('"') || cell.includes('\n') || cell.includes('\r');
  return needsQuotes ? `"${cell.replaceAll('"', '""')}"` : cell;
}

/** The catalogue as spreadsheet bytes, one header row then one row per product. */
export function exportCatalogueCsv(
  products: readonly ProductDraft[],
  options: ExportCatalogueCsvOptions,
): Uint8Array {
  const settings = FORMATS[options.format];
  const toLine = (cells: readonly string[]) =>
    cells.map((cell) => quoteCell(cell, settings.separator)).join(settings.separator);
  const lines = [
    toLine(CATALOGUE_COLUMNS.map((column) => column.header)),
    ...products.map((product) =>
      toLine(CATALOGUE_COLUMNS.map((column) => column.format(product, settings.decimalSeparator))),
    ),
  ];
  const text = `${settings.bom ? UTF8_BOM : ''}${lines.join(LINE_END)}${LINE_END}`;
  return new TextEncoder().encode(text);
}
