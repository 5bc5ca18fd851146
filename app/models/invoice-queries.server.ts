import { and, asc, desc, eq, gte, inArray, lte, type SQL, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { invoices, organisations } from '#app/db/schema.ts';
import type { InvoiceSnapshot, IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import type { Transaction } from './invoice-numbering.server.ts';

/** What lists show of an issued invoice or credit note (amounts in cents, days 'YYYY-MM-DD'). */
export type InvoiceSummary = {
  id: string;
  issuerId: string;
  displayNumber: string;
  typeCode: '380' | '381' | '389' | '261';
  buyerKind: 'b2b' | 'b2c';
  issuedOn: IsoDate;
  deliveredOn: IsoDate | null;
  dueOn: IsoDate | null;
  roundId: string | null;
  householdId: string | null;
  customerOrganisationId: string | null;
  precedingInvoiceId: string | null;
  buyerName: string;
  netTotalCents: number;
  vatTotalCents: number;
  grossTotalCents: number;
};

export const summaryColumns = {
  id: invoices.id,
  issuerId: invoices.issuerId,
  displayNumber: invoices.displayNumber,
  typeCode: invoices.typeCode,
  buyerKind: invoices.buyerKind,
  issuedOn: invoices.issuedOn,
  deliveredOn: invoices.deliveredOn,
  dueOn: invoices.dueOn,
  roundId: invoices.roundId,
  householdId: invoices.householdId,
  customerOrganisationId: invoices.customerOrganisationId,
  precedingInvoiceId: invoices.precedingInvoiceId,
  buyerName: invoices.buyerName,
  netTotalCents: invoices.netTotalCents,
  vatTotalCents: invoices.vatTotalCents,
  grossTotalCents: invoices.grossTotalCents,
};

const issueOrder = [
  asc(invoices.issuedOn),
  asc(invoices.series),
  asc(invoices.fiscalYear),
  asc(invoices.number),
];

export type ListInvoicesOptions = {
  /** The seller: only documents it issued are listed. */
  producerId: string;
  roundId?: string;
  /** Issue dates, inclusive. */
  from?: IsoDate;
  to?: IsoDate;
  /** Newest first (lists) instead of issue order (exports). */
  newestFirst?: boolean;
};

function listFilter(options: ListInvoicesOptions): SQL | undefined {
  return and(
    eq(invoices.issuerId, options.producerId),
    options.roundId ? eq(invoices.roundId, options.roundId) : undefined,
    options.from ? gte(invoices.issuedOn, options.from) : undefined,
    options.to ? lte(invoices.issuedOn, options.to) : undefined,
  );
}

/** Invoices and credit notes issued by a producer, optionally of one round or period. */
export async function listInvoices(options: ListInvoicesOptions): Promise<InvoiceSummary[]> {
  return getDb()
    .select(summaryColumns)
    .from(invoices)
    .where(listFilter(options))
    .orderBy(
      ...(options.newestFirst
        ? [desc(invoices.issuedOn), desc(invoices.series), desc(invoices.number)]
        : issueOrder),
    );
}

/** Summaries of the documents of one round, in issue order (inside a transaction or not). */
export async function listRoundDocuments(
  tx: Transaction | ReturnType<typeof getDb>,
  roundId: string,
): Promise<InvoiceSummary[]> {
  return tx
    .select(summaryColumns)
    .from(invoices)
    .where(eq(invoices.roundId, roundId))
    .orderBy(...issueOrder);
}

export type InvoiceDetail = {
  invoice: InvoiceSummary;
  /** Everything printed, frozen at issue: render the PDF from it, never from live data. */
  snapshot: InvoiceSnapshot;
  ciiXml: string;
  /** Credit notes issued against this invoice (empty for a credit note). */
  creditNotes: InvoiceSummary[];
  /** The invoice a credit note corrects. */
  precedingInvoice: InvoiceSummary | null;
};

/** One document of a producer with its snapshot and XML; null when it is not theirs. */
export async function getInvoice(options: {
  producerId: string;
  invoiceId: string;
}): Promise<InvoiceDetail | null> {
  const db = getDb();
  const [row] = await db
    .select({ ...summaryColumns, snapshot: invoices.snapshot, ciiXml: invoices.ciiXml })
    .from(invoices)
    .where(and(eq(invoices.id, options.invoiceId), eq(invoices.issuerId, options.producerId)));
  if (!row) {
    return null;
  }
  const { snapshot, ciiXml, ...invoice } = row;
  const creditNotes = await db
    .select(summaryColumns)
    .from(invoices)
    .where(eq(invoices.precedingInvoiceId, invoice.id))
    .orderBy(...issueOrder);
  const [preceding] = invoice.precedingInvoiceId
    ? await db
        .select(summaryColumns)
        .from(invoices)
        .where(eq(invoices.id, invoice.precedingInvoiceId))
    : [];
  return {
    invoice,
    snapshot: snapshot as InvoiceSnapshot,
    ciiXml,
    creditNotes,
    precedingInvoice: preceding ?? null,
  };
}

export type InvoiceDocument = {
  id: string;
  /** The seller's address (slug): numbers are unique per seller only. */
  issuerSlug: string;
  displayNumber: string;
  snapshot: InvoiceSnapshot;
  ciiXml: string;
};

/**
 * Snapshots and XML of many documents (exports, batch download): of a producer, of a round,
 * or of explicit ids; in issue order.
 */
export async function listInvoiceDocuments(options: {
  producerId?: string;
  roundId?: string;
  invoiceIds?: readonly string[];
  /** Operation date (delivery, else issue) within the period, inclusive. */
  operationFrom?: IsoDate;
  operationTo?: IsoDate;
}): Promise<InvoiceDocument[]> {
  const operationDay = sql`coalesce(${invoices.deliveredOn}, ${invoices.issuedOn})`;
  const rows = await getDb()
    .select({
      id: invoices.id,
      issuerSlug: organisations.slug,
      displayNumber: invoices.displayNumber,
      snapshot: invoices.snapshot,
      ciiXml: invoices.ciiXml,
    })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.issuerId))
    .where(
      and(
        options.producerId ? eq(invoices.issuerId, options.producerId) : undefined,
        options.roundId ? eq(invoices.roundId, options.roundId) : undefined,
        options.invoiceIds ? inArray(invoices.id, [...options.invoiceIds]) : undefined,
        options.operationFrom ? sql`${operationDay} >= ${options.operationFrom}::date` : undefined,
        options.operationTo ? sql`${operationDay} <= ${options.operationTo}::date` : undefined,
      ),
    )
    .orderBy(...issueOrder);
  return rows.map((row) => ({ ...row, snapshot: row.snapshot as InvoiceSnapshot }));
}
