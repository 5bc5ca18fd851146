import { multiplyAndRound, sumCents } from '#app/domain/money/money.ts';
import type { PaymentMethod } from '#app/domain/payments/labels.ts';
import {
  amountToPay,
  amountToRefund,
  type LedgerAmounts,
  sumLedgers,
} from '#app/domain/payments/ledger.ts';
import { type ShareOrderLine, withEstimatedWeight } from '#app/domain/payments/share.ts';

/**
 * The coordinator's distribution list of a closed sheet (« liste de distribution », CAMAP's
 * « liste d’émargement »): per household, what to hand over (its order lines, priced as
 * snapshotted) and what is still to collect. Every amount owed or paid comes from the payments
 * ledger (ADR 012), so « reste à payer » is the figure the payments page shows; the lines are
 * the detail, and a part whose expected amount differs from its lines' sum (VAT rounding of
 * VAT-included prices, an invoice's credit note) gets an adjustment row saying so.
 */

export type DistributionHouseholdInput = { id: string; name: string };
export type DistributionProducerInput = { id: string; name: string };

/** An order line as stored, with whose it is. */
export type DistributionLineInput = ShareOrderLine & { householdId: string; producerId: string };

/** One household × producer part of the ledger. */
export type DistributionPartInput = {
  householdId: string;
  producerId: string;
  amounts: LedgerAmounts;
  /** Succeeded payments per method (before refunds). */
  byMethod: Record<PaymentMethod, number>;
  /** Some weighed line still uses its estimated weight. */
  isEstimate: boolean;
  invoiceNumbers: readonly string[];
  /** The expected amount could not be computed (the ledger's message). */
  problem: string | null;
};

export type DistributionInput = {
  households: readonly DistributionHouseholdInput[];
  producers: readonly DistributionProducerInput[];
  lines: readonly DistributionLineInput[];
  parts: readonly DistributionPartInput[];
};

export type DistributionLine = {
  orderLineId: string;
  producerId: string;
  producerName: string;
  productName: string;
  saleUnit: string;
  isVariableWeight: boolean;
  orderedMilli: number;
  /** What to hand over: the delivered quantity once recorded, else the ordered one. */
  quantityMilli: number;
  /** Variable weight: the weighed grams, else pieces × the estimated weight of one. */
  weightGrams: number | null;
  isWeightEstimated: boolean;
  /** VAT included, per sale unit (per kg for variable weight). */
  unitPriceCents: number;
  /** Null: a variable-weight line with neither a weight nor an estimate (to weigh). */
  totalCents: number | null;
};

export type DistributionAdjustment = {
  producerId: string;
  producerName: string;
  /** The part's expected amount minus its lines' sum. */
  cents: number;
  invoiceNumbers: readonly string[];
};

export type DistributionMoney = {
  dueCents: number;
  /** Succeeded online (card) payments. */
  paidOnlineCents: number;
  /** Cash, cheques and transfers recorded by a coordinator or a producer. */
  paidManualCents: number;
  refundedCents: number;
  /** What was received and kept: paid minus refunded (the payments page's « Payé »). */
  paidCents: number;
  /** Online payments still being confirmed: not counted as paid yet. */
  pendingCents: number;
  /** Still to collect: what each producer is still owed (never offset by another's excess). */
  toPayCents: number;
  /** Overpaid: to give back. */
  toRefundCents: number;
  isEstimate: boolean;
};

export type DistributionHousehold = DistributionMoney & {
  id: string;
  name: string;
  lines: DistributionLine[];
  adjustments: DistributionAdjustment[];
  problems: string[];
  /** The household's note on the sheet (« je passe vers 19 h »), if any. */
  note?: string | null;
};

export type DistributionProducerTotal = DistributionMoney & {
  id: string;
  name: string;
  /** The sum of its lines on the list (before adjustments). */
  linesCents: number;
};

export type DistributionList = {
  households: DistributionHousehold[];
  producers: DistributionProducerTotal[];
  totals: DistributionMoney;
  /** Households of the ledger with nothing ordered and no money moved: left off the list. */
  omittedHouseholdCount: number;
};

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

function priceLine(line: DistributionLineInput, producerName: string): DistributionLine {
  const quantityMilli = line.deliveredQuantityMilli ?? line.quantityMilli;
  const base = {
    orderLineId: line.orderLineId,
    producerId: line.producerId,
    producerName,
    productName: line.productName,
    saleUnit: line.saleUnit,
    isVariableWeight: line.isVariableWeight,
    orderedMilli: line.quantityMilli,
    quantityMilli,
    unitPriceCents: line.unitPriceCents,
  };
  if (!line.isVariableWeight) {
    return {
      ...base,
      weightGrams: null,
      isWeightEstimated: false,
      totalCents: multiplyAndRound(line.unitPriceCents, quantityMilli),
    };
  }
  if (quantityMilli === 0) {
    return { ...base, weightGrams: 0, isWeightEstimated: false, totalCents: 0 };
  }
  // The same estimate as the ledger's share: pieces × grams of one, rounded to the gram.
  const estimated = withEstimatedWeight(line);
  const grams = estimated.line.actualWeightGrams;
  return {
    ...base,
    weightGrams: grams,
    isWeightEstimated: estimated.isEstimate,
    // Grams are thousandths of the kilogram the price is given for.
    totalCents: grams === null ? null : multiplyAndRound(line.unitPriceCents, grams),
  };
}

