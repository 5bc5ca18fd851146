import { decodeCsvBytes } from '#app/domain/catalogue/csv-decode.ts';
import { type CsvImportError, describeColumn } from '#app/domain/catalogue/csv-errors.ts';
import { detectSeparator, parseCsvRecords } from '#app/domain/catalogue/csv-records.ts';
import { buildLookup, toLookupKey } from '#app/domain/catalogue/lookup-key.ts';
import {
  type CellResult,
  parseAntibioticsCell,
  parseCountCell,
  parseDayCell,
  parseFreezingPointCell,
  parseGramsPerLitreCell,
  parseLabelCell,
  parseLitresCell,
} from './cells.ts';
import { monthLabel } from './month.ts';
import { hasAnyResult, type MilkAnalysis, type MilkCollection } from './records.ts';

/**
 * CSV import of collections and lab analyses, as dairies and labs export them: `;` (or `,`,
 * tab), decimal comma, Windows-1252 or UTF-8, French dates, columns in any order under their
 * usual names. All or nothing (DESIGN §9): every problem is reported with its row and column,
 * and nothing is kept when there is one. Columns the import does not know (urée, lactose…) are
 * ignored and listed.
 */

/** A supplier of the dairy, found by its number at the dairy, its SIRET or its Cabas slug. */
export type SupplierRef = {
  producerId: string;
  code: string;
  siret: string | null;
  slug: string;
  name: string;
};

export type MilkCsvOptions = {
  suppliers: readonly SupplierRef[];
  /** Paris calendar day: later dates are refused. */
  today: string;
  /** True when the producer's month is invoiced: its data no longer changes (INV-06). */
  isMonthLocked: (producerId: string, month: string) => boolean;
};

export type ImportedRow<T> = { line: number; producerId: string; record: T };

export type MilkCsvResult<T> =
  | { ok: true; rows: ImportedRow<T>[]; ignoredColumns: string[] }
  | { ok: false; errors: CsvImportError[] };

/** A dairy's month of collections for a few hundred farms is a few thousand rows. */
export const MAX_MILK_CSV_ROWS = 20_000;

type Column<Key extends string> = {
  key: Key;
  title: string;
  aliases: readonly string[];
  required: boolean;
};

const PRODUCER = {
  key: 'producer',
  title: 'producteur',
  aliases: [
    'code producteur',
    'n producteur',
    'no producteur',
    'numero producteur',
    'fournisseur',
    'code fournisseur',
    'siret',
    'eleveur',
    'code eleveur',
  ],
  required: true,
} as const;

const COLLECTION_COLUMNS = [
  PRODUCER,
  {
    key: 'date',
    title: 'date',
    aliases: ['date de collecte', 'date collecte', 'jour', 'date ramassage'],
    required: true,
  },
  {
    key: 'litres',
    title: 'litres',
    aliases: ['volume', 'volume l', 'quantite', 'quantite l', 'litres collectes', 'l'],
    required: true,
  },
  {
    key: 'tour',
    title: 'tournée',
    aliases: ['tournee', 'circuit', 'tournee de ramassage'],
    required: false,
  },
  { key: 'tank', title: 'cuve', aliases: ['tank', 'n cuve', 'tank a lait'], required: false },
] as const satisfies readonly Column<string>[];

const ANALYSIS_COLUMNS = [
  PRODUCER,
  {
    key: 'date',
    title: 'date',
    aliases: [
      'date de prelevement',
      'date prelevement',
      'date echantillon',
      'date d echantillon',
      'date analyse',
    ],
    required: true,
  },
  {
    key: 'sample',
    title: 'échantillon',
    aliases: [
      'echantillon',
      'n echantillon',
      'numero echantillon',
      'numero d echantillon',
      'reference echantillon',
    ],
    required: false,
  },
  { key: 'fat', title: 'MG', aliases: ['tb', 'matiere grasse', 'taux butyreux'], required: false },
  {
    key: 'protein',
    title: 'MP',
    aliases: ['tp', 'matiere proteique', 'taux proteique'],
    required: false,
  },
  {
    key: 'germs',
    title: 'germes',
    aliases: ['germes totaux', 'flore totale', 'flore', 'germes a 30 c', 'gt'],
    required: false,
  },
  {
    key: 'cells',
    title: 'cellules',
    aliases: ['ccs', 'cellules somatiques', 'numeration cellulaire', 'leucocytes'],
    required: false,
  },
  {
    key: 'freezingPoint',
    title: 'point de congélation',
    aliases: ['point de congelation', 'cryoscopie', 'pc', 'indice cryoscopique'],
    required: false,
  },
  {
    key: 'antibiotics',
    title: 'antibiotiques',
    aliases: ['inhibiteurs', 'atb', 'antibiotique', 'residus antibiotiques'],
    required: false,
  },
  { key: 'spores', title: 'spores butyriques', aliases: ['spores', 'butyriques'], required: false },
] as const satisfies readonly Column<string>[];

