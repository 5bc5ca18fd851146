import { describe, expect, it } from 'vitest';
import {
  formatPacks,
  formatPickedQuantity,
  formatPickedWithPacks,
  saleUnitLabel,
} from './quantity-label.ts';

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

describe('formatPacks', () => {
  const kg = { saleUnit: 'kg', isVariableWeight: false, estimatedGrams: null };
  it.each([
    [13_500, 5000, '2 colis de 5 kg + 3,5 kg'],
    [10_000, 5000, '2 colis de 5 kg'],
    [3500, 5000, '3,5 kg (colis de 5 kg entamé)'],
    [5000, 5000, '1 colis de 5 kg'],
  ])('%i millièmes par colis de %i → %s', (quantityMilli, packMilli, label) => {
    expect(formatPacks({ ...kg, quantityMilli, packMilli })).toBe(label);
  });

  it('les pièces d’un produit à poids variable, au pluriel français', () => {
    expect(
      formatPacks({
        saleUnit: 'kg',
        isVariableWeight: true,
        estimatedGrams: 12_000,
        quantityMilli: 8000,
        packMilli: 6000,
      }),
    ).toBe('1 colis de 6 pièces + 2 pièces');
  });

  it('rien pour un produit en vrac ou une quantité nulle', () => {
    expect(formatPacks({ ...kg, quantityMilli: 3000, packMilli: null })).toBeNull();
    expect(formatPacks({ ...kg, quantityMilli: 0, packMilli: 5000 })).toBeNull();
    expect(formatPickedWithPacks({ ...kg, quantityMilli: 3000, packMilli: null })).toBe('3 kg');
    expect(formatPickedWithPacks({ ...kg, quantityMilli: 8000, packMilli: 5000 })).toBe(
      '8 kg — 1 colis de 5 kg + 3 kg',
    );
  });
});
