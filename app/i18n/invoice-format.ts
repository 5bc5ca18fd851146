/**
 * French wording of an invoice snapshot for print: document titles, quantities with their
 * unit, unit prices with their price base, VAT rates. Presentation only (no IO), shared by the
 * PDF and the invoice pages.
 */
import Decimal from 'decimal.js';
import type {
  InvoiceLine,
  InvoiceTypeCode,
  LineVat,
  PaymentMeans,
  UnitCode,
  VatBreakdown,
} from '#app/domain/invoicing/invoice-types.ts';

/** Singular and plural French unit labels; symbols do not take a plural. */
const UNIT_LABELS: Record<UnitCode, readonly [string, string]> = {
  C62: ['unité', 'unités'],
  H87: ['pièce', 'pièces'],
  KGM: ['kg', 'kg'],
  GRM: ['g', 'g'],
  TNE: ['t', 't'],
  LTR: ['L', 'L'],
  CLT: ['cL', 'cL'],
  MLT: ['mL', 'mL'],
  DZN: ['douzaine', 'douzaines'],
  XBX: ['boîte', 'boîtes'],
};

/** Title printed at the top of the document (CGI ann. II 242 nonies A 14° for self-billing). */
export function documentTitle(typeCode: InvoiceTypeCode): string {
  switch (typeCode) {
    case '380':
      return 'Facture';
    case '381':
      return 'Avoir';
    case '389':
      return 'Facture — Autofacturation';
    case '261':
      return 'Avoir — Autofacturation';
  }
}

const quantityFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const rateFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });

/** Thousandths of `unitCode` → « 12,5 kg », « 20 pièces », « 1 pièce ». French: plural from 2. */
export function formatQuantity(quantityMilli: number, unitCode: UnitCode): string {
  const [singular, plural] = UNIT_LABELS[unitCode];
  const label = Math.abs(quantityMilli) >= 2000 ? plural : singular;
  return `${quantityFormat.format(new Decimal(quantityMilli).div(1000).toNumber())}\u00a0${label}`;
}

/** Euros with French separators and at least two decimals, exact (no float rounding). */
function formatEuros(euros: Decimal): string {
  const fixed = euros.decimalPlaces() <= 2 ? euros.toFixed(2) : euros.toFixed();
  const [whole = '0', fraction = ''] = fixed.split('.');
  const grouped = quantityFormat.format(Number(whole));
  return `${grouped},${fraction}\u00a0€`;
}

/** Price of one unit, exact: 5 332 cents per 10 000 thousandths → 5.332. */
function eurosPerUnit(unitPriceCents: number, priceBaseQuantityMilli: number): Decimal {
  return new Decimal(unitPriceCents).div(100).mul(1000).div(priceBaseQuantityMilli);
}

/** A price per unit as a plain decimal string of euros ('5.332', '1.8'), for APIs and exports. */
export function unitPriceDecimal(unitPriceCents: number, priceBaseQuantityMilli: number): string {
  return eurosPerUnit(unitPriceCents, priceBaseQuantityMilli).toFixed();
}

/** A price per unit with every decimal it has, at least two: « 5,332 € », « 1,80 € ». */
export function formatPricePerUnit(unitPriceCents: number, priceBaseQuantityMilli: number): string {
  return formatEuros(eurosPerUnit(unitPriceCents, priceBaseQuantityMilli));
}

/**
 * Unit price excl. VAT of a line: « 24,00 € / kg »; a price given per 1 000 units or more is
 * printed per 1 000 units, as the trade quotes it (« 486,773 € / 1 000 L »).
 */
export function formatUnitPrice(
  line: Pick<InvoiceLine, 'unitPriceCents' | 'priceBaseQuantityMilli' | 'unitCode'>,
): string {
  const [singular] = UNIT_LABELS[line.unitCode];
  const perUnitEuros = eurosPerUnit(line.unitPriceCents, line.priceBaseQuantityMilli);
  if (line.priceBaseQuantityMilli >= 1_000_000) {
    return `${formatEuros(perUnitEuros.mul(1000))} / 1\u202f000\u00a0${singular}`;
  }
  return `${formatEuros(perUnitEuros)} / ${singular}`;
}

/** What a price typed for a line is per (its price base): « € / kg », « € / 10 000 L ». */
export function formatPriceBase(
  line: Pick<InvoiceLine, 'priceBaseQuantityMilli' | 'unitCode'>,
): string {
  const [singular] = UNIT_LABELS[line.unitCode];
  return line.priceBaseQuantityMilli === 1000
    ? `€ / ${singular}`
    : `€ / ${formatQuantity(line.priceBaseQuantityMilli, line.unitCode)}`;
}

/** « 5,5 % »; « 0 % » for an exempt line (its reason is printed in the VAT breakdown). */
export function formatVatRate(rateBp: number): string {
  return `${rateFormat.format(rateBp / 100)}\u00a0%`;
}

export function formatLineVat(vat: LineVat): string {
  return vat.category === 'E' ? 'Exonéré' : formatVatRate(vat.rateBp);
}

export function formatBreakdownRate(row: Pick<VatBreakdown, 'category' | 'rateBp'>): string {
  return row.category === 'E' ? 'Exonéré (0 %)' : formatVatRate(row.rateBp);
}

/** IBAN in groups of four, as printed on bank details. */
export function formatIban(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}

export function formatPaymentMeans(means: PaymentMeans): string {
  switch (means.code) {
    case '58':
      return `Virement SEPA — IBAN ${formatIban(means.iban)}`;
    case '48':
      return 'Carte bancaire (paiement en ligne)';
    case '10':
      return 'Espèces (au retrait)';
  }
}

const TYPE_LABELS: Record<InvoiceTypeCode, string> = {
  '380': 'Facture',
  '381': 'Avoir',
  '389': 'Facture (autofacturation)',
  '261': 'Avoir (autofacturation)',
};

/** Short label of a document type for lists: « Facture », « Avoir (autofacturation) ». */
export function documentTypeLabel(typeCode: InvoiceTypeCode): string {
  return TYPE_LABELS[typeCode];
}
