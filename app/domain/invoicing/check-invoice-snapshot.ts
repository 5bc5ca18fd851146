import { multiplyAndRound } from '#app/domain/money/money.ts';
import { isFrenchVatRateBp } from '#app/domain/money/vat-rates.ts';
import { compareIsoDates, isIsoDate } from './calendar-days.ts';
import { computeInvoiceTotals } from './compute-invoice-totals.ts';
import { isValidInvoiceNumber } from './invoice-number.ts';
import type { InvoiceParty, InvoiceSnapshot, InvoiceTotals } from './invoice-types.ts';
import { isCreditNote, isSelfBilled } from './invoice-types.ts';

export type InvoiceIssueCode =
  | 'invalid_number'
  | 'invalid_date'
  | 'no_lines'
  | 'invalid_line_amount'
  | 'inconsistent_totals'
  | 'invalid_vat'
  | 'missing_siren'
  | 'invalid_siret'
  | 'invalid_electronic_address'
  | 'missing_seller_vat_number'
  | 'missing_preceding_invoice'
  | 'missing_mandatory_mention';

export type InvoiceIssue = { code: InvoiceIssueCode; message: string };

const SIREN = /^\d{9}$/;
// BR-FR-23: characters allowed in a 0225 electronic address.
const ADDRESS_0225 = /^[A-Za-z0-9+\-_.]+$/;

/** Field-by-field, so totals read back from storage compare whatever their key order. */
function hasSameTotals(expected: InvoiceTotals, actual: InvoiceTotals): boolean {
  const amounts = [
    'lineTotalCents',
    'taxBasisTotalCents',
    'vatTotalCents',
    'grandTotalCents',
    'duePayableCents',
  ] as const;
  const rowFields = [
    'category',
    'rateBp',
    'basisCents',
    'vatCents',
    'exemptionReasonCode',
    'exemptionReasonText',
  ] as const;
  return (
    amounts.every((field) => expected[field] === actual[field]) &&
    expected.vatBreakdown.length === actual.vatBreakdown.length &&
    expected.vatBreakdown.every((row, index) => {
      const other = actual.vatBreakdown[index];
      return other !== undefined && rowFields.every((field) => row[field] === other[field]);
    })
  );
}

function checkParty(party: InvoiceParty, role: string, needsSiren: boolean): InvoiceIssue[] {
  const issues: InvoiceIssue[] = [];
  if (needsSiren && !SIREN.test(party.siren ?? '')) {
    issues.push({
      code: 'missing_siren',
      message: `SIREN du ${role} absent ou invalide (9 chiffres).`,
    });
  }
  if (
    party.siret !== undefined &&
    !(/^\d{14}$/.test(party.siret) && party.siret.startsWith(party.siren ?? '-'))
  ) {
    // BR-FR-09
    issues.push({
      code: 'invalid_siret',
      message: `SIRET du ${role} invalide : 14 chiffres commençant par le SIREN.`,
    });
  }
  const { scheme, value } = party.electronicAddress;
  const is0225Valid = ADDRESS_0225.test(value) && value.startsWith(party.siren ?? '-');
  if (value === '' || (scheme === '0225' && !is0225Valid)) {
    // BR-FR-12/13 (mandatory), BR-FR-21/22/23 (0225 starts with the SIREN).
    issues.push({
      code: 'invalid_electronic_address',
      message: `Adresse électronique du ${role} invalide : en schéma 0225 elle commence par le SIREN.`,
    });
  }
  return issues;
}

/**
 * Everything that must hold before an invoice is issued or rendered, each check citing the
 * EN 16931 / French rule it anticipates. Returns all issues (empty list = valid).
 */
