import { create } from 'xmlbuilder2';
import {
  checkInvoiceSnapshot,
  type InvoiceIssueCode,
} from '#app/domain/invoicing/check-invoice-snapshot.ts';
import type { DomainError, InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { addLine } from './cii-lines.ts';
import { addParty, addShipTo } from './cii-parties.ts';
import { addSettlement } from './cii-settlement.ts';
import { CII_NAMESPACES, dateLeaf, leaf, type XmlNode } from './cii-xml.ts';

/** BT-24 of the Factur-X EN 16931 (COMFORT) profile (RULES-FR EINV-07). */
export const EN16931_GUIDELINE_ID = 'urn:cen.eu:en16931:2017';

function addHeader(root: XmlNode, invoice: InvoiceSnapshot): void {
  const context = root.ele('rsm:ExchangedDocumentContext');
  // BT-23 French billing framework, B1 = goods (BR-FR-08).
  leaf(
    context.ele('ram:BusinessProcessSpecifiedDocumentContextParameter'),
    'ram:ID',
    invoice.businessProcess,
  );
  leaf(
    context.ele('ram:GuidelineSpecifiedDocumentContextParameter'),
    'ram:ID',
    EN16931_GUIDELINE_ID,
  );

  const document = root.ele('rsm:ExchangedDocument');
  leaf(document, 'ram:ID', invoice.number);
  leaf(document, 'ram:TypeCode', invoice.typeCode);
  dateLeaf(document, 'ram:IssueDateTime', invoice.issueDate);
  const notes = [
    ...invoice.notes,
    // BR-FR-20: the BAR note tells the platform whether to e-invoice (B2B) or e-report (B2C).
    { subjectCode: 'BAR', text: invoice.buyerKind === 'b2b' ? 'B2B' : 'B2C' },
  ];
  for (const note of notes) {
    const node = document.ele('ram:IncludedNote');
    leaf(node, 'ram:Content', note.text);
    if (note.subjectCode) {
      leaf(node, 'ram:SubjectCode', note.subjectCode);
    }
  }
}

function addAgreementAndDelivery(transaction: XmlNode, invoice: InvoiceSnapshot): void {
  const agreement = transaction.ele('ram:ApplicableHeaderTradeAgreement');
  if (invoice.buyerReference) {
    leaf(agreement, 'ram:BuyerReference', invoice.buyerReference);
  }
  addParty(agreement, 'ram:SellerTradeParty', invoice.seller);
  addParty(agreement, 'ram:BuyerTradeParty', invoice.buyer);
  if (invoice.contractReference) {
    leaf(
      agreement.ele('ram:ContractReferencedDocument'),
      'ram:IssuerAssignedID',
      invoice.contractReference,
    );
  }

  const delivery = transaction.ele('ram:ApplicableHeaderTradeDelivery');
  if (invoice.deliveryAddress) {
    addShipTo(delivery, invoice.deliveryAddress);
  }
  const deliveredOn = invoice.deliveryDate ?? invoice.billingPeriod?.end;
  if (deliveredOn) {
    dateLeaf(
      delivery.ele('ram:ActualDeliverySupplyChainEvent'),
      'ram:OccurrenceDateTime',
      deliveredOn,
    );
  }
}

/**
 * The invoice snapshot as a UN/CEFACT CII D22B document, Factur-X EN 16931 profile, with the
 * French CTC additions (BT-23, notes PMT/PMD/AAB/BAR, SIREN scheme 0002, electronic addresses
 * scheme 0225). Pure: the same snapshot always gives the same string. The snapshot is checked
 * first (checkInvoiceSnapshot) so an inconsistent invoice never becomes XML.
 */
export function toCii(
  invoice: InvoiceSnapshot,
): { ok: true; xml: string } | DomainError<InvoiceIssueCode> {
  const issues = checkInvoiceSnapshot(invoice);
  const [first] = issues;
  if (first) {
    return { ok: false, code: first.code, message: issues.map((issue) => issue.message).join(' ') };
  }
  const document = create({ version: '1.0', encoding: 'UTF-8' });
  const root = document.ele(CII_NAMESPACES.rsm, 'rsm:CrossIndustryInvoice', {
    'xmlns:ram': CII_NAMESPACES.ram,
    'xmlns:qdt': CII_NAMESPACES.qdt,
    'xmlns:udt': CII_NAMESPACES.udt,
  });
  addHeader(root, invoice);
  const transaction = root.ele('rsm:SupplyChainTradeTransaction');
  for (const line of invoice.lines) {
    addLine(transaction, line, invoice);
  }
  addAgreementAndDelivery(transaction, invoice);
  addSettlement(transaction, invoice);
  return { ok: true, xml: `${document.end({ prettyPrint: true })}\n` };
}
