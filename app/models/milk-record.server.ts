import { and, asc, eq, gte, lte, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, milkAnalyses, milkCollections } from '#app/db/schema.ts';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import {
  type ImportedRow,
  type MilkCsvResult,
  parseAnalysesCsv,
  parseCollectionsCsv,
} from '#app/domain/milk/milk-csv.ts';
import { firstDayOf, lastDayOf, type MilkMonth, monthLabel } from '#app/domain/milk/month.ts';
import type { MilkAnalysis, MilkCollection } from '#app/domain/milk/records.ts';
import { listSupplierRefs } from './milk-supplier.server.ts';

type Executor = Database | Transaction;

export type StoredCollection = MilkCollection & {
  id: string;
  dairyId: string;
  producerId: string;
  source: 'manual' | 'csv';
};
export type StoredAnalysis = MilkAnalysis & {
  id: string;
  dairyId: string;
  producerId: string;
  source: 'manual' | 'csv';
};

export type RecordScope = {
  /** One dairy's records, or every dairy's records of one producer (the producer's view). */
  dairyId?: string;
  producerId?: string;
  /** Inclusive range of months. */
  fromMonth: MilkMonth;
  toMonth: MilkMonth;
};

const collectionColumns = {
  id: milkCollections.id,
  dairyId: milkCollections.dairyId,
  producerId: milkCollections.producerId,
  collectedOn: milkCollections.collectedOn,
  litres: milkCollections.litres,
  tour: milkCollections.tour,
  tank: milkCollections.tank,
  source: milkCollections.source,
};

const analysisColumns = {
  id: milkAnalyses.id,
  dairyId: milkAnalyses.dairyId,
  producerId: milkAnalyses.producerId,
  sampledOn: milkAnalyses.sampledOn,
  sampleRef: milkAnalyses.sampleRef,
  fatMgPerL: milkAnalyses.fatMgPerL,
  proteinMgPerL: milkAnalyses.proteinMgPerL,
  germsPerMl: milkAnalyses.germsPerMl,
  cellsPerMl: milkAnalyses.cellsPerMl,
  freezingPointMilliC: milkAnalyses.freezingPointMilliC,
  antibiotics: milkAnalyses.antibiotics,
  butyricSporesPerL: milkAnalyses.butyricSporesPerL,
  source: milkAnalyses.source,
};

function requireScope(scope: RecordScope) {
  if (!scope.dairyId && !scope.producerId) {
    throw new Error('milk records: a dairy or a producer scope is required');
  }
}

/** Collections in the scope, by day then round and tank. */
export async function listMilkCollections(
  scope: RecordScope,
  executor: Executor = getDb(),
): Promise<StoredCollection[]> {
  requireScope(scope);
  return executor
    .select(collectionColumns)
    .from(milkCollections)
    .where(
      and(
        scope.dairyId ? eq(milkCollections.dairyId, scope.dairyId) : undefined,
        scope.producerId ? eq(milkCollections.producerId, scope.producerId) : undefined,
        gte(milkCollections.collectedOn, firstDayOf(scope.fromMonth)),
        lte(milkCollections.collectedOn, lastDayOf(scope.toMonth)),
      ),
    )
    .orderBy(
      asc(milkCollections.collectedOn),
      asc(milkCollections.tour),
      asc(milkCollections.tank),
    );
}

/** Lab results in the scope, by sample day then sample number. */
export async function listMilkAnalyses(
  scope: RecordScope,
  executor: Executor = getDb(),
): Promise<StoredAnalysis[]> {
  requireScope(scope);
  return executor
    .select(analysisColumns)
    .from(milkAnalyses)
    .where(
      and(
        scope.dairyId ? eq(milkAnalyses.dairyId, scope.dairyId) : undefined,
        scope.producerId ? eq(milkAnalyses.producerId, scope.producerId) : undefined,
        gte(milkAnalyses.sampledOn, firstDayOf(scope.fromMonth)),
        lte(milkAnalyses.sampledOn, lastDayOf(scope.toMonth)),
      ),
    )
    .orderBy(asc(milkAnalyses.sampledOn), asc(milkAnalyses.sampleRef));
}

/**
 * The months of the dairy's suppliers that are invoiced and not under an open contest, as
 * 'producerId|YYYY-MM': their data no longer change (the DB trigger enforces it too).
 */
