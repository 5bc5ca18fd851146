import { describe, expect, it } from 'vitest';
import { formatPickedQuantity, saleUnitLabel } from './quantity-label.ts';

describe('saleUnitLabel', () => {
  it.each([
    ['piece', 1000, 'pièce'],
    ['piece', 1500, 'pièce'],
    ['piece', 2000, 'pièces'],
    ['kg', 2000, 'kg'],
    ['l', 3000, 'L'],
    ['bunch', 3000, 'bottes'],
    ['dozen', 1000, 'douzaine'],
    ['box', 2000, 'boîtes'],
    ['unknown', 2000, 'unknown'],
  ])('%s × %i → %s', (unit, milli, label) => {
    expect(saleUnitLabel(unit, milli)).toBe(label);
  });
});

describe('formatPickedQuantity', () => {
  it.each([
    ['kilos décimaux', { saleUnit: 'kg', quantityMilli: 1500 }, '1,5 kg'],
    ['pièces', { saleUnit: 'piece', quantityMilli: 6000 }, '6 pièces'],
    ['une pièce', { saleUnit: 'piece', quantityMilli: 1000 }, '1 pièce'],
    ['grammes', { saleUnit: 'g', quantityMilli: 250_000 }, '250 g'],
    ['bouteilles', { saleUnit: 'bottle', quantityMilli: 12_000 }, '12 bouteilles'],
    ['millièmes', { saleUnit: 'kg', quantityMilli: 1250 }, '1,25 kg'],
  ])('%s', (_label, partial, expected) => {
    expect(
      formatPickedQuantity({ ...partial, isVariableWeight: false, estimatedGrams: null }),
    ).toBe(expected);
  });

  it.each([
    ['deux poulets de 1,6 kg', 2000, 3200, '2 pièces (≈ 3,2 kg)'],
    ['un rôti de 850 g', 1000, 850, '1 pièce (≈ 0,85 kg)'],
    ['sans estimation', 3000, null, '3 pièces'],
  ])('poids variable : %s', (_label, quantityMilli, estimatedGrams, expected) => {
    expect(
      formatPickedQuantity({
        saleUnit: 'kg',
        isVariableWeight: true,
        quantityMilli,
        estimatedGrams,
      }),
    ).toBe(expected);
  });
});
