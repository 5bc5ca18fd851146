/**
 * A quantity typed in a form ('2,5', '420', '1 000') as thousandths of the sale unit; null when
 * it is not a non-negative decimal with at most 3 decimals. Empty means 0.
 */
export function parseQuantityMilli(text: string): number | null {
  const compact = text.replace(/[\s\u202f\u00a0]/g, '').replace(',', '.');
  if (compact === '') {
    return 0;
  }
  const match = /^(\d{1,7})(?:\.(\d{1,3}))?$/.exec(compact);
  if (!match) {
    return null;
  }
  return Number(match[1]) * 1000 + Number((match[2] ?? '').padEnd(3, '0'));
}

/** Euros typed in a form ('25 000', '1234,5') as integer cents; null when invalid. */
export function parseEurosToCents(text: string): number | null {
  const compact = text.replace(/[\s\u202f\u00a0€]/g, '').replace(',', '.');
  const match = /^(\d{1,8})(?:\.(\d{1,2}))?$/.exec(compact);
  if (!match) {
    return null;
  }
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return cents <= 2_147_483_647 ? cents : null;
}
