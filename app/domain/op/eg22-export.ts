import { stringify } from 'csv-stringify/sync';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { formatCentsFr, formatRateFr } from '#app/domain/invoicing/accounting-csv.ts';
import type { InvoiceSnapshot, InvoiceTypeCode } from '#app/domain/invoicing/invoice-types.ts';
import { centsToDecimal } from '#app/domain/pricing/decimal.ts';

/**
 * The monthly transmission of L631-24 IV last al. (RULES-FR EG-22): for one buyer and one month,
 * the elements of the individual invoices of the OP's member producers — the invoices the OP
 * issued in their names and those the buyer self-billed under their mandates — with all the
 * criteria and methods used to determine the price (formula clauses, indicator values, every
 * step of each line's computation). Pure: the model gathers the invoices.
 */

export const EG22_FORMAT = 'cabas-eg22/1';

export type Eg22Issuer = 'op' | 'buyer';

export type Eg22Invoice = {
  snapshot: InvoiceSnapshot;
  issuedBy: Eg22Issuer;
  member: { number: string; name: string; siren: string | null };
  mandate: { reference: string; signedOn: string } | null;
};

export type Eg22Criteria = {
  /** Agreement or contract reference printed on the lines. */
  reference: string;
  title: string;
  /** The price clause, in French, as signed. */
  clauses: string[];
};

export type Eg22Input = {
  op: { name: string; siren: string | null };
  buyer: { name: string; siren: string | null };
  month: string;
  generatedAt: string;
  invoices: readonly Eg22Invoice[];
  criteria: readonly Eg22Criteria[];
};

const TYPE_LABELS: Record<InvoiceTypeCode, string> = {
  '380': 'Facture',
  '381': 'Avoir',
  '389': 'Autofacturation',
  '261': 'Avoir autofacturé',
};

const ISSUER_LABELS: Record<Eg22Issuer, string> = {
  op: 'OP (mandataire)',
  buyer: 'Acheteur (autofacturation)',
};

export type Eg22Line = {
  label: string;
  quantityMilli: number;
  unitCode: string;
  unitPriceCents: number;
  priceBaseQuantityMilli: number;
  netCents: number;
  vatRateBp: number;
  contractReference: string | null;
  priceTrace: readonly string[];
};

export type Eg22Document = {
  number: string;
  typeCode: InvoiceTypeCode;
  type: string;
  issuedBy: Eg22Issuer;
  issuedOn: string;
  deliveredOn: string | null;
  billingPeriod: { start: string; end: string } | null;
  member: Eg22Invoice['member'];
  mandate: Eg22Invoice['mandate'];
  netCents: number;
  vatCents: number;
  grossCents: number;
  lines: Eg22Line[];
};

export type Eg22Export = {
  format: typeof EG22_FORMAT;
  legalBasis: string;
  month: string;
  generatedAt: string;
  op: Eg22Input['op'];
  buyer: Eg22Input['buyer'];
  invoices: Eg22Document[];
  priceCriteria: Eg22Criteria[];
  totals: { invoices: number; netCents: number; vatCents: number; grossCents: number };
};

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The export, invoices by member number then issue date then number (credit notes negative). */
export function buildEg22Export(input: Eg22Input): Eg22Export {
  const documents = [...input.invoices]
    .sort(
      (a, b) =>
        compare(a.member.number, b.member.number) ||
        compare(a.snapshot.issueDate, b.snapshot.issueDate) ||
        compare(a.snapshot.number, b.snapshot.number),
    )
    .map(({ snapshot, issuedBy, member, mandate }) => ({
      number: snapshot.number,
      typeCode: snapshot.typeCode,
      type: TYPE_LABELS[snapshot.typeCode],
      issuedBy,
      issuedOn: snapshot.issueDate,
      deliveredOn: snapshot.deliveryDate ?? null,
      billingPeriod: snapshot.billingPeriod ?? null,
      member,
      mandate,
      netCents: snapshot.totals.taxBasisTotalCents,
      vatCents: snapshot.totals.vatTotalCents,
      grossCents: snapshot.totals.grandTotalCents,
      lines: snapshot.lines.map((line) => ({
        label: line.label,
        quantityMilli: line.quantityMilli,
        unitCode: line.unitCode,
        unitPriceCents: line.unitPriceCents,
        priceBaseQuantityMilli: line.priceBaseQuantityMilli,
        netCents: line.netAmountCents,
        vatRateBp: line.vat.rateBp,
        contractReference: line.contractReference ?? snapshot.contractReference ?? null,
        priceTrace: line.priceTrace ?? [],
      })),
    }));
  const sign = (d: Eg22Document) => (d.typeCode === '381' || d.typeCode === '261' ? -1 : 1);
  const sum = (pick: (d: Eg22Document) => number) =>
    documents.reduce((total, d) => total + sign(d) * pick(d), 0);
  const used = new Set(documents.flatMap((d) => d.lines.map((l) => l.contractReference)));
  return {
    format: EG22_FORMAT,
    legalBasis: 'Art. L631-24 IV dernier alinéa CRPM',
    month: input.month,
    generatedAt: input.generatedAt,
    op: input.op,
    buyer: input.buyer,
    invoices: documents,
    priceCriteria: input.criteria.filter((c) => used.has(c.reference)),
    totals: {
      invoices: documents.length,
      netCents: sum((d) => d.netCents),
      vatCents: sum((d) => d.vatCents),
      grossCents: sum((d) => d.grossCents),
    },
  };
}

