import { and, asc, eq, ne, sql } from 'drizzle-orm';
import { getDb, getSql } from '#app/db/client.server.ts';
import { orderLines, orders, products, roundOffers, sheetCells } from '#app/db/schema.ts';
import { formatPickedQuantity } from '#app/domain/rounds/quantity-label.ts';
import type { AddOffer, UpdateOffer } from '#app/domain/rounds/schemas.ts';
import { t } from '#app/i18n/fr.ts';
import { isUuid, type Result, type Transaction } from './round.server.ts';
import { getLiveSheetHooks } from './sheet-live.server.ts';

/**
 * The round's offers changed (a product added or withdrawn, a stock or price): its open live
 * sheets reload their rules, so that the server accepts the new column and judges stock
 * against the new figure at once, not once the sheet unloads.
 */
async function refreshRoundSheets<T extends { ok: boolean }>(
  roundId: string,
  result: T,
): Promise<T> {
  const hooks = getLiveSheetHooks();
  if (!result.ok || !hooks) {
    return result;
  }
  const sheets = await getSql()<{ id: string }[]>`
    select distinct s.id from sheets s
    join sheet_stops ss on ss.sheet_id = s.id join round_stops st on st.id = ss.stop_id
    where st.round_id = ${roundId} and s.status = 'open'`;
  for (const sheet of sheets) {
    await hooks.refresh(sheet.id);
  }
  return result;
}

/** Quantity of a product already ordered in a round (cancelled orders aside). */
function orderedMilli(roundId: string) {
  return sql<number>`coalesce((
    select sum(l.quantity_milli)::int from order_lines l join orders o on o.id = l.order_id
    where o.round_id = ${roundId} and o.status <> 'cancelled' and l.product_id = ${products.id}
  ), 0)`;
}

export async function listOffers(roundId: string) {
  return getDb()
    .select({
      id: roundOffers.id,
      productId: products.id,
      productName: products.name,
      sku: products.sku,
      saleUnit: products.saleUnit,
      isVariableWeight: products.isVariableWeight,
      estimatedWeightGrams: products.estimatedWeightGrams,
      consumerPriceGrossCents: products.consumerPriceGrossCents,
      proPriceNetCents: products.proPriceNetCents,
      stockMilli: roundOffers.stockMilli,
      consumerPriceOverrideCents: roundOffers.consumerPriceOverrideCents,
      proPriceOverrideCents: roundOffers.proPriceOverrideCents,
      orderedMilli: orderedMilli(roundId),
    })
    .from(roundOffers)
    .innerJoin(products, eq(products.id, roundOffers.productId))
    .where(eq(roundOffers.roundId, roundId))
    .orderBy(asc(products.shelf), asc(products.name));
}
export type RoundOfferRow = Awaited<ReturnType<typeof listOffers>>[number];

/** The producer's active products not yet offered in the round (for the "add" form). */
export async function listOfferableProducts(options: { producerId: string; roundId: string }) {
  return getDb()
    .select({
      id: products.id,
      name: products.name,
      sku: products.sku,
      saleUnit: products.saleUnit,
    })
    .from(products)
    .where(
      and(
        eq(products.producerId, options.producerId),
        eq(products.isActive, true),
        sql`not exists (select 1 from round_offers o where o.round_id = ${options.roundId} and o.product_id = ${products.id})`,
      ),
    )
    .orderBy(asc(products.shelf), asc(products.name));
}

type StockCheck = { productId: string; roundId: string; stockMilli: number | null };

async function stockBelowOrdered(tx: Transaction, check: StockCheck): Promise<string | null> {
  if (check.stockMilli === null) {
    return null;
  }
  const [row] = await tx
    .select({
      ordered: sql<number>`coalesce(sum(${orderLines.quantityMilli}), 0)::int`,
      saleUnit: sql<string>`max(${orderLines.saleUnit})`,
      isVariableWeight: sql<boolean>`bool_or(${orderLines.isVariableWeight})`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        eq(orders.roundId, check.roundId),
        ne(orders.status, 'cancelled'),
        eq(orderLines.productId, check.productId),
      ),
    );
  if (!row || row.ordered <= check.stockMilli) {
    return null;
  }
  const ordered = formatPickedQuantity({
    saleUnit: row.saleUnit,
    isVariableWeight: row.isVariableWeight,
    quantityMilli: row.ordered,
    estimatedGrams: null,
  });
  return t('round.offer.stockBelowOrdered', { ordered });
}

