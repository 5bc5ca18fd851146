import { and, asc, desc, eq, ne, sql } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, deliveryRounds, roundOffers, roundStops } from '#app/db/schema.ts';
import { daysBetween, shiftInstantByDays } from '#app/domain/calendar/paris-time.ts';
import type { CreateRound } from '#app/domain/rounds/schemas.ts';
import { isDeliveryDayPast } from '#app/domain/rounds/stop-times.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';

export type DeliveryRound = typeof deliveryRounds.$inferSelect;
export type { Transaction } from '#app/db/client.server.ts';

/** Field errors in conform's shape (`submission.reply({ fieldErrors })`). */
export type FieldErrors = Record<string, string[]>;
export type Result<T> = ({ ok: true } & T) | { ok: false; fieldErrors: FieldErrors };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and forms: a malformed one is a missing row, not a database error. */
export function isUuid(value: string | undefined): value is string {
  return value !== undefined && UUID.test(value);
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const e = error as { code?: string; constraint_name?: string } | null;
  return e?.code === '23505' && e.constraint_name === constraint;
}

export async function listRounds(producerId: string) {
  return getDb()
    .select({
      id: deliveryRounds.id,
      deliveryOn: deliveryRounds.deliveryOn,
      title: deliveryRounds.title,
      status: deliveryRounds.status,
      stopCount: sql<number>`(select count(*)::int from round_stops s where s.round_id = ${deliveryRounds.id})`,
      offerCount: sql<number>`(select count(*)::int from round_offers o where o.round_id = ${deliveryRounds.id})`,
    })
    .from(deliveryRounds)
    .where(eq(deliveryRounds.producerId, producerId))
    .orderBy(desc(deliveryRounds.deliveryOn), asc(deliveryRounds.title));
}

/** The round if it belongs to `producerId`; a foreign or malformed id is simply not found. */
export async function getRound(options: {
  producerId: string;
  roundId: string | undefined;
}): Promise<DeliveryRound | null> {
  if (!isUuid(options.roundId)) {
    return null;
  }
  const [round] = await getDb()
    .select()
    .from(deliveryRounds)
    .where(
      and(
        eq(deliveryRounds.id, options.roundId),
        eq(deliveryRounds.producerId, options.producerId),
      ),
    );
  return round ?? null;
}

async function findTitleClash(
  tx: Transaction,
  options: { producerId: string; deliveryOn: string; title: string },
): Promise<boolean> {
  const rows = await tx
    .select({ id: deliveryRounds.id })
    .from(deliveryRounds)
    .where(
      and(
        eq(deliveryRounds.producerId, options.producerId),
        eq(deliveryRounds.deliveryOn, options.deliveryOn),
        ne(deliveryRounds.status, 'cancelled'),
        sql`lower(btrim(${deliveryRounds.title})) = lower(btrim(${options.title}))`,
      ),
    );
  return rows.length > 0;
}

function titleTaken(deliveryOn: string, title: string): FieldErrors {
  return {
    deliveryOn: [
      t('round.titleTaken', { title: title || t('round.untitled'), day: formatDay(deliveryOn) }),
    ],
  };
}

type InsertRoundOptions = {
  producerId: string;
  actorId: string;
  input: CreateRound & { notes?: string };
  /** Today in Paris: rounds are planned for today or later. */
  today: string;
  /** Fills the new round in the same transaction (duplication). */
  fill?: (tx: Transaction, round: DeliveryRound) => Promise<void>;
  action: string;
};

async function insertRound(options: InsertRoundOptions): Promise<Result<{ round: DeliveryRound }>> {
  const { producerId, input } = options;
  if (isDeliveryDayPast(input.deliveryOn, options.today)) {
    return { ok: false, fieldErrors: { deliveryOn: [t('round.deliveryOnPast')] } };
  }
  try {
    return await getDb().transaction(async (tx) => {
      if (await findTitleClash(tx, { producerId, ...input })) {
        return { ok: false as const, fieldErrors: titleTaken(input.deliveryOn, input.title) };
      }
      const [round] = await tx
        .insert(deliveryRounds)
        .values({
          producerId,
          deliveryOn: input.deliveryOn,
          title: input.title,
          notes: input.notes ?? '',
        })
        .returning();
      await options.fill?.(tx, round!);
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: producerId,
        action: options.action,
        entity: 'delivery_round',
        entityId: round!.id,
        data: { deliveryOn: input.deliveryOn, title: input.title },
      });
      return { ok: true as const, round: round! };
    });
  } catch (error) {
    // Two submissions at the same instant: the unique index decides, the loser gets the message.
    if (isUniqueViolation(error, 'delivery_rounds_producer_day_title_key')) {
      return { ok: false, fieldErrors: titleTaken(input.deliveryOn, input.title) };
    }
    throw error;
  }
}

export function createRound(options: {
  producerId: string;
  actorId: string;
  input: CreateRound;
  today: string;
}) {
  return insertRound({ ...options, action: 'round.created' });
}

/**
 * "Duplicate last week's round": same title, notes, stops (organisation, position, address,
 * minimum order) and offers (stock, price overrides) on `deliveryOn`; every window and deadline
 * moves by the same number of days, keeping its Paris wall-clock time across a DST change.
 */
export async function duplicateRound(options: {
  producerId: string;
  actorId: string;
  source: DeliveryRound;
  deliveryOn: string;
  today: string;
}): Promise<Result<{ round: DeliveryRound }>> {
  const { source, deliveryOn } = options;
  if (deliveryOn === source.deliveryOn) {
    return { ok: false, fieldErrors: { deliveryOn: [t('round.sameDay')] } };
  }
  const days = daysBetween(source.deliveryOn, deliveryOn);
  const shift = (instant: Date | null) => (instant ? shiftInstantByDays(instant, days) : null);
  return insertRound({
    producerId: options.producerId,
    actorId: options.actorId,
    today: options.today,
    input: { deliveryOn, title: source.title, notes: source.notes },
    action: 'round.duplicated',
    fill: async (tx, round) => {
      const stops = await tx.select().from(roundStops).where(eq(roundStops.roundId, source.id));
      if (stops.length > 0) {
        await tx.insert(roundStops).values(
          stops.map((stop) => ({
            roundId: round.id,
            position: stop.position,
            organisationId: stop.organisationId,
            address: stop.address,
            notes: stop.notes,
            minimumOrderCents: stop.minimumOrderCents,
            windowStartAt: shift(stop.windowStartAt),
            windowEndAt: shift(stop.windowEndAt),
            orderDeadlineAt: shift(stop.orderDeadlineAt)!,
          })),
        );
      }
      const offers = await tx.select().from(roundOffers).where(eq(roundOffers.roundId, source.id));
      if (offers.length > 0) {
        await tx.insert(roundOffers).values(
          offers.map((offer) => ({
            roundId: round.id,
            productId: offer.productId,
            stockMilli: offer.stockMilli,
            consumerPriceOverrideCents: offer.consumerPriceOverrideCents,
            proPriceOverrideCents: offer.proPriceOverrideCents,
          })),
        );
      }
    },
  });
}

/** Stops and offers can change only while the round is planned. */
export function isRoundEditable(round: DeliveryRound): boolean {
  return round.status === 'planned';
}
