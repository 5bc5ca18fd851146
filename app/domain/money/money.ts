/**
 * Integer-cents money arithmetic (STYLE §6.7): every amount is an integer number of cents,
 * every quantity an integer number of thousandths of the sale unit (`*Milli`), every rate an
 * integer number of basis points (`*Bp`, 550 = 5.5 %). Rounding happens here and only here.
 *
 * Half-up means "half away from zero": 0.5 → 1 and -0.5 → -1, so a credit note computed on
 * negative amounts mirrors its invoice exactly. Intermediate products use BigInt, so results are
 * exact for any safe-integer inputs (a price × a quantity easily exceeds 2^53 in milli-units).
 */

/** 1 unit of the sale unit, in thousandths. */
export const ONE_UNIT_MILLI = 1000;

/** 100 % in basis points. */
export const FULL_RATE_BP = 10_000;

function toBigInt(value: number, name: string): bigint {
  if (!Number.isSafeInteger(value)) {
    // Programming error, not a business outcome: callers must pass integers.
    throw new RangeError(`${name} doit être un entier sûr, reçu ${value}`);
  }
  return BigInt(value);
}

function toSafeNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) {
    throw new RangeError(`résultat hors des entiers sûrs : ${value.toString()}`);
  }
  return result;
}

/** numerator / denominator rounded half away from zero; denominator > 0. */
export function divideRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator <= 0n) {
    throw new RangeError('le diviseur doit être strictement positif');
  }
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const quotient = magnitude / denominator;
  const remainder = magnitude % denominator;
  const rounded = remainder * 2n >= denominator ? quotient + 1n : quotient;
  return negative ? -rounded : rounded;
}

/**
 * Net amount of a line: unit price × quantity, rounded once, half-up, to the cent.
 *
 * `unitPriceCents` is the price of `priceBaseQuantityMilli` of the unit (EN 16931 BT-146 per
 * BT-149; default 1 unit). A base quantity lets a price with sub-cent precision stay in integer
 * cents: 486.773 €/1000 L is 486 773 cents per 10 000 L.
 */
export function multiplyAndRound(
  unitPriceCents: number,
  quantityMilli: number,
  priceBaseQuantityMilli: number = ONE_UNIT_MILLI,
): number {
  const price = toBigInt(unitPriceCents, 'unitPriceCents');
  const quantity = toBigInt(quantityMilli, 'quantityMilli');
  const base = toBigInt(priceBaseQuantityMilli, 'priceBaseQuantityMilli');
  return toSafeNumber(divideRoundHalfUp(price * quantity, base));
}

/** `rateBp` percent of `amountCents`, rounded half-up to the cent (discounts, shares, rates). */
export function percentageOfCents(amountCents: number, rateBp: number): number {
  const amount = toBigInt(amountCents, 'amountCents');
  const rate = toBigInt(rateBp, 'rateBp');
  return toSafeNumber(divideRoundHalfUp(amount * rate, BigInt(FULL_RATE_BP)));
}

/**
 * VAT on a taxable base, rounded half-up to the cent. Apply it to the SUM of the line net
 * amounts of one VAT category and rate, never per line (EN 16931 BR-CO-17, RULES-FR I3).
 */
export function vatAmountCents(baseCents: number, rateBp: number): number {
  return percentageOfCents(baseCents, rateBp);
}

/** Exact sum of cents (throws past the safe-integer range instead of losing precision). */
export function sumCents(amounts: readonly number[]): number {
  let total = 0n;
  for (const amount of amounts) {
    total += toBigInt(amount, 'amountCents');
  }
  return toSafeNumber(total);
}
