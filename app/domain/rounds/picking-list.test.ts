import { describe, expect, it } from 'vitest';
import { buildPickingList, isPickingListEmpty, type PickingInput } from './picking-list.ts';
import { parsePickingView, pickingCsvRows, pickingSections } from './picking-list-view.ts';

const group = {
  id: 'stop-group',
  position: 1,
  name: 'Voisins de la Croix-Rousse',
  address: '5 place de la Croix-Rousse, Lyon',
  windowStartAt: new Date('2026-10-29T16:00:00Z'),
  windowEndAt: new Date('2026-10-29T18:00:00Z'),
  orderDeadlineAt: new Date('2026-10-27T17:00:00Z'),
};
const restaurant = {
  id: 'stop-restaurant',
  position: 2,
  name: 'Le Bouchon des Canuts',
  address: '',
  windowStartAt: null,
  windowEndAt: null,
  orderDeadlineAt: new Date('2026-10-28T09:00:00Z'),
};

const carrots = {
  productId: 'p-carrots',
  productName: 'Carottes',
  saleUnit: 'kg',
  isVariableWeight: false,
  estimatedWeightGrams: null,
};
const eggs = { ...carrots, productId: 'p-eggs', productName: 'Œufs', saleUnit: 'piece' };
const chicken = {
  productId: 'p-chicken',
  productName: 'Poulet fermier',
  saleUnit: 'kg',
  isVariableWeight: true,
  estimatedWeightGrams: 1600,
};

const input: PickingInput = {
  // Stops arrive unordered: the list follows their positions.
  stops: [restaurant, group],
  orders: [
    {
      stopId: 'stop-group',
      customerKind: 'household',
      customerName: 'Nguyen',
      lines: [
        { ...carrots, quantityMilli: 1500 },
        { ...chicken, quantityMilli: 1000 },
      ],
    },
    {
      stopId: 'stop-group',
      customerKind: 'household',
      customerName: 'Dupont',
      lines: [
        { ...eggs, quantityMilli: 6000 },
        { ...carrots, quantityMilli: 2000 },
        { ...chicken, quantityMilli: 2000 },
      ],
    },
    {
      stopId: 'stop-group',
      customerKind: 'household',
      customerName: 'Garcia',
      // A cleared line (0) is not picked; a customer with nothing left disappears.
      lines: [{ ...eggs, quantityMilli: 0 }],
    },
    {
      stopId: 'stop-restaurant',
      customerKind: 'organisation',
      customerName: 'Le Bouchon des Canuts',
      lines: [{ ...carrots, quantityMilli: 10_000 }],
    },
  ],
};

const before = new Date('2026-10-27T12:00:00Z');
const after = new Date('2026-10-28T12:00:00Z');

describe('buildPickingList', () => {
  const list = buildPickingList(input);

  it('range les arrêts par position, les clients et produits par nom', () => {
    expect(list.stops.map((s) => s.stop.name)).toEqual([
      'Voisins de la Croix-Rousse',
      'Le Bouchon des Canuts',
    ]);
    expect(list.stops[0]!.customers.map((c) => c.name)).toEqual(['Dupont', 'Nguyen']);
    expect(list.products.map((p) => p.total.productName)).toEqual([
      'Carottes',
      'Œufs',
      'Poulet fermier',
    ]);
  });

  it.each([
    ['Carottes', 13_500, null, [3500, 10_000]],
    ['Œufs', 6000, null, [6000]],
    ['Poulet fermier', 3000, 4800, [3000]],
  ])('%s : total %i millièmes, poids estimé %s g, par arrêt %j', (name, total, grams, perStop) => {
    const product = list.products.find((p) => p.total.productName === name)!;
    expect(product.total.quantityMilli).toBe(total);
    expect(product.total.estimatedGrams).toBe(grams);
    expect(product.perStop.map((s) => s.item.quantityMilli)).toEqual(perStop);
  });

  it('une tournée sans commande est vide', () => {
    const empty = buildPickingList({ stops: [group], orders: [] });
    expect(isPickingListEmpty(empty)).toBe(true);
    expect(empty.stops[0]!.customers).toEqual([]);
    expect(isPickingListEmpty(list)).toBe(false);
  });

  it('ne mélange pas deux unités de vente du même produit', () => {
    const mixed = buildPickingList({
      stops: [group],
      orders: [
        {
          stopId: 'stop-group',
          customerKind: 'household',
          customerName: 'Dupont',
          lines: [{ ...carrots, quantityMilli: 1000 }],
        },
        {
          stopId: 'stop-group',
          customerKind: 'household',
          customerName: 'Nguyen',
          lines: [{ ...carrots, saleUnit: 'bunch', quantityMilli: 2000 }],
        },
      ],
    });
    expect(mixed.products.map((p) => p.total.quantityMilli).sort()).toEqual([1000, 2000]);
  });
});

