/**
 * What the milk pages show, as plain serialisable data (loaders return it as is): the
 * producer's home (collections as they arrive, lab results, provisional pay, statements) and
 * a statement as printed on the « bulletin de paie du lait ».
 */

import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { MonthPay } from '#app/domain/milk/compute-month-pay.ts';
import { isMilkMonth, monthLabel, shiftMonth, shortDayLabel } from '#app/domain/milk/month.ts';
import {
  ANALYSIS_MEASURES,
  formatGramsPerLitre,
  formatLitres,
  formatMeasure,
} from '#app/domain/milk/records.ts';
import { contestDeadline } from '#app/domain/op/billing-mandate.ts';
import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { listMilkContests } from './milk-contest.server.ts';
import { listMilkStatements, loadMilkMonth, type StatementSummary } from './milk-pay.server.ts';
import {
  listInvoicedMonths,
  listMilkAnalyses,
  listMilkCollections,
  type RecordScope,
  type StoredAnalysis,
} from './milk-record.server.ts';
import { listMilkDairiesOfProducer, listMilkSuppliers } from './milk-supplier.server.ts';

export const CONTEST_STATUS_LABELS = {
  open: 'en cours',
  corrected: 'corrigée (avoir et facture rectificative)',
  rejected: 'refusée par la laiterie',
} as const;

/** The figures of a month's pay, formatted once for every page. */
export function payFigures(pay: MonthPay) {
  const { cents } = pay.pay;
  return {
    litres: formatLitres(pay.litres),
    collections: pay.collectionCount,
    fat: `${formatGramsPerLitre(pay.fat.tenths * 100)} g/L`,
    protein: `${formatGramsPerLitre(pay.protein.tenths * 100)} g/L`,
    germs: pay.germs ? `${formatDecimalFr(pay.germs.value)}/mL` : '—',
    cells: pay.cells ? `${formatDecimalFr(pay.cells.value)}/mL` : '—',
    price: `${formatDecimalFr(pay.pay.pricePer1000L, 3)} €/1000 L`,
    net: formatCents(cents.amountExclVat),
    vat: formatCents(cents.vat),
    total: formatCents(cents.total),
    refund: cents.flatRateRefund === null ? null : formatCents(cents.flatRateRefund),
    trace: pay.trace,
    warnings: pay.warnings,
    euChecks: pay.euChecks.map((check) => ({ text: check.text, isAbove: check.isAbove })),
  };
}
export type PayFigures = ReturnType<typeof payFigures>;

export function analysisRow(analysis: StoredAnalysis) {
  return {
    id: analysis.id,
    day: formatDay(analysis.sampledOn),
    sampleRef: analysis.sampleRef || '—',
    values: ANALYSIS_MEASURES.map((measure) => formatMeasure(analysis, measure)),
  };
}

export function statementView(slug: string, statement: StatementSummary, today: string) {
  const deadline = contestDeadline(statement.issuedOn, statement.frozen.mandate.contestDays);
  return {
    id: statement.id,
    month: statement.frozen.pay.month,
    monthLabel: monthLabel(statement.frozen.pay.month),
    revision: statement.revision,
    invoiceNumber: statement.invoiceNumber,
    issuedOn: formatDay(statement.issuedOn),
    dueOn: statement.dueOn ? formatDay(statement.dueOn) : '—',
    gross: formatCents(statement.grossCents),
    contestDeadline: formatDay(deadline),
    canContest: today <= deadline && !statement.openContest,
    openContest: statement.openContest
      ? {
          contestedOn: formatDay(statement.openContest.contestedOn),
          reason: statement.openContest.reason,
        }
      : null,
    href: `/o/${slug}/lait/bulletins/${statement.id}`,
    invoiceHref: `/o/${slug}/factures/${statement.invoiceId}`,
    mandate: statement.frozen.mandate.reference,
    figures: payFigures(statement.frozen.pay),
  };
}

