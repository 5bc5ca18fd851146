/**
 * The invoice snapshot: everything an invoice prints, frozen at issue time (STYLE §6.8,
 * CGI ann. II art. 242 nonies A). The PDF and the Factur-X XML are both rendered from it and
 * never re-read catalogues or organisations. Amounts in integer cents, quantities in thousandths,
 * rates in basis points; calendar days as 'YYYY-MM-DD'.
 */

/** A calendar day 'YYYY-MM-DD' (never a Date: STYLE §6.10). */
export type IsoDate = string;

/**
 * EN 16931 BT-3 (UNTDID 1001), restricted to what Cabas issues (all allowed by BR-FR-04):
 * 380 invoice, 381 credit note, 389 self-billed invoice, 261 self-billed credit note.
 */
export type InvoiceTypeCode = '380' | '381' | '389' | '261';

/**
 * Seller VAT regime (RULES-FR VAT-04): `liable` charges VAT (régime simplifié agricole or
 * normal); `flat_rate` is the remboursement forfaitaire agricole (CGI 298 bis I): no VAT on the
 * invoice, the State pays the farmer a flat refund (VAT-05).
 */
export type VatRegime = 'liable' | 'flat_rate';

/** Professional buyer (B2B, e-invoicing) or consumer (B2C, e-reporting): French note BAR. */
export type BuyerKind = 'b2b' | 'b2c';

/** Payment-deadline class of a product (RULES-FR INV-04, C. com. L441-11 II). */
export type ProductKind = 'fresh_meat' | 'perishable' | 'general';

/**
 * UN/ECE Recommendation 20/21 unit codes used by farm sales (EN 16931 BT-130).
 * C62 one (piece), H87 piece, KGM kilogram, GRM gram, TNE tonne, LTR litre, CLT centilitre,
 * MLT millilitre, DZN dozen, XBX box.
 */
export type UnitCode =
  | 'C62'
  | 'H87'
  | 'KGM'
  | 'GRM'
  | 'TNE'
  | 'LTR'
  | 'CLT'
  | 'MLT'
  | 'DZN'
  | 'XBX';

/** EN 16931 BT-151/BT-118 categories Cabas uses (BR-FR-15 allows S, E, AE, K, G, O, Z). */
export type VatCategoryCode = 'S' | 'E';

/** VAT of a line: standard-rated, or exempt with its legal reason (BR-E-05, BR-E-10). */
export type LineVat =
  | { category: 'S'; rateBp: number }
  | {
      category: 'E';
      rateBp: 0;
      /** VATEX code (EN 16931 BT-121). */
      exemptionReasonCode: string;
      /** Printed legal mention (EN 16931 BT-120). */
      exemptionReasonText: string;
    };

export type PostalAddress = {
  line1: string;
  line2?: string;
  postcode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  countryCode: string;
};

/**
 * Electronic address (EN 16931 BT-34/BT-49). French B2B: scheme 0225, value starting with the
 * SIREN (BR-FR-21/22/23). A consumer may be reached by e-mail (scheme EM).
 */
export type ElectronicAddress = { scheme: '0225' | 'EM'; value: string };

/** Legal identity of seller or buyer as printed on the invoice. */
export type InvoiceParty = {
  name: string;
  /** 9 digits (BT-30/BT-47, scheme 0002); mandatory for the seller and for B2B buyers. */
  siren?: string;
  /** 14 digits starting with the SIREN (BT-29/BT-46, scheme 0009; BR-FR-09). */
  siret?: string;
  /** Intra-EU VAT number, e.g. FR25900000019 (BT-31/BT-48). */
  vatNumber?: string;
  address: PostalAddress;
  electronicAddress: ElectronicAddress;
};

export type DeliveryAddress = PostalAddress & { name?: string };

export type BillingPeriod = { start: IsoDate; end: IsoDate };

