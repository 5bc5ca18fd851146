import { describe, expect, it } from 'vitest';
import {
  b2cHouseholdInvoice,
  flatRateFarmerInvoice,
  i1RestaurantInvoice,
  milkSelfBilledInvoice,
  PARTIES,
} from '#test/einvoice/invoice-scenarios.ts';
import { type BuildInvoiceSnapshotInput, buildInvoiceSnapshot } from './build-invoice-snapshot.ts';
import { groupOrdersIntoInvoiceDrafts, type InvoiceDraft } from './group-orders.ts';
import type { ProductKind } from './invoice-types.ts';

function draftFor(
  deliveryDate: string,
  billingPeriod?: { start: string; end: string },
  productKind: ProductKind = 'fresh_meat',
): InvoiceDraft {
  const result = groupOrdersIntoInvoiceDrafts({
    sellers: [{ sellerId: 'ferme', vatRegime: 'liable' }],
    orders: [
      {
        orderId: 'o1',
        sellerId: 'ferme',
        customerId: 'bistrot',
        deliveryDate,
        ...(billingPeriod ? { billingPeriod } : {}),
        lines: [
          {
            label: 'Faux-filet',
            quantityMilli: 2000,
            unitCode: 'KGM',
            unitPriceCents: 2400,
            vatRateBp: 550,
            productKind,
          },
        ],
      },
    ],
  });
  if (!result.ok || !result.drafts[0]) throw new Error('draft attendu');
  return result.drafts[0];
}

const validInput = (
  overrides: Partial<BuildInvoiceSnapshotInput> = {},
): BuildInvoiceSnapshotInput => ({
  draft: draftFor('2026-09-14'),
  number: 'F2026-000050',
  issueDate: '2026-09-15',
  seller: PARTIES.fermeDuBocage,
  buyer: PARTIES.bistrotDuPort,
  buyerKind: 'b2b',
  ...overrides,
});

