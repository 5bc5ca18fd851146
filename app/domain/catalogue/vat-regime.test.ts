import { describe, expect, it } from 'vitest';
import { checkVatRateForRegime } from './vat-regime.ts';

describe('checkVatRateForRegime', () => {
  it.each([
    ['assujetti, 5,5 %', 550, 'liable', null],
    ['assujetti sans taux', null, 'liable', /assujetti/],
    ['remboursement forfaitaire sans TVA', null, 'flat_rate', null],
    ['remboursement forfaitaire à 5,5 %', 550, 'flat_rate', /5,5 % impossible.*forfaitaire/],
    ['franchise à 20 %', 2000, 'franchise', /franchise/],
    ['régime non renseigné', 1000, null, null],
  ] as const)('%s', (_label, rate, regime, expected) => {
    const message = checkVatRateForRegime(rate, regime);
    if (expected === null) {
      expect(message).toBeNull();
    } else {
      expect(message).toMatch(expected);
    }
  });
});
