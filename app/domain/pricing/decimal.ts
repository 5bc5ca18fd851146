import Decimal from 'decimal.js';
import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { multiplyAndRound, ONE_UNIT_MILLI } from '#app/domain/money/money.ts';

/**
 * Exact decimal arithmetic for Cabas. decimal.js stays inside app/domain/pricing (STYLE §6.7):
 * other domain modules (milk pay) go through these string-in/string-out helpers.
 * 40 significant digits keeps every product of contract parameters exact; the only rounding is
 * the explicit half-up rounding asked for by the caller; euro amounts are rounded to the cent
 * by the money module (#app/domain/money/money.ts), the one place for money rounding.
 *
 * `Exact` is for files of app/domain/pricing only; other modules use the string helpers below.
 */
export const Exact = Decimal.clone({ precision: 40, rounding: Decimal.ROUND_HALF_UP });
export type Exact = InstanceType<typeof Exact>;

/** A decimal value as a JSON number (5.1) or a decimal string ('5.10'). */
export type DecimalInput = number | string;

const NARROW_NBSP = '\u202f';
const MINUS = '\u2212';

export function addDecimals(...values: DecimalInput[]): string {
  return values.reduce<Exact>((sum, value) => sum.plus(value), new Exact(0)).toString();
}

export function subtractDecimals(a: DecimalInput, b: DecimalInput): string {
  return new Exact(a).minus(b).toString();
}

export function multiplyDecimals(...values: DecimalInput[]): string {
  return values.reduce<Exact>((product, value) => product.times(value), new Exact(1)).toString();
}

export function compareDecimals(a: DecimalInput, b: DecimalInput): -1 | 0 | 1 {
  return new Exact(a).comparedTo(b) as -1 | 0 | 1;
}

export function minDecimal(a: DecimalInput, b: DecimalInput): string {
  return compareDecimals(a, b) <= 0 ? new Exact(a).toString() : new Exact(b).toString();
}

export function maxDecimal(a: DecimalInput, b: DecimalInput): string {
  return compareDecimals(a, b) >= 0 ? new Exact(a).toString() : new Exact(b).toString();
}

export function decimalPlaces(value: DecimalInput): number {
  return new Exact(value).decimalPlaces();
}

/** Rounds half-up (away from zero on .5) and keeps trailing zeros: ('5.3915', 3) → '5.392'. */
export function roundHalfUp(value: DecimalInput | Exact, decimals: number): string {
  return new Exact(value).toFixed(decimals, Exact.ROUND_HALF_UP);
}

/** Integer cents → '14603.19' (point, no grouping: the machine-readable form). */
export function centsToDecimal(cents: number): string {
  return new Exact(cents).dividedBy(100).toFixed(2);
}

/** A decimal with at most `decimals` decimals as an integer: (5.5, 2) → 550 basis points. */
export function toScaledInteger(value: DecimalInput, decimals: number): number {
  const scaled = new Exact(value).times(new Exact(10).pow(decimals));
  if (!scaled.isInteger() || !Number.isSafeInteger(scaled.toNumber())) {
    // Programming error: schemas limit the decimals before anything is computed.
    throw new RangeError(`${String(value)} a plus de ${decimals} décimale(s)`);
  }
  return scaled.toNumber();
}

/**
 * Amount of a line in integer cents: unit price (decimal string from evaluatePrice, e.g.
 * '5.332' €/kg) × quantity in sale units (at most 3 decimals, STYLE §6.7 `quantity_milli`),
 * rounded half-up once to the cent by the money module's multiplyAndRound. Throws RangeError on
 * a malformed price or a finer quantity (programming errors, not business outcomes).
 */
export function amountCents(priceDecimalString: string, quantity: DecimalInput): number {
  const price = decimalPriceToCents(priceDecimalString, ONE_UNIT_MILLI);
  if (!price.ok) {
    throw new RangeError(price.message);
  }
  return multiplyAndRound(
    price.unitPriceCents,
    toScaledInteger(quantity, 3),
    price.priceBaseQuantityMilli,
  );
}

/**
 * French display of an exact value, never rounding it: at least `minDecimals` decimals, more
 * when the value has them. Decimal comma, thousands grouped with a narrow no-break space like
 * Intl fr-FR: formatDecimalFr(14603.19, 2) → '14 603,19'.
 */
export function formatDecimalFr(value: DecimalInput | Exact, minDecimals = 0): string {
  const exact = new Exact(value);
  const digits = exact.abs().toFixed(Math.max(minDecimals, exact.decimalPlaces()));
  const [integerPart = '0', fraction] = digits.split('.');
  const grouped = integerPart.replace(/\B(?=(\d{3})+(?!\d))/g, NARROW_NBSP);
  const sign = exact.isNegative() && !exact.isZero() ? MINUS : '';
  return `${sign}${grouped}${fraction === undefined ? '' : `,${fraction}`}`;
}

/** Same as formatDecimalFr with an explicit sign: '+0,300', '−9,147'. */
export function formatSignedFr(value: DecimalInput | Exact, minDecimals = 0): string {
  const exact = new Exact(value);
  return exact.isNegative() && !exact.isZero()
    ? formatDecimalFr(exact, minDecimals)
    : `+${formatDecimalFr(exact, minDecimals)}`;
}