export const EG22_CSV_HEADER = [
  'Mois',
  'Acheteur',
  'SIREN acheteur',
  'N° adhérent',
  'Membre',
  'SIREN membre',
  'Facture',
  'Type',
  'Émise par',
  'Mandat de facturation',
  'Date d’émission',
  'Livraison ou période',
  'Désignation',
  'Quantité',
  'Unité',
  'Prix unitaire HT',
  'Pour (quantité)',
  'Montant HT de la ligne',
  'Taux TVA (%)',
  'Total HT facture',
  'TVA facture',
  'Total TTC facture',
  'Contrat ou accord-cadre',
  'Critères et modalités de détermination du prix',
  'Calcul du prix de la ligne',
] as const;

/**
 * The export as CSV, one row per invoice line: `;` separated, decimal comma, UTF-8 with BOM
 * (like the sales journal), so the OP opens it in a spreadsheet with the accents right.
 */
export function eg22ToCsv(data: Eg22Export): string {
  const criteria = new Map(data.priceCriteria.map((c) => [c.reference, c.clauses.join(' ')]));
  const rows = data.invoices.flatMap((invoice) =>
    invoice.lines.map((line) => [
      data.month,
      data.buyer.name,
      data.buyer.siren ?? '',
      invoice.member.number,
      invoice.member.name,
      invoice.member.siren ?? '',
      invoice.number,
      invoice.type,
      ISSUER_LABELS[invoice.issuedBy],
      invoice.mandate ? `${invoice.mandate.reference} du ${invoice.mandate.signedOn}` : '',
      invoice.issuedOn,
      invoice.billingPeriod
        ? `${invoice.billingPeriod.start} au ${invoice.billingPeriod.end}`
        : (invoice.deliveredOn ?? ''),
      line.label,
      formatQuantityMilli(line.quantityMilli),
      line.unitCode,
      formatCentsFr(line.unitPriceCents),
      formatQuantityMilli(line.priceBaseQuantityMilli),
      formatCentsFr(line.netCents),
      formatRateFr(line.vatRateBp),
      formatCentsFr(invoice.netCents),
      formatCentsFr(invoice.vatCents),
      formatCentsFr(invoice.grossCents),
      line.contractReference ?? '',
      line.contractReference ? (criteria.get(line.contractReference) ?? '') : '',
      line.priceTrace.join(' | '),
    ]),
  );
  return stringify([[...EG22_CSV_HEADER], ...rows], {
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
}

const money = (cents: number) => centsToDecimal(cents);
const units = (milli: number) => Number(formatQuantityMilli(milli, '.'));

/**
 * The public JSON form (CLI, download, docs/cli.md): money as decimal strings with a point,
 * quantities as numbers, unit prices as EN 16931 does (BT-146 for BT-149 units).
 */
export function eg22ToJson(data: Eg22Export) {
  return {
    format: data.format,
    legalBasis: data.legalBasis,
    month: data.month,
    generatedAt: data.generatedAt,
    op: data.op,
    buyer: data.buyer,
    invoices: data.invoices.map((invoice) => ({
      number: invoice.number,
      typeCode: invoice.typeCode,
      type: invoice.type,
      issuedBy: invoice.issuedBy,
      issuedOn: invoice.issuedOn,
      deliveredOn: invoice.deliveredOn,
      billingPeriod: invoice.billingPeriod,
      member: invoice.member,
      mandate: invoice.mandate,
      net: money(invoice.netCents),
      vat: money(invoice.vatCents),
      total: money(invoice.grossCents),
      lines: invoice.lines.map((line) => ({
        label: line.label,
        quantity: units(line.quantityMilli),
        unitCode: line.unitCode,
        unitPrice: money(line.unitPriceCents),
        priceBaseQuantity: units(line.priceBaseQuantityMilli),
        net: money(line.netCents),
        vatRate: Number(formatRateFr(line.vatRateBp).replace(',', '.')),
        contractReference: line.contractReference,
        priceTrace: line.priceTrace,
      })),
    })),
    priceCriteria: data.priceCriteria,
    totals: {
      invoices: data.totals.invoices,
      net: money(data.totals.netCents),
      vat: money(data.totals.vatCents),
      total: money(data.totals.grossCents),
    },
  };
}
