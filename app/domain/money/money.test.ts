import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  divideRoundHalfUp,
  multiplyAndRound,
  percentageOfCents,
  sumCents,
  vatAmountCents,
} from './money.ts';

describe('multiplyAndRound', () => {
  it.each([
    // label, unit price (cents), quantity (milli), expected (cents)
    ['12,5 kg de bœuf à 24,00 €/kg (RULES-FR I1)', 2400, 12_500, 30_000],
    ['20 yaourts à 2,40 €', 240, 20_000, 4800],
    ['3 bouquets à 8,00 €', 800, 3000, 2400],
    ['quantité nulle (rupture)', 2400, 0, 0],
    ['0,001 kg à 4,99 € : 0,499 centime arrondi à 0', 499, 1, 0],
    ['0,001 kg à 5,00 € : 0,5 centime pile arrondi à 1 (demi vers le haut)', 500, 1, 1],
    ['0,001 kg à 5,01 € : 0,501 centime arrondi à 1', 501, 1, 1],
    ['1,235 kg à 1,00 € : 123,5 centimes → 1,24 €', 100, 1235, 124],
    ['1,245 kg à 1,00 € : 124,5 centimes → 1,25 €', 100, 1245, 125],
    ['0,333 kg à 0,15 € : 4,995 centimes → 5', 15, 333, 5],
    ['0,329 kg à 0,15 € : 4,935 centimes → 5', 15, 329, 5],
    ['0,323 kg à 0,15 € : 4,845 centimes → 5', 15, 323, 5],
    ['0,303 kg à 0,15 € : 4,545 centimes → 5', 15, 303, 5],
    ['0,3 kg à 0,15 € : 4,5 centimes → 5', 15, 300, 5],
    ['0,29 kg à 0,15 € : 4,35 centimes → 4', 15, 290, 4],
    ['avoir : −0,001 kg à 5,00 € → −1 (symétrique)', 500, -1, -1],
    ['avoir : −0,3 kg à 0,15 € → −5 (symétrique)', 15, -300, -5],
    [
      'grands nombres exacts : 90 000 000 000 centimes × 99 999,999 unités',
      90_000_000_000,
      99_999_999,
      8_999_999_910_000_000,
    ],
  ])('%s', (_label, unitPriceCents, quantityMilli, expected) => {
    expect(multiplyAndRound(unitPriceCents, quantityMilli)).toBe(expected);
  });

  it.each([
    // label, unit price (cents), quantity (milli), base quantity (milli), expected
    [
      'lait 486,773 €/1000 L = 486 773 c / 10 000 L × 30 000 L (M1)',
      486_773,
      30_000_000,
      10_000_000,
      1_460_319,
    ],
    ['lait 486,773 €/1000 L × 1 L : 48,6773 c → 49', 486_773, 1000, 10_000_000, 49],
    ['prix 0,125 € l’unité × 4 unités : exactement 50 c', 125, 4000, 10_000, 50],
    ['prix 0,125 € / unité × 1 unité : 12,5 c → 13 c', 125, 1000, 10_000, 13],
    ['bœuf 5,332 €/kg × 420 kg (B1) = 2 239,44 €', 5332, 420_000, 10_000, 223_944],
  ])('%s', (_label, unitPriceCents, quantityMilli, baseMilli, expected) => {
    expect(multiplyAndRound(unitPriceCents, quantityMilli, baseMilli)).toBe(expected);
  });

  it.each([
    ['prix non entier', 2.5, 1000],
    ['quantité non entière', 250, 1.5],
    ['prix au-delà des entiers sûrs', 2 ** 53, 1000],
  ])('refuse une entrée invalide : %s', (_label, price, quantity) => {
    expect(() => multiplyAndRound(price, quantity)).toThrow(RangeError);
  });

  it('donne toujours l’entier le plus proche, les égalités s’éloignant de zéro', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.integer({ min: -10_000_000, max: 10_000_000 }),
        fc.oneof(fc.constantFrom(2, 10, 1000, 10_000), fc.integer({ min: 1, max: 100_000_000 })),
        (price, quantity, base) => {
          const abs = (value: bigint) => (value < 0n ? -value : value);
          const result = BigInt(multiplyAndRound(price, quantity, base));
          const exact = BigInt(price) * BigInt(quantity);
          // |result − exact / base| ≤ 1/2 …
          const twiceError = abs(2n * (result * BigInt(base) - exact));
          expect(twiceError <= BigInt(base)).toBe(true);
          // … and on a tie the result lies away from zero.
          if (twiceError === BigInt(base)) {
            expect(abs(result) * BigInt(base) > abs(exact)).toBe(true);
          }
        },
      ),
    );
  });

  it('refuse un résultat qui dépasse les entiers sûrs au lieu de perdre des centimes', () => {
    expect(() => multiplyAndRound(Number.MAX_SAFE_INTEGER, 2000)).toThrow(RangeError);
  });
});