export async function listInvoicedMonths(
  dairyId: string,
  executor: Executor = getDb(),
): Promise<Set<string>> {
  const rows = await executor.execute<{ producer_id: string; month: string }>(sql`
    select distinct s.producer_id, to_char(s.month, 'YYYY-MM') as month
      from public.milk_pay_statements s
     where s.dairy_id = ${dairyId}
       and public.milk_month_is_invoiced(s.dairy_id, s.producer_id, s.month)`);
  return new Set(rows.map((row) => `${row.producer_id}|${row.month}`));
}

const INVOICED_MESSAGE =
  'Mois de lait déjà facturé : ses collectes et analyses ne changent plus (contestation du producteur, puis avoir et nouvelle facture).';

/** The guard trigger's refusal, turned into the French message the user sees. */
function isInvoicedMonthError(error: unknown): boolean {
  const text = String((error as { cause?: unknown })?.cause ?? error);
  return text.includes('Mois de lait déjà facturé');
}

export type SaveRecordResult = { ok: true; id: string } | { ok: false; message: string };

async function audit(
  executor: Executor,
  options: { dairyId: string; actorId: string | null },
  action: string,
  data: Record<string, unknown>,
) {
  await executor.insert(auditLog).values({
    actorUserId: options.actorId,
    organisationId: options.dairyId,
    action,
    entity: 'milk_record',
    entityId: null,
    data,
  });
}

async function guarded<T>(run: () => Promise<T>): Promise<T | { ok: false; message: string }> {
  try {
    return await run();
  } catch (error) {
    if (isInvoicedMonthError(error)) {
      return { ok: false, message: INVOICED_MESSAGE };
    }
    throw error;
  }
}

type RecordOwner = { dairyId: string; producerId: string; id?: string; actorId: string | null };

/**
 * The one way a manual record is written: refused when another record has the same key, an
 * update scoped to the dairy and producer, or an insert; audited; all in one transaction, and
 * refused once the month is invoiced (guard trigger).
 */
function saveRecord(
  owner: RecordOwner,
  steps: {
    clashes: (tx: Transaction) => Promise<{ id: string }[]>;
    clashMessage: string;
    update: (tx: Transaction, id: string) => Promise<{ id: string }[]>;
    insert: (tx: Transaction) => Promise<{ id: string }[]>;
    notFound: string;
    action: string;
    data: Record<string, unknown>;
  },
): Promise<SaveRecordResult> {
  return guarded(() =>
    getDb().transaction(async (tx) => {
      if ((await steps.clashes(tx)).some((row) => row.id !== owner.id)) {
        return { ok: false as const, message: steps.clashMessage };
      }
      const [written] = owner.id ? await steps.update(tx, owner.id) : await steps.insert(tx);
      if (!written) {
        return { ok: false as const, message: steps.notFound };
      }
      await audit(tx, owner, `${steps.action}.${owner.id ? 'corrected' : 'added'}`, {
        producerId: owner.producerId,
        ...steps.data,
      });
      return { ok: true as const, id: written.id };
    }),
  );
}

/**
 * Records or corrects one collection (manual entry). Same day, round and tank as an existing
 * one: refused, correct that one instead. Refused once the month is invoiced.
 */
export function saveMilkCollection(
  options: RecordOwner & { collection: MilkCollection },
): Promise<SaveRecordResult> {
  const { collection } = options;
  const owned = and(
    eq(milkCollections.dairyId, options.dairyId),
    eq(milkCollections.producerId, options.producerId),
  );
  return saveRecord(options, {
    clashes: (tx) =>
      tx
        .select({ id: milkCollections.id })
        .from(milkCollections)
        .where(
          and(
            owned,
            eq(milkCollections.collectedOn, collection.collectedOn),
            eq(milkCollections.tour, collection.tour),
            eq(milkCollections.tank, collection.tank),
          ),
        ),
    clashMessage: `Une collecte du ${collection.collectedOn} existe déjà pour cette tournée et cette cuve : corrigez-la.`,
    update: (tx, id) =>
      tx
        .update(milkCollections)
        .set({ ...collection, source: 'manual' })
        .where(and(eq(milkCollections.id, id), owned))
        .returning({ id: milkCollections.id }),
    insert: (tx) =>
      tx
        .insert(milkCollections)
        .values({
          ...collection,
          dairyId: options.dairyId,
          producerId: options.producerId,
          source: 'manual',
          createdBy: options.actorId,
        })
        .returning({ id: milkCollections.id }),
    notFound: 'Collecte introuvable.',
    action: 'milk_collection',
    data: collection,
  });
}