describe('pickingSections', () => {
  const list = buildPickingList(input);

  it('par arrêt : commandes de chaque client puis total à charger', () => {
    const sections = pickingSections(list, 'stop', before);
    expect(sections.map((s) => s.title)).toEqual([
      'Arrêt 1 — Voisins de la Croix-Rousse',
      'Arrêt 2 — Le Bouchon des Canuts',
    ]);
    expect(sections[0]!.lines).toEqual([
      '5 place de la Croix-Rousse, Lyon',
      'Créneau : 17:00 – 19:00',
      'Commandes ouvertes jusqu’au 27 octobre 2026 à 18:00 : liste provisoire.',
    ]);
    expect(sections[0]!.tables[0]!.rows).toEqual([
      ['Dupont', 'Carottes', '2 kg'],
      ['', 'Œufs', '6 pièces'],
      ['', 'Poulet fermier', '2 pièces (≈ 3,2 kg)'],
      ['Nguyen', 'Carottes', '1,5 kg'],
      ['', 'Poulet fermier', '1 pièce (≈ 1,6 kg)'],
    ]);
    expect(sections[0]!.tables[1]!.rows).toEqual([
      ['Carottes', '3,5 kg'],
      ['Œufs', '6 pièces'],
      ['Poulet fermier', '3 pièces (≈ 4,8 kg)'],
    ]);
    expect(pickingSections(list, 'stop', after)[1]!.lines).toEqual([
      'Commandes closes le 28 octobre 2026 à 10:00.',
    ]);
  });

  it('par produit : total de la tournée et répartition par arrêt', () => {
    const sections = pickingSections(list, 'product', after);
    expect(sections.map((s) => s.title)).toEqual([
      'Carottes — 13,5 kg',
      'Œufs — 6 pièces',
      'Poulet fermier — 3 pièces (≈ 4,8 kg)',
    ]);
    expect(sections[0]!.tables[0]!.rows).toEqual([
      ['Arrêt 1 — Voisins de la Croix-Rousse', '3,5 kg'],
      ['Arrêt 2 — Le Bouchon des Canuts', '10 kg'],
    ]);
  });

  it('par foyer : un panier par client, dans l’ordre des arrêts', () => {
    const sections = pickingSections(list, 'household', after);
    expect(sections.map((s) => [s.title, s.lines[0]])).toEqual([
      ['Dupont', 'Arrêt 1 — Voisins de la Croix-Rousse'],
      ['Nguyen', 'Arrêt 1 — Voisins de la Croix-Rousse'],
      ['Le Bouchon des Canuts', 'Arrêt 2 — Le Bouchon des Canuts'],
    ]);
    expect(sections[1]!.tables[0]!.rows).toEqual([
      ['Carottes', '1,5 kg'],
      ['Poulet fermier', '1 pièce (≈ 1,6 kg)'],
    ]);
  });

  it('un arrêt sans commande le dit', () => {
    const sections = pickingSections(
      buildPickingList({ stops: [group], orders: [] }),
      'stop',
      after,
    );
    expect(sections[0]!.tables[0]!.columns[0]!.header).toBe('Aucune commande pour cet arrêt.');
  });
});

describe('pickingCsvRows', () => {
  const list = buildPickingList(input);

  it.each([
    [
      'stop',
      [
        [
          'N° arrêt',
          'Arrêt',
          'Produit',
          'Quantité',
          'Unité',
          'Poids estimé (kg)',
          'Colis à préparer',
        ],
        ['1', 'Voisins de la Croix-Rousse', 'Carottes', '3,5', 'kg', '', ''],
        ['1', 'Voisins de la Croix-Rousse', 'Œufs', '6', 'pièce', '', ''],
        ['1', 'Voisins de la Croix-Rousse', 'Poulet fermier', '3', 'pièce', '4,8', ''],
        ['2', 'Le Bouchon des Canuts', 'Carottes', '10', 'kg', '', ''],
      ],
    ],
    [
      'product',
      [
        [
          'Produit',
          'N° arrêt',
          'Arrêt',
          'Quantité',
          'Unité',
          'Poids estimé (kg)',
          'Colis à préparer',
        ],
        ['Carottes', '1', 'Voisins de la Croix-Rousse', '3,5', 'kg', '', ''],
        ['Carottes', '2', 'Le Bouchon des Canuts', '10', 'kg', '', ''],
        ['Carottes', '', 'Total de la tournée', '13,5', 'kg', '', ''],
        ['Œufs', '1', 'Voisins de la Croix-Rousse', '6', 'pièce', '', ''],
        ['Œufs', '', 'Total de la tournée', '6', 'pièce', '', ''],
        ['Poulet fermier', '1', 'Voisins de la Croix-Rousse', '3', 'pièce', '4,8', ''],
        ['Poulet fermier', '', 'Total de la tournée', '3', 'pièce', '4,8', ''],
      ],
    ],
    [
      'household',
      [
        [
          'N° arrêt',
          'Arrêt',
          'Client',
          'Type de client',
          'Produit',
          'Quantité',
          'Unité',
          'Poids estimé (kg)',
        ],
        ['1', 'Voisins de la Croix-Rousse', 'Dupont', 'Foyer', 'Carottes', '2', 'kg', ''],
        ['1', 'Voisins de la Croix-Rousse', 'Dupont', 'Foyer', 'Œufs', '6', 'pièce', ''],
        [
          '1',
          'Voisins de la Croix-Rousse',
          'Dupont',
          'Foyer',
          'Poulet fermier',
          '2',
          'pièce',
          '3,2',
        ],
        ['1', 'Voisins de la Croix-Rousse', 'Nguyen', 'Foyer', 'Carottes', '1,5', 'kg', ''],
        [
          '1',
          'Voisins de la Croix-Rousse',
          'Nguyen',
          'Foyer',
          'Poulet fermier',
          '1',
          'pièce',
          '1,6',
        ],
        [
          '2',
          'Le Bouchon des Canuts',
          'Le Bouchon des Canuts',
          'Organisation',
          'Carottes',
          '10',
          'kg',
          '',
        ],
      ],
    ],
  ] as const)('%s', (view, expected) => {
    expect(pickingCsvRows(list, view)).toEqual(expected);
  });
});

describe('parsePickingView', () => {
  it.each([
    ['arret', 'stop'],
    ['produit', 'product'],
    ['foyer', 'household'],
    ['toString', null],
    ['', null],
    [null, null],
  ])('%s → %s', (param, view) => {
    expect(parsePickingView(param)).toBe(view);
  });
});
