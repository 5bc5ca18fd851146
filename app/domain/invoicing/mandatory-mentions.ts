import type { BuyerKind, InvoiceNote, InvoiceTypeCode, VatRegime } from './invoice-types.ts';
import { isSelfBilled } from './invoice-types.ts';
import { FLAT_RATE_VAT_EXEMPTION } from './vat-regime.ts';

/**
 * The French mandatory mentions as data: the PDF prints them, the Factur-X XML carries them as
 * notes (BG-1). BR-FR-05/06 want exactly one note of each subject PMD (late-payment penalties),
 * PMT (fixed recovery indemnity) and AAB (early-payment discount) on every invoice and credit
 * note, B2C included; C. com. L441-9 I and L441-10 II give the B2B wording (RULES-FR INV-02/03).
 */
export const MENTION_TEXTS = {
  latePenaltiesB2b:
    'En cas de retard de paiement, pénalités exigibles sans rappel au taux de refinancement de la BCE majoré de 10 points (C. com. L441-10 II).',
  // [V] consumers owe only statutory interest (C. civ. 1231-6); to confirm with a lawyer.
  latePenaltiesB2c: 'En cas de retard de paiement, intérêts au taux légal en vigueur.',
  recoveryIndemnityB2b:
    'Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 € (C. com. L441-10 II et D441-5).',
  // D441-5 applies between professionals only (RULES-FR INV-03), but BR-FR-05 still wants PMT.
  recoveryIndemnityB2c:
    'Indemnité forfaitaire pour frais de recouvrement de 40 € : non applicable (client non professionnel).',
  noEarlyPaymentDiscount: "Pas d'escompte pour paiement anticipé.",
} as const;

export type MandatoryMentionsInput = {
  buyerKind: BuyerKind;
  typeCode: InvoiceTypeCode;
  sellerVatRegime: VatRegime;
  /** Contractual penalty wording replacing the default rate (≥ 3 × the legal rate, L441-10 II). */
  latePenaltiesText?: string;
  /** Billing mandate of a self-billed document, e.g. 'mandat écrit du 2026-01-02' (INV-07). */
  billingMandate?: string;
};

/** "Autofacturation" mention of CGI ann. II 242 nonies A 14° for 389/261 documents. */
export function selfBillingMention(typeCode: InvoiceTypeCode, billingMandate?: string): string {
  const documentText = typeCode === '261' ? 'avoir émis' : 'facture émise';
  const mandate = billingMandate ? ` ; ${billingMandate}` : '';
  return `Autofacturation : ${documentText} par l'acheteur au nom et pour le compte du vendeur (CGI art. 289 I-2)${mandate}.`;
}

/**
 * Notes every Cabas invoice carries, in print order: regulatory mentions first (self-billing,
 * VAT regime), then PMD, PMT and AAB, each exactly once (BR-FR-05/06).
 */
export function buildMandatoryNotes(input: MandatoryMentionsInput): InvoiceNote[] {
  const notes: InvoiceNote[] = [];
  if (isSelfBilled(input.typeCode)) {
    notes.push({
      subjectCode: 'REG',
      text: selfBillingMention(input.typeCode, input.billingMandate),
    });
  }
  if (input.sellerVatRegime === 'flat_rate') {
    // CGI ann. II 242 nonies A 12°: an invoice without VAT states why.
    notes.push({ subjectCode: 'REG', text: FLAT_RATE_VAT_EXEMPTION.text });
  }
  const isB2b = input.buyerKind === 'b2b';
  notes.push(
    {
      subjectCode: 'PMD',
      text:
        input.latePenaltiesText ??
        (isB2b ? MENTION_TEXTS.latePenaltiesB2b : MENTION_TEXTS.latePenaltiesB2c),
    },
    {
      subjectCode: 'PMT',
      text: isB2b ? MENTION_TEXTS.recoveryIndemnityB2b : MENTION_TEXTS.recoveryIndemnityB2c,
    },
    { subjectCode: 'AAB', text: MENTION_TEXTS.noEarlyPaymentDiscount },
  );
  return notes;
}
