import { groupOrdersIntoInvoiceDrafts } from '#app/domain/invoicing/group-orders.ts';
import type { DomainError, IsoDate, VatRegime } from '#app/domain/invoicing/invoice-types.ts';
import {
  type DeliveredOrderLine,
  toOrderLineInput,
} from '#app/domain/invoicing/order-line-input.ts';
import { divideRoundHalfUp, ONE_UNIT_MILLI } from '#app/domain/money/money.ts';

/** An order line as stored, with the estimated weight of one piece of a variable-weight product. */
export type ShareOrderLine = DeliveredOrderLine & { estimatedWeightGrams: number | null };

export type OrderShareInput = {
  orderId: string;
  sellerId: string;
  customerId: string;
  sellerVatRegime: VatRegime;
  /** The round's delivery day (the invoice's date rules need one). */
  deliveryDate: IsoDate;
  lines: readonly ShareOrderLine[];
};

export type OrderShare = {
  grossCents: number;
  /** Some weighed line still uses its estimated weight: the invoice may differ. */
  isEstimate: boolean;
};

/**
 * A variable-weight line not weighed yet, with the estimated weight in its place: pieces
 * (delivered, else ordered) × the estimated grams of one piece, rounded half-up to the gram.
 */
export function withEstimatedWeight(line: ShareOrderLine): {
  line: DeliveredOrderLine;
  isEstimate: boolean;
} {
  const { estimatedWeightGrams, ...stored } = line;
  const pieces = line.deliveredQuantityMilli ?? line.quantityMilli;
  if (!line.isVariableWeight || line.actualWeightGrams !== null || pieces === 0) {
    return { line: stored, isEstimate: false };
  }
  if (estimatedWeightGrams === null || estimatedWeightGrams <= 0) {
    return { line: stored, isEstimate: false };
  }
  const grams = Number(
    divideRoundHalfUp(BigInt(pieces) * BigInt(estimatedWeightGrams), BigInt(ONE_UNIT_MILLI)),
  );
  return { line: { ...stored, actualWeightGrams: grams }, isEstimate: true };
}

/**
 * What a household owes a producer for one order, computed exactly as its invoice will be
 * (DESIGN §6, ADR 012): the order's lines through the invoicing core (delivered quantities,
 * actual weights — estimated until weighed — net prices from VAT-included ones, VAT per rate on
 * the sum of nets), and the draft's total VAT included. With no shortage and no weight change,
 * the share is the invoice's total to the cent.
 */
export function computeOrderShare(
  input: OrderShareInput,
): { ok: true; share: OrderShare } | DomainError<'invalid_lines'> {
  let isEstimate = false;
  const lines = [];
  for (const stored of input.lines) {
    const estimated = withEstimatedWeight(stored);
    isEstimate ||= estimated.isEstimate;
    const converted = toOrderLineInput(estimated.line, input.sellerVatRegime);
    if (!converted.ok) {
      return { ok: false, code: 'invalid_lines', message: converted.message };
    }
    lines.push(converted.line);
  }
  const grouped = groupOrdersIntoInvoiceDrafts({
    orders: [
      {
        orderId: input.orderId,
        sellerId: input.sellerId,
        customerId: input.customerId,
        deliveryDate: input.deliveryDate,
        lines,
      },
    ],
    sellers: [{ sellerId: input.sellerId, vatRegime: input.sellerVatRegime }],
  });
  if (!grouped.ok) {
    return { ok: false, code: 'invalid_lines', message: grouped.message };
  }
  const grossCents = grouped.drafts.reduce((sum, draft) => sum + draft.totals.grandTotalCents, 0);
  return { ok: true, share: { grossCents, isEstimate } };
}