/** Records or corrects one lab sample (manual entry); same day and sample number: refused. */
export function saveMilkAnalysis(
  options: RecordOwner & { analysis: MilkAnalysis },
): Promise<SaveRecordResult> {
  const { analysis } = options;
  const owned = and(
    eq(milkAnalyses.dairyId, options.dairyId),
    eq(milkAnalyses.producerId, options.producerId),
  );
  return saveRecord(options, {
    clashes: (tx) =>
      tx
        .select({ id: milkAnalyses.id })
        .from(milkAnalyses)
        .where(
          and(
            owned,
            eq(milkAnalyses.sampledOn, analysis.sampledOn),
            eq(milkAnalyses.sampleRef, analysis.sampleRef),
          ),
        ),
    clashMessage: `Un échantillon du ${analysis.sampledOn} porte déjà ce numéro : corrigez-le, ou donnez un autre numéro d’échantillon.`,
    update: (tx, id) =>
      tx
        .update(milkAnalyses)
        .set({ ...analysis, source: 'manual' })
        .where(and(eq(milkAnalyses.id, id), owned))
        .returning({ id: milkAnalyses.id }),
    insert: (tx) =>
      tx
        .insert(milkAnalyses)
        .values({
          ...analysis,
          dairyId: options.dairyId,
          producerId: options.producerId,
          source: 'manual',
          createdBy: options.actorId,
        })
        .returning({ id: milkAnalyses.id }),
    notFound: 'Analyse introuvable.',
    action: 'milk_analysis',
    data: analysis,
  });
}

/** Deletes a collection or an analysis recorded by mistake (not once the month is invoiced). */
export async function deleteMilkRecord(options: {
  dairyId: string;
  kind: 'collection' | 'analysis';
  id: string;
  actorId: string | null;
}): Promise<{ ok: true } | { ok: false; message: string }> {
  const table = options.kind === 'collection' ? milkCollections : milkAnalyses;
  return guarded(() =>
    getDb().transaction(async (tx) => {
      const deleted = await tx
        .delete(table)
        .where(and(eq(table.id, options.id), eq(table.dairyId, options.dairyId)))
        .returning({ id: table.id, producerId: table.producerId });
      if (deleted.length === 0) {
        return {
          ok: false as const,
          message: options.kind === 'collection' ? 'Collecte introuvable.' : 'Analyse introuvable.',
        };
      }
      await audit(tx, options, `milk_${options.kind}.deleted`, { id: options.id });
      return { ok: true as const };
    }),
  );
}

export type ImportMilkCsvResult =
  | {
      ok: true;
      created: number;
      updated: number;
      months: string[];
      ignoredColumns: string[];
    }
  | { ok: false; errors: CsvImportError[] };

/** The rows of an import, for one dairy, as inserted (their origin is the CSV file). */
function importValues<T>(dairyId: string, rows: ImportedRow<T>[], actorId: string | null) {
  return rows.map((row) => ({
    ...row.record,
    dairyId,
    producerId: row.producerId,
    source: 'csv' as const,
    createdBy: actorId,
  }));
}

/** 500 rows per statement, well under Postgres' bind-parameter limit; `inserted` or updated. */
async function writeInChunks<T>(
  values: T[],
  write: (chunk: T[]) => Promise<{ inserted: boolean }[]>,
): Promise<{ inserted: boolean }[]> {
  const written: { inserted: boolean }[] = [];
  for (let start = 0; start < values.length; start += 500) {
    written.push(...(await write(values.slice(start, start + 500))));
  }
  return written;
}

const wasInserted = { inserted: sql<boolean>`xmax = 0` };

function upsertCollections(
  tx: Transaction,
  dairyId: string,
  rows: ImportedRow<MilkCollection>[],
  actorId: string | null,
) {
  return writeInChunks(importValues(dairyId, rows, actorId), (chunk) =>
    tx
      .insert(milkCollections)
      .values(chunk)
      .onConflictDoUpdate({
        target: [
          milkCollections.dairyId,
          milkCollections.producerId,
          milkCollections.collectedOn,
          milkCollections.tour,
          milkCollections.tank,
        ],
        set: { litres: sql`excluded.litres`, source: sql`excluded.source` },
      })
      .returning(wasInserted),
  );
}

