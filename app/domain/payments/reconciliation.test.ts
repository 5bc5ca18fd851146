import { describe, expect, it } from 'vitest';
import {
  type ReconciliationRow,
  reconciliationToCsv,
  reconciliationTotals,
  rowBalance,
} from './reconciliation.ts';

const row = (overrides: Partial<ReconciliationRow>): ReconciliationRow => ({
  deliveryOn: '2026-12-04',
  groupName: 'Voisins de la Croix-Rousse',
  sheetTitle: 'Commande du jeudi',
  householdName: 'Dupont',
  producerName: 'Ferme des Quatre Saisons',
  transferReference: 'CABAS-28T5-CY4T',
  invoiceNumbers: [],
  dueBasis: 'ordered',
  dueCents: 0,
  cardCents: 0,
  cashCents: 0,
  chequeCents: 0,
  transferCents: 0,
  refundedCents: 0,
  pendingCents: 0,
  transferredCents: 0,
  ...overrides,
});

describe('rowBalance', () => {
  it.each([
    ['payé par carte, facturé au centime', row({ dueCents: 4644, cardCents: 4644 }), 0, 'paid'],
    ['espèces et chèque', row({ dueCents: 2000, cashCents: 1500, chequeCents: 500 }), 0, 'paid'],
    [
      'trop-perçu remboursé en partie',
      row({ dueCents: 2210, cardCents: 2340, refundedCents: 100 }),
      -30,
      'overpaid',
    ],
    [
      'virement en attente : compté à payer',
      row({ dueCents: 1050, pendingCents: 1050 }),
      1050,
      'unpaid',
    ],
  ] as const)('%s', (_label, input, balanceCents, status) => {
    expect(rowBalance(input)).toEqual({ balanceCents, status });
  });
});

describe('reconciliationToCsv', () => {
  it('en-tête français, ;, virgule décimale, BOM, CRLF, soldes signés, totaux exacts', () => {
    const rows = [
      row({
        invoiceNumbers: ['F2026-000012'],
        dueBasis: 'invoiced',
        dueCents: 2210,
        cardCents: 2340,
        refundedCents: 130,
        transferredCents: 2210,
      }),
      row({ householdName: 'Nguyen ; fils', dueCents: 1050, cashCents: 1000 }),
    ];
    const csv = reconciliationToCsv(rows);
    expect(csv.startsWith('\uFEFFLivraison;Groupe;Feuille;Foyer;Producteur;')).toBe(true);
    const lines = csv.slice(1).split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(3);
    expect(lines[1]).toBe(
      '2026-12-04;Voisins de la Croix-Rousse;Commande du jeudi;Dupont;Ferme des Quatre Saisons;CABAS-28T5-CY4T;F2026-000012;Facturé (avoirs déduits);22,10;23,40;0,00;0,00;0,00;1,30;0,00;22,10;0,00;Payé',
    );
    expect(lines[2]).toContain('"Nguyen ; fils"');
    expect(lines[2]).toContain(';0,50;Payé en partie');
    expect(reconciliationTotals(rows)).toMatchObject({ dueCents: 3260, balanceCents: 50 });
  });
});
