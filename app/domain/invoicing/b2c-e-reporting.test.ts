import { describe, expect, it } from 'vitest';
import {
  b2cHouseholdInvoice,
  i1RestaurantInvoice,
  PARTIES,
} from '#test/einvoice/invoice-scenarios.ts';
import { summarizeB2cEReporting } from './b2c-e-reporting.ts';
import { buildCreditNote, finalizeCreditNote } from './build-credit-note.ts';
import type { InvoiceSnapshot } from './invoice-types.ts';

const household = b2cHouseholdInvoice(); // 2026-09-18: 15.00 + 22.02 at 5.5 %
const secondHousehold: InvoiceSnapshot = { ...household, number: 'F2026-000044' };
const nextDay: InvoiceSnapshot = {
  ...household,
  number: 'F2026-000045',
  deliveryDate: '2026-09-19',
  issueDate: '2026-09-19',
};
const refund = (() => {
  const built = buildCreditNote(household, { selection: [{ lineId: '1' }] });
  if (!built.ok) throw new Error(built.message);
  const issued = finalizeCreditNote(built.draft, {
    number: 'AV2026-000010',
    issueDate: '2026-09-19',
  });
  if (!issued.ok) throw new Error(issued.message);
  return issued.creditNote;
})();
const september = {
  sellerSiren: PARTIES.fermeDuBocage.siren,
  periodStart: '2026-09-01',
  periodEnd: '2026-09-30',
};

describe('summarizeB2cEReporting', () => {
  it('deux ventes le même jour et une le lendemain : totaux par taux et nombre de transactions par jour', () => {
    const result = summarizeB2cEReporting({
      ...september,
      invoices: [household, secondHousehold, nextDay],
    });
    // Each invoice: basis 37.02, VAT 37.02 × 5.5 % = 2.0361 → 2.04.
    expect(result).toEqual({
      ok: true,
      summary: {
        ...september,
        currency: 'EUR',
        perRate: [{ category: 'S', rateBp: 550, netCents: 11_106, vatCents: 612 }],
        netTotalCents: 11_106,
        vatTotalCents: 612,
        days: [
          { date: '2026-09-18', transactionCount: 2, netCents: 7404, vatCents: 408 },
          { date: '2026-09-19', transactionCount: 1, netCents: 3702, vatCents: 204 },
        ],
      },
    });
  });

  it.each([
    [
      'les factures B2B (transmises en e-invoicing) sont exclues',
      [household, i1RestaurantInvoice()],
      3702,
    ],
    ['les avoirs B2C viennent en déduction', [household, refund], 3702 - 1500],
    [
      'les ventes hors période sont exclues',
      [household, { ...nextDay, deliveryDate: '2026-10-01' }],
      3702,
    ],
    ['aucune vente', [], 0],
  ])('%s', (_label, invoices, netTotalCents) => {
    const result = summarizeB2cEReporting({ ...september, invoices });
    expect(result.ok && result.summary.netTotalCents).toBe(netTotalCents);
  });

  it.each([
    [
      'période inversée',
      { ...september, periodStart: '2026-09-30', periodEnd: '2026-09-01', invoices: [] },
      'invalid_period',
    ],
    [
      'facture d’un autre vendeur',
      { ...september, sellerSiren: '900000035', invoices: [household] },
      'foreign_invoice',
    ],
  ])('refuse : %s', (_label, input, code) => {
    expect(summarizeB2cEReporting(input)).toMatchObject({ ok: false, code });
  });
});
