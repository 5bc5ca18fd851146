/**
 * Conversions from decimal text (price lists, contract formulas, CSV imports) into the integer
 * units of this module. No floats: the text is parsed digit by digit.
 */

export type PriceInCents = {
  ok: true;
  /** Price of `priceBaseQuantityMilli` of the unit, in integer cents (EN 16931 BT-146). */
  unitPriceCents: number;
  /** Quantity the price applies to, in thousandths of the unit (EN 16931 BT-149). */
  priceBaseQuantityMilli: number;
};

export type DecimalInputError = { ok: false; code: 'invalid_decimal'; message: string };

const DECIMAL_PATTERN = /^(\d{1,15})(?:[.,](\d{1,9}))?$/;

/**
 * A price with any number of decimals, e.g. '486.773' €/1000 L, as integer cents per a base
 * quantity: every decimal past the cent multiplies the base quantity by 10, so
 * '486.773' per 1 000 L becomes 486 773 cents per 10 000 L and line amounts stay exact.
 */
export function decimalPriceToCents(
  priceText: string,
  perQuantityMilli: number,
): PriceInCents | DecimalInputError {
  const match = DECIMAL_PATTERN.exec(priceText.trim());
  if (!match || !Number.isSafeInteger(perQuantityMilli) || perQuantityMilli <= 0) {
    return {
      ok: false,
      code: 'invalid_decimal',
      message: `Prix invalide : « ${priceText} » (nombre positif attendu, ex. 486.773).`,
    };
  }
  const whole = match[1] ?? '0';
  const fraction = (match[2] ?? '').replace(/0+$/, '');
  const extraDecimals = Math.max(0, fraction.length - 2);
  const unitPriceCents = Number(`${whole}${fraction.padEnd(2, '0')}`);
  const priceBaseQuantityMilli = perQuantityMilli * 10 ** extraDecimals;
  if (!Number.isSafeInteger(unitPriceCents) || !Number.isSafeInteger(priceBaseQuantityMilli)) {
    return { ok: false, code: 'invalid_decimal', message: `Prix trop grand : « ${priceText} ».` };
  }
  return { ok: true, unitPriceCents, priceBaseQuantityMilli };
}

/** A percentage with at most two decimals ('5.5', '20', '2,10') in basis points. */
export function percentTextToBp(
  percentText: string,
): { ok: true; rateBp: number } | DecimalInputError {
  const match = DECIMAL_PATTERN.exec(percentText.trim());
  const fraction = (match?.[2] ?? '').replace(/0+$/, '');
  if (!match || fraction.length > 2) {
    return {
      ok: false,
      code: 'invalid_decimal',
      message: `Taux invalide : « ${percentText} » (au plus deux décimales, ex. 5.5).`,
    };
  }
  const rateBp = Number(`${match[1] ?? '0'}${fraction.padEnd(2, '0')}`);
  return { ok: true, rateBp };
}