describe('vatAmountCents', () => {
  it.each([
    ['base 32,09 € à 5,5 % : 1,76495 → 1,76 (RULES-FR I3)', 3209, 550, 176],
    ['base 348,00 € à 5,5 % : 19,14 (I1)', 34_800, 550, 1914],
    ['base 24,00 € à 10 % : 2,40 (I1)', 2400, 1000, 240],
    ['base 14 603,19 € à 5,5 % : 803,1755 → 803,18 (M1)', 1_460_319, 550, 80_318],
    ['base 0,10 € à 5 % : 0,5 c pile → 1 c', 10, 500, 1],
    ['base 0,09 € à 5,5 % : 0,495 c → 0 c', 9, 550, 0],
    ['base 1,00 € à 5,5 % : 5,5 c → 6 c', 100, 550, 6],
    ['base 3,00 € à 5,5 % : 16,5 c → 17 c', 300, 550, 17],
    ['base 9,10 € à 5,5 % : 50,05 c → 50 c', 910, 550, 50],
    ['base 0,05 € à 10 % : 0,5 c → 1 c', 5, 1000, 1],
    ['base 0,25 € à 2,1 % : 0,525 c → 1 c', 25, 210, 1],
    ['base 0,23 € à 2,1 % : 0,483 c → 0 c', 23, 210, 0],
    ['avoir : base −1,00 € à 5,5 % → −6 c (symétrique)', -100, 550, -6],
    ['taux nul (exonération)', 12_345, 0, 0],
  ])('%s', (_label, baseCents, rateBp, expected) => {
    expect(vatAmountCents(baseCents, rateBp)).toBe(expected);
  });
});

describe('percentageOfCents', () => {
  it.each([
    ['remise de 10 % sur 19,95 € : 1,995 € → 2,00 €', 1995, 1000, 200],
    ['part de 33,33 % sur 1,00 € : 33,33 c → 33 c', 100, 3333, 33],
    ['part de 50 % sur 0,01 € : 0,5 c → 1 c', 1, 5000, 1],
    ['100 % d’un montant', 12_345, 10_000, 12_345],
  ])('%s', (_label, amountCents, rateBp, expected) => {
    expect(percentageOfCents(amountCents, rateBp)).toBe(expected);
  });
});

describe('divideRoundHalfUp', () => {
  it.each([
    ['7 / 2 = 3,5 → 4', 7n, 2n, 4n],
    ['5 / 2 = 2,5 → 3', 5n, 2n, 3n],
    ['−5 / 2 = −2,5 → −3', -5n, 2n, -3n],
    ['4 / 3 = 1,33 → 1', 4n, 3n, 1n],
    ['−4 / 3 = −1,33 → −1', -4n, 3n, -1n],
    ['0 / 7 = 0', 0n, 7n, 0n],
  ])('%s', (_label, numerator, denominator, expected) => {
    expect(divideRoundHalfUp(numerator, denominator)).toBe(expected);
  });

  it('refuse un diviseur nul', () => {
    expect(() => divideRoundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('sumCents', () => {
  it.each([
    ['lignes de I1', [30_000, 4800, 2400], 37_200],
    ['liste vide', [], 0],
    ['avec un avoir', [1000, -250], 750],
  ])('%s', (_label, amounts, expected) => {
    expect(sumCents(amounts)).toBe(expected);
  });
});