type Resolved<Key extends string> = {
  at: Map<Key, number>;
  titles: Map<Key, string>;
  thousands: Set<Key>;
  ignored: string[];
};

/** Header cells → columns; the unit in parentheses is dropped, « (x1000/mL) » noted. */
function resolveHeader<Key extends string>(
  cells: readonly string[],
  columns: readonly Column<Key>[],
): { ok: true; header: Resolved<Key> } | { ok: false; errors: CsvImportError[] } {
  const lookup = buildLookup(
    columns.map((column) => [column.key, [column.title, ...column.aliases]] as const),
  );
  const header: Resolved<Key> = {
    at: new Map(),
    titles: new Map(),
    thousands: new Set(),
    ignored: [],
  };
  const errors: CsvImportError[] = [];
  cells.forEach((cell, index) => {
    const bare = toLookupKey(cell.replace(/\(.*\)|\[.*\]/g, ''));
    const key = lookup.get(bare);
    if (key === undefined) {
      if (cell.trim() !== '') {
        header.ignored.push(cell.trim());
      }
      return;
    }
    const title = describeColumn(cell, index);
    const previous = header.titles.get(key);
    if (previous !== undefined) {
      errors.push({
        line: 1,
        column: title,
        value: cell,
        message: `Colonne « ${cell.trim()} » en double avec « ${previous} ».`,
      });
      return;
    }
    header.at.set(key, index);
    header.titles.set(key, title);
    if (/x ?1 ?000|milliers|k ?\/ ?ml/i.test(cell)) {
      header.thousands.add(key);
    }
  });
  for (const column of columns) {
    if (column.required && !header.at.has(column.key)) {
      errors.push({
        line: 1,
        column: column.title,
        value: null,
        message: `Colonne obligatoire absente : « ${column.title} ».`,
      });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, header };
}

type RowReader<Key extends string> = {
  line: number;
  text: (key: Key) => string;
  take: <T>(key: Key, parsed: CellResult<T>) => T | undefined;
  /** A problem of the whole row. */
  fail: (message: string) => undefined;
};

function readRows<Key extends string, T>(
  bytes: Uint8Array,
  columns: readonly Column<Key>[],
  options: MilkCsvOptions,
  read: (
    row: RowReader<Key>,
    header: Resolved<Key>,
  ) => { producerId: string; record: T; key: string; month: string } | undefined,
): MilkCsvResult<T> {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) {
    return {
      ok: false,
      errors: [{ line: decoded.line, column: null, value: null, message: decoded.message }],
    };
  }
  const parsed = parseCsvRecords(decoded.text, detectSeparator(decoded.text));
  if (!parsed.ok) {
    return {
      ok: false,
      errors: [{ line: parsed.line, column: null, value: null, message: parsed.message }],
    };
  }
  const [headerRecord, ...records] = parsed.records.filter((r) =>
    r.cells.some((c) => c.trim() !== ''),
  );
  if (!headerRecord) {
    return {
      ok: false,
      errors: [
        {
          line: 1,
          column: null,
          value: null,
          message: 'Le fichier est vide : la ligne 1 doit contenir les titres des colonnes.',
        },
      ],
    };
  }
  const resolved = resolveHeader(headerRecord.cells, columns);
  if (!resolved.ok) {
    return resolved;
  }
  const { header } = resolved;
  if (records.length === 0) {
    return {
      ok: false,
      errors: [
        {
          line: 2,
          column: null,
          value: null,
          message: 'Aucune ligne de données après les titres.',
        },
      ],
    };
  }
  if (records.length > MAX_MILK_CSV_ROWS) {
    return {
      ok: false,
      errors: [
        {
          line: MAX_MILK_CSV_ROWS + 2,
          column: null,
          value: null,
          message: `Le fichier dépasse ${MAX_MILK_CSV_ROWS} lignes : découpez-le par mois.`,
        },
      ],
    };
  }
  const errors: CsvImportError[] = [];
  const rows: ImportedRow<T>[] = [];
  const firstLine = new Map<string, number>();
  for (const record of records) {
    const text = (key: Key) => {
      const index = header.at.get(key);
      return index === undefined ? '' : (record.cells[index] ?? '');
    };
    const row: RowReader<Key> = {
      line: record.line,
      text,
      take: (key, result) => {
        if (result.ok) {
          return result.value;
        }
        errors.push({
          line: record.line,
          column: header.titles.get(key) ?? null,
          value: text(key),
          message: sentence(result.message),
        });
        return undefined;
      },
      fail: (message) => {
        errors.push({
          line: record.line,
          column: null,
          value: null,
          message: sentence(message),
        });
        return undefined;
      },
    };
    const before = errors.length;
    const value = read(row, header);
    if (!value || errors.length > before) {
      continue;
    }
    const previous = firstLine.get(value.key);
    if (previous !== undefined) {
      errors.push({
        line: record.line,
        column: null,
        value: null,
        message: `Même ligne que la ligne ${previous} (producteur, date et référence identiques).`,
      });
      continue;
    }
    firstLine.set(value.key, record.line);
    if (options.isMonthLocked(value.producerId, value.month)) {
      const name = options.suppliers.find((s) => s.producerId === value.producerId)?.name ?? '';
      errors.push({
        line: record.line,
        column: header.titles.get('date' as Key) ?? null,
        value: text('date' as Key),
        message: `${capitalize(monthLabel(value.month))} est déjà facturé pour ${name} : ses données ne changent plus (contestation, avoir puis nouvelle facture).`,
      });
      continue;
    }
    rows.push({ line: record.line, producerId: value.producerId, record: value.record });
  }
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, rows, ignoredColumns: header.ignored };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A cell message as a sentence: capital letter, one final period. */
function sentence(text: string): string {
  const capitalized = capitalize(text);
  return capitalized.endsWith('.') ? capitalized : `${capitalized}.`;
}

