import type { InvoiceLine, InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { ONE_UNIT_MILLI } from '#app/domain/money/money.ts';
import { formatAmountCents, formatQuantityMilli, formatRateBp } from './cii-format.ts';
import { dateLeaf, leaf, type XmlNode } from './cii-xml.ts';

/** BT-127: the contract (when not the invoice's BT-12) and the price trace, one per line. */
function lineNote(line: InvoiceLine, invoice: InvoiceSnapshot): string | undefined {
  const parts = [
    ...(line.contractReference && line.contractReference !== invoice.contractReference
      ? [`Contrat ${line.contractReference}`]
      : []),
    ...(line.priceTrace ?? []),
  ];
  return parts.length > 0 ? parts.join('\n') : undefined;
}

/** One invoice line (BG-25), element order of the Factur-X EN 16931 XSD. */
export function addLine(parent: XmlNode, line: InvoiceLine, invoice: InvoiceSnapshot): void {
  const item = parent.ele('ram:IncludedSupplyChainTradeLineItem');
  const document = item.ele('ram:AssociatedDocumentLineDocument');
  leaf(document, 'ram:LineID', line.lineId);
  const note = lineNote(line, invoice);
  if (note) {
    leaf(document.ele('ram:IncludedNote'), 'ram:Content', note);
  }
  leaf(item.ele('ram:SpecifiedTradeProduct'), 'ram:Name', line.label);

  // BT-146 in cents has 2 decimals (≤ 6, BR-FR-DEC-03); a sub-cent price travels as a larger
  // base quantity BT-149 (e.g. 4867.73 per 10000 L), so BT-131 = BT-129 × BT-146 / BT-149.
  const price = item.ele('ram:SpecifiedLineTradeAgreement').ele('ram:NetPriceProductTradePrice');
  leaf(price, 'ram:ChargeAmount', formatAmountCents(line.unitPriceCents));
  if (line.priceBaseQuantityMilli !== ONE_UNIT_MILLI) {
    leaf(price, 'ram:BasisQuantity', formatQuantityMilli(line.priceBaseQuantityMilli), {
      unitCode: line.unitCode,
    });
  }
  leaf(
    item.ele('ram:SpecifiedLineTradeDelivery'),
    'ram:BilledQuantity',
    formatQuantityMilli(line.quantityMilli),
    {
      unitCode: line.unitCode,
    },
  );

  const settlement = item.ele('ram:SpecifiedLineTradeSettlement');
  const tax = settlement.ele('ram:ApplicableTradeTax');
  leaf(tax, 'ram:TypeCode', 'VAT');
  leaf(tax, 'ram:CategoryCode', line.vat.category);
  leaf(tax, 'ram:RateApplicablePercent', formatRateBp(line.vat.rateBp));
  if (line.billingPeriod) {
    const period = settlement.ele('ram:BillingSpecifiedPeriod');
    dateLeaf(period, 'ram:StartDateTime', line.billingPeriod.start);
    dateLeaf(period, 'ram:EndDateTime', line.billingPeriod.end);
  }
  leaf(
    settlement.ele('ram:SpecifiedTradeSettlementLineMonetarySummation'),
    'ram:LineTotalAmount',
    formatAmountCents(line.netAmountCents),
  );
}
