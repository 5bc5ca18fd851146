import { INT4_MAX } from '#app/domain/identity/schemas.ts';
import { type CatalogueMessageKey, tc } from './messages.ts';

/**
 * Numbers as French spreadsheets write them: "12,50", "12.50", "1 234,5" (space, U+00A0 or
 * U+202F between thousands), "12,50 €", "5,5 %". They are parsed from their digits into a
 * scaled integer (cents, thousandths, basis points), never through a float, so "0,1 + 0,2"
 * problems cannot happen and extra precision is refused instead of rounded away.
 */

export type ScaledNumberResult = { ok: true; value: number } | { ok: false; message: string };

export type ParseScaledOptions = {
  /** Decimal places carried by the integer result: 2 for cents, 3 for thousandths. */
  decimals: number;
  /** Message used when the text has more significant decimals than `decimals`. */
  tooPreciseMessage: CatalogueMessageKey;
  /** Largest accepted result; defaults to the Postgres `integer` maximum. */
  max?: number;
  /** The text as the user typed it, quoted in messages (defaults to the parsed text). */
  shownAs?: string;
};

const GROUPED_OR_PLAIN = /^(\d{1,3}(?:[ \u00A0\u202F\u2009]\d{3})+|\d+)?(?:[.,](\d+))?$/;
const GROUP_SEPARATOR = /[ \u00A0\u202F\u2009]/g;
const SURROUNDING_SPACE = /^[\s\u00A0\u202F\u2009]+|[\s\u00A0\u202F\u2009]+$/g;

function fail(key: CatalogueMessageKey, value: string, params: Record<string, string> = {}) {
  return { ok: false as const, message: tc(key, { value, ...params }) };
}

/** Parses a non-negative decimal into an integer scaled by 10^decimals. */
export function parseScaledDecimal(text: string, options: ParseScaledOptions): ScaledNumberResult {
  const value = text.replace(SURROUNDING_SPACE, '');
  const shown = options.shownAs?.replace(SURROUNDING_SPACE, '') ?? value;
  if (value === '') {
    return fail('number.empty', shown);
  }
  if (/^[-\u2212]/.test(value)) {
    return fail('number.negative', shown);
  }
  const unsigned = value.replace(/^\+/, '');
  if (unsigned.includes(',') && unsigned.includes('.')) {
    return fail('number.mixedSeparators', shown);
  }
  const match = GROUPED_OR_PLAIN.exec(unsigned);
  const integerDigits = match?.[1]?.replace(GROUP_SEPARATOR, '') ?? '';
  const fractionDigits = match?.[2] ?? '';
  if (!match || (integerDigits === '' && fractionDigits === '')) {
    return fail('number.invalid', shown);
  }
  // Trailing zeros add no precision: "12,500" is exactly 12,50.
  const significantFraction = fractionDigits.replace(/0+$/, '');
  if (significantFraction.length > options.decimals) {
    return fail(options.tooPreciseMessage, shown);
  }
  const digits = `${integerDigits}${significantFraction.padEnd(options.decimals, '0')}`;
  const scaled = Number(digits.replace(/^0+(?=\d)/, ''));
  if (!Number.isSafeInteger(scaled) || scaled > (options.max ?? INT4_MAX)) {
    return fail('number.tooLarge', shown);
  }
  return { ok: true, value: scaled };
}

function stripAffixes(text: string, affixes: RegExp): string {
  return text.replace(SURROUNDING_SPACE, '').replace(affixes, '');
}

/** "12,50 €", "€12.50", "12,5" → 1250 cents; "0,005" is refused. */
export function parseEuroCents(text: string): ScaledNumberResult {
  const bare = stripAffixes(text, /^€[\s\u00A0\u202F]*|[\s\u00A0\u202F]*(€|eur|euros?)$/i);
  return parseScaledDecimal(bare, {
    decimals: 2,
    tooPreciseMessage: 'number.centsPrecision',
    shownAs: text,
  });
}

/** "1,25" → 1250 thousandths of the sale unit. */
export function parseQuantityMilli(text: string): ScaledNumberResult {
  return parseScaledDecimal(text, { decimals: 3, tooPreciseMessage: 'number.milliPrecision' });
}

/** "5,5 %" or "5,5" → 550 basis points. */
export function parsePercentBasisPoints(text: string): ScaledNumberResult {
  const bare = stripAffixes(text, /[\s\u00A0\u202F]*%$/);
  return parseScaledDecimal(bare, {
    decimals: 2,
    tooPreciseMessage: 'number.percentPrecision',
    shownAs: text,
  });
}

/** Whole number ("1 800" g): decimals other than zeros are refused. */
export function parseWholeNumber(text: string): ScaledNumberResult {
  return parseScaledDecimal(text, { decimals: 0, tooPreciseMessage: 'number.wholePrecision' });
}

export type FormatScaledOptions = {
  decimals: number;
  /** Decimals always written ("12,50"); the others only when not zero ("1,25", "1"). */
  minDecimals?: number;
  decimalSeparator?: ',' | '.';
};

/** 123450 (2 decimals) → "1234,50": no thousands separator, so spreadsheets read a number. */
export function formatScaledDecimal(value: number, options: FormatScaledOptions): string {
  const { decimals, minDecimals = 0, decimalSeparator = ',' } = options;
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(decimals + 1, '0');
  const integerPart = digits.slice(0, digits.length - decimals);
  let fraction = digits.slice(digits.length - decimals);
  while (fraction.length > minDecimals && fraction.endsWith('0')) {
    fraction = fraction.slice(0, -1);
  }
  return fraction === ''
    ? `${sign}${integerPart}`
    : `${sign}${integerPart}${decimalSeparator}${fraction}`;
}

export function formatEuroCents(cents: number, decimalSeparator: ',' | '.' = ','): string {
  return formatScaledDecimal(cents, { decimals: 2, minDecimals: 2, decimalSeparator });
}

export function formatQuantityMilli(milli: number, decimalSeparator: ',' | '.' = ','): string {
  return formatScaledDecimal(milli, { decimals: 3, decimalSeparator });
}

export function formatPercentBasisPoints(bp: number, decimalSeparator: ',' | '.' = ','): string {
  return formatScaledDecimal(bp, { decimals: 2, decimalSeparator });
}
