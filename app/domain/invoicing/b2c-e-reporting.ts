import { sumCents } from '#app/domain/money/money.ts';
import { compareIsoDates, isIsoDate } from './calendar-days.ts';
import type { DomainError, InvoiceSnapshot, IsoDate, VatCategoryCode } from './invoice-types.ts';
import { isCreditNote } from './invoice-types.ts';

export type EReportingRateRow = {
  category: VatCategoryCode;
  rateBp: number;
  netCents: number;
  vatCents: number;
};

export type EReportingDayRow = {
  date: IsoDate;
  transactionCount: number;
  netCents: number;
  vatCents: number;
};

export type B2cEReportingSummary = {
  sellerSiren: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  currency: 'EUR';
  /** Per VAT rate: total excl. VAT and VAT (CGI ann. II 242 nonies M; RULES-FR EINV-05). */
  perRate: EReportingRateRow[];
  netTotalCents: number;
  vatTotalCents: number;
  /** Per transaction day: number of documents and their amounts. */
  days: EReportingDayRow[];
};

export type EReportingError = DomainError<'invalid_period' | 'foreign_invoice'>;

/** Goods: VAT is chargeable on delivery (CGI 269-2-a), so the operation date is the delivery. */
function operationDate(invoice: InvoiceSnapshot): IsoDate {
  return invoice.deliveryDate ?? invoice.billingPeriod?.end ?? invoice.issueDate;
}

/**
 * B2C e-reporting data of one seller for one period, from the issued invoices and credit notes
 * (credit notes count negative). Only documents with the B2C marker are reported: B2B ones
 * travel as e-invoices. Every document is one transaction of its day.
 */
export function summarizeB2cEReporting(input: {
  sellerSiren: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
  invoices: readonly InvoiceSnapshot[];
}): { ok: true; summary: B2cEReportingSummary } | EReportingError {
  const { sellerSiren, periodStart, periodEnd } = input;
  if (!isIsoDate(periodStart) || !isIsoDate(periodEnd) || periodStart > periodEnd) {
    return { ok: false, code: 'invalid_period', message: 'Période de déclaration invalide.' };
  }
  const foreign = input.invoices.find((invoice) => invoice.seller.siren !== sellerSiren);
  if (foreign) {
    return {
      ok: false,
      code: 'foreign_invoice',
      message: `La facture ${foreign.number} n’est pas émise par le SIREN ${sellerSiren}.`,
    };
  }
  const reported = input.invoices.filter((invoice) => {
    const date = operationDate(invoice);
    return invoice.buyerKind === 'b2c' && date >= periodStart && date <= periodEnd;
  });

  const rates = new Map<
    string,
    { category: VatCategoryCode; rateBp: number; net: number[]; vat: number[] }
  >();
  const days = new Map<IsoDate, { count: number; net: number[]; vat: number[] }>();
  for (const invoice of reported) {
    const sign = isCreditNote(invoice.typeCode) ? -1 : 1;
    for (const row of invoice.totals.vatBreakdown) {
      const key = `${row.category}:${row.rateBp}`;
      const rate = rates.get(key) ?? {
        category: row.category,
        rateBp: row.rateBp,
        net: [],
        vat: [],
      };
      rate.net.push(sign * row.basisCents);
      rate.vat.push(sign * row.vatCents);
      rates.set(key, rate);
    }
    const date = operationDate(invoice);
    const day = days.get(date) ?? { count: 0, net: [], vat: [] };
    day.count += 1;
    day.net.push(sign * invoice.totals.taxBasisTotalCents);
    day.vat.push(sign * invoice.totals.vatTotalCents);
    days.set(date, day);
  }

  const perRate = [...rates.values()]
    .map(({ category, rateBp, net, vat }) => ({
      category,
      rateBp,
      netCents: sumCents(net),
      vatCents: sumCents(vat),
    }))
    .sort((a, b) =>
      a.category < b.category ? -1 : a.category > b.category ? 1 : a.rateBp - b.rateBp,
    );
  return {
    ok: true,
    summary: {
      sellerSiren,
      periodStart,
      periodEnd,
      currency: 'EUR',
      perRate,
      netTotalCents: sumCents(perRate.map((row) => row.netCents)),
      vatTotalCents: sumCents(perRate.map((row) => row.vatCents)),
      days: [...days.entries()]
        .sort(([a], [b]) => compareIsoDates(a, b))
        .map(([date, { count, net, vat }]) => ({
          date,
          transactionCount: count,
          netCents: sumCents(net),
          vatCents: sumCents(vat),
        })),
    },
  };
}
