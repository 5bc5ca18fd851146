import { multiplyAndRound, ONE_UNIT_MILLI } from '#app/domain/money/money.ts';
import type { InvoiceLine } from './invoice-types.ts';

export type InvoiceLineInput = Omit<InvoiceLine, 'netAmountCents' | 'priceBaseQuantityMilli'> & {
  priceBaseQuantityMilli?: number;
};

/** A line with its net amount computed by the single rounding helper (STYLE §6.7). */
export function buildInvoiceLine(input: InvoiceLineInput): InvoiceLine {
  const priceBaseQuantityMilli = input.priceBaseQuantityMilli ?? ONE_UNIT_MILLI;
  return {
    ...input,
    priceBaseQuantityMilli,
    netAmountCents: multiplyAndRound(
      input.unitPriceCents,
      input.quantityMilli,
      priceBaseQuantityMilli,
    ),
  };
}
