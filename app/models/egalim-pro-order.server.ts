import { and, asc, eq, gt, inArray, ne, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import {
  auditLog,
  deliveryRounds,
  orderLines,
  orders,
  organisations,
  products,
  roundOffers,
  roundStops,
} from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import type { SaleClassification } from '#app/domain/egalim/classify.ts';
import { lastClosedYear } from '#app/domain/egalim/contract-dates.ts';
import { type CoveringContract, decideProLine } from '#app/domain/egalim/pro-order-line.ts';
import { isBovine } from '#app/domain/egalim/products.ts';
import { t } from '#app/i18n/fr.ts';
import { findCoveringContract } from './egalim-contract.server.ts';
import { loadIndicatorSeries } from './egalim-indicator.server.ts';
import { getTurnoverMap, turnoverKey } from './egalim-turnover.server.ts';

type Executor = Database | Transaction;

/**
 * Professional orders on a round's stop (DESIGN §8): the buyer orders from the round's offers;
 * every line is classified (RULES-FR §1.1) and a line that needs a written contract goes
 * through only under a signed contract covering the delivery day, priced by its formula.
 */

export type ProStop = {
  stopId: string;
  roundId: string;
  deliveryOn: string;
  roundTitle: string;
  producerId: string;
  producerName: string;
  orderDeadlineAt: Date;
  /** The producer's minimum for this delivery, HT (ADR 020); null: none. */
  minimumOrderCents: number | null;
  isOpen: boolean;
  hasOrder: boolean;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stopQuery(executor: Executor, buyerId: string) {
  return executor
    .select({
      stopId: roundStops.id,
      roundId: deliveryRounds.id,
      deliveryOn: deliveryRounds.deliveryOn,
      roundTitle: deliveryRounds.title,
      roundStatus: deliveryRounds.status,
      producerId: deliveryRounds.producerId,
      producerName: organisations.name,
      orderDeadlineAt: roundStops.orderDeadlineAt,
      minimumOrderCents: roundStops.minimumOrderCents,
      hasOrder: sql<boolean>`exists (select 1 from orders o where o.stop_id = ${roundStops.id}
        and o.customer_organisation_id = ${buyerId} and o.status <> 'cancelled')`,
    })
    .from(roundStops)
    .innerJoin(deliveryRounds, eq(deliveryRounds.id, roundStops.roundId))
    .innerJoin(organisations, eq(organisations.id, deliveryRounds.producerId));
}

/** The buyer's stops on producers' rounds still to be delivered. */
export async function listProStops(options: { buyerId: string; now: Date }): Promise<ProStop[]> {
  const rows = await stopQuery(getDb(), options.buyerId)
    .where(
      and(
        eq(roundStops.organisationId, options.buyerId),
        eq(deliveryRounds.status, 'planned'),
        gt(roundStops.orderDeadlineAt, new Date(options.now.getTime() - 30 * 86_400_000)),
      ),
    )
    .orderBy(asc(deliveryRounds.deliveryOn), asc(organisations.name));
  return rows.map((row) => toProStop(row, options.now));
}

function toProStop(
  row: Awaited<ReturnType<ReturnType<typeof stopQuery>['where']>>[number],
  now: Date,
): ProStop {
  return {
    stopId: row.stopId,
    roundId: row.roundId,
    deliveryOn: row.deliveryOn,
    roundTitle: row.roundTitle,
    producerId: row.producerId,
    producerName: row.producerName,
    orderDeadlineAt: row.orderDeadlineAt,
    minimumOrderCents: row.minimumOrderCents,
    isOpen: row.roundStatus === 'planned' && row.orderDeadlineAt > now,
    hasOrder: row.hasOrder,
  };
}

async function findStop(executor: Executor, buyerId: string, stopId: string, now: Date) {
  if (!UUID.test(stopId)) {
    return null;
  }
  const [row] = await stopQuery(executor, buyerId).where(
    and(eq(roundStops.id, stopId), eq(roundStops.organisationId, buyerId)),
  );
  return row ? toProStop(row, now) : null;
}

export type OfferView = {
  productId: string;
  name: string;
  saleUnit: string;
  stepMilli: number;
  egalimCategory: EgalimCategory;
  isSiqo: boolean;
  proPriceCents: number | null;
  stockLeftMilli: number | null;
  /** Sold by whole packs of this quantity (ADR 019); null: loose. */
  packMilli: number | null;
  /** What ordering it would give on the delivery day, before quantities. */
  decision:
    | {
        ok: true;
        unitPriceCents: number;
        priceBaseQuantityMilli: number;
        contractReference: string | null;
        priceTrace: string[] | null;
        classification: SaleClassification;
      }
    | { ok: false; reason: string };
};

export type OrderLineView = {
  productId: string;
  productName: string;
  saleUnit: string;
  quantityMilli: number;
  unitPriceCents: number;
  priceBaseQuantityMilli: number;
  contractReference: string | null;
  priceTrace: string[];
};

type OfferRow = {
  offerId: string;
  productId: string;
  name: string;
  saleUnit: string;
  stepMilli: number;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  vatRateBp: number | null;
  egalimCategory: string;
  isSiqo: boolean;
  proPriceCents: number | null;
  stockMilli: number | null;
  packMilli: number | null;
};

async function loadOffers(executor: Executor, roundId: string, lock: boolean): Promise<OfferRow[]> {
  const query = executor
    .select({
      offerId: roundOffers.id,
      productId: products.id,
      name: products.name,
      saleUnit: products.saleUnit,
      stepMilli: products.stepMilli,
      isVariableWeight: products.isVariableWeight,
      estimatedWeightGrams: products.estimatedWeightGrams,
      vatRateBp: products.vatRateBp,
      egalimCategory: products.egalimCategory,
      isSiqo: products.isSiqo,
      proPriceCents: sql<
        number | null
      >`coalesce(${roundOffers.proPriceOverrideCents}, ${products.proPriceNetCents})`,
      stockMilli: roundOffers.stockMilli,
      packMilli: products.packMilli,
    })
    .from(roundOffers)
    .innerJoin(products, eq(products.id, roundOffers.productId))
    .where(and(eq(roundOffers.roundId, roundId), eq(products.isActive, true)))
    .orderBy(asc(products.name));
  return lock ? query.for('update', { of: roundOffers }) : query;
}

/** Quantity already ordered per offer by the other orders of the round. */
async function orderedByOthers(
  executor: Executor,
  offerIds: string[],
  exceptOrderId: string | null,
): Promise<Map<string, number>> {
  if (offerIds.length === 0) {
    return new Map();
  }
  const rows = await executor
    .select({
      offerId: orderLines.offerId,
      quantityMilli: sql<number>`sum(${orderLines.quantityMilli})::int`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .where(
      and(
        inArray(orderLines.offerId, offerIds),
        ne(orders.status, 'cancelled'),
        exceptOrderId ? ne(orders.id, exceptOrderId) : undefined,
      ),
    )
    .groupBy(orderLines.offerId);
  return new Map(rows.map((row) => [row.offerId!, row.quantityMilli]));
}

/** Everything that prices a line for this stop: turnovers and covering contracts. */
async function pricingContext(executor: Executor, stop: ProStop, buyerId: string) {
  const year = lastClosedYear(stop.deliveryOn);
  const turnovers = await getTurnoverMap({ organisationIds: [stop.producerId, buyerId], year });
  const contracts = new Map<string, CoveringContract | null>();
  return {
    async decide(offer: OfferRow) {
      const category = offer.egalimCategory as EgalimCategory;
      const siqo = offer.isSiqo && isBovine(category);
      const key = `${category}|${siqo}`;
      if (!contracts.has(key)) {
        const found = await findCoveringContract(executor, {
          producerId: stop.producerId,
          buyerId,
          egalimCategory: category,
          isSiqo: siqo,
          day: stop.deliveryOn,
        });
        const formula =
          found?.terms.price?.mode === 'formula' ? found.terms.price.formula : undefined;
        contracts.set(
          key,
          found && formula
            ? {
                reference: found.reference,
                formula,
                conformation: found.terms.pricingConformation,
                priceUnit: found.terms.priceUnit,
                indicators: await loadIndicatorSeries({
                  ownerId: stop.producerId,
                  codes: formula.terms.map((term) => term.indicator),
                }),
              }
            : null,
        );
      }
      return decideProLine({
        productName: offer.name,
        product: category,
        siqo,
        deliveryOn: stop.deliveryOn,
        producerTurnoverCents: turnovers.get(turnoverKey(stop.producerId, category, siqo)),
        buyerTurnoverCents: turnovers.get(turnoverKey(buyerId, category, siqo)),
        proPriceCents: offer.proPriceCents,
        contract: contracts.get(key) ?? null,
      });
    },
  };
}

const traceTexts = (trace: { text: string }[] | null) => trace?.map((step) => step.text) ?? null;

/** The stop with its offers priced for the buyer, and the buyer's current order. */
export async function getProStop(options: { buyerId: string; stopId: string; now: Date }) {
  const stop = await findStop(getDb(), options.buyerId, options.stopId, options.now);
  if (!stop) {
    return null;
  }
  const offers = await loadOffers(getDb(), stop.roundId, false);
  const order = await getProOrder(getDb(), options.buyerId, stop);
  const ordered = await orderedByOthers(
    getDb(),
    offers.map((offer) => offer.offerId),
    order?.id ?? null,
  );
  const context = await pricingContext(getDb(), stop, options.buyerId);
  const views: OfferView[] = [];
  for (const offer of offers) {
    const decision = await context.decide(offer);
    views.push({
      productId: offer.productId,
      name: offer.name,
      saleUnit: offer.saleUnit,
      stepMilli: offer.stepMilli,
      egalimCategory: offer.egalimCategory as EgalimCategory,
      isSiqo: offer.isSiqo,
      proPriceCents: offer.proPriceCents,
      stockLeftMilli:
        offer.stockMilli === null ? null : offer.stockMilli - (ordered.get(offer.offerId) ?? 0),
      packMilli: offer.packMilli,
      decision: decision.ok
        ? {
            ok: true,
            unitPriceCents: decision.unitPriceCents,
            priceBaseQuantityMilli: decision.priceBaseQuantityMilli,
            contractReference: decision.contractReference,
            priceTrace: traceTexts(decision.priceTrace),
            classification: decision.classification,
          }
        : { ok: false, reason: decision.reason },
    });
  }
  return { stop, offers: views, order };
}

async function getProOrder(executor: Executor, buyerId: string, stop: ProStop) {
  const [order] = await executor
    .select({ id: orders.id, status: orders.status })
    .from(orders)
    .where(
      and(
        eq(orders.stopId, stop.stopId),
        eq(orders.sellerId, stop.producerId),
        eq(orders.customerOrganisationId, buyerId),
      ),
    );
  if (!order) {
    return null;
  }
  const lines = await executor
    .select()
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id))
    .orderBy(asc(orderLines.productName));
  return {
    id: order.id,
    status: order.status,
    lines: lines.map(
      (line): OrderLineView => ({
        productId: line.productId,
        productName: line.productName,
        saleUnit: line.saleUnit,
        quantityMilli: line.quantityMilli,
        unitPriceCents: line.unitPriceCents,
        priceBaseQuantityMilli: line.priceBaseQuantityMilli,
        contractReference: line.contractReference,
        priceTrace: Array.isArray(line.priceTrace)
          ? (line.priceTrace as { text?: unknown }[]).map((step) => String(step.text ?? ''))
          : [],
      }),
    ),
  };
}

export type ProOrderLineRequest = { productId: string; quantityMilli: number };
export type ProOrderLineError = { productId: string; productName: string | null; reason: string };

export type SubmitProOrderResult =
  | {
      ok: true;
      order: NonNullable<Awaited<ReturnType<typeof getProOrder>>> & {
        stopId: string;
        deliveryOn: string;
        producerName: string;
      };
    }
  | { ok: false; code: 'not_found' }
  | { ok: false; code: 'refused'; message: string; lines: ProOrderLineError[] };

const quantityFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 });
const quantityFr = (milli: number) => quantityFormat.format(milli / 1000);

