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

/**
 * Records or corrects one collection (manual entry). Same day, round and tank as an existing
 * one: refused, correct that one instead. Refused once the month is invoiced.
 */
export async function saveMilkCollection(options: {
  dairyId: string;
  producerId: string;
  id?: string;
  collection: MilkCollection;
  actorId: string | null;
}): Promise<SaveRecordResult> {
  return guarded(() =>
    getDb().transaction(async (tx) => {
      const { collection } = options;
      const clash = await tx
        .select({ id: milkCollections.id })
        .from(milkCollections)
        .where(
          and(
            eq(milkCollections.dairyId, options.dairyId),
            eq(milkCollections.producerId, options.producerId),
            eq(milkCollections.collectedOn, collection.collectedOn),
            eq(milkCollections.tour, collection.tour),
            eq(milkCollections.tank, collection.tank),
          ),
        );
      if (clash.some((row) => row.id !== options.id)) {
        return {
          ok: false as const,
          message: `Une collecte du ${collection.collectedOn} existe déjà pour cette tournée et cette cuve : corrigez-la.`,
        };
      }
      let id = options.id;
      if (id) {
        const updated = await tx
          .update(milkCollections)
          .set({ ...collection, source: 'manual' })
          .where(
            and(
              eq(milkCollections.id, id),
              eq(milkCollections.dairyId, options.dairyId),
              eq(milkCollections.producerId, options.producerId),
            ),
          )
          .returning({ id: milkCollections.id });
        if (updated.length === 0) {
          return { ok: false as const, message: 'Collecte introuvable.' };
        }
      } else {
        const [created] = await tx
          .insert(milkCollections)
          .values({
            ...collection,
            dairyId: options.dairyId,
            producerId: options.producerId,
            source: 'manual',
            createdBy: options.actorId,
          })
          .returning({ id: milkCollections.id });
        id = created!.id;
      }
      await audit(tx, options, options.id ? 'milk_collection.corrected' : 'milk_collection.added', {
        producerId: options.producerId,
        ...collection,
      });
      return { ok: true as const, id };
    }),
  );
}

/** Records or corrects one lab sample (manual entry). */
export async function saveMilkAnalysis(options: {
  dairyId: string;
  producerId: string;
  id?: string;
  analysis: MilkAnalysis;
  actorId: string | null;
}): Promise<SaveRecordResult> {
  return guarded(() =>
    getDb().transaction(async (tx) => {
      const { analysis } = options;
      const clash = await tx
        .select({ id: milkAnalyses.id })
        .from(milkAnalyses)
        .where(
          and(
            eq(milkAnalyses.dairyId, options.dairyId),
            eq(milkAnalyses.producerId, options.producerId),
            eq(milkAnalyses.sampledOn, analysis.sampledOn),
            eq(milkAnalyses.sampleRef, analysis.sampleRef),
          ),
        );
      if (clash.some((row) => row.id !== options.id)) {
        return {
          ok: false as const,
          message: `Un échantillon du ${analysis.sampledOn} porte déjà ce numéro : corrigez-le, ou donnez un autre numéro d’échantillon.`,
        };
      }
      let id = options.id;
      if (id) {
        const updated = await tx
          .update(milkAnalyses)
          .set({ ...analysis, source: 'manual' })
          .where(
            and(
              eq(milkAnalyses.id, id),
              eq(milkAnalyses.dairyId, options.dairyId),
              eq(milkAnalyses.producerId, options.producerId),
            ),
          )
          .returning({ id: milkAnalyses.id });
        if (updated.length === 0) {
          return { ok: false as const, message: 'Analyse introuvable.' };
        }
      } else {
        const [created] = await tx
          .insert(milkAnalyses)
          .values({
            ...analysis,
            dairyId: options.dairyId,
            producerId: options.producerId,
            source: 'manual',
            createdBy: options.actorId,
          })
          .returning({ id: milkAnalyses.id });
        id = created!.id;
      }
      await audit(tx, options, options.id ? 'milk_analysis.corrected' : 'milk_analysis.added', {
        producerId: options.producerId,
        ...analysis,
      });
      return { ok: true as const, id };
    }),
  );
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
