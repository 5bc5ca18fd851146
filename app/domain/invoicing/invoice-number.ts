import type { DomainError } from './invoice-types.ts';

/** BR-FR-01: at most 35 characters; BR-FR-02: only A-Z a-z 0-9 + - _ / (no spaces). */
export const INVOICE_NUMBER_MAX_LENGTH = 35;
const INVOICE_NUMBER_PATTERN = /^[A-Za-z0-9+\-_/]+$/;

export type InvoiceNumberError = DomainError<
  'invalid_sequence_number' | 'invalid_year' | 'invalid_width' | 'invalid_characters' | 'too_long'
>;

export type FormatInvoiceNumberOptions = {
  /** Series prefix, e.g. 'F' (invoices), 'AV' (credit notes), 'AF-LAIT-' (self-billed milk). */
  prefix: string;
  /** Yearly reset: the year is part of the number. */
  year: number;
  /** Value allocated by the counter row of the series (1, 2, 3 … with no gap). */
  number: number;
  /** Minimum number of digits, zero-padded (never truncates). */
  width: number;
};

/** True when the text is a valid French e-invoice number (BR-FR-01/02). */
export function isValidInvoiceNumber(value: string): boolean {
  return value.length <= INVOICE_NUMBER_MAX_LENGTH && INVOICE_NUMBER_PATTERN.test(value);
}

/**
 * Display form of an allocated number: `${prefix}${year}-${number padded to width}`, e.g.
 * F2026-000123. Allocation itself (chronological, continuous, per series) happens in the issuing
 * transaction (CGI ann. II 242 nonies A 7°, STYLE §6.8); this function only formats.
 */
export function formatInvoiceNumber({
  prefix,
  year,
  number,
  width,
}: FormatInvoiceNumberOptions): { ok: true; value: string } | InvoiceNumberError {
  if (!Number.isSafeInteger(number) || number < 1) {
    return {
      ok: false,
      code: 'invalid_sequence_number',
      message: `Numéro de séquence invalide : ${number} (entier ≥ 1 attendu).`,
    };
  }
  if (!Number.isInteger(year) || year < 2000 || year > 2099) {
    // BR-FR-03 only accepts dates in 2000–2099; the number's year follows the issue date.
    return { ok: false, code: 'invalid_year', message: `Année invalide : ${year}.` };
  }
  if (!Number.isInteger(width) || width < 1 || width > 20) {
    return { ok: false, code: 'invalid_width', message: `Largeur invalide : ${width}.` };
  }
  const value = `${prefix}${year}-${String(number).padStart(width, '0')}`;
  if (!INVOICE_NUMBER_PATTERN.test(value)) {
    return {
      ok: false,
      code: 'invalid_characters',
      message: `Le numéro « ${value} » contient des caractères interdits (seuls A-Z, a-z, 0-9, +, -, _ et / sont permis).`,
    };
  }
  if (value.length > INVOICE_NUMBER_MAX_LENGTH) {
    return {
      ok: false,
      code: 'too_long',
      message: `Le numéro « ${value} » dépasse ${INVOICE_NUMBER_MAX_LENGTH} caractères.`,
    };
  }
  return { ok: true, value };
}
