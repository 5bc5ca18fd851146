import { describe, expect, it } from 'vitest';
import {
  groupOrdersIntoInvoiceDrafts,
  type OrderInput,
  type OrderLineInput,
} from './group-orders.ts';

const beef: OrderLineInput = {
  label: 'Faux-filet de boeuf',
  quantityMilli: 12_500,
  unitCode: 'KGM',
  unitPriceCents: 2400,
  vatRateBp: 550,
  productKind: 'fresh_meat',
};
const flowers: OrderLineInput = {
  label: 'Bouquet de fleurs coupées',
  quantityMilli: 3000,
  unitCode: 'H87',
  unitPriceCents: 800,
  vatRateBp: 1000,
  productKind: 'general',
};
const order = (overrides: Partial<OrderInput>): OrderInput => ({
  orderId: 'o1',
  sellerId: 'ferme',
  customerId: 'bistrot',
  deliveryDate: '2026-09-14',
  lines: [beef],
  ...overrides,
});
const sellers = [
  { sellerId: 'ferme', vatRegime: 'liable' as const },
  { sellerId: 'forfait', vatRegime: 'flat_rate' as const },
];
const group = (orders: OrderInput[]) => {
  const result = groupOrdersIntoInvoiceDrafts({ orders, sellers });
  if (!result.ok) throw new Error(result.message);
  return result.drafts;
};

describe('groupOrdersIntoInvoiceDrafts', () => {
  it.each([
    [
      'une tournée, deux clients du même producteur → deux factures',
      [order({ orderId: 'a' }), order({ orderId: 'b', customerId: 'epicerie' })],
      [
        ['ferme', 'bistrot', ['a']],
        ['ferme', 'epicerie', ['b']],
      ],
    ],
    [
      'deux commandes du même client le même mois → une facture périodique',
      [order({ orderId: 'a' }), order({ orderId: 'b', deliveryDate: '2026-09-21' })],
      [['ferme', 'bistrot', ['a', 'b']]],
    ],
    [
      'deux producteurs pour le même client → une facture par vendeur',
      [order({ orderId: 'a' }), order({ orderId: 'b', sellerId: 'forfait' })],
      [
        ['ferme', 'bistrot', ['a']],
        ['forfait', 'bistrot', ['b']],
      ],
    ],
    [
      'livraisons sur deux mois → deux factures (CGI 289 I-3)',
      [
        order({ orderId: 'a', deliveryDate: '2026-09-28' }),
        order({ orderId: 'b', deliveryDate: '2026-10-05' }),
      ],
      [
        ['ferme', 'bistrot', ['a']],
        ['ferme', 'bistrot', ['b']],
      ],
    ],
    [
      'commande entièrement en rupture → pas de facture',
      [order({ orderId: 'a', lines: [{ ...beef, quantityMilli: 0 }] })],
      [],
    ],
    ['aucune commande', [], []],
  ])('%s', (_label, orders, expected) => {
    const drafts = group(orders);
    expect(drafts.map((draft) => [draft.sellerId, draft.customerId, draft.orderIds])).toEqual(
      expected,
    );
  });

  it('regroupe les lignes dans l’ordre des livraisons, numérotées à partir de 1', () => {
    const [draft] = group([
      order({ orderId: 'b', deliveryDate: '2026-09-21', lines: [flowers] }),
      order({ orderId: 'a', lines: [beef, { ...flowers, quantityMilli: 0 }] }),
    ]);
    expect(draft?.lines.map((line) => [line.lineId, line.label, line.netAmountCents])).toEqual([
      ['1', 'Faux-filet de boeuf', 30_000],
      ['2', 'Bouquet de fleurs coupées', 2400],
    ]);
    expect(draft).toMatchObject({
      firstDeliveryDate: '2026-09-14',
      lastDeliveryDate: '2026-09-21',
      isPeriodic: true,
      // 300.00 × 5.5 % = 16.50 and 24.00 × 10 % = 2.40
      totals: { lineTotalCents: 32_400, vatTotalCents: 1890, grandTotalCents: 34_290 },
    });
  });

  it('un producteur au forfait ne facture pas de TVA (catégorie E)', () => {
    const [draft] = group([order({ sellerId: 'forfait' })]);
    expect(draft?.lines[0]?.vat).toMatchObject({ category: 'E', rateBp: 0 });
    expect(draft?.totals).toMatchObject({ vatTotalCents: 0, grandTotalCents: 30_000 });
  });

  it('période de collecte (lait du mois) : facture périodique du 1er au dernier jour', () => {
    const [draft] = group([
      order({
        deliveryDate: '2026-08-31',
        billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
      }),
    ]);
    expect(draft).toMatchObject({ firstDeliveryDate: '2026-08-01', isPeriodic: true });
    expect(draft?.lines[0]?.billingPeriod).toEqual({ start: '2026-08-01', end: '2026-08-31' });
  });

  it.each([
    ['même contrat sur toutes les lignes → référence d’en-tête', ['C-1', 'C-1'], 'C-1'],
    ['contrats différents → pas de référence d’en-tête', ['C-1', 'C-2'], undefined],
    ['une ligne sans contrat → pas de référence d’en-tête', ['C-1', undefined], undefined],
  ])('%s', (_label, contracts, expected) => {
    const lines = contracts.map((contractReference) => ({
      ...beef,
      ...(contractReference ? { contractReference } : {}),
    }));
    const [draft] = group([order({ lines })]);
    expect(draft?.contractReference).toBe(expected);
  });

  it.each([
    ['vendeur inconnu', [order({ sellerId: 'inconnu' })], 'unknown_seller'],
    ['date de livraison invalide', [order({ deliveryDate: '14/09/2026' })], 'invalid_date'],
    [
      'date de livraison invalide avec une période',
      [
        order({
          deliveryDate: '2026-09-31',
          billingPeriod: { start: '2026-09-01', end: '2026-09-31' },
        }),
      ],
      'invalid_date',
    ],
    [
      'période à cheval sur deux mois',
      [
        order({
          deliveryDate: '2026-09-02',
          billingPeriod: { start: '2026-08-28', end: '2026-09-02' },
        }),
      ],
      'invalid_date',
    ],
    ['quantité négative', [order({ lines: [{ ...beef, quantityMilli: -1 }] })], 'invalid_line'],
    ['quantité décimale', [order({ lines: [{ ...beef, quantityMilli: 1.5 }] })], 'invalid_line'],
    ['libellé vide', [order({ lines: [{ ...beef, label: ' ' }] })], 'invalid_line'],
    [
      'quantité de base nulle',
      [order({ lines: [{ ...beef, priceBaseQuantityMilli: 0 }] })],
      'invalid_line',
    ],
    [
      'taux de TVA inconnu (7 %)',
      [order({ lines: [{ ...beef, vatRateBp: 700 }] })],
      'invalid_vat_rate',
    ],
  ])('refuse : %s', (_label, orders, code) => {
    expect(groupOrdersIntoInvoiceDrafts({ orders, sellers })).toMatchObject({ ok: false, code });
  });
});
