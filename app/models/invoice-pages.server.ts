/**
 * Reads behind the invoice pages that the invoicing model does not cover: the rounds a
 * producer can invoice, a round's order lines for the delivery entry, and a household's own
 * invoices. Every query carries its scope (producer, or the signed-in user's households), so a
 * foreign row and a missing row look the same.
 */
import { and, asc, desc, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import {
  deliveryRounds,
  households,
  invoices,
  memberships,
  orderLines,
  orders,
  organisations,
  roundStops,
} from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { type InvoiceSummary, summaryColumns } from './invoice-queries.server.ts';

export type InvoiceableRound = {
  id: string;
  deliveryOn: string;
  title: string;
  status: 'planned' | 'delivered' | 'invoiced' | 'cancelled';
  documentCount: number;
};

/** A producer's rounds up to `untilDay` (not cancelled), newest first, with their documents. */
export async function listInvoiceableRounds(options: {
  producerId: string;
  untilDay: string;
  limit?: number;
}): Promise<InvoiceableRound[]> {
  return getDb()
    .select({
      id: deliveryRounds.id,
      deliveryOn: deliveryRounds.deliveryOn,
      title: deliveryRounds.title,
      status: deliveryRounds.status,
      documentCount: sql<number>`(select count(*)::int from public.invoices i where i.round_id = ${deliveryRounds.id})`,
    })
    .from(deliveryRounds)
    .where(
      and(
        eq(deliveryRounds.producerId, options.producerId),
        ne(deliveryRounds.status, 'cancelled'),
        sql`${deliveryRounds.deliveryOn} <= ${options.untilDay}::date`,
      ),
    )
    .orderBy(desc(deliveryRounds.deliveryOn), asc(deliveryRounds.title))
    .limit(options.limit ?? 30);
}

export type DeliveryLine = {
  orderLineId: string;
  stopPosition: number;
  customerName: string;
  productName: string;
  saleUnit: string;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  quantityMilli: number;
  deliveredQuantityMilli: number | null;
  actualWeightGrams: number | null;
};

/**
 * The order lines of a round's live orders sold by `producerId`, by stop then customer, for
 * the delivery entry (actual weights, shortages). The round must be the producer's.
 */
export async function listRoundDeliveryLines(options: {
  producerId: string;
  roundId: string;
}): Promise<DeliveryLine[]> {
  const customer = sql<string>`coalesce(${households.name}, ${organisations.name}, '')`;
  return getDb()
    .select({
      orderLineId: orderLines.id,
      stopPosition: roundStops.position,
      customerName: customer,
      productName: orderLines.productName,
      saleUnit: orderLines.saleUnit,
      isVariableWeight: orderLines.isVariableWeight,
      estimatedWeightGrams: orderLines.estimatedWeightGrams,
      quantityMilli: orderLines.quantityMilli,
      deliveredQuantityMilli: orderLines.deliveredQuantityMilli,
      actualWeightGrams: orderLines.actualWeightGrams,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(deliveryRounds, eq(deliveryRounds.id, orders.roundId))
    .innerJoin(roundStops, eq(roundStops.id, orders.stopId))
    .leftJoin(households, eq(households.id, orders.householdId))
    .leftJoin(organisations, eq(organisations.id, orders.customerOrganisationId))
    .where(
      and(
        eq(orders.roundId, options.roundId),
        eq(deliveryRounds.producerId, options.producerId),
        eq(orders.sellerId, options.producerId),
        ne(orders.status, 'cancelled'),
      ),
    )
    .orderBy(asc(roundStops.position), asc(customer), asc(orderLines.productName));
}

function householdIdsOf(userId: string) {
  return getDb()
    .select({ householdId: memberships.householdId })
    .from(memberships)
    .where(and(eq(memberships.userId, userId), isNotNull(memberships.householdId)));
}

export type HouseholdInvoice = InvoiceSummary & { sellerName: string };

/** Invoices and credit notes addressed to the households the user belongs to, newest first. */
export async function listHouseholdInvoices(userId: string): Promise<HouseholdInvoice[]> {
  return getDb()
    .select({ ...summaryColumns, sellerName: organisations.name })
    .from(invoices)
    .innerJoin(organisations, eq(organisations.id, invoices.issuerId))
    .where(inArray(invoices.householdId, householdIdsOf(userId)))
    .orderBy(desc(invoices.issuedOn), desc(invoices.displayNumber));
}

/** One of the user's household documents with its snapshot; null when it is not theirs. */
export async function getHouseholdInvoiceDocument(options: {
  userId: string;
  invoiceId: string;
}): Promise<{ snapshot: InvoiceSnapshot; ciiXml: string } | null> {
  if (!/^[0-9a-f-]{36}$/i.test(options.invoiceId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ snapshot: invoices.snapshot, ciiXml: invoices.ciiXml })
    .from(invoices)
    .where(
      and(
        eq(invoices.id, options.invoiceId),
        inArray(invoices.householdId, householdIdsOf(options.userId)),
      ),
    );
  return row ? { snapshot: row.snapshot as InvoiceSnapshot, ciiXml: row.ciiXml } : null;
}