describe('buildInvoiceSnapshot', () => {
  it('I1 : totaux exacts 372,00 / 21,54 / 393,54 et échéance I2 au 04/10/2026', () => {
    const invoice = i1RestaurantInvoice();
    expect(invoice.lines.map((line) => line.netAmountCents)).toEqual([30_000, 4800, 2400]);
    expect(invoice.totals).toEqual({
      lineTotalCents: 37_200,
      taxBasisTotalCents: 37_200,
      vatTotalCents: 2154,
      grandTotalCents: 39_354,
      duePayableCents: 39_354,
      vatBreakdown: [
        { category: 'S', rateBp: 550, basisCents: 34_800, vatCents: 1914 },
        { category: 'S', rateBp: 1000, basisCents: 2400, vatCents: 240 },
      ],
    });
    expect(invoice).toMatchObject({
      typeCode: '380',
      deliveryDate: '2026-09-14',
      payment: { dueDate: '2026-10-04' },
    });
  });

  it('I5 / M1 : lait du mois autofacturé (389), émis le 31/08, échéance 30/09, « Autofacturation »', () => {
    const invoice = milkSelfBilledInvoice();
    expect(invoice).toMatchObject({
      typeCode: '389',
      issueDate: '2026-08-31',
      billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
      contractReference: 'CTR-LAIT-2026-003',
      payment: { dueDate: '2026-09-30' },
      totals: { lineTotalCents: 1_460_319, vatTotalCents: 80_318, grandTotalCents: 1_540_637 },
    });
    expect(invoice.issueDate <= '2026-08-31').toBe(true);
    expect(invoice.notes.some((note) => note.text.startsWith('Autofacturation'))).toBe(true);
  });

  it('facture B2C d’un foyer : sans SIREN, rupture non facturée, indemnité de 40 € non applicable', () => {
    const invoice = b2cHouseholdInvoice();
    expect(invoice.buyerKind).toBe('b2c');
    expect(invoice.lines.map((line) => [line.label, line.netAmountCents])).toEqual([
      ['Panier de légumes de saison', 1500],
      ['Poulet fermier (pesé)', 2202], // 1.850 kg × 11.90 = 22.015 → 22.02
    ]);
    expect(invoice.notes.find((note) => note.subjectCode === 'PMT')?.text).toMatch(
      /non applicable/,
    );
  });

  it('producteur au remboursement forfaitaire : aucune TVA facturée', () => {
    const invoice = flatRateFarmerInvoice();
    expect(invoice.totals).toMatchObject({
      lineTotalCents: 9300,
      vatTotalCents: 0,
      grandTotalCents: 9300,
    });
    expect(invoice.totals.vatBreakdown).toEqual([
      expect.objectContaining({ category: 'E', vatCents: 0 }),
    ]);
  });

  it.each<[string, Partial<BuildInvoiceSnapshotInput>, string]>([
    ['facture datée avant la livraison', { issueDate: '2026-09-13' }, 'invoice_before_delivery'],
    [
      'facture périodique émise après la fin du mois (INV-05)',
      {
        draft: draftFor('2026-08-31', { start: '2026-08-01', end: '2026-08-31' }),
        issueDate: '2026-09-01',
      },
      'periodic_invoice_too_late',
    ],
    [
      'viande facturée après l’échéance légale',
      { issueDate: '2026-10-05' },
      'issued_after_due_date',
    ],
    ['date de facture invalide', { issueDate: '2026-09-31' }, 'invalid_date'],
    ['numéro avec espace (BR-FR-02)', { number: 'F 2026-1' }, 'invalid_number'],
    [
      'client B2B sans SIREN (BR-FR-11)',
      { buyer: { ...PARTIES.bistrotDuPort, siren: undefined } },
      'missing_siren',
    ],
    [
      'vendeur sans SIREN (BR-FR-10)',
      { seller: { ...PARTIES.fermeDuBocage, siren: undefined, siret: undefined } },
      'missing_siren',
    ],
    [
      'SIRET qui ne commence pas par le SIREN (BR-FR-09)',
      { seller: { ...PARTIES.fermeDuBocage, siret: '90000002700012' } },
      'invalid_siret',
    ],
    [
      'adresse 0225 du client qui ne commence pas par son SIREN (BR-FR-21)',
      {
        buyer: {
          ...PARTIES.bistrotDuPort,
          electronicAddress: { scheme: '0225', value: '123456789' },
        },
      },
      'invalid_electronic_address',
    ],
    [
      'client B2B joignable seulement par courriel (BR-FR-21)',
      {
        buyer: {
          ...PARTIES.bistrotDuPort,
          electronicAddress: { scheme: 'EM', value: 'compta@bistrot.example' },
        },
      },
      'invalid_electronic_address',
    ],
    [
      'vendeur assujetti sans numéro de TVA (BR-S-02)',
      { seller: { ...PARTIES.fermeDuBocage, vatNumber: undefined } },
      'missing_seller_vat_number',
    ],
    [
      'délai convenu de 90 jours pour des produits généraux (L441-10 I)',
      { draft: draftFor('2026-09-14', undefined, 'general'), generalTermDays: 90 },
      'term_too_long',
    ],
  ])('refuse : %s', (_label, overrides, code) => {
    const result = buildInvoiceSnapshot(validInput(overrides));
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok === false && result.message).toMatch(/\S/);
  });

  it('facture rectificative d’un mois périodique (INV-06) : datée du jour, référence BT-25, payable à réception', () => {
    const replaces = { number: 'AF2026-000017', issueDate: '2026-08-31' };
    const august = draftFor('2026-08-31', { start: '2026-08-01', end: '2026-08-31' }, 'perishable');
    const late = buildInvoiceSnapshot(
      validInput({ draft: august, issueDate: '2026-10-05', typeCode: '389', replaces }),
    );
    expect(late).toMatchObject({
      ok: true,
      invoice: {
        issueDate: '2026-10-05',
        billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
        precedingInvoice: replaces,
        payment: {
          dueDate: '2026-10-05',
          termsText:
            'Facture rectificative de la facture AF2026-000017 du 2026-08-31 : payable à réception, l’échéance légale de la facture remplacée étant passée.',
        },
      },
    });
    // Within the legal term, the rectifying invoice keeps the term of the month (I5).
    const early = buildInvoiceSnapshot(
      validInput({ draft: august, issueDate: '2026-09-10', typeCode: '389', replaces }),
    );
    expect(early).toMatchObject({ ok: true, invoice: { payment: { dueDate: '2026-09-30' } } });
  });

  it('accepte l’entrée de référence de ces cas d’erreur', () => {
    expect(buildInvoiceSnapshot(validInput())).toMatchObject({ ok: true });
  });
});
