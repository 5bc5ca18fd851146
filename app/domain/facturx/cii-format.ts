/**
 * Text forms of the integer units for CII: plain decimals with a dot, no grouping, no currency
 * symbol (presentation formatting lives in app/i18n). Amounts have exactly 2 decimals
 * (BR-FR-DEC-01, BR-DEC-*), quantities at most 4 (BR-FR-DEC-02; ours have at most 3), rates at
 * most 2 and written as in the French rate list ('5.5', '10', '20': BR-FR-16, BR-FR-DEC-04).
 */

function splitFixed(
  value: number,
  scale: number,
): { sign: string; whole: string; fraction: string } {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`entier attendu, reçu ${value}`);
  }
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  return {
    sign: value < 0 ? '-' : '',
    whole: digits.slice(0, digits.length - scale),
    fraction: digits.slice(digits.length - scale),
  };
}

/** 39354 → '393.54'; -150 → '-1.50'. */
export function formatAmountCents(cents: number): string {
  const { sign, whole, fraction } = splitFixed(cents, 2);
  return `${sign}${whole}.${fraction}`;
}

/** A decimal with trailing zeros (and a bare dot) removed: '12.500' → '12.5', '20.000' → '20'. */
function trimmed(sign: string, whole: string, fraction: string): string {
  const kept = fraction.replace(/0+$/, '');
  return kept === '' ? `${sign}${whole}` : `${sign}${whole}.${kept}`;
}

/** Thousandths to a quantity: 12500 → '12.5', 30000000 → '30000', 1 → '0.001'. */
export function formatQuantityMilli(quantityMilli: number): string {
  const { sign, whole, fraction } = splitFixed(quantityMilli, 3);
  return trimmed(sign, whole, fraction);
}

/** Basis points to a percentage: 550 → '5.5', 1000 → '10', 210 → '2.1', 0 → '0'. */
export function formatRateBp(rateBp: number): string {
  const { sign, whole, fraction } = splitFixed(rateBp, 2);
  return trimmed(sign, whole, fraction);
}

/** 'YYYY-MM-DD' to the UNTDID 2379 format 102 'YYYYMMDD' used by udt:DateTimeString. */
export function formatDate102(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}