/** Offers one of the producer's own products in the round; another producer's is refused. */
export async function addOffer(options: {
  producerId: string;
  roundId: string;
  input: AddOffer;
}): Promise<Result<{ offerId: string }>> {
  const { producerId, roundId, input } = options;
  const result = await getDb().transaction(async (tx): Promise<Result<{ offerId: string }>> => {
    const [product] = await tx
      .select({ id: products.id })
      .from(products)
      .where(and(eq(products.id, input.productId), eq(products.producerId, producerId)));
    if (!product) {
      return { ok: false as const, fieldErrors: { productId: [t('round.offer.product')] } };
    }
    const [inserted] = await tx
      .insert(roundOffers)
      .values({
        roundId,
        productId: product.id,
        stockMilli: input.stock,
        consumerPriceOverrideCents: input.consumerPriceOverride,
        proPriceOverrideCents: input.proPriceOverride,
      })
      .onConflictDoNothing()
      .returning({ id: roundOffers.id });
    if (!inserted) {
      return { ok: false as const, fieldErrors: { productId: [t('round.offer.productTaken')] } };
    }
    return { ok: true as const, offerId: inserted.id };
  });
  return refreshRoundSheets(roundId, result);
}

export async function updateOffer(options: {
  roundId: string;
  input: UpdateOffer;
}): Promise<Result<object>> {
  const { roundId, input } = options;
  const result = await getDb().transaction(async (tx): Promise<Result<object>> => {
    const [offer] = await tx
      .select()
      .from(roundOffers)
      .where(and(eq(roundOffers.id, input.offerId), eq(roundOffers.roundId, roundId)))
      .for('update');
    if (!offer) {
      return { ok: false as const, fieldErrors: { offerId: [t('round.offer.notFound')] } };
    }
    const tooLow = await stockBelowOrdered(tx, {
      roundId,
      productId: offer.productId,
      stockMilli: input.stock,
    });
    if (tooLow) {
      return { ok: false as const, fieldErrors: { stock: [tooLow] } };
    }
    await tx
      .update(roundOffers)
      .set({
        stockMilli: input.stock,
        consumerPriceOverrideCents: input.consumerPriceOverride,
        proPriceOverrideCents: input.proPriceOverride,
      })
      .where(eq(roundOffers.id, offer.id));
    return { ok: true as const };
  });
  return refreshRoundSheets(roundId, result);
}

/** Withdraws a product from the round, unless someone has already ordered it. */
export async function removeOffer(options: {
  roundId: string;
  offerId: string;
}): Promise<Result<object>> {
  const { roundId, offerId } = options;
  if (!isUuid(offerId)) {
    return { ok: false, fieldErrors: { offerId: [t('round.offer.notFound')] } };
  }
  const result = await getDb().transaction(async (tx): Promise<Result<object>> => {
    const [offer] = await tx
      .select()
      .from(roundOffers)
      .where(and(eq(roundOffers.id, offerId), eq(roundOffers.roundId, roundId)))
      .for('update');
    if (!offer) {
      return { ok: false as const, fieldErrors: { offerId: [t('round.offer.notFound')] } };
    }
    const [ordered] = await tx
      .select({ id: orderLines.id })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(
        and(
          eq(orders.roundId, roundId),
          ne(orders.status, 'cancelled'),
          eq(orderLines.productId, offer.productId),
        ),
      )
      .limit(1);
    // Quantities typed on a live sheet count as orders (and hold the offer in place).
    const [onSheet] = await tx
      .select({ offerId: sheetCells.offerId })
      .from(sheetCells)
      .where(eq(sheetCells.offerId, offer.id))
      .limit(1);
    if (ordered || onSheet) {
      return { ok: false as const, fieldErrors: { offerId: [t('round.offer.hasOrders')] } };
    }
    await tx.delete(roundOffers).where(eq(roundOffers.id, offer.id));
    return { ok: true as const };
  });
  return refreshRoundSheets(roundId, result);
}
