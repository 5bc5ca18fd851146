import { divideRoundHalfUp, multiplyAndRound } from '#app/domain/money/money.ts';
import { formatQuantityMilli } from './french-number.ts';
import { tc } from './messages.ts';

export type QuantityRules = {
  quantityMilli: number;
  /** Order step of the product, > 0, in thousandths of the sale unit. */
  stepMilli: number;
  /** Null when a household may order any quantity. */
  maxPerHouseholdMilli: number | null;
};

export type QuantityErrorCode = 'not_integer' | 'negative' | 'not_multiple_of_step' | 'above_max';

export type QuantityCheck = { ok: true } | { ok: false; code: QuantityErrorCode; message: string };

/**
 * What a household may type in a sheet cell (DESIGN §5): a non-negative integer number of
 * thousandths, a whole number of steps, within the per-household maximum. Zero is valid:
 * it is how a household clears its line.
 */
export function validateQuantity(rules: QuantityRules): QuantityCheck {
  const { quantityMilli, stepMilli, maxPerHouseholdMilli } = rules;
  if (!Number.isSafeInteger(stepMilli) || stepMilli <= 0) {
    // Programming error: the step comes from a validated product.
    throw new RangeError(`stepMilli must be a positive integer, got ${stepMilli}`);
  }
  if (!Number.isSafeInteger(quantityMilli)) {
    return { ok: false, code: 'not_integer', message: tc('quantity.notInteger') };
  }
  if (quantityMilli < 0) {
    return { ok: false, code: 'negative', message: tc('quantity.negative') };
  }
  if (quantityMilli % stepMilli !== 0) {
    const step = formatQuantityMilli(stepMilli);
    return {
      ok: false,
      code: 'not_multiple_of_step',
      message: tc('quantity.notMultiple', { step }),
    };
  }
  if (maxPerHouseholdMilli !== null && quantityMilli > maxPerHouseholdMilli) {
    const max = formatQuantityMilli(maxPerHouseholdMilli);
    return { ok: false, code: 'above_max', message: tc('quantity.aboveMax', { max }) };
  }
  return { ok: true };
}

export type LineAmountOptions = {
  /**
   * Price per sale unit in cents (consumer gross or pro net, the caller chooses); per kg
   * for a variable-weight product.
   */
  unitPriceCents: number;
  /** Ordered quantity in thousandths of the sale unit; of a piece for variable weight. */
  quantityMilli: number;
  /** Set for variable-weight products: the weight of one piece used for the estimate. */
  estimatedWeightGrams: number | null;
  /** Weighed at picking (variable weight only): settles the line when known. */
  actualWeightGrams?: number | null;
};

export type LineAmount = { amountCents: number; basis: 'quantity' | 'estimated' | 'actual' };

const MILLI_PER_UNIT = 1000n;
const GRAMS_PER_KG = 1000n;

/**
 * Amount of an order line, rounded half-up to the cent exactly once, with the money module's
 * rounding (STYLE §6.7):
 * - fixed products: price × quantity;
 * - variable weight, before weighing: pieces × estimated grams × price per kg;
 * - variable weight, weighed: actual grams × price per kg (grams are thousandths of a kg).
 */
export function lineAmountCents(options: LineAmountOptions): LineAmount {
  const { unitPriceCents, quantityMilli, estimatedWeightGrams, actualWeightGrams } = options;
  if (estimatedWeightGrams === null) {
    return { amountCents: multiplyAndRound(unitPriceCents, quantityMilli), basis: 'quantity' };
  }
  if (actualWeightGrams !== undefined && actualWeightGrams !== null) {
    return { amountCents: multiplyAndRound(unitPriceCents, actualWeightGrams), basis: 'actual' };
  }
  for (const value of [unitPriceCents, quantityMilli, estimatedWeightGrams]) {
    if (!Number.isSafeInteger(value)) {
      // Programming error: values come from validated schemas.
      throw new RangeError(`integer expected, got ${value}`);
    }
  }
  // One product, one division: rounding pieces × grams first would round twice.
  const numerator = BigInt(unitPriceCents) * BigInt(quantityMilli) * BigInt(estimatedWeightGrams);
  const amount = divideRoundHalfUp(numerator, MILLI_PER_UNIT * GRAMS_PER_KG);
  const amountCents = Number(amount);
  if (!Number.isSafeInteger(amountCents)) {
    throw new RangeError(`line amount out of range: ${amount.toString()}`);
  }
  return { amountCents, basis: 'estimated' };
}