export function checkInvoiceSnapshot(invoice: InvoiceSnapshot): InvoiceIssue[] {
  const issues: InvoiceIssue[] = [];
  const add = (code: InvoiceIssueCode, message: string) => issues.push({ code, message });

  if (!isValidInvoiceNumber(invoice.number)) {
    add('invalid_number', `Numéro de facture « ${invoice.number} » invalide (BR-FR-01/02).`);
  }
  const dates = [
    invoice.issueDate,
    invoice.deliveryDate,
    invoice.payment.dueDate,
    invoice.billingPeriod?.start,
    invoice.billingPeriod?.end,
  ];
  if (dates.some((date) => date !== undefined && !isIsoDate(date))) {
    add('invalid_date', 'Une date de la facture est invalide (AAAA-MM-JJ attendu).');
  } else if (
    invoice.payment.dueDate &&
    compareIsoDates(invoice.payment.dueDate, invoice.issueDate) < 0
  ) {
    add('invalid_date', 'L’échéance précède la date de facture (BR-FR-CO-07).');
  }
  if (invoice.lines.length === 0) {
    add('no_lines', 'Une facture contient au moins une ligne (BR-16).');
  }
  for (const line of invoice.lines) {
    const expected = multiplyAndRound(
      line.unitPriceCents,
      line.quantityMilli,
      line.priceBaseQuantityMilli,
    );
    if (line.netAmountCents !== expected || line.unitPriceCents < 0) {
      add(
        'invalid_line_amount',
        `Montant de la ligne ${line.lineId} incohérent avec prix × quantité.`,
      );
    }
    const expectedCategory = invoice.sellerVatRegime === 'flat_rate' ? 'E' : 'S';
    if (
      line.vat.category !== expectedCategory ||
      (line.vat.category === 'S' && !isFrenchVatRateBp(line.vat.rateBp))
    ) {
      add(
        'invalid_vat',
        `TVA de la ligne ${line.lineId} incohérente avec le régime du vendeur (BR-FR-15/16).`,
      );
    }
  }
  if (!hasSameTotals(computeInvoiceTotals(invoice.lines), invoice.totals)) {
    add('inconsistent_totals', 'Les totaux ne correspondent pas aux lignes (BR-CO-10 à BR-CO-17).');
  }

  issues.push(...checkParty(invoice.seller, 'vendeur', true));
  issues.push(...checkParty(invoice.buyer, 'client', invoice.buyerKind === 'b2b'));
  if (invoice.buyerKind === 'b2b') {
    // BR-FR-21/22: the receiving party's address is a 0225 one (the seller's when self-billed).
    const receiver = isSelfBilled(invoice.typeCode) ? invoice.seller : invoice.buyer;
    if (receiver.electronicAddress.scheme !== '0225') {
      add(
        'invalid_electronic_address',
        'En B2B, l’adresse électronique de réception est en schéma 0225.',
      );
    }
  }
  if (!invoice.seller.vatNumber) {
    // BR-S-02 / BR-E-02: a seller VAT identifier for standard-rated and exempt lines.
    add('missing_seller_vat_number', 'Numéro de TVA intracommunautaire du vendeur absent.');
  }
  if (isCreditNote(invoice.typeCode)) {
    const preceding = invoice.precedingInvoice;
    if (!preceding || !isValidInvoiceNumber(preceding.number) || !isIsoDate(preceding.issueDate)) {
      add(
        'missing_preceding_invoice',
        'Un avoir référence la facture d’origine et sa date (BR-FR-CO-05).',
      );
    }
  }
  for (const subject of ['PMD', 'PMT', 'AAB'] as const) {
    if (invoice.notes.filter((note) => note.subjectCode === subject).length !== 1) {
      add(
        'missing_mandatory_mention',
        `Mention obligatoire ${subject} absente ou en double (BR-FR-05/06).`,
      );
    }
  }
  if (
    isSelfBilled(invoice.typeCode) &&
    !invoice.notes.some((note) => note.text.startsWith('Autofacturation'))
  ) {
    add(
      'missing_mandatory_mention',
      'Mention « Autofacturation » absente (CGI ann. II 242 nonies A).',
    );
  }
  return issues;
}
