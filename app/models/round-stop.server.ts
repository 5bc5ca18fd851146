import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { orders, organisations, roundStops } from '#app/db/schema.ts';
import { lineAmountCents } from '#app/domain/catalogue/quantity.ts';
import { multiplyAndRound, ONE_UNIT_MILLI, sumCents } from '#app/domain/money/money.ts';
import type { StopInput } from '#app/domain/rounds/schemas.ts';
import { resolveStopTimes } from '#app/domain/rounds/stop-times.ts';
import { t } from '#app/i18n/fr.ts';
import { type DeliveryRound, isUuid, type Result, type Transaction } from './round.server.ts';

/** Kinds of organisation a round stops at: neighbourhood groups and professional buyers. */
const STOP_KINDS = ['group', 'buyer'] as const;

function organisationAddress(org: {
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
}): string {
  const town = `${org.postalCode ?? ''} ${org.city ?? ''}`.trim();
  return [org.addressLine1, org.addressLine2, town].filter(Boolean).join(', ');
}

export async function listStops(roundId: string) {
  const rows = await getDb()
    .select({
      id: roundStops.id,
      position: roundStops.position,
      organisationId: roundStops.organisationId,
      organisationName: organisations.name,
      organisationKind: organisations.kind,
      address: roundStops.address,
      windowStartAt: roundStops.windowStartAt,
      windowEndAt: roundStops.windowEndAt,
      orderDeadlineAt: roundStops.orderDeadlineAt,
      orderCount: sql<number>`(select count(*)::int from orders o where o.stop_id = ${roundStops.id} and o.status <> 'cancelled')`,
      minimumOrderCents: roundStops.minimumOrderCents,
    })
    .from(roundStops)
    .innerJoin(organisations, eq(organisations.id, roundStops.organisationId))
    .where(eq(roundStops.roundId, roundId))
    .orderBy(asc(roundStops.position));
  const ordered = await orderedCentsByStop(roundId);
  return rows.map((row) => ({ ...row, orderedCents: ordered.get(row.id) ?? 0 }));
}

/**
 * What each stop of the round has ordered so far, in cents at the prices its customers pay
 * (the lines' own prices: TTC for households, HT for buyers): the lines of its orders that are
 * not cancelled, plus, for a group stop with an open sheet, the sheet's cells of this round's
 * offers at the offer's consumer price. A household's order replaced by the open sheet when it
 * closes (it has cells there) is counted through the cells only. Each line is rounded once,
 * half-up, to the cent.
 */
async function orderedCentsByStop(roundId: string): Promise<Map<string, number>> {
  const lines = await getDb().execute<{
    stop_id: string;
    quantity_milli: number;
    unit_price_cents: number;
    price_base_quantity_milli: number;
    estimated_weight_grams: number | null;
    actual_weight_grams: number | null;
  }>(sql`
    with open_cells as (
      select ss.stop_id, c.household_id, c.quantity_milli,
             coalesce(ro.consumer_price_override_cents, p.consumer_price_gross_cents)
               as unit_price_cents,
             case when p.is_variable_weight then p.estimated_weight_grams end
               as estimated_weight_grams
      from round_stops st
      join sheet_stops ss on ss.stop_id = st.id
      join sheets s on s.id = ss.sheet_id and s.status = 'open'
      join sheet_cells c on c.sheet_id = s.id and c.quantity_milli > 0
      join round_offers ro on ro.id = c.offer_id and ro.round_id = st.round_id
      join products p on p.id = ro.product_id
      where st.round_id = ${roundId}
    )
    select o.stop_id, l.quantity_milli, l.unit_price_cents, l.price_base_quantity_milli,
           case when l.is_variable_weight then l.estimated_weight_grams end
             as estimated_weight_grams,
           l.actual_weight_grams
    from orders o
    join round_stops st on st.id = o.stop_id
    join order_lines l on l.order_id = o.id
    where st.round_id = ${roundId} and o.status <> 'cancelled'
      and not exists (
        select 1 from open_cells oc
        where oc.stop_id = o.stop_id and oc.household_id = o.household_id
      )
    union all
    select stop_id, quantity_milli, unit_price_cents, ${ONE_UNIT_MILLI}::int,
           estimated_weight_grams, null::int
    from open_cells`);
  const byStop = new Map<string, number[]>();
  for (const line of lines) {
    const amounts = byStop.get(line.stop_id) ?? [];
    // A variable-weight line counts pieces: priced by their estimated (or weighed) weight.
    amounts.push(
      line.estimated_weight_grams === null
        ? multiplyAndRound(
            line.unit_price_cents,
            line.quantity_milli,
            line.price_base_quantity_milli,
          )
        : lineAmountCents({
            unitPriceCents: line.unit_price_cents,
            quantityMilli: line.quantity_milli,
            estimatedWeightGrams: line.estimated_weight_grams,
            actualWeightGrams: line.actual_weight_grams,
          }).amountCents,
    );
    byStop.set(line.stop_id, amounts);
  }
  return new Map([...byStop].map(([stopId, amounts]) => [stopId, sumCents(amounts)]));
}
export type RoundStopRow = Awaited<ReturnType<typeof listStops>>[number];

