import { Exact } from './decimal.ts';
import { isIsoDate } from './iso-date.ts';
import type { IndicatorPoint } from './schemas.ts';

export type CsvRowError = { line: number; message: string };

export type IndicatorCsvResult =
  | { ok: true; indicators: Record<string, IndicatorPoint[]>; rowCount: number }
  | { ok: false; code: 'csv_invalid'; message: string; errors: CsvRowError[] };

const HEADERS = [
  ['indicator', 'date', 'value'],
  ['indicateur', 'date', 'valeur'],
];

/**
 * Indicator time series from CSV text (`indicator;date;value`, `;` or `,` separated, decimal
 * comma or point, dates AAAA-MM-JJ or JJ/MM/AAAA). All or nothing (DESIGN §9): any bad row
 * rejects the file, with one French message per row.
 */
export function parseIndicatorCsv(text: string): IndicatorCsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const headerIndex = lines.findIndex((line) => line.trim() !== '');
  const header = lines[headerIndex] ?? '';
  const separator = header.includes(';') ? ';' : ',';
  const columns = splitLine(header, separator)?.map((cell) => cell.trim().toLowerCase());
  if (!HEADERS.some((expected) => expected.join() === columns?.join())) {
    return fail([
      {
        line: Math.max(headerIndex, 0) + 1,
        message: 'en-tête « indicator;date;value » attendu en première ligne',
      },
    ]);
  }

  const errors: CsvRowError[] = [];
  const firstLineOf = new Map<string, number>();
  const indicators: Record<string, IndicatorPoint[]> = {};
  let rowCount = 0;
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (index <= headerIndex || raw.trim() === '') {
      return;
    }
    const cells = splitLine(raw, separator);
    if (cells === null) {
      errors.push({ line, message: 'guillemet non refermé' });
      return;
    }
    if (cells.length !== 3) {
      const hint =
        separator === ','
          ? ' (avec le séparateur « , », écrire les décimales avec un point ou entre guillemets)'
          : '';
      errors.push({ line, message: `${cells.length} colonnes au lieu de 3${hint}` });
      return;
    }
    const [name = '', dateCell = '', valueCell = ''] = cells.map((cell) => cell.trim());
    const date = normalizeDate(dateCell);
    const value = parseDecimal(valueCell);
    if (name === '') {
      errors.push({ line, message: 'nom d’indicateur vide' });
    }
    if (date === null) {
      errors.push({ line, message: `date « ${dateCell} » invalide (AAAA-MM-JJ ou JJ/MM/AAAA)` });
    }
    if (value === null) {
      errors.push({ line, message: `valeur « ${valueCell} » invalide (nombre décimal attendu)` });
    }
    if (name === '' || date === null || value === null) {
      return;
    }
    const key = `${name}\u0000${date}`;
    const first = firstLineOf.get(key);
    if (first !== undefined) {
      errors.push({ line, message: `« ${name} » au ${date} figure déjà ligne ${first}` });
      return;
    }
    firstLineOf.set(key, line);
    indicators[name] = [...(indicators[name] ?? []), { date, value }];
    rowCount += 1;
  });

  if (errors.length > 0) {
    return fail(errors);
  }
  if (rowCount === 0) {
    return fail([{ line: headerIndex + 2, message: 'aucune ligne de données après l’en-tête' }]);
  }
  for (const series of Object.values(indicators)) {
    series.sort((a, b) => (a.date < b.date ? -1 : 1));
  }
  return { ok: true, indicators, rowCount };
}

function fail(errors: CsvRowError[]): IndicatorCsvResult {
  const lines = errors.map((error) => `Ligne ${error.line} : ${error.message}.`);
  return {
    ok: false,
    code: 'csv_invalid',
    message: ['Fichier d’indicateurs refusé, rien n’a été importé :', ...lines].join('\n'),
    errors,
  };
}

/** Splits one CSV line; double quotes protect separators, "" is a literal quote. */
function splitLine(line: string, separator: string): string[] | null {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      cell += '"';
      i += 1;
    } else if (char === '"') {
      quoted = !quoted;
    } else if (char === separator && !quoted) {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  return quoted ? null : [...cells, cell];
}

function normalizeDate(cell: string): string | null {
  const french = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cell);
  const iso = french ? `${french[3]}-${french[2]}-${french[1]}` : cell;
  return isIsoDate(iso) ? iso : null;
}

/** '5,10', '5.10', '1 234,5' → number, refused when a JSON number could not hold it exactly. */
function parseDecimal(cell: string): number | null {
  const compact = cell.replace(/\s/g, '').replace(',', '.');
  if (!/^[+-]?\d+(\.\d+)?$/.test(compact)) {
    return null;
  }
  const value = Number(compact);
  return new Exact(value).equals(compact) ? value : null;
}
