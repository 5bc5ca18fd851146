/**
 * What the invoice pages show of issued documents and of the B2C e-reporting summary, formatted
 * in French on the server (loaders return strings, the components only lay them out).
 */
import { isIsoDate, lastDayOfMonth } from '#app/domain/invoicing/calendar-days.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { documentTypeLabel, formatBreakdownRate } from '#app/i18n/invoice-format.ts';
import type { InvoiceSummary } from '#app/models/invoice.server.ts';
import { summarizeB2cEReportingForPeriod } from '#app/models/invoice-export.server.ts';
import { isUuid } from '#app/models/round.server.ts';

export function summarizeInvoice(invoice: InvoiceSummary) {
  return {
    id: invoice.id,
    number: invoice.displayNumber,
    type: documentTypeLabel(invoice.typeCode),
    isCreditNote: invoice.typeCode === '381' || invoice.typeCode === '261',
    buyer: invoice.buyerName,
    buyerKind: invoice.buyerKind === 'b2b' ? 'Professionnel' : 'Particulier',
    issued: formatDay(invoice.issuedOn),
    due: invoice.dueOn ? formatDay(invoice.dueOn) : '—',
    net: formatCents(invoice.netTotalCents),
    vat: formatCents(invoice.vatTotalCents),
    gross: formatCents(invoice.grossTotalCents),
  };
}

export type InvoiceView = ReturnType<typeof summarizeInvoice>;

/**
 * The B2C e-reporting summary of the period in `?du=…&au=…` (default: the month of
 * `defaultDay`), or the reason it cannot be computed.
 */
export async function loadEReporting(request: Request, producerId: string, defaultDay: string) {
  const params = new URL(request.url).searchParams;
  const from = params.get('du') ?? `${defaultDay.slice(0, 7)}-01`;
  const to = params.get('au') ?? lastDayOfMonth(defaultDay);
  const requested = params.has('du') || params.has('au');
  if (!isIsoDate(from) || !isIsoDate(to) || from > to) {
    return { from, to, requested, error: t('invoice.period.invalid'), summary: null };
  }
  if (!requested) {
    return { from, to, requested, error: null, summary: null };
  }
  const result = await summarizeB2cEReportingForPeriod({
    producerId,
    periodStart: from,
    periodEnd: to,
  });
  if (!result.ok) {
    return { from, to, requested, error: result.message, summary: null };
  }
  const { summary } = result;
  return {
    from,
    to,
    requested,
    error: null,
    summary: {
      siren: summary.sellerSiren,
      period: `du ${formatDay(summary.periodStart)} au ${formatDay(summary.periodEnd)}`,
      perRate: summary.perRate.map((row) => ({
        rate: formatBreakdownRate(row),
        net: formatCents(row.netCents),
        vat: formatCents(row.vatCents),
      })),
      net: formatCents(summary.netTotalCents),
      vat: formatCents(summary.vatTotalCents),
      days: summary.days.map((day) => ({
        day: formatDay(day.date),
        count: day.transactionCount,
        net: formatCents(day.netCents),
        vat: formatCents(day.vatCents),
      })),
    },
  };
}

export type EReportingView = Awaited<ReturnType<typeof loadEReporting>>;

/** List filters from the query string: round, issue period (inclusive). */
export function parseInvoiceFilters(params: URLSearchParams) {
  const roundId = params.get('tournee') ?? '';
  const from = params.get('debut') ?? '';
  const to = params.get('fin') ?? '';
  const errors: string[] = [];
  if ((from && !isIsoDate(from)) || (to && !isIsoDate(to)) || (from && to && from > to)) {
    errors.push(t('invoice.period.invalid'));
  }
  return {
    values: { roundId, from, to },
    errors,
    query: {
      ...(isUuid(roundId) ? { roundId } : {}),
      ...(errors.length === 0 && from ? { from } : {}),
      ...(errors.length === 0 && to ? { to } : {}),
    },
  };
}
