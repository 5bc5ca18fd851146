import { describe, expect, it } from 'vitest';
import {
  i1CreditNote,
  i1RestaurantInvoice,
  milkSelfBilledInvoice,
} from '#test/einvoice/invoice-scenarios.ts';
import { toAccountingRows } from './accounting-export.ts';

describe('toAccountingRows', () => {
  it('une ligne par facture et par taux, avoirs en négatif, dans l’ordre d’émission', () => {
    const rows = toAccountingRows([i1CreditNote(), i1RestaurantInvoice(), milkSelfBilledInvoice()]);
    expect(
      rows.map((row) => [
        row.invoiceNumber,
        row.typeCode,
        row.vatRateBp,
        row.netCents,
        row.vatCents,
        row.grossCents,
      ]),
    ).toEqual([
      ['AF-LAIT-2026-0017', '389', 550, 1_460_319, 80_318, 1_540_637],
      ['F2026-000042', '380', 550, 34_800, 1914, 36_714],
      ['F2026-000042', '380', 1000, 2400, 240, 2640],
      ['AV2026-000003', '381', 550, -3600, -198, -3798],
    ]);
    expect(rows[3]).toMatchObject({
      precedingInvoiceNumber: 'F2026-000042',
      buyerSiren: '900000027',
    });
    expect(rows[1]).toMatchObject({
      dueDate: '2026-10-04',
      sellerSiren: '900000019',
      buyerKind: 'b2b',
    });
  });

  it('la somme des lignes d’une facture égale son total TTC', () => {
    const invoice = i1RestaurantInvoice();
    const rows = toAccountingRows([invoice]);
    expect(rows.reduce((sum, row) => sum + row.grossCents, 0)).toBe(invoice.totals.grandTotalCents);
  });

  it('aucune facture, aucune ligne', () => {
    expect(toAccountingRows([])).toEqual([]);
  });
});
