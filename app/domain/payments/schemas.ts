import { z } from 'zod';
import { parseEuroCents } from '#app/domain/catalogue/french-number.ts';
import { formatCentsFr } from '#app/domain/invoicing/accounting-csv.ts';
import { isIsoDate } from '#app/domain/invoicing/calendar-days.ts';
import { normalizeBic, normalizeIban } from './bank-details.ts';
import { tp } from './messages.ts';

/** A sanity bound for an amount typed by hand: 10 000 € (a household's week is far below). */
export const MANUAL_AMOUNT_MAX_CENTS = 1_000_000;
export const REFERENCE_MAX_LENGTH = 80;
export const REASON_MAX_LENGTH = 300;

/** Euros as typed in French ("12,50", "12.5 €") → cents, with the parser's message. */
const EuroAmountSchema = z
  .string()
  .optional()
  .transform((text, ctx) => {
    if (text === undefined || text.trim() === '') {
      return null;
    }
    const parsed = parseEuroCents(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: tp('amount.invalid') });
      return z.NEVER;
    }
    if (parsed.value === 0) {
      ctx.addIssue({ code: 'custom', message: tp('amount.zero') });
      return z.NEVER;
    }
    if (parsed.value > MANUAL_AMOUNT_MAX_CENTS) {
      const max = `${formatCentsFr(MANUAL_AMOUNT_MAX_CENTS)} €`;
      ctx.addIssue({ code: 'custom', message: tp('amount.tooLarge', { max }) });
      return z.NEVER;
    }
    return parsed.value;
  });

const ReferenceSchema = z
  .string()
  .trim()
  .max(REFERENCE_MAX_LENGTH, tp('reference.tooLong', { max: REFERENCE_MAX_LENGTH }))
  .optional()
  .transform((text) => (text ? text : null));

/** A manual payment (cash, cheque, transfer) recorded by the coordinator or a producer. */
export const ManualPaymentSchema = z.object({
  householdId: z.uuid({ error: tp('household.invalid') }),
  /** A producer of the sheet, or 'all': each producer's remaining balance. */
  producerId: z.union([z.literal('all'), z.uuid()], { error: tp('producer.invalid') }),
  method: z.enum(['cash', 'cheque', 'transfer'], { error: tp('method.invalid') }),
  /** Blank: exactly what is still owed. */
  amount: EuroAmountSchema,
  reference: ReferenceSchema,
  receivedOn: z
    .string({ error: tp('date.invalid') })
    .trim()
    .refine(isIsoDate, tp('date.invalid')),
});
export type ManualPaymentInput = z.infer<typeof ManualPaymentSchema>;

const ReasonSchema = z
  .string({ error: tp('reason.required') })
  .trim()
  .min(1, tp('reason.required'))
  .max(REASON_MAX_LENGTH, tp('reason.tooLong', { max: REASON_MAX_LENGTH }));

export const CancelSchema = z.object({
  id: z.uuid({ error: tp('payment.notFound') }),
  reason: ReasonSchema,
});

/** Money given back by hand for one producer's overpaid part. */
export const ManualRefundSchema = z.object({
  householdId: z.uuid({ error: tp('household.invalid') }),
  producerId: z.uuid({ error: tp('producer.invalid') }),
  method: z.enum(['cash', 'cheque', 'transfer'], { error: tp('method.invalid') }),
  amount: EuroAmountSchema,
  note: ReferenceSchema,
});

/** The producer's bank details shown to households paying by transfer (all blank: none). */
export const BankDetailsSchema = z
  .object({
    holder: z.string().trim().optional(),
    iban: z.string().optional(),
    bic: z.string().optional(),
  })
  .transform((value, ctx) => {
    const holder = value.holder ?? '';
    const ibanText = (value.iban ?? '').trim();
    const bicText = (value.bic ?? '').trim();
    if (holder === '' && ibanText === '' && bicText === '') {
      return { holder: null, iban: null, bic: null };
    }
    const iban = normalizeIban(ibanText);
    const bic = bicText === '' ? null : normalizeBic(bicText);
    if (!iban) {
      ctx.addIssue({ code: 'custom', path: ['iban'], message: tp('iban.invalid') });
    }
    if (bicText !== '' && !bic) {
      ctx.addIssue({ code: 'custom', path: ['bic'], message: tp('bic.invalid') });
    }
    if (holder.length < 2 || holder.length > 120) {
      ctx.addIssue({ code: 'custom', path: ['holder'], message: tp('holder.invalid') });
    }
    return { holder, iban, bic };
  });

const OptionalDay = z
  .string()
  .trim()
  .optional()
  .transform((text) => (text ? text : undefined))
  .refine((text) => text === undefined || isIsoDate(text), 'Date invalide (AAAA-MM-JJ).');
const OptionalId = z
  .string()
  .trim()
  .optional()
  .transform((text) => (text ? text : undefined))
  .pipe(z.uuid('Identifiant invalide.').optional());

/** `?tournee=…&feuille=…&du=…&au=…` of the reconciliation page and its CSV. */
export const ReconciliationFiltersSchema = z
  .object({ tournee: OptionalId, feuille: OptionalId, du: OptionalDay, au: OptionalDay })
  .refine((filters) => !filters.du || !filters.au || filters.du <= filters.au, {
    message: 'La période est à l’envers : « du » doit précéder « au ».',
  });
