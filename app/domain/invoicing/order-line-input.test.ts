import { describe, expect, it } from 'vitest';
import { multiplyAndRound } from '#app/domain/money/money.ts';
import {
  type DeliveredOrderLine,
  grossToNetUnitPrice,
  priceTraceLines,
  productKindOf,
  toOrderLineInput,
} from './order-line-input.ts';

const base: DeliveredOrderLine = {
  orderLineId: 'l1',
  productName: 'Carottes',
  saleUnit: 'kg',
  isVariableWeight: false,
  quantityMilli: 1500,
  deliveredQuantityMilli: null,
  actualWeightGrams: null,
  priceBasis: 'net',
  unitPriceCents: 250,
  vatRateBp: 550,
  egalimCategory: 'fruit_vegetable',
  contractReference: null,
  priceTrace: null,
};

describe('grossToNetUnitPrice', () => {
  it.each([
    ['3,20 € TTC à 5,5 %', 320, 550, 3_033_175, 10_000_000],
    ['11,90 € TTC à 5,5 %', 1190, 550, 11_279_621, 10_000_000],
    ['11,00 € TTC à 10 % (prix HT rond)', 1100, 1000, 1000, 1000],
    ['1,20 € TTC à 20 % (prix HT rond)', 120, 2000, 100, 1000],
    ['0 € TTC', 0, 550, 0, 1000],
  ])('%s', (_label, gross, rate, unitPriceCents, priceBaseQuantityMilli) => {
    expect(grossToNetUnitPrice(gross, rate)).toEqual({ unitPriceCents, priceBaseQuantityMilli });
  });

  it.each([
    [320, 550, 1500, 480],
    [1190, 550, 1850, 2202],
    [350, 550, 1000, 350],
    [999, 2000, 7000, 6993],
  ])('TTC %i c × %i bp × %i milli : HT + TVA redonne %i c', (gross, rate, quantity, expected) => {
    const price = grossToNetUnitPrice(gross, rate);
    const net = multiplyAndRound(price.unitPriceCents, quantity, price.priceBaseQuantityMilli);
    const vat = Math.round((net * rate) / 10_000);
    expect(Math.abs(net + vat - expected)).toBeLessThanOrEqual(1);
  });
});

describe('productKindOf', () => {
  it.each([
    ['bovine_heifer', 'fresh_meat'],
    ['pig', 'fresh_meat'],
    ['lamb_lt12m', 'fresh_meat'],
    ['fruit_vegetable', 'perishable'],
    ['milk_goat', 'perishable'],
    ['other', 'perishable'],
    ['honey', 'general'],
    ['wine', 'general'],
  ])('%s → %s', (category, kind) => {
    expect(productKindOf(category)).toBe(kind);
  });
});

describe('priceTraceLines', () => {
  it.each([
    [
      'étapes du domaine prix',
      [{ kind: 'price', text: 'Prix retenu : 5,332' }],
      ['Prix retenu : 5,332'],
    ],
    ['textes', ['a', 'b'], ['a', 'b']],
    ['vide', [], undefined],
    ['absent', null, undefined],
  ])('%s', (_label, trace, expected) => {
    expect(priceTraceLines(trace)).toEqual(expected);
  });
});

describe('toOrderLineInput', () => {
  it.each([
    [
      'livré comme commandé',
      {},
      'liable',
      { quantityMilli: 1500, unitCode: 'KGM', unitPriceCents: 250 },
    ],
    ['rupture partielle', { deliveredQuantityMilli: 1000 }, 'liable', { quantityMilli: 1000 }],
    ['rupture totale', { deliveredQuantityMilli: 0 }, 'liable', { quantityMilli: 0 }],
    [
      'poids variable : le poids réel devient la quantité en kg',
      { isVariableWeight: true, quantityMilli: 2000, actualWeightGrams: 3125 },
      'liable',
      { quantityMilli: 3125, unitCode: 'KGM' },
    ],
    [
      'poids variable non livré : pas de poids demandé',
      { isVariableWeight: true, deliveredQuantityMilli: 0 },
      'liable',
      { quantityMilli: 0 },
    ],
    [
      'prix TTC d’un foyer converti en HT',
      { priceBasis: 'gross', unitPriceCents: 320 },
      'liable',
      { unitPriceCents: 3_033_175, priceBaseQuantityMilli: 10_000_000 },
    ],
    [
      'producteur au forfait : prix pris tel quel, taux ignoré',
      { priceBasis: 'gross', unitPriceCents: 320, vatRateBp: null },
      'flat_rate',
      { unitPriceCents: 320, vatRateBp: 0 },
    ],
    [
      'botte facturée à la pièce, unité dans le libellé',
      { saleUnit: 'bunch', productName: 'Radis' },
      'liable',
      { label: 'Radis (botte)', unitCode: 'H87' },
    ],
    [
      'viande : échéance des viandes fraîches, contrat repris',
      { egalimCategory: 'bovine_cow', contractReference: 'CTR-1' },
      'liable',
      { productKind: 'fresh_meat', contractReference: 'CTR-1' },
    ],
    [
      'prix de contrat à trois décimales (5,332 €/kg) : quantité de base gardée (B1)',
      { unitPriceCents: 5332, priceBaseQuantityMilli: 10_000, quantityMilli: 420_000 },
      'liable',
      { quantityMilli: 420_000, unitPriceCents: 5332, priceBaseQuantityMilli: 10_000 },
    ],
  ] as const)('%s', (_label, overrides, regime, expected) => {
    const result = toOrderLineInput({ ...base, ...overrides }, regime);
    expect(result).toMatchObject({ ok: true, line: expected });
  });

  it.each([
    [
      'poids variable livré sans poids réel',
      { isVariableWeight: true },
      'missing_actual_weight',
      /saisissez le poids réel/,
    ],
    ['sans taux chez un vendeur assujetti', { vatRateBp: null }, 'missing_vat_rate', /taux de TVA/],
    ['quantité livrée négative', { deliveredQuantityMilli: -1 }, 'invalid_delivery', /invalide/],
    [
      'quantité de base du prix nulle',
      { priceBaseQuantityMilli: 0 },
      'invalid_delivery',
      /quantité de base du prix invalide/,
    ],
    [
      'prix TTC donné pour un lot',
      { priceBasis: 'gross', priceBaseQuantityMilli: 10_000 },
      'invalid_delivery',
      /prix TTC doit être donné pour une unité/,
    ],
  ] as const)('refuse : %s', (_label, overrides, code, message) => {
    const result = toOrderLineInput({ ...base, ...overrides }, 'liable');
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
