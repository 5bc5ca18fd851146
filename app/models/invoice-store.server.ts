import { invoiceLines, invoiceOrders, invoices } from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import type { AllocatedNumber, Transaction } from './invoice-numbering.server.ts';
import type { CustomerRef } from './invoice-round-data.server.ts';

/** One issued document, ready to be written (the row id is chosen by the caller). */
export type IssuedDocument = {
  id: string;
  issuerId: string;
  allocated: AllocatedNumber;
  snapshot: InvoiceSnapshot;
  ciiXml: string;
  roundId: string | null;
  customer: CustomerRef;
  precedingInvoiceId: string | null;
  issuedBy: string | null;
  /** Orders the document bills (none for a credit note). */
  orderIds: readonly string[];
  /** Order line of each snapshot line, same order (null for credit-note lines). */
  orderLineIds: readonly (string | null)[];
};

/** Rows per INSERT, well under Postgres' 65 535 bind parameters. */
const CHUNK = 500;

function chunks<T>(rows: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < rows.length; start += CHUNK) {
    result.push(rows.slice(start, start + CHUNK));
  }
  return result;
}

/** Writes documents, their denormalised lines and their orders, in the caller's transaction. */
export async function storeIssuedDocuments(
  tx: Transaction,
  documents: readonly IssuedDocument[],
): Promise<void> {
  const invoiceRows = documents.map((document) => {
    const { snapshot, allocated } = document;
    return {
      id: document.id,
      issuerId: document.issuerId,
      series: allocated.series,
      fiscalYear: allocated.year,
      number: allocated.number,
      displayNumber: allocated.displayNumber,
      typeCode: snapshot.typeCode,
      buyerKind: snapshot.buyerKind,
      issuedOn: snapshot.issueDate,
      deliveredOn: snapshot.deliveryDate ?? snapshot.billingPeriod?.end ?? null,
      dueOn: snapshot.payment.dueDate ?? null,
      roundId: document.roundId,
      householdId: document.customer.householdId,
      customerOrganisationId: document.customer.customerOrganisationId,
      precedingInvoiceId: document.precedingInvoiceId,
      buyerName: snapshot.buyer.name,
      netTotalCents: snapshot.totals.taxBasisTotalCents,
      vatTotalCents: snapshot.totals.vatTotalCents,
      grossTotalCents: snapshot.totals.grandTotalCents,
      snapshot,
      ciiXml: document.ciiXml,
      issuedBy: document.issuedBy,
    };
  });
  const lineRows = documents.flatMap((document) =>
    document.snapshot.lines.map((line, index) => ({
      invoiceId: document.id,
      position: index + 1,
      lineId: line.lineId,
      orderLineId: document.orderLineIds[index] ?? null,
      label: line.label,
      quantityMilli: line.quantityMilli,
      unitCode: line.unitCode,
      unitPriceCents: line.unitPriceCents,
      priceBaseQuantityMilli: line.priceBaseQuantityMilli,
      netAmountCents: line.netAmountCents,
      vatCategory: line.vat.category,
      vatRateBp: line.vat.rateBp,
      contractReference: line.contractReference ?? null,
      priceTrace: line.priceTrace ?? null,
    })),
  );
  const orderRows = documents.flatMap((document) =>
    document.orderIds.map((orderId) => ({ invoiceId: document.id, orderId })),
  );
  for (const rows of chunks(invoiceRows)) {
    await tx.insert(invoices).values(rows);
  }
  for (const rows of chunks(lineRows)) {
    await tx.insert(invoiceLines).values(rows);
  }
  for (const rows of chunks(orderRows)) {
    await tx.insert(invoiceOrders).values(rows);
  }
}
