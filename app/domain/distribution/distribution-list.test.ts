import { describe, expect, it } from 'vitest';
import type { PaymentMethod } from '#app/domain/payments/labels.ts';
import {
  buildDistributionList,
  type DistributionInput,
  type DistributionLineInput,
  type DistributionPartInput,
} from './distribution-list.ts';
import {
  DISTRIBUTION_CSV_HEADER,
  distributionCsvRows,
  distributionHeader,
  distributionSections,
  lineTotalLabel,
  pickupLines,
  quantityLabel,
} from './distribution-list-view.ts';

const FERME = { id: 'p-ferme', name: 'Ferme des Monts' };
const FOURNIL = { id: 'p-fournil', name: 'Fournil du Canal' };

let lineCount = 0;
function line(
  householdId: string,
  producerId: string,
  overrides: Partial<DistributionLineInput> = {},
): DistributionLineInput {
  lineCount++;
  return {
    householdId,
    producerId,
    orderLineId: `l-${String(lineCount).padStart(3, '0')}`,
    productName: 'Carottes',
    saleUnit: 'kg',
    isVariableWeight: false,
    quantityMilli: 1000,
    deliveredQuantityMilli: null,
    actualWeightGrams: null,
    priceBasis: 'gross',
    unitPriceCents: 280,
    vatRateBp: 550,
    egalimCategory: 'other',
    contractReference: null,
    priceTrace: null,
    estimatedWeightGrams: null,
    ...overrides,
  };
}

function part(
  householdId: string,
  producerId: string,
  dueCents: number,
  paid: Partial<Record<PaymentMethod, number>> = {},
  overrides: Partial<DistributionPartInput> & {
    refundedCents?: number;
    pendingCents?: number;
  } = {},
): DistributionPartInput {
  const byMethod = { card: 0, cash: 0, cheque: 0, transfer: 0, ...paid };
  const { refundedCents = 0, pendingCents = 0, ...rest } = overrides;
  return {
    householdId,
    producerId,
    amounts: {
      dueCents,
      paidCents: byMethod.card + byMethod.cash + byMethod.cheque + byMethod.transfer,
      refundedCents,
      pendingCents,
    },
    byMethod,
    isEstimate: false,
    invoiceNumbers: [],
    problem: null,
    ...rest,
  };
}

function input(overrides: Partial<DistributionInput>): DistributionInput {
  return {
    households: [],
    producers: [FERME, FOURNIL],
    lines: [],
    parts: [],
    ...overrides,
  };
}

