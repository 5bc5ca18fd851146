import { sumCents, vatAmountCents } from '#app/domain/money/money.ts';
import type { InvoiceLine, InvoiceTotals, VatBreakdown } from './invoice-types.ts';

export type TotalsLine = Pick<InvoiceLine, 'netAmountCents' | 'vat'>;

const CATEGORY_ORDER = { S: 0, E: 1 } as const;

/**
 * Invoice totals the way EN 16931 derives them: one breakdown per (VAT category, rate), VAT =
 * sum of the line net amounts of that group × rate, rounded half-up once (BR-CO-17; never per
 * line, STYLE §6.7). Totals add up with no slack: BT-106 = Σ BT-131 (BR-CO-10),
 * BT-110 = Σ BT-117 (BR-CO-14), BT-112 = BT-109 + BT-110 (BR-CO-15).
 */
export function computeInvoiceTotals(lines: readonly TotalsLine[]): InvoiceTotals {
  const groups = new Map<string, { first: TotalsLine; netAmounts: number[] }>();
  for (const line of lines) {
    const key = `${line.vat.category}:${line.vat.rateBp}`;
    const group = groups.get(key);
    if (group) {
      group.netAmounts.push(line.netAmountCents);
    } else {
      groups.set(key, { first: line, netAmounts: [line.netAmountCents] });
    }
  }

  const vatBreakdown: VatBreakdown[] = [...groups.values()].map(({ first, netAmounts }) => {
    const basisCents = sumCents(netAmounts);
    const { vat } = first;
    if (vat.category === 'E') {
      // BR-E-09: exempt VAT amount is zero; BR-E-10: the reason travels with the breakdown.
      return {
        category: 'E',
        rateBp: 0,
        basisCents,
        vatCents: 0,
        exemptionReasonCode: vat.exemptionReasonCode,
        exemptionReasonText: vat.exemptionReasonText,
      };
    }
    return {
      category: 'S',
      rateBp: vat.rateBp,
      basisCents,
      vatCents: vatAmountCents(basisCents, vat.rateBp),
    };
  });
  vatBreakdown.sort(
    (a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || a.rateBp - b.rateBp,
  );

  const lineTotalCents = sumCents(lines.map((line) => line.netAmountCents));
  const vatTotalCents = sumCents(vatBreakdown.map((row) => row.vatCents));
  const grandTotalCents = lineTotalCents + vatTotalCents;
  return {
    lineTotalCents,
    taxBasisTotalCents: lineTotalCents,
    vatTotalCents,
    grandTotalCents,
    duePayableCents: grandTotalCents,
    vatBreakdown,
  };
}