/** The producer's « Lait » page, per dairy: this month so far, then every statement. */
export async function loadProducerMilkHome(producer: { id: string; slug: string }, today: string) {
  const month = today.slice(0, 7);
  const scope = { producerId: producer.id, fromMonth: shiftMonth(month, -1), toMonth: month };
  const [dairies, collections, analyses, statements, contests] = await Promise.all([
    listMilkDairiesOfProducer({ producerId: producer.id }),
    listMilkCollections(scope),
    listMilkAnalyses(scope),
    listMilkStatements({ producerId: producer.id }),
    listMilkContests({ producerId: producer.id }),
  ]);
  const year = Number(month.slice(0, 4));
  return {
    monthLabel: monthLabel(month),
    attestations: [year - 1, year].map((y) => ({
      year: y,
      href: `/o/${producer.slug}/lait/attestation/${y}.csv`,
    })),
    dairies: await Promise.all(
      dairies.map(async (dairy) => {
        const ofDairy = collections.filter(
          (c) => c.dairyId === dairy.dairyId && c.collectedOn.startsWith(month),
        );
        const [provisional] = (
          await loadMilkMonth({ dairyId: dairy.dairyId, month, today, producerId: producer.id })
        ).rows;
        return {
          dairyId: dairy.dairyId,
          name: dairy.dairyName,
          code: dairy.supplierCode,
          collections: ofDairy.map((c) => ({
            id: c.id,
            day: shortDayLabel(c.collectedOn),
            tour: c.tour || '—',
            tank: c.tank || '—',
            litres: formatLitres(c.litres),
          })),
          litres: formatLitres(ofDairy.reduce((sum, c) => sum + c.litres, 0)),
          analyses: analyses
            .filter((a) => a.dairyId === dairy.dairyId)
            .reverse()
            .map(analysisRow),
          provisional:
            provisional?.pay && !provisional.statement ? payFigures(provisional.pay) : null,
          provisionalProblems: provisional && !provisional.statement ? provisional.problems : [],
          statements: statements
            .filter((s) => s.dairyId === dairy.dairyId)
            .map((s) => statementView(producer.slug, s, today)),
        };
      }),
    ),
    contests: contests.map((contest) => ({
      id: contest.id,
      invoiceNumber: contest.invoiceNumber,
      month: contest.month ? monthLabel(contest.month) : '',
      contestedOn: formatDay(contest.contestedOn),
      reason: contest.reason,
      status: CONTEST_STATUS_LABELS[contest.status],
      rejectionReason: contest.rejectionReason,
    })),
  };
}
export type ProducerMilkHome = Awaited<ReturnType<typeof loadProducerMilkHome>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `?mois=AAAA-MM` (default: this month) and `?producteur=<id>` of the dairy's record pages. */
export function milkPageFilters(request: Request, today: string) {
  const params = new URL(request.url).searchParams;
  const month = params.get('mois') ?? '';
  const producer = params.get('producteur') ?? '';
  return {
    month: isMilkMonth(month) ? month : today.slice(0, 7),
    producerId: UUID.test(producer) ? producer : '',
  };
}

/**
 * What the dairy's collection and analysis pages share: the month and producer filters, the
 * suppliers (« CO-0112 — GAEC des Monts »), the invoiced months, and the records of the month.
 */
export async function loadDairyRecordPage<T>(
  request: Request,
  dairyId: string,
  listRecords: (scope: RecordScope) => Promise<T[]>,
) {
  const today = parisDayOf(new Date());
  const filters = milkPageFilters(request, today);
  const [suppliers, records, invoiced] = await Promise.all([
    listMilkSuppliers({ dairyId }),
    listRecords({
      dairyId,
      ...(filters.producerId ? { producerId: filters.producerId } : {}),
      fromMonth: filters.month,
      toMonth: filters.month,
    }),
    listInvoicedMonths(dairyId),
  ]);
  const names = new Map(
    suppliers.map((s) => [s.producerId, `${s.supplierCode} — ${s.producerName}`]),
  );
  return {
    today,
    filters,
    suppliers,
    records,
    names,
    isInvoiced: (producerId: string) => invoiced.has(`${producerId}|${filters.month}`),
    page: {
      ...filters,
      monthLabel: monthLabel(filters.month),
      today,
      suppliers: suppliers.map((s) => ({ id: s.producerId, label: names.get(s.producerId) ?? '' })),
    },
  };
}