function findSupplier(text: string, suppliers: readonly SupplierRef[]): CellResult<string> {
  const value = text.trim();
  if (value === '') {
    return { ok: false, message: 'producteur manquant' };
  }
  const key = toLookupKey(value);
  const digits = value.replace(/\s/g, '');
  const found = suppliers.find(
    (s) => toLookupKey(s.code) === key || s.siret === digits || s.slug === value,
  );
  return found
    ? { ok: true, value: found.producerId }
    : {
        ok: false,
        message: `producteur « ${value} » inconnu : ni un numéro de fournisseur, ni le SIRET d’un producteur collecté`,
      };
}

/** Collections: producteur, date, litres, [tournée], [cuve]. */
export function parseCollectionsCsv(
  bytes: Uint8Array,
  options: MilkCsvOptions,
): MilkCsvResult<MilkCollection> {
  return readRows(bytes, COLLECTION_COLUMNS, options, (row) => {
    const producerId = row.take('producer', findSupplier(row.text('producer'), options.suppliers));
    const collectedOn = row.take('date', parseDayCell(row.text('date'), options.today));
    const litres = row.take('litres', parseLitresCell(row.text('litres')));
    const tour = row.take('tour', parseLabelCell(row.text('tour'), 'tournée'));
    const tank = row.take('tank', parseLabelCell(row.text('tank'), 'cuve'));
    if (
      producerId === undefined ||
      collectedOn === undefined ||
      litres === undefined ||
      tour === undefined ||
      tank === undefined
    ) {
      return undefined;
    }
    return {
      producerId,
      record: { collectedOn, litres, tour, tank },
      key: JSON.stringify([producerId, collectedOn, tour, tank]),
      month: collectedOn.slice(0, 7),
    };
  });
}

/** Lab analyses: producteur, date, [échantillon], then any of the results. */
export function parseAnalysesCsv(
  bytes: Uint8Array,
  options: MilkCsvOptions,
): MilkCsvResult<MilkAnalysis> {
  return readRows(bytes, ANALYSIS_COLUMNS, options, (row, header) => {
    const optional = <T>(
      key: (typeof ANALYSIS_COLUMNS)[number]['key'],
      parse: (text: string) => CellResult<T>,
    ): T | null | undefined => {
      const text = row.text(key);
      return text.trim() === '' ? null : row.take(key, parse(text));
    };
    const producerId = row.take('producer', findSupplier(row.text('producer'), options.suppliers));
    const sampledOn = row.take('date', parseDayCell(row.text('date'), options.today));
    const sampleRef = row.take('sample', parseLabelCell(row.text('sample'), 'échantillon'));
    const analysis = {
      fatMgPerL: optional('fat', (t) => parseGramsPerLitreCell(t, 'matière grasse')),
      proteinMgPerL: optional('protein', (t) => parseGramsPerLitreCell(t, 'matière protéique')),
      germsPerMl: optional('germs', (t) =>
        parseCountCell(t, 'germes', header.thousands.has('germs')),
      ),
      cellsPerMl: optional('cells', (t) =>
        parseCountCell(t, 'cellules', header.thousands.has('cells')),
      ),
      freezingPointMilliC: optional('freezingPoint', parseFreezingPointCell),
      antibiotics: optional('antibiotics', parseAntibioticsCell),
      butyricSporesPerL: optional('spores', (t) =>
        parseCountCell(t, 'spores butyriques', header.thousands.has('spores')),
      ),
    };
    if (
      producerId === undefined ||
      sampledOn === undefined ||
      sampleRef === undefined ||
      Object.values(analysis).includes(undefined)
    ) {
      return undefined;
    }
    const record = { sampledOn, sampleRef, ...analysis } as MilkAnalysis;
    if (!hasAnyResult(record)) {
      return row.fail('aucun résultat sur la ligne (MG, MP, germes, cellules…)');
    }
    return {
      producerId,
      record,
      key: JSON.stringify([producerId, sampledOn, sampleRef]),
      month: sampledOn.slice(0, 7),
    };
  });
}
