/**
 * The invoice PDF, drawn from the frozen snapshot only (STYLE §6.8): every mention of
 * CGI ann. II 242 nonies A, C. com. L441-9 and décret 2022-1299 (RULES-FR INV-01..04, EINV-04)
 * is printed. Always PDF/A-3B (archival, embedded DejaVu fonts); with `facturxXml`, a Factur-X
 * EN 16931 hybrid invoice carrying the CII XML as `factur-x.xml`.
 */
import {
  type InvoiceLine,
  type InvoiceParty,
  type InvoiceSnapshot,
  isCreditNote,
  isSelfBilled,
} from '#app/domain/invoicing/invoice-types.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import {
  documentTitle,
  formatBreakdownRate,
  formatLineVat,
  formatPaymentMeans,
  formatQuantity,
  formatUnitPrice,
} from '#app/i18n/invoice-format.ts';
import { type Column, createDocument, type PdfWriter } from './invoice-layout.server.ts';
import { finalizePdfA3 } from './pdfa.server.ts';

export type RenderInvoiceOptions = {
  /** The CII XML of the same snapshot (toCii): makes the PDF a Factur-X EN 16931 invoice. */
  facturxXml?: string;
  /** Creation date written in the metadata; defaults to now. */
  producedAt?: Date;
};

const NATURE_OF_OPERATION: Record<InvoiceSnapshot['businessProcess'], string> = {
  B1: 'livraison de biens',
};

function partyLines(party: InvoiceParty): string[] {
  const { address } = party;
  return [
    address.line1,
    ...(address.line2 ? [address.line2] : []),
    `${address.postcode} ${address.city}${address.countryCode === 'FR' ? '' : ` (${address.countryCode})`}`,
    ...(party.siren ? [`SIREN : ${party.siren}`] : []),
    ...(party.siret ? [`SIRET : ${party.siret}`] : []),
    ...(party.vatNumber ? [`N° TVA intracommunautaire : ${party.vatNumber}`] : []),
  ];
}

function drawHeader(writer: PdfWriter, invoice: InvoiceSnapshot): void {
  const { left, contentWidth } = writer.layout;
  const half = contentWidth / 2 - 10;
  const top = writer.y;
  const sellerLabel = isSelfBilled(invoice.typeCode) ? 'Vendeur (fournisseur)' : 'Vendeur';
  let leftY = writer.drawBlock(left, top, half, sellerLabel, invoice.seller.name, [
    ...partyLines(invoice.seller),
  ]);

  const right = left + contentWidth / 2 + 10;
  let rightY = top;
  rightY = writer.drawText(documentTitle(invoice.typeCode).toUpperCase(), right, rightY, {
    size: 15,
    bold: true,
    width: half,
  });
  const facts = [
    `N° ${invoice.number}`,
    `Date d’émission : ${formatDay(invoice.issueDate)}`,
    ...(invoice.deliveryDate ? [`Date de livraison : ${formatDay(invoice.deliveryDate)}`] : []),
    ...(invoice.billingPeriod
      ? [
          `Période : du ${formatDay(invoice.billingPeriod.start)} au ${formatDay(invoice.billingPeriod.end)}`,
        ]
      : []),
    ...(invoice.precedingInvoice
      ? [
          `Avoir sur la facture n° ${invoice.precedingInvoice.number} du ${formatDay(invoice.precedingInvoice.issueDate)}`,
        ]
      : []),
    ...(invoice.buyerReference ? [`Référence client : ${invoice.buyerReference}`] : []),
    ...(invoice.contractReference ? [`Contrat : ${invoice.contractReference}`] : []),
    `Nature de l’opération : ${NATURE_OF_OPERATION[invoice.businessProcess]}`,
  ];
  for (const [index, fact] of facts.entries()) {
    rightY = writer.drawText(fact, right, rightY, { size: 9, bold: index === 0, width: half });
  }
  if (isSelfBilled(invoice.typeCode)) {
    rightY = writer.drawText(
      'Document émis par l’acheteur au nom et pour le compte du vendeur.',
      right,
      rightY - 2,
      { size: 8, color: 'muted', width: half },
    );
  }
  leftY -= 10;
  const buyerLabel = isSelfBilled(invoice.typeCode) ? 'Acheteur (émetteur du document)' : 'Client';
  leftY = writer.drawBlock(left, leftY, half, buyerLabel, invoice.buyer.name, [
    ...partyLines(invoice.buyer),
  ]);
  if (invoice.deliveryAddress) {
    const delivery = invoice.deliveryAddress;
    rightY = writer.drawBlock(right, rightY - 10, half, 'Adresse de livraison', delivery.name, [
      delivery.line1,
      ...(delivery.line2 ? [delivery.line2] : []),
      `${delivery.postcode} ${delivery.city}`,
    ]);
  }
  writer.y = Math.min(leftY, rightY) - 14;
}

const LINE_COLUMNS: readonly Column[] = [
  { title: 'Désignation', width: 205, align: 'left' },
  { title: 'Quantité', width: 80, align: 'right' },
  { title: 'Prix unitaire HT', width: 100, align: 'right' },
  { title: 'TVA', width: 45, align: 'right' },
  { title: 'Montant HT', width: 85, align: 'right' },
];

function lineDetails(line: InvoiceLine): string[] {
  return [
    ...(line.contractReference ? [`Contrat : ${line.contractReference}`] : []),
    ...(line.billingPeriod
      ? [
          `Période : du ${formatDay(line.billingPeriod.start)} au ${formatDay(line.billingPeriod.end)}`,
        ]
      : []),
    ...(line.priceTrace ?? []),
  ];
}

