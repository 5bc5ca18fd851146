import { describe, expect, it } from 'vitest';
import { computeOrderShare, type ShareOrderLine, withEstimatedWeight } from './share.ts';

const line = (overrides: Partial<ShareOrderLine>): ShareOrderLine => ({
  orderLineId: 'l1',
  productName: 'Panier',
  saleUnit: 'piece',
  isVariableWeight: false,
  quantityMilli: 1000,
  deliveredQuantityMilli: null,
  actualWeightGrams: null,
  priceBasis: 'gross',
  unitPriceCents: 100,
  vatRateBp: 550,
  egalimCategory: 'fruit_vegetable',
  contractReference: null,
  priceTrace: null,
  estimatedWeightGrams: null,
  ...overrides,
});
const chicken = (overrides: Partial<ShareOrderLine> = {}) =>
  line({
    productName: 'Poulet fermier',
    saleUnit: 'kg',
    isVariableWeight: true,
    quantityMilli: 2000,
    unitPriceCents: 1290,
    estimatedWeightGrams: 1800,
    egalimCategory: 'other',
    ...overrides,
  });

function share(lines: ShareOrderLine[], sellerVatRegime: 'liable' | 'flat_rate' = 'liable') {
  const result = computeOrderShare({
    orderId: 'o1',
    sellerId: 'ferme',
    customerId: 'h:dupont',
    sellerVatRegime,
    deliveryDate: '2026-12-04',
    lines,
  });
  if (!result.ok) throw new Error(result.message);
  return result.share;
}

describe('withEstimatedWeight', () => {
  it.each([
    ['2 poulets de 1 800 g estimés → 3 600 g', chicken(), 3600, true],
    ['une pièce livrée sur deux → 1 800 g', chicken({ deliveredQuantityMilli: 1000 }), 1800, true],
    ['déjà pesé : le poids réel reste', chicken({ actualWeightGrams: 3412 }), 3412, false],
    [
      '0,5 pièce de 333 g → 166,5 g arrondi à 167 g',
      chicken({ quantityMilli: 500, estimatedWeightGrams: 333 }),
      167,
      true,
    ],
    ['manquant (0 livré) : pas de poids', chicken({ deliveredQuantityMilli: 0 }), null, false],
    ['produit au prix fixe : rien à estimer', line({}), null, false],
  ])('%s', (_label, input, grams, isEstimate) => {
    const estimated = withEstimatedWeight(input);
    expect(estimated.line.actualWeightGrams).toBe(grams);
    expect(estimated.isEstimate).toBe(isEstimate);
    expect('estimatedWeightGrams' in estimated.line).toBe(false);
  });
});

describe('computeOrderShare', () => {
  it.each([
    [
      'trois articles TTC à 5,5 % : la TVA sur la somme des HT donne 4,91 €, pas 4,90 €',
      [
        line({ unitPriceCents: 100 }),
        line({ productName: 'B', unitPriceCents: 100 }),
        line({ productName: 'C', unitPriceCents: 290 }),
      ],
      'liable',
      491,
      false,
    ],
    [
      '1,5 kg de carottes à 3,20 € TTC → 4,80 €',
      [line({ saleUnit: 'kg', quantityMilli: 1500, unitPriceCents: 320 })],
      'liable',
      480,
      false,
    ],
    ['2 poulets estimés à 1,8 kg, 12,90 €/kg → 46,44 €', [chicken()], 'liable', 4644, true],
    [
      'poulets pesés 3,412 kg → 44,01 €',
      [chicken({ actualWeightGrams: 3412 })],
      'liable',
      4401,
      false,
    ],
    [
      'un manquant saisi n’est pas dû',
      [
        line({ unitPriceCents: 1500 }),
        line({ productName: 'Œufs', unitPriceCents: 390, deliveredQuantityMilli: 0 }),
      ],
      'liable',
      1500,
      false,
    ],
    ['tout manquant → 0 €', [line({ deliveredQuantityMilli: 0 })], 'liable', 0, false],
    [
      'producteur au remboursement forfaitaire : le prix est pris tel quel, sans TVA',
      [line({ quantityMilli: 3000, unitPriceCents: 350 })],
      'flat_rate',
      1050,
      false,
    ],
    [
      'taux mêlés 5,5 % et 10 %',
      [
        line({ unitPriceCents: 1500 }),
        line({ productName: 'Fleurs', unitPriceCents: 800, vatRateBp: 1000 }),
      ],
      'liable',
      2300,
      false,
    ],
  ] as const)('%s', (_label, lines, regime, grossCents, isEstimate) => {
    expect(share([...lines], regime)).toEqual({ grossCents, isEstimate });
  });

  it('une ligne au poids livrée sans poids ni estimation est refusée avec son nom', () => {
    const result = computeOrderShare({
      orderId: 'o1',
      sellerId: 'ferme',
      customerId: 'h:dupont',
      sellerVatRegime: 'liable',
      deliveryDate: '2026-12-04',
      lines: [chicken({ estimatedWeightGrams: null })],
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_lines' });
    expect(!result.ok && result.message).toContain('Poulet fermier');
  });
});