describe('buildDistributionList', () => {
  it('additionne les lignes, reprend le dû du registre et calcule le reste à payer', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h-dupont', name: 'Dupont' }],
        lines: [
          line('h-dupont', FERME.id, { quantityMilli: 1500 }),
          line('h-dupont', FOURNIL.id, {
            productName: 'Pain de campagne',
            saleUnit: 'piece',
            quantityMilli: 2000,
            unitPriceCents: 420,
          }),
        ],
        parts: [part('h-dupont', FERME.id, 420, { card: 420 }), part('h-dupont', FOURNIL.id, 840)],
      }),
    );
    const [dupont] = list.households;
    expect(dupont!.lines.map((l) => [l.productName, l.totalCents])).toEqual([
      ['Carottes', 420],
      ['Pain de campagne', 840],
    ]);
    expect(dupont).toMatchObject({
      dueCents: 1260,
      paidOnlineCents: 420,
      paidManualCents: 0,
      paidCents: 420,
      toPayCents: 840,
      toRefundCents: 0,
      adjustments: [],
    });
    expect(list.totals).toMatchObject({ dueCents: 1260, paidCents: 420, toPayCents: 840 });
  });

  it.each([
    ['espèces et chèque comptent « à la main »', { cash: 500, cheque: 300 }, 0, 800, 200],
    ['un virement aussi', { transfer: 1000 }, 0, 1000, 0],
    ['carte et espèces se séparent', { card: 600, cash: 400 }, 600, 400, 0],
  ])('%s', (_label, paid, online, manual, toPay) => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Garcia' }],
        lines: [line('h', FERME.id, { quantityMilli: 1000, unitPriceCents: 1000 })],
        parts: [part('h', FERME.id, 1000, paid)],
      }),
    );
    expect(list.households[0]).toMatchObject({
      paidOnlineCents: online,
      paidManualCents: manual,
      toPayCents: toPay,
    });
  });

  it.each([
    [
      'poids estimé : pièces × poids d’une pièce, arrondi au gramme',
      { quantityMilli: 2000, estimatedWeightGrams: 1633 },
      { weightGrams: 3266, isWeightEstimated: true, totalCents: 4213 },
    ],
    [
      'pesé : le poids réel remplace l’estimation',
      { quantityMilli: 2000, estimatedWeightGrams: 1600, actualWeightGrams: 3550 },
      { weightGrams: 3550, isWeightEstimated: false, totalCents: 4580 },
    ],
    [
      'ni poids ni estimation : à peser, sans montant',
      { quantityMilli: 1000, estimatedWeightGrams: null },
      { weightGrams: null, isWeightEstimated: false, totalCents: null },
    ],
    [
      'rupture : rien livré, rien dû',
      { quantityMilli: 1000, estimatedWeightGrams: 1600, deliveredQuantityMilli: 0 },
      { quantityMilli: 0, weightGrams: 0, totalCents: 0 },
    ],
  ])('poids variable — %s', (_label, overrides, expected) => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Martin' }],
        lines: [
          line('h', FERME.id, {
            productName: 'Poulet fermier',
            isVariableWeight: true,
            unitPriceCents: 1290,
            ...overrides,
          }),
        ],
        parts: [part('h', FERME.id, 0, { cash: 1 })],
      }),
    );
    expect(list.households[0]!.lines[0]).toMatchObject(expected);
  });

  it('une quantité livrée différente de la commande remplace la commandée', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Martin' }],
        lines: [line('h', FERME.id, { quantityMilli: 2000, deliveredQuantityMilli: 1500 })],
        parts: [part('h', FERME.id, 420)],
      }),
    );
    expect(list.households[0]!.lines[0]).toMatchObject({
      orderedMilli: 2000,
      quantityMilli: 1500,
      totalCents: 420,
    });
    expect(list.households[0]!.adjustments).toEqual([]);
  });

  it('les foyers sans rien sont comptés, pas listés ; sans commande mais avec de l’argent, ils restent', () => {
    const list = buildDistributionList(
      input({
        households: [
          { id: 'h-vide', name: 'Arnaud' },
          { id: 'h-vide-2', name: 'Bernard' },
          { id: 'h-annule', name: 'Chevalier' },
          { id: 'h-dupont', name: 'Dupont' },
        ],
        lines: [line('h-dupont', FERME.id)],
        parts: [
          part('h-vide-2', FERME.id, 0),
          // Order cancelled after paying: nothing to hand over, money to give back.
          part('h-annule', FERME.id, 0, { cash: 500 }),
          part('h-dupont', FERME.id, 280),
        ],
      }),
    );
    expect(list.households.map((h) => h.name)).toEqual(['Chevalier', 'Dupont']);
    expect(list.omittedHouseholdCount).toBe(2);
    expect(list.households[0]).toMatchObject({ lines: [], toPayCents: 0, toRefundCents: 500 });
  });

  it('un trop-perçu chez un producteur ne compense pas ce qui reste dû à un autre', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Lefèvre' }],
        lines: [
          line('h', FERME.id, { unitPriceCents: 1000 }),
          line('h', FOURNIL.id, { productName: 'Pain', unitPriceCents: 500 }),
        ],
        parts: [part('h', FERME.id, 1000, { cash: 1200 }), part('h', FOURNIL.id, 500)],
      }),
    );
    expect(list.households[0]).toMatchObject({
      dueCents: 1500,
      paidCents: 1200,
      toPayCents: 500,
      toRefundCents: 200,
    });
    expect(list.totals).toMatchObject({ toPayCents: 500, toRefundCents: 200 });
  });

  it('un remboursement se déduit de ce qui a été payé et rouvre le reste à payer', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Petit' }],
        lines: [line('h', FERME.id, { unitPriceCents: 1000 })],
        parts: [part('h', FERME.id, 1000, { card: 1000 }, { refundedCents: 300 })],
      }),
    );
    expect(list.households[0]).toMatchObject({
      paidOnlineCents: 1000,
      refundedCents: 300,
      paidCents: 700,
      toPayCents: 300,
    });
  });

  it('un paiement en ligne en cours n’est pas compté comme payé', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Roux' }],
        lines: [line('h', FERME.id, { unitPriceCents: 1000 })],
        parts: [part('h', FERME.id, 1000, {}, { pendingCents: 1000 })],
      }),
    );
    expect(list.households[0]).toMatchObject({ pendingCents: 1000, toPayCents: 1000 });
  });

  it.each([
    ['arrondi de TVA avant facture', [], 279, -1],
    ['facture avec avoir', ['F-2026-000012'], 180, -100],
  ])('%s : une ligne d’ajustement ramène au dû du registre', (_label, invoices, due, cents) => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Simon' }],
        lines: [line('h', FERME.id)],
        parts: [part('h', FERME.id, due, {}, { invoiceNumbers: invoices })],
      }),
    );
    const [simon] = list.households;
    expect(simon!.adjustments).toEqual([
      { producerId: FERME.id, producerName: FERME.name, cents, invoiceNumbers: invoices },
    ]);
    const lines = simon!.lines.reduce((sum, l) => sum + (l.totalCents ?? 0), 0);
    expect(lines + cents).toBe(simon!.dueCents);
  });

  it('un montant non calculable est signalé, sans ajustement inventé', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Thomas' }],
        lines: [line('h', FERME.id)],
        parts: [part('h', FERME.id, 0, {}, { problem: '« Carottes » n’a pas de taux de TVA.' })],
      }),
    );
    expect(list.households[0]!.problems).toEqual([
      'Ferme des Monts : « Carottes » n’a pas de taux de TVA.',
    ]);
    expect(list.households[0]!.adjustments).toEqual([]);
  });

  it('trie les foyers par nom (ordre français) et les lignes par producteur puis produit', () => {
    const list = buildDistributionList(
      input({
        households: [
          { id: 'h-1', name: 'Faure' },
          { id: 'h-2', name: 'Émile' },
          { id: 'h-3', name: 'dupont' },
          { id: 'h-4', name: 'Foyer 10' },
          { id: 'h-5', name: 'Foyer 9' },
        ],
        lines: [
          line('h-1', FOURNIL.id, { productName: 'Pain' }),
          line('h-1', FERME.id, { productName: 'Poireaux' }),
          line('h-1', FERME.id, { productName: 'Betteraves' }),
          line('h-2', FERME.id),
          line('h-3', FERME.id),
          line('h-4', FERME.id),
          line('h-5', FERME.id),
        ],
      }),
    );
    expect(list.households.map((h) => h.name)).toEqual([
      'dupont',
      'Émile',
      'Faure',
      'Foyer 9',
      'Foyer 10',
    ]);
    expect(list.households[2]!.lines.map((l) => `${l.producerName}/${l.productName}`)).toEqual([
      'Ferme des Monts/Betteraves',
      'Ferme des Monts/Poireaux',
      'Fournil du Canal/Pain',
    ]);
  });

  it('totaux par producteur : leur somme fait le total général', () => {
    const list = buildDistributionList(
      input({
        households: [
          { id: 'h-a', name: 'Arnaud' },
          { id: 'h-b', name: 'Blanc' },
        ],
        lines: [
          line('h-a', FERME.id, { unitPriceCents: 1000 }),
          line('h-a', FOURNIL.id, { unitPriceCents: 300 }),
          line('h-b', FERME.id, { unitPriceCents: 1000, quantityMilli: 2000 }),
        ],
        parts: [
          part('h-a', FERME.id, 1000, { card: 1000 }),
          part('h-a', FOURNIL.id, 300),
          part('h-b', FERME.id, 2000, { cash: 500 }),
        ],
      }),
    );
    expect(
      list.producers.map((p) => [p.name, p.dueCents, p.paidCents, p.toPayCents, p.linesCents]),
    ).toEqual([
      ['Ferme des Monts', 3000, 1500, 1500, 3000],
      ['Fournil du Canal', 300, 0, 300, 300],
    ]);
    expect(list.totals).toMatchObject({ dueCents: 3300, paidCents: 1500, toPayCents: 1800 });
    const sum = (key: 'dueCents' | 'toPayCents') =>
      list.producers.reduce((total, p) => total + p[key], 0);
    expect(sum('dueCents')).toBe(list.totals.dueCents);
    expect(sum('toPayCents')).toBe(list.totals.toPayCents);
  });

  it('un producteur sans ligne ni argent sur la liste n’apparaît pas dans les totaux', () => {
    const list = buildDistributionList(
      input({
        households: [{ id: 'h', name: 'Arnaud' }],
        lines: [line('h', FERME.id)],
        parts: [part('h', FERME.id, 280)],
      }),
    );
    expect(list.producers.map((p) => p.name)).toEqual(['Ferme des Monts']);
  });
});

