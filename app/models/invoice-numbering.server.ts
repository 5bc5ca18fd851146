import { sql } from 'drizzle-orm';
import { formatInvoiceNumber } from '#app/domain/invoicing/invoice-number.ts';
import type { DomainError, IsoDate } from '#app/domain/invoicing/invoice-types.ts';

/** Any drizzle transaction of our database (the allocation must run inside the issuing one). */
export type { Transaction } from '#app/db/client.server.ts';

import type { Transaction } from '#app/db/client.server.ts';

/**
 * Series of a seller (docs/decisions/006-invoice-numbering.md): invoices in F, credit notes in
 * their own series A (allowed by CGI ann. II 242 nonies A 7°), both reset every year.
 */
export const INVOICE_SERIES = { invoice: 'F', creditNote: 'A' } as const;
export type InvoiceSeries = (typeof INVOICE_SERIES)[keyof typeof INVOICE_SERIES];

/** Digits of the sequence part: F2026-000123 (a seller issues far fewer than a million a year). */
export const INVOICE_NUMBER_WIDTH = 6;

/** Today in the business calendar (Europe/Paris), 'YYYY-MM-DD': the default issue date. */
export function todayInParis(now: Date = new Date()): IsoDate {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(now);
}

export type AllocatedNumber = {
  series: string;
  year: number;
  number: number;
  displayNumber: string;
};

export type AllocationError = DomainError<'not_chronological' | 'invalid_number'>;

/**
 * Allocates `count` consecutive numbers of (issuer, series, year of the issue date) from the
 * counter row, inside the caller's transaction: `update … set next_number = next_number + n
 * … returning` locks the row until commit, so concurrent issues queue, a rollback gives the
 * numbers back, and the sequence stays continuous (CGI ann. II 242 nonies A: chronological and
 * continuous; STYLE §6.8). The row also refuses an issue date earlier than the last one used.
 */
export async function allocateInvoiceNumbers(
  tx: Transaction,
  options: {
    issuerId: string;
    /**
     * The seller's own F or A, or the series of a billing mandate (e.g. 'AF': self-billed
     * invoices a dairy issues in the producer's name); the table checks `^[A-Z]{1,8}$`.
     */
    series: InvoiceSeries | (string & {});
    issueDate: IsoDate;
    count: number;
  },
): Promise<{ ok: true; numbers: AllocatedNumber[] } | AllocationError> {
  const { issuerId, series, issueDate, count } = options;
  const year = Number(issueDate.slice(0, 4));
  await tx.execute(sql`
    insert into public.invoice_series (issuer_id, series, year)
    values (${issuerId}, ${series}, ${year})
    on conflict (issuer_id, series, year) do nothing`);
  const rows = await tx.execute<{ first: number; last_issued_on: string | null }>(sql`
    update public.invoice_series
       set next_number = next_number + ${count}, last_issued_on = ${issueDate}::date
     where issuer_id = ${issuerId} and series = ${series} and year = ${year}
       and (last_issued_on is null or last_issued_on <= ${issueDate}::date)
    returning next_number - ${count} as first, last_issued_on::text`);
  const first = rows[0]?.first;
  if (first === undefined) {
    const [last] = await tx.execute<{ last_issued_on: string }>(sql`
      select last_issued_on::text from public.invoice_series
       where issuer_id = ${issuerId} and series = ${series} and year = ${year}`);
    return {
      ok: false,
      code: 'not_chronological',
      message: `La série ${series} a déjà une pièce datée du ${last?.last_issued_on ?? '?'} : la numérotation étant chronologique, la date d’émission ne peut pas être antérieure.`,
    };
  }
  const numbers: AllocatedNumber[] = [];
  for (let offset = 0; offset < count; offset++) {
    const number = Number(first) + offset;
    const formatted = formatInvoiceNumber({
      prefix: series,
      year,
      number,
      width: INVOICE_NUMBER_WIDTH,
    });
    if (!formatted.ok) {
      return { ok: false, code: 'invalid_number', message: formatted.message };
    }
    numbers.push({ series, year, number, displayNumber: formatted.value });
  }
  return { ok: true, numbers };
}
