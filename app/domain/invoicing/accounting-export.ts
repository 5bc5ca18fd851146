import type {
  BuyerKind,
  InvoiceSnapshot,
  InvoiceTypeCode,
  IsoDate,
  VatCategoryCode,
} from './invoice-types.ts';
import { isCreditNote } from './invoice-types.ts';

/**
 * One row per invoice and VAT rate, the shape accountants import (sales journal). Amounts are
 * signed: credit notes are negative so a column sum is the period's turnover.
 */
export type AccountingRow = {
  invoiceNumber: string;
  typeCode: InvoiceTypeCode;
  issueDate: IsoDate;
  dueDate?: IsoDate;
  precedingInvoiceNumber?: string;
  sellerSiren: string;
  buyerName: string;
  buyerSiren?: string;
  buyerKind: BuyerKind;
  vatCategory: VatCategoryCode;
  vatRateBp: number;
  netCents: number;
  vatCents: number;
  grossCents: number;
};

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sales-journal rows of issued invoices and credit notes, in issue order then number. */
export function toAccountingRows(invoices: readonly InvoiceSnapshot[]): AccountingRow[] {
  return (
    [...invoices]
      // Code-unit order, not localeCompare: the export must not depend on the server's locale.
      .sort((a, b) => compareText(a.issueDate, b.issueDate) || compareText(a.number, b.number))
      .flatMap((invoice) => {
        const sign = isCreditNote(invoice.typeCode) ? -1 : 1;
        return invoice.totals.vatBreakdown.map((row) => ({
          invoiceNumber: invoice.number,
          typeCode: invoice.typeCode,
          issueDate: invoice.issueDate,
          ...(invoice.payment.dueDate ? { dueDate: invoice.payment.dueDate } : {}),
          ...(invoice.precedingInvoice
            ? { precedingInvoiceNumber: invoice.precedingInvoice.number }
            : {}),
          sellerSiren: invoice.seller.siren ?? '',
          buyerName: invoice.buyer.name,
          ...(invoice.buyer.siren ? { buyerSiren: invoice.buyer.siren } : {}),
          buyerKind: invoice.buyerKind,
          vatCategory: row.category,
          vatRateBp: row.rateBp,
          netCents: sign * row.basisCents,
          vatCents: sign * row.vatCents,
          grossCents: sign * (row.basisCents + row.vatCents),
        }));
      })
  );
}
