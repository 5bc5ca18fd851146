import type { LineVat, VatRegime } from './invoice-types.ts';

/**
 * VAT of a line sold by a farmer under the remboursement forfaitaire agricole (RFA): no VAT is
 * charged, the State refunds a flat rate to the farmer (CGI 298 bis I, 298 quater; RULES-FR
 * VAT-04/VAT-05).
 *
 * TO BE CONFIRMED BY AN ACCOUNTANT (RULES-FR VAT-06 [V], open point 2). Choice made here:
 * - category E "exempt": the sale is within the scope of VAT (the farmer is an assujetti), so
 *   O "not subject" would be wrong, and O forbids the buyer's VAT number (BR-O-02);
 * - reason code VATEX-FR-CNWVAT ("without VAT, due to supplier forfait of VAT"), the only
 *   entry of the EN 16931 VATEX list (v1.3.16) that names the agricultural forfait; the
 *   alternative VATEX-FR-FRANCHISE is the art. 293 B franchise, another regime;
 * - the printed mention below, which is also the BT-120 reason text (BR-E-10).
 * Changing the decision means changing only this constant.
 */
export const FLAT_RATE_VAT_EXEMPTION = {
  code: 'VATEX-FR-CNWVAT',
  text: 'TVA non applicable : producteur agricole au remboursement forfaitaire (CGI art. 298 bis et 298 quater)',
} as const;

/**
 * The VAT a line carries given the seller's regime and the product's French rate: a liable
 * seller charges the catalogue rate (category S), a flat-rate farmer charges none.
 */
export function resolveLineVat(regime: VatRegime, catalogueRateBp: number): LineVat {
  if (regime === 'flat_rate') {
    return {
      category: 'E',
      rateBp: 0,
      exemptionReasonCode: FLAT_RATE_VAT_EXEMPTION.code,
      exemptionReasonText: FLAT_RATE_VAT_EXEMPTION.text,
    };
  }
  return { category: 'S', rateBp: catalogueRateBp };
}
