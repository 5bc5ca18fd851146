import { describe, expect, it } from 'vitest';
import { decimalPriceToCents, percentTextToBp } from './decimal-input.ts';
import { multiplyAndRound } from './money.ts';

describe('decimalPriceToCents', () => {
  it.each([
    // label, text, per quantity (milli), cents, base (milli)
    ['24,00 €/kg', '24.00', 1000, 2400, 1000],
    ['2,4 € (une décimale)', '2.4', 1000, 240, 1000],
    ['8 € (entier)', '8', 1000, 800, 1000],
    ['virgule française 2,40', '2,40', 1000, 240, 1000],
    ['lait 486,773 €/1000 L → 486 773 c / 10 000 L', '486.773', 1_000_000, 486_773, 10_000_000],
    ['bœuf 5,332 €/kg → 5 332 c / 10 kg', '5.332', 1000, 5332, 10_000],
    ['zéros inutiles ignorés : 5,3300', '5.3300', 1000, 533, 1000],
    ['prix nul', '0', 1000, 0, 1000],
  ])('%s', (_label, text, perQuantityMilli, unitPriceCents, priceBaseQuantityMilli) => {
    expect(decimalPriceToCents(text, perQuantityMilli)).toEqual({
      ok: true,
      unitPriceCents,
      priceBaseQuantityMilli,
    });
  });

  it('donne exactement le montant M1 de RULES-FR (30 000 L → 14 603,19 €)', () => {
    const price = decimalPriceToCents('486.773', 1_000_000);
    if (!price.ok) throw new Error(price.message);
    expect(multiplyAndRound(price.unitPriceCents, 30_000_000, price.priceBaseQuantityMilli)).toBe(
      1_460_319,
    );
  });

  it.each([
    ['texte vide', ''],
    ['prix négatif', '-1.00'],
    ['lettres', '12 €'],
    ['deux séparateurs', '1.2.3'],
  ])('refuse %s', (_label, text) => {
    expect(decimalPriceToCents(text, 1000)).toMatchObject({ ok: false, code: 'invalid_decimal' });
  });
});

describe('percentTextToBp', () => {
  it.each([
    ['5.5', 550],
    ['5,50', 550],
    ['10', 1000],
    ['2.1', 210],
    ['0', 0],
  ])('« %s » → %i pb', (text, rateBp) => {
    expect(percentTextToBp(text)).toEqual({ ok: true, rateBp });
  });

  it.each([['5.555'], ['abc'], ['-5']])('refuse « %s »', (text) => {
    expect(percentTextToBp(text)).toMatchObject({ ok: false, code: 'invalid_decimal' });
  });
});
