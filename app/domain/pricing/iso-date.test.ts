import { describe, expect, it } from 'vitest';
import { isIsoDate } from './iso-date.ts';

describe('isIsoDate', () => {
  it.each([
    ['date ordinaire', '2026-10-01', true],
    ['29 février d’une année bissextile', '2028-02-29', true],
    ['29 février d’une année non bissextile', '2026-02-29', false],
    ['29 février 2000 (divisible par 400)', '2000-02-29', true],
    ['29 février 2100 (séculaire non bissextile)', '2100-02-29', false],
    ['31 avril', '2026-04-31', false],
    ['mois 13', '2026-13-01', false],
    ['jour 0', '2026-10-00', false],
    ['format français', '01/10/2026', false],
    ['avec heure', '2026-10-01T00:00', false],
  ])('%s : %s', (_label, value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});