/** Groups and buyers a producer may add as stops, found by name (accents and case ignored). */
export async function searchStopOrganisations(options: { query: string; limit?: number }) {
  const pattern = `%${options.query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const rows = await getDb()
    .select({
      id: organisations.id,
      name: organisations.name,
      kind: organisations.kind,
      addressLine1: organisations.addressLine1,
      addressLine2: organisations.addressLine2,
      postalCode: organisations.postalCode,
      city: organisations.city,
    })
    .from(organisations)
    .where(
      and(
        inArray(organisations.kind, [...STOP_KINDS]),
        sql`${organisations.name} ilike ${pattern}`,
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(options.limit ?? 50);
  return rows.map(({ addressLine1, addressLine2, postalCode, city, ...org }) => ({
    ...org,
    address: organisationAddress({ addressLine1, addressLine2, postalCode, city }),
  }));
}

export async function addStop(options: {
  round: DeliveryRound;
  input: StopInput;
}): Promise<Result<{ stopId: string; name: string }>> {
  const { round, input } = options;
  const times = resolveStopTimes({ deliveryOn: round.deliveryOn, ...input });
  const [organisation] = await getDb()
    .select()
    .from(organisations)
    .where(eq(organisations.id, input.organisationId));
  const fieldErrors: Record<string, string[]> = times.ok ? {} : { ...times.fieldErrors };
  if (!organisation) {
    fieldErrors.organisationId = [t('round.stop.organisation')];
  } else if (!(STOP_KINDS as readonly string[]).includes(organisation.kind)) {
    fieldErrors.organisationId = [t('round.stop.organisationKind')];
  }
  if (!times.ok || !organisation || Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors };
  }
  return getDb().transaction(async (tx): Promise<Result<{ stopId: string; name: string }>> => {
    // Serialises concurrent additions to one round (positions are max + 1).
    await tx.execute(sql`select 1 from delivery_rounds where id = ${round.id} for update`);
    const existing = await tx
      .select({ organisationId: roundStops.organisationId, position: roundStops.position })
      .from(roundStops)
      .where(eq(roundStops.roundId, round.id));
    if (existing.some((s) => s.organisationId === organisation.id)) {
      return {
        ok: false as const,
        fieldErrors: { organisationId: [t('round.stop.organisationTaken')] },
      };
    }
    const position = Math.max(0, ...existing.map((s) => s.position)) + 1;
    const [stop] = await tx
      .insert(roundStops)
      .values({
        roundId: round.id,
        position,
        organisationId: organisation.id,
        address: input.address || organisationAddress(organisation),
        minimumOrderCents: input.minimumOrder,
        ...times.times,
      })
      .returning({ id: roundStops.id });
    return { ok: true as const, stopId: stop!.id, name: organisation.name };
  });
}

/** Sets (or, with null, clears) the minimum order of one of the round's stops. */
export async function updateStopMinimum(options: {
  roundId: string;
  stopId: string;
  minimumCents: number | null;
}): Promise<Result<{ name: string }>> {
  const { roundId, stopId } = options;
  if (!isUuid(stopId)) {
    return { ok: false, fieldErrors: { stopId: [t('round.stop.notFound')] } };
  }
  const [stop] = await getDb()
    .update(roundStops)
    .set({ minimumOrderCents: options.minimumCents })
    .where(and(eq(roundStops.id, stopId), eq(roundStops.roundId, roundId)))
    .returning({ organisationId: roundStops.organisationId });
  if (!stop) {
    return { ok: false, fieldErrors: { stopId: [t('round.stop.notFound')] } };
  }
  const [organisation] = await getDb()
    .select({ name: organisations.name })
    .from(organisations)
    .where(eq(organisations.id, stop.organisationId));
  return { ok: true, name: organisation?.name ?? '' };
}

async function lockedStops(tx: Transaction, roundId: string) {
  await tx.execute(sql`select 1 from delivery_rounds where id = ${roundId} for update`);
  return tx
    .select({ id: roundStops.id, position: roundStops.position })
    .from(roundStops)
    .where(eq(roundStops.roundId, roundId))
    .orderBy(asc(roundStops.position));
}

/** Removes a stop without orders and closes the gap in positions. */
export async function removeStop(options: {
  roundId: string;
  stopId: string;
}): Promise<Result<object>> {
  const { roundId, stopId } = options;
  if (!isUuid(stopId)) {
    return { ok: false, fieldErrors: { stopId: [t('round.stop.notFound')] } };
  }
  return getDb().transaction(async (tx): Promise<Result<object>> => {
    const stops = await lockedStops(tx, roundId);
    const stop = stops.find((s) => s.id === stopId);
    if (!stop) {
      return { ok: false as const, fieldErrors: { stopId: [t('round.stop.notFound')] } };
    }
    const [used] = await tx
      .select({ id: orders.id })
      .from(orders)
      .where(eq(orders.stopId, stopId))
      .limit(1);
    if (used) {
      return { ok: false as const, fieldErrors: { stopId: [t('round.stop.hasOrders')] } };
    }
    await tx.delete(roundStops).where(eq(roundStops.id, stopId));
    await tx
      .update(roundStops)
      .set({ position: sql`${roundStops.position} - 1` })
      .where(and(eq(roundStops.roundId, roundId), gt(roundStops.position, stop.position)));
    return { ok: true as const };
  });
}

/**
 * Puts the stops in `stopIds` order (positions 1..n). The position constraint is deferred, so
 * the swap is checked once, at commit. `stopIds` must be exactly the round's stops.
 */
export async function reorderStops(options: {
  roundId: string;
  stopIds: readonly string[];
}): Promise<Result<object>> {
  return getDb().transaction(async (tx): Promise<Result<object>> => {
    const stops = await lockedStops(tx, options.roundId);
    const current = new Set(stops.map((s) => s.id));
    const wanted = new Set(options.stopIds);
    if (
      wanted.size !== options.stopIds.length ||
      wanted.size !== current.size ||
      [...wanted].some((id) => !current.has(id))
    ) {
      return { ok: false as const, fieldErrors: { stopId: [t('round.stop.notFound')] } };
    }
    for (const [index, id] of options.stopIds.entries()) {
      await tx
        .update(roundStops)
        .set({ position: index + 1 })
        .where(eq(roundStops.id, id));
    }
    return { ok: true as const };
  });
}

/** Moves a stop one place earlier or later in the round (no-op at either end). */
export async function moveStop(options: {
  roundId: string;
  stopId: string;
  direction: 'up' | 'down';
}): Promise<Result<object>> {
  const stops = await listStops(options.roundId);
  const index = stops.findIndex((s) => s.id === options.stopId);
  if (index === -1) {
    return { ok: false, fieldErrors: { stopId: [t('round.stop.notFound')] } };
  }
  const target = options.direction === 'up' ? index - 1 : index + 1;
  const ids = stops.map((s) => s.id);
  if (target < 0 || target >= ids.length) {
    return { ok: true };
  }
  [ids[index], ids[target]] = [ids[target]!, ids[index]!];
  return reorderStops({ roundId: options.roundId, stopIds: ids });
}
