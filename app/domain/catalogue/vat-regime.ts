import { formatPercentBasisPoints } from './french-number.ts';

/** The producer's VAT regime, as recorded on its legal identity (null: not filled in yet). */
export type ProducerVatRegime = 'liable' | 'flat_rate' | 'franchise' | null;

/**
 * A product's VAT rate must agree with its producer's regime: a flat-rate farmer
 * (remboursement forfaitaire, CGI 298 bis) or a business under the franchise (CGI 293 B)
 * invoices no VAT; a VAT-liable producer must give a rate. Returns the French message for
 * the producer, or null when the rate fits (or the regime is unknown).
 */
export function checkVatRateForRegime(
  vatRateBp: number | null,
  regime: ProducerVatRegime,
): string | null {
  if (regime === 'liable' && vatRateBp === null) {
    return 'Vous êtes assujetti à la TVA : indiquez le taux du produit (5,5 %, 10 % ou 20 %).';
  }
  if ((regime === 'flat_rate' || regime === 'franchise') && vatRateBp !== null) {
    const rate = formatPercentBasisPoints(vatRateBp);
    const why =
      regime === 'flat_rate' ? 'au remboursement forfaitaire agricole' : 'en franchise de TVA';
    return `Taux de TVA ${rate} % impossible : vous êtes ${why}, indiquez « aucune ».`;
  }
  return null;
}

/** Every row whose VAT rate contradicts the producer's regime, as import errors. */
export function findVatRegimeErrors(options: {
  rows: readonly { vatRateBp: number | null; line: number }[];
  regime: ProducerVatRegime;
  column: string;
}): { line: number; column: string; value: string | null; message: string }[] {
  const errors = [];
  for (const row of options.rows) {
    const message = checkVatRateForRegime(row.vatRateBp, options.regime);
    if (message !== null) {
      const value =
        row.vatRateBp === null ? 'aucune' : `${formatPercentBasisPoints(row.vatRateBp)} %`;
      errors.push({ line: row.line, column: options.column, value, message });
    }
  }
  return errors;
}