describe('vue de la liste', () => {
  const chicken = {
    orderLineId: 'l',
    producerId: FERME.id,
    producerName: FERME.name,
    productName: 'Poulet',
    saleUnit: 'kg',
    isVariableWeight: true,
    orderedMilli: 2000,
    quantityMilli: 2000,
    weightGrams: 3600,
    isWeightEstimated: true,
    unitPriceCents: 1290,
    totalCents: 4644,
  };

  it.each([
    ['au poids estimé', chicken, '2 pièces (≈ 3,6 kg, poids estimé)', '46,44\u00a0€ (estimé)'],
    [
      'pesé',
      { ...chicken, weightGrams: 3550, isWeightEstimated: false, totalCents: 4580 },
      '2 pièces (3,55 kg pesés)',
      '45,80\u00a0€',
    ],
    [
      'à peser',
      { ...chicken, weightGrams: null, isWeightEstimated: false, totalCents: null },
      '2 pièces (à peser)',
      'à peser',
    ],
    [
      'au kilo, livré en partie',
      {
        ...chicken,
        productName: 'Carottes',
        isVariableWeight: false,
        quantityMilli: 1500,
        weightGrams: null,
        isWeightEstimated: false,
        totalCents: 420,
        unitPriceCents: 280,
      },
      '1,5 kg — commandé : 2 kg',
      '4,20\u00a0€',
    ],
    [
      'non livré',
      {
        ...chicken,
        isVariableWeight: false,
        saleUnit: 'dozen',
        quantityMilli: 0,
        weightGrams: null,
        isWeightEstimated: false,
        totalCents: 0,
      },
      'non livré (commandé : 2 douzaines)',
      '0,00\u00a0€',
    ],
  ])('%s', (_label, row, quantity, total) => {
    expect(quantityLabel(row)).toBe(quantity);
    expect(lineTotalLabel(row)).toBe(total);
  });

  it('en-tête : groupe, feuille, date de livraison, retraits distincts à l’heure de Paris', () => {
    const pickup = {
      deliveryOn: '2026-12-04',
      address: '5 place de la Croix-Rousse, Lyon',
      windowStartAt: new Date('2026-12-04T16:00:00Z'),
      windowEndAt: new Date('2026-12-04T18:30:00Z'),
    };
    expect(
      distributionHeader({
        groupName: 'Voisins de la Croix-Rousse',
        sheetTitle: 'Commande de la semaine',
        deliveryOn: '2026-12-04',
        pickups: [pickup, pickup, { ...pickup, deliveryOn: '2026-12-05', windowEndAt: null }],
        now: new Date('2026-12-03T09:15:00Z'),
      }),
    ).toEqual([
      'Liste de distribution — Voisins de la Croix-Rousse',
      'Commande de la semaine — livraison du 4 décembre 2026',
      'Retrait : 5 place de la Croix-Rousse, Lyon — de 17:00 à 19:30',
      'Retrait le 5 décembre 2026 : 5 place de la Croix-Rousse, Lyon — à partir de 17:00',
      'Éditée le 3 décembre 2026 à 10:15',
    ]);
    expect(
      pickupLines('2026-12-04', [
        { deliveryOn: '2026-12-04', address: ' ', windowStartAt: null, windowEndAt: null },
      ]),
    ).toEqual([]);
  });

  const list = buildDistributionList(
    input({
      households: [
        { id: 'h-b', name: 'Blanc' },
        { id: 'h-a', name: 'Arnaud' },
        { id: 'h-0', name: 'Zola' },
      ],
      lines: [
        line('h-a', FERME.id, { unitPriceCents: 1000 }),
        line('h-b', FERME.id, {
          productName: 'Poulet',
          isVariableWeight: true,
          quantityMilli: 1000,
          estimatedWeightGrams: 1500,
          unitPriceCents: 1200,
        }),
      ],
      parts: [
        part('h-a', FERME.id, 999, { card: 400, cash: 100 }),
        part('h-b', FERME.id, 1800, { cash: 2000 }, { isEstimate: true }),
      ],
    }),
  );

  it('PDF : un bloc par foyer avec ses cases « Remis » et « Signature », puis les totaux', () => {
    const sections = distributionSections(list);
    expect(sections.map((s) => s.title)).toEqual(['Arnaud', 'Blanc', 'Totaux']);
    const [arnaud, blanc, totals] = sections;
    expect(arnaud!.boxes.map((b) => b.label)).toEqual(['Remis', 'Signature']);
    expect(arnaud!.lines[0]).toBe(
      'Déjà payé : 5,00\u00a0€ (en ligne : 4,00\u00a0€ ; enregistré à la main : 1,00\u00a0€)',
    );
    expect(arnaud!.tables[0]!.rows).toEqual([
      ['Ferme des Monts', 'Carottes', '1 kg', '10,00\u00a0€ / kg', '10,00\u00a0€'],
      ['Ferme des Monts', 'Arrondi de TVA', '', '', '-0,01\u00a0€'],
    ]);
    expect(arnaud!.tables[1]!.rows).toEqual([['9,99\u00a0€', '5,00\u00a0€', '4,99\u00a0€']]);
    expect(blanc!.tables[1]!.columns.map((c) => c.header)).toContain('À rendre');
    expect(blanc!.tables[1]!.rows[0]![0]).toBe('18,00\u00a0€ (poids estimés)');
    expect(totals!.lines).toEqual([
      'Reste à encaisser au retrait : 4,99\u00a0€',
      'À rendre : 2,00\u00a0€',
      '1 foyer sans commande ne figure pas sur la liste.',
    ]);
    expect(totals!.tables[0]!.rows.at(-1)).toEqual([
      'Total général',
      '27,99\u00a0€ (poids estimés)',
      '25,00\u00a0€',
      '4,99\u00a0€',
      '2,00\u00a0€',
    ]);
  });

  it('CSV : en-tête, lignes et ajustements par foyer, total du foyer, totaux', () => {
    const rows = distributionCsvRows(list);
    expect(rows[0]).toEqual([...DISTRIBUTION_CSV_HEADER]);
    expect(rows.every((row) => row.length === DISTRIBUTION_CSV_HEADER.length)).toBe(true);
    const cell = (row: string[], header: (typeof DISTRIBUTION_CSV_HEADER)[number]) =>
      row[DISTRIBUTION_CSV_HEADER.indexOf(header)];
    expect(rows.slice(1).map((row) => [cell(row, 'Foyer'), cell(row, 'Type')])).toEqual([
      ['Arnaud', 'Ligne'],
      ['Arnaud', 'Ajustement'],
      ['Arnaud', 'Total foyer'],
      ['Blanc', 'Ligne'],
      ['Blanc', 'Total foyer'],
      ['', 'Total producteur'],
      ['', 'Total général'],
    ]);
    const poulet = rows[4]!;
    expect([
      cell(poulet, 'Quantité'),
      cell(poulet, 'Unité'),
      cell(poulet, 'Poids (kg)'),
      cell(poulet, 'Poids estimé'),
      cell(poulet, 'Prix unitaire (€)'),
      cell(poulet, 'Montant (€)'),
    ]).toEqual(['1', 'pièce', '1,5', 'oui', '12,00', '18,00']);
    const arnaud = rows[3]!;
    expect([
      cell(arnaud, 'Montant (€)'),
      cell(arnaud, 'Payé en ligne (€)'),
      cell(arnaud, 'Payé à la main (€)'),
      cell(arnaud, 'Déjà payé (€)'),
      cell(arnaud, 'Reste à payer (€)'),
      cell(arnaud, 'Remis'),
    ]).toEqual(['9,99', '4,00', '1,00', '5,00', '4,99', '']);
    expect(cell(rows.at(-1)!, 'Reste à payer (€)')).toBe('4,99');
    expect(cell(rows.at(-1)!, 'À rendre (€)')).toBe('2,00');
  });
});
