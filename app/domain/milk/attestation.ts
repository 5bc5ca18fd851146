import { stringify } from 'csv-stringify/sync';
import { formatCentsFr } from '#app/domain/invoicing/accounting-csv.ts';
import { percentageOfCents } from '#app/domain/money/money.ts';
import { toScaledInteger } from '#app/domain/pricing/decimal.ts';
import { monthLabel } from './month.ts';
import { MILK_FLAT_RATE_REFUND_PERCENT } from './schemas.ts';

/**
 * The buyer's annual attestation for farmers under the flat-rate refund regime (RULES-FR INV-09,
 * CGI ann. II art. 265 and 266): what the buyer paid each farmer in the year, which the farmer
 * attaches to his refund claim (5.59 % for milk, VAT-05). One line per invoiced month (the
 * current invoice after any correction), then the year's total and the refund it gives.
 */

export type AttestationMonth = {
  month: string;
  invoiceNumber: string;
  litres: number;
  /** Paid amount: no VAT on a flat-rate farmer's invoice, so net = total. */
  netCents: number;
};

export type AttestationFarmer = {
  producerName: string;
  siret: string | null;
  dairyName: string;
  dairySiren: string | null;
  months: readonly AttestationMonth[];
};

export type AttestationTotals = { litres: number; netCents: number; refundCents: number };

export function attestationTotals(months: readonly AttestationMonth[]): AttestationTotals {
  const litres = months.reduce((sum, m) => sum + m.litres, 0);
  const netCents = months.reduce((sum, m) => sum + m.netCents, 0);
  return {
    litres,
    netCents,
    // The refund is computed on the year's sales, rounded once (CGI 298 quater).
    refundCents: percentageOfCents(netCents, toScaledInteger(MILK_FLAT_RATE_REFUND_PERCENT, 2)),
  };
}

export const ATTESTATION_CSV_HEADER = [
  'Année',
  'Acheteur',
  'SIREN acheteur',
  'Producteur',
  'SIRET producteur',
  'Mois de collecte',
  'Facture',
  'Litres',
  'Montant payé (sans TVA)',
  'Remboursement forfaitaire 5,59 %',
] as const;

/** `;`, decimal comma, UTF-8 with BOM, as the other exports (Excel opens it with its accents). */
export function attestationCsv(year: number, farmers: readonly AttestationFarmer[]): string {
  const records = farmers.flatMap((farmer) => {
    const identity = [
      String(year),
      farmer.dairyName,
      farmer.dairySiren ?? '',
      farmer.producerName,
      farmer.siret ?? '',
    ];
    const totals = attestationTotals(farmer.months);
    return [
      ...farmer.months.map((m) => [
        ...identity,
        monthLabel(m.month),
        m.invoiceNumber,
        String(m.litres),
        formatCentsFr(m.netCents),
        '',
      ]),
      [
        ...identity,
        `Total ${year}`,
        '',
        String(totals.litres),
        formatCentsFr(totals.netCents),
        formatCentsFr(totals.refundCents),
      ],
    ];
  });
  return stringify([[...ATTESTATION_CSV_HEADER], ...records], {
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
}
