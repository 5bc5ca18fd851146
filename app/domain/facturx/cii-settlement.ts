import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { formatAmountCents, formatRateBp } from './cii-format.ts';
import { dateLeaf, leaf, type XmlNode } from './cii-xml.ts';

function addPaymentMeans(parent: XmlNode, invoice: InvoiceSnapshot): void {
  const means = invoice.payment.means;
  if (!means) {
    return;
  }
  const node = parent.ele('ram:SpecifiedTradeSettlementPaymentMeans');
  leaf(node, 'ram:TypeCode', means.code);
  if (means.code === '58') {
    // BR-61: a credit transfer names the payee account (BT-84).
    leaf(node.ele('ram:PayeePartyCreditorFinancialAccount'), 'ram:IBANID', means.iban);
  }
}

function addVatBreakdown(parent: XmlNode, invoice: InvoiceSnapshot): void {
  for (const row of invoice.totals.vatBreakdown) {
    // Element order of ram:TradeTaxType; one group per category and rate (BG-23, BR-CO-17).
    const tax = parent.ele('ram:ApplicableTradeTax');
    leaf(tax, 'ram:CalculatedAmount', formatAmountCents(row.vatCents));
    leaf(tax, 'ram:TypeCode', 'VAT');
    if (row.exemptionReasonText) {
      leaf(tax, 'ram:ExemptionReason', row.exemptionReasonText);
    }
    leaf(tax, 'ram:BasisAmount', formatAmountCents(row.basisCents));
    leaf(tax, 'ram:CategoryCode', row.category);
    if (row.exemptionReasonCode) {
      leaf(tax, 'ram:ExemptionReasonCode', row.exemptionReasonCode);
    }
    leaf(tax, 'ram:RateApplicablePercent', formatRateBp(row.rateBp));
  }
}

/** BG-22 totals; BT-110 carries its currency (BR-53 context). */
function addMonetarySummation(parent: XmlNode, invoice: InvoiceSnapshot): void {
  const { totals, currency } = invoice;
  const node = parent.ele('ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  leaf(node, 'ram:LineTotalAmount', formatAmountCents(totals.lineTotalCents));
  leaf(node, 'ram:TaxBasisTotalAmount', formatAmountCents(totals.taxBasisTotalCents));
  leaf(node, 'ram:TaxTotalAmount', formatAmountCents(totals.vatTotalCents), {
    currencyID: currency,
  });
  leaf(node, 'ram:GrandTotalAmount', formatAmountCents(totals.grandTotalCents));
  leaf(node, 'ram:DuePayableAmount', formatAmountCents(totals.duePayableCents));
}

/** ram:ApplicableHeaderTradeSettlement, element order of the Factur-X EN 16931 XSD. */
export function addSettlement(parent: XmlNode, invoice: InvoiceSnapshot): void {
  const settlement = parent.ele('ram:ApplicableHeaderTradeSettlement');
  leaf(settlement, 'ram:InvoiceCurrencyCode', invoice.currency);
  addPaymentMeans(settlement, invoice);
  addVatBreakdown(settlement, invoice);
  if (invoice.billingPeriod) {
    const period = settlement.ele('ram:BillingSpecifiedPeriod');
    dateLeaf(period, 'ram:StartDateTime', invoice.billingPeriod.start);
    dateLeaf(period, 'ram:EndDateTime', invoice.billingPeriod.end);
  }
  // BR-CO-25: due date or payment terms whenever an amount is due.
  const terms = settlement.ele('ram:SpecifiedTradePaymentTerms');
  leaf(terms, 'ram:Description', invoice.payment.termsText);
  if (invoice.payment.dueDate) {
    dateLeaf(terms, 'ram:DueDateDateTime', invoice.payment.dueDate);
  }
  addMonetarySummation(settlement, invoice);
  if (invoice.precedingInvoice) {
    // BG-3: BT-25 and BT-26 (BR-FR-CO-05 wants both on a credit note).
    const reference = settlement.ele('ram:InvoiceReferencedDocument');
    leaf(reference, 'ram:IssuerAssignedID', invoice.precedingInvoice.number);
    dateLeaf(reference, 'ram:FormattedIssueDateTime', invoice.precedingInvoice.issueDate, 'qdt');
  }
}
