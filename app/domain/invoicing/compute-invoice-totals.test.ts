import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { vatAmountCents } from '#app/domain/money/money.ts';
import { computeInvoiceTotals, type TotalsLine } from './compute-invoice-totals.ts';
import { resolveLineVat } from './vat-regime.ts';

const at = (netAmountCents: number, rateBp: number): TotalsLine => ({
  netAmountCents,
  vat: { category: 'S', rateBp },
});
const flatRate = (netAmountCents: number): TotalsLine => ({
  netAmountCents,
  vat: resolveLineVat('flat_rate', 550),
});

describe('computeInvoiceTotals', () => {
  it.each([
    [
      'I1 : bœuf 300,00 + yaourts 48,00 à 5,5 %, fleurs 24,00 à 10 %',
      [at(30_000, 550), at(4800, 550), at(2400, 1000)],
      { net: 37_200, vat: 2154, gross: 39_354 },
      [
        { category: 'S', rateBp: 550, basisCents: 34_800, vatCents: 1914 },
        { category: 'S', rateBp: 1000, basisCents: 2400, vatCents: 240 },
      ],
    ],
    [
      'I3 : base 32,09 à 5,5 % → TVA 1,76 (1,76495 arrondi une seule fois)',
      [at(3209, 550)],
      { net: 3209, vat: 176, gross: 3385 },
      [{ category: 'S', rateBp: 550, basisCents: 3209, vatCents: 176 }],
    ],
    [
      'TVA sur la somme et non par ligne : 3 × 0,10 à 5,5 % → 0,02 (et non 3 × 0,01)',
      [at(10, 550), at(10, 550), at(10, 550)],
      { net: 30, vat: 2, gross: 32 },
      [{ category: 'S', rateBp: 550, basisCents: 30, vatCents: 2 }],
    ],
    [
      'M1 : lait 14 603,19 à 5,5 % → 803,18, total 15 406,37',
      [at(1_460_319, 550)],
      { net: 1_460_319, vat: 80_318, gross: 1_540_637 },
      [{ category: 'S', rateBp: 550, basisCents: 1_460_319, vatCents: 80_318 }],
    ],
    [
      'taux triés par ordre croissant quel que soit l’ordre des lignes',
      [at(1000, 2000), at(1000, 550), at(1000, 1000)],
      { net: 3000, vat: 355, gross: 3355 },
      [
        { category: 'S', rateBp: 550, basisCents: 1000, vatCents: 55 },
        { category: 'S', rateBp: 1000, basisCents: 1000, vatCents: 100 },
        { category: 'S', rateBp: 2000, basisCents: 1000, vatCents: 200 },
      ],
    ],
    [
      'producteur au remboursement forfaitaire : pas de TVA, motif d’exonération conservé',
      [flatRate(1250), flatRate(800)],
      { net: 2050, vat: 0, gross: 2050 },
      [
        {
          category: 'E',
          rateBp: 0,
          basisCents: 2050,
          vatCents: 0,
          exemptionReasonCode: 'VATEX-FR-CNWVAT',
          exemptionReasonText: expect.stringContaining('remboursement forfaitaire'),
        },
      ],
    ],
    ['aucune ligne', [], { net: 0, vat: 0, gross: 0 }, []],
  ])('%s', (_label, lines, expected, breakdown) => {
    const totals = computeInvoiceTotals(lines);
    expect(totals).toEqual({
      lineTotalCents: expected.net,
      taxBasisTotalCents: expected.net,
      vatTotalCents: expected.vat,
      grandTotalCents: expected.gross,
      duePayableCents: expected.gross,
      vatBreakdown: breakdown,
    });
  });

  it('HT + TVA = TTC sans écart et une TVA par taux arrondie une seule fois, pour toutes lignes', () => {
    const line = fc.record({
      netAmountCents: fc.integer({ min: 0, max: 10_000_000 }),
      rateBp: fc.constantFrom(210, 550, 1000, 2000),
    });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (rows) => {
        const totals = computeInvoiceTotals(rows.map((row) => at(row.netAmountCents, row.rateBp)));
        const net = rows.reduce((sum, row) => sum + row.netAmountCents, 0);
        expect(totals.lineTotalCents).toBe(net);
        expect(totals.vatBreakdown.reduce((sum, row) => sum + row.basisCents, 0)).toBe(net);
        expect(totals.vatBreakdown.reduce((sum, row) => sum + row.vatCents, 0)).toBe(
          totals.vatTotalCents,
        );
        expect(totals.grandTotalCents).toBe(net + totals.vatTotalCents);
        for (const row of totals.vatBreakdown) {
          const basis = rows.filter((candidate) => candidate.rateBp === row.rateBp);
          expect(row.basisCents).toBe(
            basis.reduce((sum, candidate) => sum + candidate.netAmountCents, 0),
          );
          expect(row.vatCents).toBe(vatAmountCents(row.basisCents, row.rateBp));
        }
        expect(new Set(totals.vatBreakdown.map((row) => row.rateBp)).size).toBe(
          totals.vatBreakdown.length,
        );
      }),
    );
  });
});