function drawLines(writer: PdfWriter, invoice: InvoiceSnapshot): void {
  writer.drawTable(
    LINE_COLUMNS,
    invoice.lines.map((line) => ({
      cells: [
        line.label,
        formatQuantity(line.quantityMilli, line.unitCode),
        formatUnitPrice(line),
        formatLineVat(line.vat),
        formatCents(line.netAmountCents),
      ],
      details: lineDetails(line),
    })),
  );
}

function drawTotals(writer: PdfWriter, invoice: InvoiceSnapshot): void {
  const { totals } = invoice;
  const credit = isCreditNote(invoice.typeCode);
  const breakdownColumns: readonly Column[] = [
    { title: 'Taux de TVA', width: 90, align: 'left' },
    { title: 'Base HT', width: 80, align: 'right' },
    { title: 'Montant TVA', width: 80, align: 'right' },
  ];
  const rows = totals.vatBreakdown.map((row) => ({
    cells: [formatBreakdownRate(row), formatCents(row.basisCents), formatCents(row.vatCents)],
    details: row.exemptionReasonText ? [row.exemptionReasonText] : [],
  }));
  const summary: [string, string, boolean][] = [
    ['Total HT', formatCents(totals.taxBasisTotalCents), false],
    ['Total TVA', formatCents(totals.vatTotalCents), false],
    [credit ? 'Total de l’avoir TTC' : 'Total TTC', formatCents(totals.grandTotalCents), true],
    [
      credit ? 'Montant à déduire ou à rembourser' : 'Net à payer',
      formatCents(totals.duePayableCents),
      true,
    ],
  ];
  const height = Math.max(rows.length * 14 + 40, summary.length * 15 + 10);
  writer.ensureSpace(height);
  const top = writer.y;
  writer.drawTable(breakdownColumns, rows, { title: 'Récapitulatif de la TVA' });
  const afterBreakdown = writer.y;
  const { left, contentWidth } = writer.layout;
  const boxLeft = left + contentWidth - 230;
  let y = top;
  for (const [label, value, strong] of summary) {
    writer.drawText(label, boxLeft, y, { size: strong ? 10 : 9, bold: strong, width: 140 });
    y = writer.drawText(value, boxLeft + 140, y, {
      size: strong ? 10 : 9,
      bold: strong,
      width: 90,
      align: 'right',
    });
    y -= 2;
  }
  writer.y = Math.min(afterBreakdown, y) - 12;
}

function drawPaymentAndMentions(writer: PdfWriter, invoice: InvoiceSnapshot): void {
  const { payment } = invoice;
  writer.drawHeading('Paiement');
  if (payment.dueDate) {
    writer.drawParagraph(`Date d’échéance : ${formatDay(payment.dueDate)}`, { bold: true });
  }
  writer.drawParagraph(`Conditions de paiement : ${payment.termsText}`);
  if (payment.means) {
    writer.drawParagraph(`Moyen de paiement : ${formatPaymentMeans(payment.means)}`);
  }
  writer.y -= 6;
  writer.drawHeading('Mentions légales');
  for (const note of invoice.notes) {
    writer.drawParagraph(note.text, { size: 8 });
  }
}

/** The invoice or credit note as a PDF/A-3B, or a Factur-X PDF when `facturxXml` is given. */
export async function renderInvoicePdf(
  invoice: InvoiceSnapshot,
  options: RenderInvoiceOptions = {},
): Promise<Uint8Array> {
  const title = `${documentTitle(invoice.typeCode)} ${invoice.number}`;
  const writer = await createDocument();
  drawHeader(writer, invoice);
  drawLines(writer, invoice);
  writer.y -= 8;
  drawTotals(writer, invoice);
  drawPaymentAndMentions(writer, invoice);
  writer.drawFooters(
    (index: number, count: number) =>
      `${invoice.seller.name}${invoice.seller.siren ? ` — SIREN ${invoice.seller.siren}` : ''} — ${title} — page ${index + 1}/${count}`,
  );
  await finalizePdfA3(
    writer.doc,
    {
      title,
      author: invoice.seller.name,
      subject: `${title} — ${invoice.buyer.name}`,
      keywords: options.facturxXml ? 'Factur-X, facture, EN 16931' : 'facture',
      creator: 'Cabas',
      producer: 'Cabas (pdf-lib)',
      createdAt: options.producedAt ?? new Date(),
      language: 'fr-FR',
    },
    options.facturxXml ? { xml: options.facturxXml, conformanceLevel: 'EN 16931' } : undefined,
  );
  return writer.doc.save();
}

/** `F2026-000042.pdf`; a '/' of the number (allowed by BR-FR-02) becomes '-'. */
export function invoicePdfFileName(number: string): string {
  return `${number.replaceAll('/', '-')}.pdf`;
}

/**
 * The legal PDF of an issued document: Factur-X (with its stored XML) for a professional buyer,
 * who receives e-invoices; PDF/A without XML for a household (B2C goes to e-reporting).
 */
export function renderStoredInvoicePdf(
  stored: { snapshot: InvoiceSnapshot; ciiXml: string },
  options: { producedAt?: Date } = {},
): Promise<Uint8Array> {
  return renderInvoicePdf(stored.snapshot, {
    ...options,
    ...(stored.snapshot.buyerKind === 'b2b' ? { facturxXml: stored.ciiXml } : {}),
  });
}
