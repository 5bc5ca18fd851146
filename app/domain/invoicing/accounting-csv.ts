import { stringify } from 'csv-stringify/sync';
import type { AccountingRow } from './accounting-export.ts';

/** Cents as a French decimal ('1234,56', '-0,05'): what French spreadsheets and accountants read. */
export function formatCentsFr(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.trunc(magnitude / 100)},${String(magnitude % 100).padStart(2, '0')}`;
}

/** Basis points as a French percentage ('5,5', '20', '0'). */
export function formatRateFr(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const decimals = String(rateBp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return decimals ? `${whole},${decimals}` : String(whole);
}

const TYPE_LABELS: Record<AccountingRow['typeCode'], string> = {
  '380': 'Facture',
  '381': 'Avoir',
  '389': 'Autofacturation',
  '261': 'Avoir autofacturé',
};

export const ACCOUNTING_CSV_HEADER = [
  'Numéro',
  'Type',
  'Date',
  'Échéance',
  'Facture d’origine',
  'SIREN vendeur',
  'Client',
  'SIREN client',
  'Type de client',
  'Catégorie TVA',
  'Taux TVA (%)',
  'Montant HT',
  'TVA',
  'Montant TTC',
] as const;

/**
 * The sales journal as CSV: one line per document and VAT rate (credit notes negative), `;`
 * separated, decimal comma, UTF-8 with BOM so Excel opens it with the accents right.
 */
export function accountingRowsToCsv(rows: readonly AccountingRow[]): string {
  const records = rows.map((row) => [
    row.invoiceNumber,
    TYPE_LABELS[row.typeCode],
    row.issueDate,
    row.dueDate ?? '',
    row.precedingInvoiceNumber ?? '',
    row.sellerSiren,
    row.buyerName,
    row.buyerSiren ?? '',
    row.buyerKind === 'b2b' ? 'professionnel' : 'particulier',
    row.vatCategory,
    formatRateFr(row.vatRateBp),
    formatCentsFr(row.netCents),
    formatCentsFr(row.vatCents),
    formatCentsFr(row.grossCents),
  ]);
  return stringify([[...ACCOUNTING_CSV_HEADER], ...records], {
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
}
