import { type CatalogueMessageKey, tc } from './messages.ts';

/**
 * A small RFC 4180 reader over decoded text. We do not use csv-parse here: its sync entry
 * works on Node `Buffer`s (a global the browser lacks) and reports physical lines, while a
 * producer needs the row number the spreadsheet shows, even when a cell spans lines.
 */

export type CsvSeparator = ';' | ',' | '\t';

/** `line` is the spreadsheet row: the header is 1, a multi-line cell is still one row. */
export type CsvRecord = { line: number; cells: string[] };

export type CsvRecordsResult =
  | { ok: true; records: CsvRecord[] }
  | { ok: false; line: number; message: string };

const CANDIDATES: readonly CsvSeparator[] = [';', '\t', ','];

/**
 * Picks the separator that splits the header line into the most cells, outside quotes.
 * Ties go to ';' (French spreadsheets: the comma is the decimal separator), then tab.
 */
export function detectSeparator(text: string): CsvSeparator {
  const counts = new Map<string, number>(CANDIDATES.map((candidate) => [candidate, 0]));
  let isQuoted = false;
  for (const character of text) {
    if (character === '"') {
      isQuoted = !isQuoted;
    } else if (!isQuoted && (character === '\n' || character === '\r')) {
      break;
    } else if (!isQuoted && counts.has(character)) {
      counts.set(character, (counts.get(character) ?? 0) + 1);
    }
  }
  let best: CsvSeparator = ';';
  for (const candidate of CANDIDATES) {
    if ((counts.get(candidate) ?? 0) > (counts.get(best) ?? 0)) {
      best = candidate;
    }
  }
  return best;
}

function failure(line: number, key: CatalogueMessageKey): CsvRecordsResult {
  return { ok: false, line, message: tc(key) };
}

/**
 * Splits text into records. Quoted cells may hold separators, line breaks (returned as
 * "\n" whatever the file used) and doubled quotes. Records end at CRLF, LF or a lone CR.
 * A final line break does not start an empty record.
 */
export function parseCsvRecords(text: string, separator: CsvSeparator): CsvRecordsResult {
  const records: CsvRecord[] = [];
  let cells: string[] = [];
  let line = 1;
  let index = 0;
  while (true) {
    let cell: string;
    if (text[index] === '"') {
      let content = '';
      let from = index + 1;
      while (true) {
        const quote = text.indexOf('"', from);
        if (quote < 0) {
          return failure(line, 'csv.unclosedQuote');
        }
        content += text.slice(from, quote);
        if (text[quote + 1] === '"') {
          content += '"';
          from = quote + 2;
          continue;
        }
        index = quote + 1;
        break;
      }
      const next = text[index];
      if (next !== undefined && next !== separator && next !== '\n' && next !== '\r') {
        return failure(line, 'csv.textAfterQuote');
      }
      cell = content.replace(/\r\n?/g, '\n');
    } else {
      // A quote inside an unquoted cell (12" tarte) is kept as typed, like spreadsheets do.
      let end = index;
      while (end < text.length && !isCellEnd(text[end], separator)) {
        end += 1;
      }
      cell = text.slice(index, end);
      index = end;
    }
    cells.push(cell);
    const stop = text[index];
    if (stop === separator) {
      index += 1;
      continue;
    }
    records.push({ line, cells });
    cells = [];
    line += 1;
    index += stop === '\r' && text[index + 1] === '\n' ? 2 : 1;
    if (index >= text.length) {
      return { ok: true, records };
    }
  }
}

function isCellEnd(character: string | undefined, separator: CsvSeparator): boolean {
  return character === separator || character === '\n' || character === '\r';
}
