import { describe, expect, it } from 'vitest';
import {
  formatAmountCents,
  formatDate102,
  formatQuantityMilli,
  formatRateBp,
} from './cii-format.ts';

describe('formatAmountCents', () => {
  it.each([
    ['total I1', 39_354, '393.54'],
    ['centimes seuls', 5, '0.05'],
    ['zéro', 0, '0.00'],
    ['euros ronds', 2400, '24.00'],
    ['négatif', -150, '-1.50'],
    ['grand montant sans séparateur de milliers', 1_540_637, '15406.37'],
  ])('%s : %i → %s', (_label, cents, expected) => {
    expect(formatAmountCents(cents)).toBe(expected);
  });
});

describe('formatQuantityMilli', () => {
  it.each([
    ['12,5 kg', 12_500, '12.5'],
    ['20 pièces', 20_000, '20'],
    ['30 000 L', 30_000_000, '30000'],
    ['1 g en kg', 1, '0.001'],
    ['1,85 kg', 1850, '1.85'],
  ])('%s : %i → %s', (_label, milli, expected) => {
    expect(formatQuantityMilli(milli)).toBe(expected);
  });
});

describe('formatRateBp', () => {
  it.each([
    [550, '5.5'],
    [1000, '10'],
    [2000, '20'],
    [210, '2.1'],
    [0, '0'],
    [1, '0.01'],
  ])('%i pb → « %s » (liste française BR-FR-16)', (rateBp, expected) => {
    expect(formatRateBp(rateBp)).toBe(expected);
  });
});

describe('formatDate102', () => {
  it('AAAA-MM-JJ → AAAAMMJJ', () => {
    expect(formatDate102('2026-09-15')).toBe('20260915');
  });
});
