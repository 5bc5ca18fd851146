import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountCents,
  centsToDecimal,
  formatDecimalFr,
  formatSignedFr,
  roundHalfUp,
  toScaledInteger,
} from './decimal.ts';

describe('amountCents', () => {
  it.each([
    ['B1 : 5,332 €/kg × 420 kg = 2 239,44 €', '5.332', 420, 223_944],
    ['M1 : 486,773 €/1000 L × 30 (milliers de litres) = 14 603,19 €', '486.773', 30, 1_460_319],
    ['0,005 € × 1 : demi-centime pile, arrondi au-dessus', '0.005', 1, 1],
    ['0,004 € × 1 : arrondi en dessous', '0.004', 1, 0],
    ['5,332 €/kg × 0,125 kg = 0,6665 € → 0,67 €', '5.332', 0.125, 67],
    ['5,330 €/kg × 0,125 kg = 0,66625 € → 0,67 €', '5.330', 0.125, 67],
    ['5,33 €/kg × 0,1 kg = 0,533 € → 0,53 €', '5.33', 0.1, 53],
    ['quantité en texte décimal', '5.332', '420.000', 223_944],
    ['prix entier', '12', 3, 3600],
    ['quantité nulle', '5.332', 0, 0],
  ])('%s', (_label, price, quantity, expected) => {
    expect(amountCents(price, quantity)).toBe(expected);
  });

  it.each([
    ['prix illisible', '5,3x', 1],
    ['quantité au-delà du millième (STYLE §6.7)', '5.332', 0.0001],
  ])('refuse une erreur de programmation : %s', (_label, price, quantity) => {
    expect(() => amountCents(price, quantity)).toThrow(RangeError);
  });

  it('égale le calcul entier exact arrondi une seule fois (propriété)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 99_999_999 }),
        fc.integer({ min: 0, max: 9_999_999 }),
        (priceMilli, quantityMilli) => {
          const price = `${Math.floor(priceMilli / 1000)}.${String(priceMilli % 1000).padStart(3, '0')}`;
          // price × quantity in 10^-6 € units; cents = that / 10^4, half-up.
          const micro = BigInt(priceMilli) * BigInt(quantityMilli);
          const expected = Number((micro + 5000n) / 10_000n);
          expect(amountCents(price, quantityMilli / 1000)).toBe(expected);
        },
      ),
    );
  });
});

describe('roundHalfUp', () => {
  it.each([
    ['5.3915', 3, '5.392'],
    ['5.39149', 3, '5.391'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['4.1', 3, '4.100'],
  ])('%s à %i décimales → %s', (value, decimals, expected) => {
    expect(roundHalfUp(value, decimals)).toBe(expected);
  });
});

describe('formatDecimalFr', () => {
  it.each([
    ['virgule décimale et décimales minimales', 5.1, 2, '5,10'],
    ['jamais d’arrondi : les décimales en plus restent', 5.3915, 3, '5,3915'],
    ['milliers séparés par une espace fine insécable', 14603.19, 2, '14\u202f603,19'],
    ['entier sans décimales', 30000, 0, '30\u202f000'],
    ['négatif avec le signe moins typographique', -9.147, 3, '\u22129,147'],
  ])('%s', (_label, value, decimals, expected) => {
    expect(formatDecimalFr(value, decimals)).toBe(expected);
  });

  it('formatSignedFr affiche toujours le signe', () => {
    expect([formatSignedFr(0.3, 3), formatSignedFr(-0.315, 3), formatSignedFr(0, 1)]).toEqual([
      '+0,300',
      '\u22120,315',
      '+0,0',
    ]);
  });
});

describe('centsToDecimal', () => {
  it.each([
    [1_460_319, '14603.19'],
    [5, '0.05'],
    [0, '0.00'],
    [-80_318, '-803.18'],
  ])('%i centimes → %s', (cents, expected) => {
    expect(centsToDecimal(cents)).toBe(expected);
  });
});

describe('toScaledInteger', () => {
  it.each([
    [5.5, 2, 550],
    [5.59, 2, 559],
    [30000.125, 3, 30_000_125],
  ])('%d à %i décimales → %i', (value, decimals, expected) => {
    expect(toScaledInteger(value, decimals)).toBe(expected);
  });

  it('refuse une valeur plus fine que demandé', () => {
    expect(() => toScaledInteger(5.555, 2)).toThrow(RangeError);
  });
});
