import { and, desc, eq, inArray, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { invoices, milkInvoiceContests, milkPayStatements, organisations } from '#app/db/schema.ts';
import type { OrganisationIdentity } from '#app/domain/invoicing/invoice-parties.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { computeMonthPay, type MonthPay } from '#app/domain/milk/compute-month-pay.ts';
import {
  firstDayOf,
  isMilkMonth,
  lastDayOf,
  type MilkMonth,
  monthLabel,
  shiftMonth,
} from '#app/domain/milk/month.ts';
import type { MilkAnalysis, MilkCollection } from '#app/domain/milk/records.ts';
import { coversDay } from '#app/domain/op/billing-mandate.ts';
import { findActiveBillingMandate } from './billing-mandate.server.ts';
import { findMilkGridForMonth, type MilkGridVersion } from './milk-grid.server.ts';
import { listMilkAnalyses, listMilkCollections } from './milk-record.server.ts';
import { listMilkSuppliers, type MilkSupplier } from './milk-supplier.server.ts';

export type Executor = Database | Transaction;

/** What a statement row freezes besides its columns (milk_pay_statements.statement). */
export type FrozenStatement = {
  pay: MonthPay;
  grid: { id: string; validFrom: string; version: number };
  mandate: { id: string; reference: string; signedOn: string; contestDays: number };
  contractReference: string | null;
  supplierCode: string;
};

export type StatementSummary = {
  id: string;
  revision: number;
  invoiceId: string;
  invoiceNumber: string;
  invoiceTypeCode: string;
  issuedOn: string;
  dueOn: string | null;
  grossCents: number;
  frozen: FrozenStatement;
  openContest: { id: string; contestedOn: string; reason: string } | null;
};

export type MandateRef = {
  id: string;
  reference: string;
  signedOn: string;
  contestDays: number;
  invoiceSeries: string;
};

export type MilkMonthState = 'no_collections' | 'ready' | 'refused' | 'invoiced' | 'contested';

export type MilkMonthRow = {
  supplier: MilkSupplier;
  state: MilkMonthState;
  /** Live computation, or the frozen one once invoiced. */
  pay: MonthPay | null;
  /** Why the month cannot be invoiced yet, in French. */
  problems: string[];
  /** Under contest: the pay computed from the corrected records. */
  recomputed?: MonthPay | null;
  statement: StatementSummary | null;
  mandate: MandateRef | null;
  grid: MilkGridVersion | null;
};

export type MilkMonthView = {
  month: MilkMonth;
  /** The invoice date of the month's self-billed invoices: its last day (INV-05, I5). */
  issueDate: string;
  /** Collections may still come until the month's last day. */
  isFinished: boolean;
  grid: MilkGridVersion | null;
  rows: MilkMonthRow[];
};

/** Latest revision of each producer's statement of the month, with its invoice and contest. */
export async function loadStatements(
  options: { dairyId?: string; producerId?: string; month?: MilkMonth; statementId?: string },
  executor: Executor = getDb(),
): Promise<(StatementSummary & { dairyId: string; producerId: string; month: string })[]> {
  const rows = await executor
    .select({
      id: milkPayStatements.id,
      dairyId: milkPayStatements.dairyId,
      producerId: milkPayStatements.producerId,
      month: milkPayStatements.month,
      revision: milkPayStatements.revision,
      invoiceId: milkPayStatements.invoiceId,
      statement: milkPayStatements.statement,
      invoiceNumber: invoices.displayNumber,
      invoiceTypeCode: invoices.typeCode,
      issuedOn: invoices.issuedOn,
      dueOn: invoices.dueOn,
      grossCents: invoices.grossTotalCents,
    })
    .from(milkPayStatements)
    .innerJoin(invoices, eq(invoices.id, milkPayStatements.invoiceId))
    .where(
      and(
        options.dairyId ? eq(milkPayStatements.dairyId, options.dairyId) : undefined,
        options.producerId ? eq(milkPayStatements.producerId, options.producerId) : undefined,
        options.month ? eq(milkPayStatements.month, firstDayOf(options.month)) : undefined,
        options.statementId ? eq(milkPayStatements.id, options.statementId) : undefined,
      ),
    )
    .orderBy(desc(milkPayStatements.month), desc(milkPayStatements.revision));
  const contests =
    rows.length === 0
      ? []
      : await executor
          .select({
            id: milkInvoiceContests.id,
            statementId: milkInvoiceContests.statementId,
            contestedOn: milkInvoiceContests.contestedOn,
            reason: milkInvoiceContests.reason,
          })
          .from(milkInvoiceContests)
          .where(
            and(
              inArray(
                milkInvoiceContests.statementId,
                rows.map((row) => row.id),
              ),
              eq(milkInvoiceContests.status, 'open'),
            ),
          );
  return rows.map(({ statement, ...row }) => {
    const contest = contests.find((c) => c.statementId === row.id);
    return {
      ...row,
      month: row.month.slice(0, 7),
      frozen: statement as FrozenStatement,
      openContest: contest
        ? { id: contest.id, contestedOn: contest.contestedOn, reason: contest.reason }
        : null,
    };
  });
}

/** Only the highest revision of each (dairy, producer, month). */
export function latestRevisions<T extends { dairyId: string; producerId: string; month: string }>(
  rows: readonly T[],
): T[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const key = `${row.dairyId}|${row.producerId}|${row.month}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/**
 * The signed billing mandate by which the dairy self-bills the producer's milk for the whole
 * month (its first and last day: a mandate covers one continuous period); null otherwise.
 */
export async function findMonthMandate(
  options: { producerId: string; dairyId: string; month: MilkMonth },
  executor: Executor = getDb(),
): Promise<MandateRef | null> {
  const first = await findActiveBillingMandate(
    {
      producerId: options.producerId,
      mandataryId: options.dairyId,
      buyerId: options.dairyId,
      on: firstDayOf(options.month),
      egalimCategory: 'milk_cow',
    },
    executor,
  );
  // Same buyer and product scope; a mandate is one continuous period: it must still run on the
  // month's last day (not revoked before it).
  if (!first?.signedOn || !coversDay(first, lastDayOf(options.month))) {
    return null;
  }
  return {
    id: first.id,
    reference: first.reference,
    signedOn: first.signedOn,
    contestDays: first.contestDays,
    invoiceSeries: first.invoiceSeries,
  };
}

export async function loadOrganisationIdentity(
  executor: Executor,
  id: string,
): Promise<OrganisationIdentity | null> {
  const [row] = await executor.select().from(organisations).where(eq(organisations.id, id));
  return row ?? null;
}

export type MonthRecords = { collections: MilkCollection[]; analyses: MilkAnalysis[] };

/** A dairy's records for `month` and the two before, by producer (one query each). */
async function loadMonthRecords(
  executor: Executor,
  options: { dairyId: string; month: MilkMonth; producerId?: string },
): Promise<Map<string, MonthRecords>> {
  const scope = {
    dairyId: options.dairyId,
    ...(options.producerId ? { producerId: options.producerId } : {}),
    fromMonth: shiftMonth(options.month, -2),
    toMonth: options.month,
  };
  const [collections, analyses] = await Promise.all([
    listMilkCollections(scope, executor),
    listMilkAnalyses(scope, executor),
  ]);
  const byProducer = new Map<string, MonthRecords>();
  const of = (producerId: string) => {
    const records = byProducer.get(producerId) ?? { collections: [], analyses: [] };
    byProducer.set(producerId, records);
    return records;
  };
  for (const collection of collections) {
    of(collection.producerId).collections.push(collection);
  }
  for (const analysis of analyses) {
    of(analysis.producerId).analyses.push(analysis);
  }
  return byProducer;
}

/** The month's pay of one producer from its records (the month and the two before). */
function payFromRecords(options: {
  month: MilkMonth;
  grid: MilkGridVersion;
  producer: { name: string; vatRegime: string | null };
  records: MonthRecords | undefined;
}) {
  const regime = options.producer.vatRegime;
  if (regime !== 'liable' && regime !== 'flat_rate') {
    return {
      ok: false as const,
      code: 'vat_regime' as const,
      message: `Régime de TVA de ${options.producer.name} ${regime === 'franchise' ? '« franchise en base » non pris en charge' : 'non renseigné'} : complétez son identité légale.`,
    };
  }
  return computeMonthPay({
    month: options.month,
    grid: options.grid.grid,
    vatRegime: regime,
    collections: options.records?.collections ?? [],
    analyses: options.records?.analyses ?? [],
  });
}

/** One producer's month computed from the stored records (contest corrections). */
export async function computeProducerMonth(
  executor: Executor,
  options: { dairyId: string; producerId: string; month: MilkMonth; grid: MilkGridVersion },
) {
  const [producer, records] = await Promise.all([
    loadOrganisationIdentity(executor, options.producerId),
    loadMonthRecords(executor, options),
  ]);
  return payFromRecords({
    month: options.month,
    grid: options.grid,
    producer: { name: producer?.name ?? 'ce producteur', vatRegime: producer?.vatRegime ?? null },
    records: records.get(options.producerId),
  });
}

/**
 * A dairy's month, producer by producer: the pay computed from the current collections and
 * analyses (or as frozen when invoiced), and every reason it cannot be self-billed yet (no grid,
 * no mandate for the whole month, a missing result, an incomplete identity).
 */
export async function loadMilkMonth(
  options: { dairyId: string; month: MilkMonth; today: string; producerId?: string },
  executor: Executor = getDb(),
): Promise<MilkMonthView> {
  const { dairyId, month } = options;
  const issueDate = lastDayOf(month);
  const [suppliers, grid, statements] = await Promise.all([
    listMilkSuppliers({ dairyId }, executor),
    findMilkGridForMonth({ dairyId, month }, executor),
    loadStatements(
      { dairyId, month, ...(options.producerId ? { producerId: options.producerId } : {}) },
      executor,
    ),
  ]);
  const latest = latestRevisions(statements);
  const records = await loadMonthRecords(executor, options);
  const payOf = (supplier: MilkSupplier, grid: MilkGridVersion) =>
    payFromRecords({
      month,
      grid,
      producer: { name: supplier.producerName, vatRegime: supplier.vatRegime },
      records: records.get(supplier.producerId),
    });
  const rows: MilkMonthRow[] = [];
  for (const supplier of suppliers.filter(
    (s) => !options.producerId || s.producerId === options.producerId,
  )) {
    const statement = latest.find((s) => s.producerId === supplier.producerId) ?? null;
    if (statement) {
      // Under contest, the month is open again: show what a correction would invoice.
      const recomputed = statement.openContest && grid ? payOf(supplier, grid) : null;
      rows.push({
        supplier,
        state: statement.openContest ? 'contested' : 'invoiced',
        pay: statement.frozen.pay,
        problems: recomputed && !recomputed.ok ? [recomputed.message] : [],
        recomputed: recomputed?.ok ? recomputed : null,
        statement,
        mandate: null,
        grid,
      });
      continue;
    }
    const problems: string[] = [];
    let pay: MonthPay | null = null;
    if (!grid) {
      problems.push(
        `Aucune grille de prix en vigueur en ${monthLabel(month)} : enregistrez la grille de la laiterie.`,
      );
    } else {
      const computed = payOf(supplier, grid);
      if (computed.ok) {
        pay = computed;
      } else if (computed.code === 'no_collections') {
        rows.push({
          supplier,
          state: 'no_collections',
          pay: null,
          problems: [computed.message],
          statement: null,
          mandate: null,
          grid,
        });
        continue;
      } else {
        problems.push(computed.message);
      }
    }
    const mandate = await findMonthMandate(
      { producerId: supplier.producerId, dairyId, month },
      executor,
    );
    if (!mandate) {
      problems.push(
        `Pas de mandat de facturation signé par ${supplier.producerName} couvrant tout ${monthLabel(month)} : la laiterie ne peut pas facturer en son nom (CGI art. 289 I-2, L631-24 V CRPM).`,
      );
    }
    rows.push({
      supplier,
      state: problems.length > 0 ? 'refused' : 'ready',
      pay,
      problems,
      statement: null,
      mandate,
      grid,
    });
  }
  return { month, issueDate, isFinished: options.today >= issueDate, grid, rows };
}

/** A dairy's statements, or a producer's (every dairy), newest month first, current revisions. */
export async function listMilkStatements(options: { dairyId?: string; producerId?: string }) {
  return latestRevisions(await loadStatements(options));
}

export function isValidMonthParam(month: string | undefined): month is MilkMonth {
  return month !== undefined && isMilkMonth(month);
}

/**
 * A self-billed invoice or credit note the dairy issued for its milk (the producer's own
 * invoices pages serve the producer); null for any other document.
 */
export async function getDairyMilkDocument(options: {
  dairyId: string;
  invoiceId: string | undefined;
}) {
  if (!options.invoiceId || !/^[0-9a-f-]{36}$/i.test(options.invoiceId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ snapshot: invoices.snapshot, ciiXml: invoices.ciiXml })
    .from(invoices)
    .where(
      and(
        eq(invoices.id, options.invoiceId),
        eq(invoices.customerOrganisationId, options.dairyId),
        sql`(exists (select 1 from public.milk_pay_statements s where s.invoice_id = ${invoices.id})
          or exists (select 1 from public.milk_invoice_contests c where c.credit_note_id = ${invoices.id}))`,
      ),
    );
  return row ? { snapshot: row.snapshot as InvoiceSnapshot, ciiXml: row.ciiXml } : null;
}
