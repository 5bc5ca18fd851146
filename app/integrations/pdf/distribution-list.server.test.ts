import { describe, expect, it } from 'vitest';
import {
  buildDistributionList,
  type DistributionLineInput,
  type DistributionPartInput,
} from '#app/domain/distribution/distribution-list.ts';
import { extractPdfPages } from '#test/utils/pdf.ts';
import { renderDistributionListPdf } from './distribution-list.server.ts';

const FERME = { id: 'p-ferme', name: 'Ferme des Monts' };

function line(householdId: string, index: number): DistributionLineInput {
  return {
    householdId,
    producerId: FERME.id,
    orderLineId: `${householdId}-${index}`,
    productName: `Légume ${index}`,
    saleUnit: 'kg',
    isVariableWeight: false,
    quantityMilli: 1000,
    deliveredQuantityMilli: null,
    actualWeightGrams: null,
    priceBasis: 'gross',
    unitPriceCents: 300,
    vatRateBp: 550,
    egalimCategory: 'other',
    contractReference: null,
    priceTrace: null,
    estimatedWeightGrams: null,
  };
}

function part(householdId: string, lines: number): DistributionPartInput {
  return {
    householdId,
    producerId: FERME.id,
    amounts: { dueCents: lines * 300, paidCents: 0, refundedCents: 0, pendingCents: 0 },
    byMethod: { card: 0, cash: 0, cheque: 0, transfer: 0 },
    isEstimate: false,
    invoiceNumbers: [],
    problem: null,
  };
}

describe('liste de distribution imprimée', () => {
  it('le bloc d’un foyer (lignes, montants, cases) ne se coupe pas entre deux pages', async () => {
    // Blocks of 3 to 9 lines: without keeping them whole, several would run over a page end.
    const households = Array.from({ length: 24 }, (_, n) => ({
      id: `h-${String(n).padStart(2, '0')}`,
      name: `Foyer ${String(n + 1).padStart(2, '0')}`,
    }));
    const size = (n: number) => 3 + (n % 7);
    const list = buildDistributionList({
      households,
      producers: [FERME],
      lines: households.flatMap((h, n) => Array.from({ length: size(n) }, (_, i) => line(h.id, i))),
      parts: households.map((h, n) => part(h.id, size(n))),
    });
    const pdf = await renderDistributionListPdf({
      list,
      groupName: 'Voisins du Canal',
      sheetTitle: 'Livraison du jeudi',
      deliveryOn: '2026-12-10',
      pickups: [],
      now: new Date('2026-12-09T10:00:00Z'),
    });
    const pages = await extractPdfPages(pdf);
    expect(pages.length).toBeGreaterThan(2);
    const seen: string[] = [];
    for (const page of pages) {
      for (const household of households) {
        if (!page.includes(household.name)) {
          continue;
        }
        seen.push(household.name);
        // The whole block is on this page: its last line, and its boxes after its name.
        const block = page.slice(page.indexOf(household.name));
        expect(block).toContain(`Légume ${size(households.indexOf(household)) - 1}`);
        expect(block).toContain('Signature');
      }
    }
    expect(seen).toEqual(households.map((h) => h.name));
  });
});
