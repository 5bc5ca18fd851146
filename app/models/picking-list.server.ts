import { and, asc, eq, ne } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { getDb } from '#app/db/client.server.ts';
import {
  households,
  orderLines,
  orders,
  organisations,
  products,
  roundStops,
} from '#app/db/schema.ts';
import {
  buildPickingList,
  type PickingInput,
  type PickingLineInput,
  type PickingList,
  type PickingOrderInput,
} from '#app/domain/rounds/picking-list.ts';

/**
 * What the picking lists of a round aggregate: its stops and the lines of its orders as they
 * were snapshotted (name, unit, estimated weight), cancelled orders excluded; the pack size is
 * the product's current one (how the producer packs today). The round must
 * already be scoped to its producer by the caller (`getRound`).
 */
export async function loadPickingInput(roundId: string): Promise<PickingInput> {
  const db = getDb();
  const stops = await db
    .select({
      id: roundStops.id,
      position: roundStops.position,
      name: organisations.name,
      address: roundStops.address,
      windowStartAt: roundStops.windowStartAt,
      windowEndAt: roundStops.windowEndAt,
      orderDeadlineAt: roundStops.orderDeadlineAt,
    })
    .from(roundStops)
    .innerJoin(organisations, eq(organisations.id, roundStops.organisationId))
    .where(eq(roundStops.roundId, roundId))
    .orderBy(asc(roundStops.position));

  const customer = alias(organisations, 'customer');
  const lines = await db
    .select({
      orderId: orders.id,
      stopId: orders.stopId,
      householdName: households.name,
      organisationName: customer.name,
      productId: orderLines.productId,
      productName: orderLines.productName,
      saleUnit: orderLines.saleUnit,
      isVariableWeight: orderLines.isVariableWeight,
      estimatedWeightGrams: orderLines.estimatedWeightGrams,
      quantityMilli: orderLines.quantityMilli,
      packMilli: products.packMilli,
    })
    .from(orders)
    .innerJoin(orderLines, eq(orderLines.orderId, orders.id))
    .leftJoin(products, eq(products.id, orderLines.productId))
    .leftJoin(households, eq(households.id, orders.householdId))
    .leftJoin(customer, eq(customer.id, orders.customerOrganisationId))
    .where(and(eq(orders.roundId, roundId), ne(orders.status, 'cancelled')));

  const byOrder = new Map<string, PickingOrderInput & { lines: PickingLineInput[] }>();
  for (const { orderId, stopId, householdName, organisationName, ...line } of lines) {
    const order = byOrder.get(orderId) ?? {
      stopId,
      customerKind: householdName !== null ? ('household' as const) : ('organisation' as const),
      customerName: householdName ?? organisationName ?? '',
      lines: [],
    };
    order.lines.push(line);
    byOrder.set(orderId, order);
  }
  return { stops, orders: [...byOrder.values()] };
}

/** The aggregated picking list of a round already scoped to its producer. */
export async function getPickingList(roundId: string): Promise<PickingList> {
  return buildPickingList(await loadPickingInput(roundId));
}