function upsertAnalyses(
  tx: Transaction,
  dairyId: string,
  rows: ImportedRow<MilkAnalysis>[],
  actorId: string | null,
) {
  return writeInChunks(importValues(dairyId, rows, actorId), (chunk) =>
    tx
      .insert(milkAnalyses)
      .values(chunk)
      .onConflictDoUpdate({
        target: [
          milkAnalyses.dairyId,
          milkAnalyses.producerId,
          milkAnalyses.sampledOn,
          milkAnalyses.sampleRef,
        ],
        set: {
          fatMgPerL: sql`excluded.fat_mg_per_l`,
          proteinMgPerL: sql`excluded.protein_mg_per_l`,
          germsPerMl: sql`excluded.germs_per_ml`,
          cellsPerMl: sql`excluded.cells_per_ml`,
          freezingPointMilliC: sql`excluded.freezing_point_milli_c`,
          antibiotics: sql`excluded.antibiotics`,
          butyricSporesPerL: sql`excluded.butyric_spores_per_l`,
          source: sql`excluded.source`,
        },
      })
      .returning(wasInserted),
  );
}

/**
 * Imports a CSV file of collections or of lab analyses, all or nothing (DESIGN §9): every row
 * is checked first (supplier, date, values, duplicates, invoiced month) and the file is refused
 * with the list of problems, or written in one transaction. A row for a collection or sample
 * already recorded (same supplier, day, round/tank or sample number) replaces it: re-importing
 * a corrected export corrects the month.
 */
export async function importMilkCsv(options: {
  dairyId: string;
  kind: 'collections' | 'analyses';
  bytes: Uint8Array;
  today: string;
  actorId: string | null;
}): Promise<ImportMilkCsvResult> {
  const outcome = await guarded(() =>
    getDb().transaction(async (tx) => {
      // Serialises with the month's invoicing, which takes the same lock.
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtext(${`milk-dairy:${options.dairyId}`}))`,
      );
      const suppliers = await listSupplierRefs(options.dairyId, tx);
      const invoiced = await listInvoicedMonths(options.dairyId, tx);
      const csvOptions = {
        suppliers,
        today: options.today,
        isMonthLocked: (producerId: string, month: string) =>
          invoiced.has(`${producerId}|${month}`),
      };
      const parsed: MilkCsvResult<MilkCollection | MilkAnalysis> =
        options.kind === 'collections'
          ? parseCollectionsCsv(options.bytes, csvOptions)
          : parseAnalysesCsv(options.bytes, csvOptions);
      if (!parsed.ok) {
        return parsed;
      }
      const written =
        options.kind === 'collections'
          ? await upsertCollections(
              tx,
              options.dairyId,
              parsed.rows as ImportedRow<MilkCollection>[],
              options.actorId,
            )
          : await upsertAnalyses(
              tx,
              options.dairyId,
              parsed.rows as ImportedRow<MilkAnalysis>[],
              options.actorId,
            );
      const days = parsed.rows.map((row) =>
        'collectedOn' in row.record ? row.record.collectedOn : row.record.sampledOn,
      );
      const months = [...new Set(days.map((day) => day.slice(0, 7)))].sort();
      const created = written.filter((row) => row.inserted).length;
      await audit(tx, options, `milk_${options.kind}.imported`, {
        rows: parsed.rows.length,
        created,
        months,
      });
      return {
        ok: true as const,
        created,
        updated: written.length - created,
        months: months.map(monthLabel),
        ignoredColumns: parsed.ignoredColumns,
      };
    }),
  );
  if ('errors' in outcome || outcome.ok) {
    return outcome as ImportMilkCsvResult;
  }
  return { ok: false, errors: [{ line: 1, column: null, value: null, message: outcome.message }] };
}

export type MonthlyTotal = {
  month: string;
  producerId: string;
  litres: number;
  collections: number;
};

/** Litres per month and producer, for a dairy or for a producer (all its dairies). */
export async function listMonthlyTotals(scope: RecordScope): Promise<MonthlyTotal[]> {
  requireScope(scope);
  return getDb()
    .select({
      month: sql<string>`to_char(${milkCollections.collectedOn}, 'YYYY-MM')`,
      producerId: milkCollections.producerId,
      litres: sql<number>`sum(${milkCollections.litres})::int`,
      collections: sql<number>`count(*)::int`,
    })
    .from(milkCollections)
    .where(
      and(
        scope.dairyId ? eq(milkCollections.dairyId, scope.dairyId) : undefined,
        scope.producerId ? eq(milkCollections.producerId, scope.producerId) : undefined,
        gte(milkCollections.collectedOn, firstDayOf(scope.fromMonth)),
        lte(milkCollections.collectedOn, lastDayOf(scope.toMonth)),
      ),
    )
    .groupBy(sql`1`, milkCollections.producerId)
    .orderBy(sql`1`);
}
