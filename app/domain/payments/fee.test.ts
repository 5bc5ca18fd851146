import { describe, expect, it } from 'vitest';
import { computeOnlineFee, hasFee, NO_FEE } from './fee.ts';

describe('computeOnlineFee', () => {
  it.each([
    ['pas de frais', 4644, NO_FEE, 0],
    ['1,5 % de 46,44 € = 0,6966 → 0,70 €', 4644, { rateBp: 150, fixedCents: 0 }, 70],
    ['1,5 % de 10,00 € = 0,15 € tout rond', 1000, { rateBp: 150, fixedCents: 0 }, 15],
    [
      'demi-centime arrondi au-dessus : 1,5 % de 1,70 € = 2,55 c → 3 c',
      170,
      { rateBp: 150, fixedCents: 0 },
      3,
    ],
    ['0,25 € fixe seulement', 4644, { rateBp: 0, fixedCents: 25 }, 25],
    ['1,5 % + 0,25 €', 2000, { rateBp: 150, fixedCents: 25 }, 55],
    ['rien à payer : aucun frais, même fixes', 0, { rateBp: 150, fixedCents: 25 }, 0],
  ])('%s', (_label, amount, setting, fee) => {
    expect(computeOnlineFee(amount, setting)).toBe(fee);
  });

  it.each([
    [NO_FEE, false],
    [{ rateBp: 0, fixedCents: 1 }, true],
    [{ rateBp: 1, fixedCents: 0 }, true],
  ])('hasFee(%o) = %s', (setting, expected) => {
    expect(hasFee(setting)).toBe(expected);
  });
});