export type InvoiceLine = {
  /** EN 16931 BT-126, unique within the invoice ('1', '2', …). */
  lineId: string;
  /** BT-153 item name. */
  label: string;
  /** BT-129, thousandths of `unitCode`. */
  quantityMilli: number;
  unitCode: UnitCode;
  /** BT-146 net price, in cents, for `priceBaseQuantityMilli` of the unit. */
  unitPriceCents: number;
  /** BT-149, thousandths of the unit; 1000 = price per unit. */
  priceBaseQuantityMilli: number;
  /** BT-131 = multiplyAndRound(unitPriceCents, quantityMilli, priceBaseQuantityMilli). */
  netAmountCents: number;
  vat: LineVat;
  productKind: ProductKind;
  /** Egalim contract the price comes from (printed; BT-12 when all lines share it). */
  contractReference?: string;
  /** Step-by-step price computation printed under the line (BT-127 line note). */
  priceTrace?: readonly string[];
  /** BG-26, e.g. the month of milk collection. */
  billingPeriod?: BillingPeriod;
};

/** One VAT breakdown per (category, rate), EN 16931 BG-23. */
export type VatBreakdown = {
  category: VatCategoryCode;
  rateBp: number;
  basisCents: number;
  vatCents: number;
  exemptionReasonCode?: string;
  exemptionReasonText?: string;
};

export type InvoiceTotals = {
  /** BT-106 sum of line net amounts. */
  lineTotalCents: number;
  /** BT-109 total without VAT (no document-level allowances or charges in Cabas). */
  taxBasisTotalCents: number;
  /** BT-110. */
  vatTotalCents: number;
  /** BT-112 = BT-109 + BT-110 exactly. */
  grandTotalCents: number;
  /** BT-115 (nothing prepaid on the invoice itself). */
  duePayableCents: number;
  vatBreakdown: readonly VatBreakdown[];
};

/** UNTDID 4451 subject codes used by Cabas; PMD/PMT/AAB are mandatory in France (BR-FR-05). */
export type NoteSubjectCode = 'PMD' | 'PMT' | 'AAB' | 'REG' | 'AAI';

export type InvoiceNote = { subjectCode?: NoteSubjectCode; text: string };

/** UNTDID 4461 payment means (BT-81). */
export type PaymentMeans =
  | { code: '58'; iban: string } // SEPA credit transfer to the seller's account (BR-61)
  | { code: '48' } // bank card (online payment of a household share)
  | { code: '10' }; // cash (payment at pickup)

export type PaymentTerms = {
  /** BT-9; absent on credit notes. */
  dueDate?: IsoDate;
  /** BT-20, printed payment terms. */
  termsText: string;
  means?: PaymentMeans;
};

export type PrecedingInvoiceReference = { number: string; issueDate: IsoDate };

export type InvoiceSnapshot = {
  /** BT-1, see formatInvoiceNumber (BR-FR-01/02). */
  number: string;
  typeCode: InvoiceTypeCode;
  /** BT-2. */
  issueDate: IsoDate;
  /** BT-5; Cabas invoices only in euros. */
  currency: 'EUR';
  /** BT-23 French billing framework: B1 = goods only (BR-FR-08). */
  businessProcess: 'B1';
  buyerKind: BuyerKind;
  sellerVatRegime: VatRegime;
  seller: InvoiceParty;
  buyer: InvoiceParty;
  /** BG-13/BG-15, only when different from the buyer's address (décret 2022-1299). */
  deliveryAddress?: DeliveryAddress;
  /** BT-72, single delivery. */
  deliveryDate?: IsoDate;
  /** BG-14, periodic invoice. */
  billingPeriod?: BillingPeriod;
  /** BT-10, the buyer's own reference or purchase order. */
  buyerReference?: string;
  /** BT-12. */
  contractReference?: string;
  /** BG-3, mandatory on credit notes (BR-FR-CO-05). */
  precedingInvoice?: PrecedingInvoiceReference;
  lines: readonly InvoiceLine[];
  totals: InvoiceTotals;
  payment: PaymentTerms;
  /** BG-1: the mandatory French mentions and free notes, printed and put in the XML. */
  notes: readonly InvoiceNote[];
};

/** Expected business failure (STYLE §6.2): French message for the user, stable code for code. */
export type DomainError<Code extends string = string> = { ok: false; code: Code; message: string };

/** Self-billed documents are issued by the buyer in the seller's name (CGI 289 I-2). */
export function isSelfBilled(typeCode: InvoiceTypeCode): boolean {
  return typeCode === '389' || typeCode === '261';
}

export function isCreditNote(typeCode: InvoiceTypeCode): boolean {
  return typeCode === '381' || typeCode === '261';
}
