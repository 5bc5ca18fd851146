import { describe, expect, it } from 'vitest';
import { lineAmountCents, validateQuantity } from './quantity.ts';

describe('validateQuantity', () => {
  const halfDozen = { stepMilli: 500, maxPerHouseholdMilli: 2000 };

  it.each([
    ['zéro (ligne effacée)', 0],
    ['un pas', 500],
    ['plusieurs pas', 1500],
    ['exactement le maximum', 2000],
  ])('accepte %s', (_label, quantityMilli) => {
    expect(validateQuantity({ ...halfDozen, quantityMilli })).toEqual({ ok: true });
  });

  it('accepte une grande quantité sans maximum', () => {
    const rules = { quantityMilli: 1_000_000, stepMilli: 250, maxPerHouseholdMilli: null };
    expect(validateQuantity(rules)).toEqual({ ok: true });
  });

  it.each([
    ['juste au-dessus du maximum', 2500, 'above_max', 'Au plus 2 par foyer.'],
    [
      'un quart de douzaine (entre deux pas)',
      250,
      'not_multiple_of_step',
      'La quantité doit être un multiple de 0,5.',
    ],
    [
      'un millième de trop',
      501,
      'not_multiple_of_step',
      'La quantité doit être un multiple de 0,5.',
    ],
    ['négative', -500, 'negative', 'La quantité ne peut pas être négative.'],
    [
      'fractionnaire',
      500.5,
      'not_integer',
      'Quantité invalide : nombre entier de millièmes attendu.',
    ],
    [
      'pas un nombre',
      Number.NaN,
      'not_integer',
      'Quantité invalide : nombre entier de millièmes attendu.',
    ],
  ])('refuse une quantité %s', (_label, quantityMilli, code, message) => {
    expect(validateQuantity({ ...halfDozen, quantityMilli })).toEqual({ ok: false, code, message });
  });

  it('signale un pas invalide comme une erreur de programmation', () => {
    expect(() =>
      validateQuantity({ quantityMilli: 0, stepMilli: 0, maxPerHouseholdMilli: null }),
    ).toThrow(RangeError);
  });
});

describe('lineAmountCents', () => {
  it.each([
    ['1,5 douzaine à 4,80 €', 480, 1500, 720],
    ['arrondi au demi-centime supérieur (499,5 → 500)', 333, 1500, 500],
    ['demi-centime exact (0,5 → 1)', 1, 500, 1],
    ['juste sous le demi-centime (0,499 → 0)', 1, 499, 0],
    ['quantité nulle', 480, 0, 0],
  ])('prix fixe : %s', (_label, unitPriceCents, quantityMilli, amountCents) => {
    expect(lineAmountCents({ unitPriceCents, quantityMilli, estimatedWeightGrams: null })).toEqual({
      amountCents,
      basis: 'quantity',
    });
  });

  it.each([
    ['2 rôtis de 1,2 kg à 18,90 €/kg', 1890, 2000, 1200, 4536],
    ['demi-centime : 1 pièce de 500 g à 0,03 €/kg (1,5 → 2)', 3, 1000, 500, 2],
    ['un seul arrondi : 3 × 333 g à 10,01 €/kg = 999,999 → 1000', 1001, 3000, 333, 1000],
  ])('poids variable estimé : %s', (_label, unitPriceCents, quantityMilli, grams, amountCents) => {
    expect(lineAmountCents({ unitPriceCents, quantityMilli, estimatedWeightGrams: grams })).toEqual(
      { amountCents, basis: 'estimated' },
    );
  });

  it.each([
    ['2,437 kg pesés à 18,90 €/kg', 1890, 2437, 4606],
    ['demi-centime : 1,5 kg à 0,01 €/kg', 1, 1500, 2],
    ['rupture : rien de pesé', 1890, 0, 0],
  ])('poids variable pesé : %s', (_label, unitPriceCents, actualWeightGrams, amountCents) => {
    const line = {
      unitPriceCents,
      quantityMilli: 2000,
      estimatedWeightGrams: 1200,
      actualWeightGrams,
    };
    expect(lineAmountCents(line)).toEqual({ amountCents, basis: 'actual' });
  });

  it('revient à l’estimation tant que le poids réel est inconnu (null)', () => {
    const line = {
      unitPriceCents: 1890,
      quantityMilli: 2000,
      estimatedWeightGrams: 1200,
      actualWeightGrams: null,
    };
    expect(lineAmountCents(line)).toEqual({ amountCents: 4536, basis: 'estimated' });
  });

  it('reste exact au-delà de 2^53 en produit intermédiaire', () => {
    // 2e9 milli-pieces × 2e6 g × 2e6 c/kg = 8e21 before the division by 1e6.
    const line = {
      unitPriceCents: 2_000_000,
      quantityMilli: 2_000_000_000,
      estimatedWeightGrams: 2_000_000,
    };
    expect(lineAmountCents(line).amountCents).toBe(8_000_000_000_000_000);
  });
});