function moneyOf(parts: readonly DistributionPartInput[]): DistributionMoney {
  const amounts = parts.map((part) => part.amounts);
  const total = sumLedgers(amounts);
  const method = (name: PaymentMethod) => sumCents(parts.map((part) => part.byMethod[name]));
  return {
    dueCents: total.dueCents,
    paidOnlineCents: method('card'),
    paidManualCents: method('cash') + method('cheque') + method('transfer'),
    refundedCents: total.refundedCents,
    paidCents: total.paidCents - total.refundedCents,
    pendingCents: total.pendingCents,
    toPayCents: amountToPay(amounts),
    toRefundCents: amountToRefund(amounts),
    isEstimate: parts.some((part) => part.isEstimate),
  };
}

function sumMoney(rows: readonly DistributionMoney[]): DistributionMoney {
  const sum = (key: Exclude<keyof DistributionMoney, 'isEstimate'>) =>
    sumCents(rows.map((row) => row[key]));
  return {
    dueCents: sum('dueCents'),
    paidOnlineCents: sum('paidOnlineCents'),
    paidManualCents: sum('paidManualCents'),
    refundedCents: sum('refundedCents'),
    paidCents: sum('paidCents'),
    pendingCents: sum('pendingCents'),
    toPayCents: sum('toPayCents'),
    toRefundCents: sum('toRefundCents'),
    isEstimate: rows.some((row) => row.isEstimate),
  };
}

function hasMoney(part: DistributionPartInput): boolean {
  const { dueCents, paidCents, refundedCents, pendingCents } = part.amounts;
  return dueCents !== 0 || paidCents !== 0 || refundedCents !== 0 || pendingCents !== 0;
}

/**
 * The list, households sorted by name (French order), each line sorted by producer then
 * product. A household with no line and no money on the ledger is left off (counted); one with
 * no line but money (an order cancelled after it paid) stays, with what to give back.
 */
export function buildDistributionList(input: DistributionInput): DistributionList {
  const producerNames = new Map(input.producers.map((producer) => [producer.id, producer.name]));
  const nameOf = (producerId: string) => producerNames.get(producerId) ?? '—';
  const households: DistributionHousehold[] = [];
  let omittedHouseholdCount = 0;
  for (const household of input.households) {
    const parts = input.parts.filter((part) => part.householdId === household.id);
    const lines = input.lines
      .filter((line) => line.householdId === household.id)
      .map((line) => priceLine(line, nameOf(line.producerId)))
      .sort(
        (a, b) =>
          collator.compare(a.producerName, b.producerName) ||
          collator.compare(a.productName, b.productName) ||
          a.orderLineId.localeCompare(b.orderLineId),
      );
    if (lines.length === 0 && !parts.some(hasMoney)) {
      omittedHouseholdCount++;
      continue;
    }
    const adjustments: DistributionAdjustment[] = [];
    const problems: string[] = [];
    for (const part of parts) {
      if (part.problem) {
        problems.push(`${nameOf(part.producerId)} : ${part.problem}`);
        continue;
      }
      const linesCents = sumCents(
        lines
          .filter((line) => line.producerId === part.producerId)
          .map((line) => line.totalCents ?? 0),
      );
      if (part.amounts.dueCents !== linesCents) {
        adjustments.push({
          producerId: part.producerId,
          producerName: nameOf(part.producerId),
          cents: part.amounts.dueCents - linesCents,
          invoiceNumbers: part.invoiceNumbers,
        });
      }
    }
    adjustments.sort((a, b) => collator.compare(a.producerName, b.producerName));
    households.push({
      id: household.id,
      name: household.name,
      lines,
      adjustments,
      problems,
      ...moneyOf(parts),
    });
  }
  households.sort((a, b) => collator.compare(a.name, b.name) || a.id.localeCompare(b.id));

  const listed = new Set(households.map((household) => household.id));
  const producers = input.producers
    .map((producer) => {
      const parts = input.parts.filter(
        (part) => part.producerId === producer.id && listed.has(part.householdId),
      );
      const lines = households.flatMap((household) =>
        household.lines.filter((line) => line.producerId === producer.id),
      );
      return {
        producer: {
          id: producer.id,
          name: producer.name,
          linesCents: sumCents(lines.map((line) => line.totalCents ?? 0)),
          ...moneyOf(parts),
        },
        isListed: lines.length > 0 || parts.some(hasMoney),
      };
    })
    .filter((row) => row.isListed)
    .map((row) => row.producer)
    .sort((a, b) => collator.compare(a.name, b.name));

  return {
    households,
    producers,
    totals: sumMoney(households),
    omittedHouseholdCount,
  };
}