class Refused extends Error {
  constructor(
    message: string,
    readonly lines: ProOrderLineError[],
  ) {
    super(message);
  }
}

/**
 * Writes the buyer's order for the stop (replacing its lines), all or nothing: every line is
 * checked (offered, step, stock left, Egalim classification and contract, price) before
 * anything is written; offers are locked so two orders cannot oversell the stock.
 */
export async function submitProOrder(options: {
  buyerId: string;
  stopId: string;
  lines: ProOrderLineRequest[];
  now: Date;
  actorId: string | null;
}): Promise<SubmitProOrderResult> {
  try {
    return await getDb().transaction(async (tx) => {
      const stop = await findStop(tx, options.buyerId, options.stopId, options.now);
      if (!stop) {
        return { ok: false as const, code: 'not_found' as const };
      }
      if (!stop.isOpen) {
        throw new Refused(t('egalim.proOrder.closed'), []);
      }
      const requested = options.lines.filter((line) => line.quantityMilli > 0);
      if (requested.length === 0) {
        throw new Refused(t('egalim.proOrder.noLine'), []);
      }
      const offers = await loadOffers(tx, stop.roundId, true);
      const byProduct = new Map(offers.map((offer) => [offer.productId, offer]));
      const existing = await getProOrder(tx, options.buyerId, stop);
      const ordered = await orderedByOthers(
        tx,
        offers.map((offer) => offer.offerId),
        existing?.id ?? null,
      );
      const context = await pricingContext(tx, stop, options.buyerId);
      const errors: ProOrderLineError[] = [];
      const accepted: {
        offer: OfferRow;
        quantityMilli: number;
        decision: Extract<Awaited<ReturnType<typeof context.decide>>, { ok: true }>;
      }[] = [];
      const seen = new Set<string>();
      for (const line of requested) {
        const offer = byProduct.get(line.productId);
        if (!offer || seen.has(line.productId)) {
          errors.push({
            productId: line.productId,
            productName: offer?.name ?? null,
            reason: t('egalim.proOrder.notOffered'),
          });
          continue;
        }
        seen.add(line.productId);
        const unit = offer.saleUnit;
        if (line.quantityMilli % offer.stepMilli !== 0) {
          errors.push({
            productId: line.productId,
            productName: offer.name,
            reason: t('egalim.proOrder.step', {
              name: offer.name,
              step: quantityFr(offer.stepMilli),
              unit,
            }),
          });
          continue;
        }
        if (offer.stockMilli !== null) {
          const left = offer.stockMilli - (ordered.get(offer.offerId) ?? 0);
          if (line.quantityMilli > left) {
            errors.push({
              productId: line.productId,
              productName: offer.name,
              reason: t('egalim.proOrder.stock', {
                name: offer.name,
                left: quantityFr(Math.max(0, left)),
                unit,
              }),
            });
            continue;
          }
        }
        const decision = await context.decide(offer);
        if (!decision.ok) {
          errors.push({
            productId: line.productId,
            productName: offer.name,
            reason: decision.reason,
          });
          continue;
        }
        accepted.push({ offer, quantityMilli: line.quantityMilli, decision });
      }
      if (errors.length > 0) {
        throw new Refused(t('egalim.proOrder.refused'), errors);
      }
      let orderId = existing?.id;
      if (orderId) {
        await tx.delete(orderLines).where(eq(orderLines.orderId, orderId));
        await tx.update(orders).set({ status: 'open' }).where(eq(orders.id, orderId));
      } else {
        const [created] = await tx
          .insert(orders)
          .values({
            roundId: stop.roundId,
            stopId: stop.stopId,
            sellerId: stop.producerId,
            customerOrganisationId: options.buyerId,
            source: 'pro',
          })
          .returning({ id: orders.id });
        orderId = created!.id;
      }
      await tx.insert(orderLines).values(
        accepted.map(({ offer, quantityMilli, decision }) => ({
          orderId: orderId!,
          productId: offer.productId,
          offerId: offer.offerId,
          productName: offer.name,
          saleUnit: offer.saleUnit,
          isVariableWeight: offer.isVariableWeight,
          estimatedWeightGrams: offer.estimatedWeightGrams,
          quantityMilli,
          priceBasis: 'net' as const,
          unitPriceCents: decision.unitPriceCents,
          priceBaseQuantityMilli: decision.priceBaseQuantityMilli,
          vatRateBp: offer.vatRateBp,
          egalimCategory: offer.egalimCategory,
          contractReference: decision.contractReference,
          priceTrace: decision.priceTrace,
        })),
      );
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: options.buyerId,
        action: 'pro_order.submitted',
        entity: 'orders',
        entityId: orderId,
        data: {
          stopId: stop.stopId,
          lines: accepted.map(({ offer, quantityMilli, decision }) => ({
            productId: offer.productId,
            quantityMilli,
            decision: decision.classification.decision,
            rule: decision.classification.rule,
            contractReference: decision.contractReference,
          })),
        },
      });
      const order = (await getProOrder(tx, options.buyerId, stop))!;
      return {
        ok: true as const,
        order: {
          ...order,
          stopId: stop.stopId,
          deliveryOn: stop.deliveryOn,
          producerName: stop.producerName,
        },
      };
    });
  } catch (error) {
    if (error instanceof Refused) {
      return { ok: false, code: 'refused', message: error.message, lines: error.lines };
    }
    throw error;
  }
}

/** The buyer's order for a stop, or null. */
export async function getProOrderForStop(options: { buyerId: string; stopId: string; now: Date }) {
  const stop = await findStop(getDb(), options.buyerId, options.stopId, options.now);
  return stop ? getProOrder(getDb(), options.buyerId, stop) : null;
}
