// Live grouped-order sheets: opening from a group's round stops, reading, closing and the
// projection into orders/order_lines (docs/sync.md, DESIGN §5). The live side (Yjs) is in
// sheet-sync.server.ts and server/sheets/.
import { getSql } from '#app/db/client.server.ts';
import { lineAmountCents } from '#app/domain/catalogue/quantity.ts';
import { type OpenPack, openPacks } from '#app/domain/ordering/pack-fill.ts';
import { isSheetWritable, sheetDeadline } from '#app/domain/ordering/sheet-rules.ts';
import { minimumProgress } from '#app/domain/rounds/minimum-order.ts';
import { queueSharePayable } from './notification-events.server.ts';
import { getLiveSheetHooks } from './sheet-live.server.ts';

export interface SheetSummary {
  id: string;
  groupId: string;
  title: string;
  deadlineAt: Date;
  status: 'open' | 'closed';
  closedAt: Date | null;
  createdAt: Date;
}

type SheetRow = {
  id: string;
  group_id: string;
  title: string;
  deadline_at: Date;
  status: 'open' | 'closed';
  closed_at: Date | null;
  created_at: Date;
};

const toSummary = (row: SheetRow): SheetSummary => ({
  id: row.id,
  groupId: row.group_id,
  title: row.title,
  deadlineAt: new Date(row.deadline_at),
  status: row.status,
  closedAt: row.closed_at === null ? null : new Date(row.closed_at),
  createdAt: new Date(row.created_at),
});

/** Stops of planned rounds for this group, still open for orders and in no sheet yet. */
export async function listOpenableStops(options: { groupId: string; now: Date }) {
  return getSql()<
    {
      stop_id: string;
      round_id: string;
      round_title: string;
      delivery_on: string;
      producer_name: string;
      order_deadline_at: Date;
      offer_count: number;
    }[]
  >`
    select st.id as stop_id, r.id as round_id, r.title as round_title,
           r.delivery_on::text as delivery_on, p.name as producer_name, st.order_deadline_at,
           (select count(*)::int from round_offers o where o.round_id = r.id) as offer_count
    from round_stops st
    join delivery_rounds r on r.id = st.round_id
    join organisations p on p.id = r.producer_id
    where st.organisation_id = ${options.groupId} and r.status = 'planned'
      and st.order_deadline_at > ${options.now.toISOString()}::timestamptz
      and not exists (select 1 from sheet_stops ss where ss.stop_id = st.id)
    order by r.delivery_on, p.name`;
}

export type OpenSheetResult =
  | { ok: true; sheet: SheetSummary }
  | { ok: false; error: 'no-stop' | 'stop-unavailable' | 'deadline-later' | 'deadline-past' };

export async function openSheet(options: {
  groupId: string;
  userId: string;
  title: string;
  stopIds: readonly string[];
  deadlineAt?: Date;
  now: Date;
}): Promise<OpenSheetResult> {
  if (options.stopIds.length === 0) {
    return { ok: false, error: 'no-stop' };
  }
  return getSql().begin(async (tx) => {
    const stops = await tx<{ id: string; order_deadline_at: Date }[]>`
      select st.id, st.order_deadline_at from round_stops st
      join delivery_rounds r on r.id = st.round_id
      where st.id = any(${[...options.stopIds]}::uuid[]) and st.organisation_id = ${options.groupId}
        and r.status = 'planned'
        and not exists (select 1 from sheet_stops ss where ss.stop_id = st.id)
      for update of st`;
    if (stops.length !== new Set(options.stopIds).size) {
      return { ok: false, error: 'stop-unavailable' } as const;
    }
    const deadline = sheetDeadline(
      stops.map((s) => new Date(s.order_deadline_at)),
      options.deadlineAt,
    );
    if (!deadline) {
      return { ok: false, error: 'deadline-later' } as const;
    }
    if (deadline.getTime() <= options.now.getTime()) {
      return { ok: false, error: 'deadline-past' } as const;
    }
    const [row] = await tx<SheetRow[]>`
      insert into sheets (group_id, title, deadline_at, created_by)
      values (${options.groupId}, ${options.title}, ${deadline.toISOString()}::timestamptz, ${options.userId})
      returning id, group_id, title, deadline_at, status, closed_at, created_at`;
    await tx`insert into sheet_stops ${tx(stops.map((s) => ({ sheet_id: row!.id, stop_id: s.id })))}`;
    return { ok: true, sheet: toSummary(row!) } as const;
  }) as Promise<OpenSheetResult>;
}

export async function listSheets(groupId: string): Promise<SheetSummary[]> {
  const rows = await getSql()<SheetRow[]>`
    select id, group_id, title, deadline_at, status, closed_at, created_at from sheets
    where group_id = ${groupId} order by status, deadline_at desc`;
  return rows.map(toSummary);
}

export async function getSheet(options: {
  sheetId: string;
  groupId: string;
}): Promise<SheetSummary | null> {
  const [row] = await getSql()<SheetRow[]>`
    select id, group_id, title, deadline_at, status, closed_at, created_at from sheets
    where id = ${options.sheetId} and group_id = ${options.groupId}`;
  return row ? toSummary(row) : null;
}

/** Household id → its note on this sheet. */
export async function getSheetNotes(sheetId: string): Promise<Record<string, string>> {
  const rows = await getSql()<{ household_id: string; note: string }[]>`
    select household_id, note from sheet_notes where sheet_id = ${sheetId}`;
  return Object.fromEntries(rows.map((row) => [row.household_id, row.note]));
}

export type SetSheetNoteResult =
  | { ok: true }
  | { ok: false; error: 'closed' | 'household-not-in-group' };

/**
 * Sets (or, with null, removes) a household's note while the sheet is writable. The caller has
 * checked the right to write that household's row; the household must be of the sheet's group.
 * The sheet row is locked so a note never lands after the sheet closed.
 */
export async function setSheetNote(options: {
  sheetId: string;
  householdId: string;
  userId: string;
  note: string | null;
  now: Date;
}): Promise<SetSheetNoteResult> {
  return getSql().begin(async (tx) => {
    const [sheet] = await tx<{ status: 'open' | 'closed'; deadline_at: Date; group_id: string }[]>`
      select status, deadline_at, group_id from sheets where id = ${options.sheetId} for update`;
    if (
      !sheet ||
      !isSheetWritable(
        { status: sheet.status, deadlineAt: new Date(sheet.deadline_at) },
        options.now,
      )
    ) {
      return { ok: false, error: 'closed' } as const;
    }
    const [household] = await tx<{ id: string }[]>`
      select id from households where id = ${options.householdId} and group_id = ${sheet.group_id}`;
    if (!household) {
      return { ok: false, error: 'household-not-in-group' } as const;
    }
    if (options.note === null) {
      await tx`delete from sheet_notes
        where sheet_id = ${options.sheetId} and household_id = ${options.householdId}`;
    } else {
      await tx`insert into sheet_notes (sheet_id, household_id, note, updated_by)
        values (${options.sheetId}, ${options.householdId}, ${options.note}, ${options.userId})
        on conflict (sheet_id, household_id)
        do update set note = excluded.note, updated_by = excluded.updated_by, updated_at = now()`;
    }
    return { ok: true } as const;
  });
}

export interface SheetGridProduct {
  id: string;
  offerId: string;
  name: string;
  saleUnit: string;
  producerId: string;
  producerName: string;
  stepMilli: number;
  maxPerHouseholdMilli: number | null;
  /** Handed over by whole packs of this quantity (null: loose). */
  packMilli: number | null;
  /** Variable weight: quantities count pieces, the price is per kg, one piece weighs about this. */
  estimatedWeightGrams: number | null;
  /** The unit quantities (and packs) count: `piece` for a variable-weight product, else its sale unit. */
  quantityUnit: string;
  unitPriceCents: number;
  stockMilli: number | null;
  /** Reserved by every sheet and pro order of the round, this sheet included. */
  reservedMilli: number;
}

/** Everything the grid shows besides the live quantities (which come from the Yjs doc). */
export async function getSheetGrid(sheetId: string) {
  const sql = getSql();
  const [households, products, cells] = await Promise.all([
    sql<{ id: string; name: string }[]>`
      select h.id, h.name from households h join sheets s on s.group_id = h.group_id
      where s.id = ${sheetId} order by h.name`,
    sql<
      {
        id: string;
        offer_id: string;
        name: string;
        sale_unit: string;
        producer_id: string;
        producer_name: string;
        step_milli: number;
        max_per_household_milli: number | null;
        pack_milli: number | null;
        is_variable_weight: boolean;
        estimated_weight_grams: number | null;
        unit_price_cents: number;
        stock_milli: number | null;
        reserved_milli: number;
      }[]
    >`
      select distinct on (p.id) p.id, o.id as offer_id, p.name, p.sale_unit, p.producer_id,
        org.name as producer_name, p.step_milli, p.max_per_household_milli, p.pack_milli,
        p.is_variable_weight, p.estimated_weight_grams,
        coalesce(o.consumer_price_override_cents, p.consumer_price_gross_cents) as unit_price_cents,
        o.stock_milli,
        coalesce((select sum(c.quantity_milli) from sheet_cells c where c.offer_id = o.id), 0)::int
        + coalesce((select sum(ol.quantity_milli) from order_lines ol join orders od on od.id = ol.order_id
            where ol.offer_id = o.id and od.status <> 'cancelled' and od.source <> 'sheet'), 0)::int
          as reserved_milli
      from sheet_stops ss
      join round_stops st on st.id = ss.stop_id
      join round_offers o on o.round_id = st.round_id
      join products p on p.id = o.product_id
      join organisations org on org.id = p.producer_id
      where ss.sheet_id = ${sheetId} and p.is_active
      order by p.id, st.round_id, o.id`,
    sql<{ household_id: string; product_id: string; quantity_milli: number }[]>`
      select household_id, product_id, quantity_milli from sheet_cells where sheet_id = ${sheetId}`,
  ]);
  const gridProducts: SheetGridProduct[] = products
    .map((p) => ({
      id: p.id,
      offerId: p.offer_id,
      name: p.name,
      saleUnit: p.sale_unit,
      producerId: p.producer_id,
      producerName: p.producer_name,
      stepMilli: p.step_milli,
      maxPerHouseholdMilli: p.max_per_household_milli,
      packMilli: p.pack_milli,
      estimatedWeightGrams: p.is_variable_weight ? p.estimated_weight_grams : null,
      quantityUnit: p.is_variable_weight ? 'piece' : p.sale_unit,
      unitPriceCents: p.unit_price_cents,
      stockMilli: p.stock_milli,
      reservedMilli: p.reserved_milli,
    }))
    .sort((a, b) => a.producerName.localeCompare(b.producerName) || a.name.localeCompare(b.name));
  const productTotals: Record<string, number> = {};
  for (const cell of cells) {
    productTotals[cell.product_id] = (productTotals[cell.product_id] ?? 0) + cell.quantity_milli;
  }
  return {
    households,
    products: gridProducts,
    cells: cells.map((c) => ({
      key: `${c.household_id}:${c.product_id}`,
      quantityMilli: c.quantity_milli,
    })),
    /** Product id → what all households have on this sheet. */
    productTotals,
  };
}

export type SheetGrid = Awaited<ReturnType<typeof getSheetGrid>>;

/** Each producer's minimum order for this sheet's stop (only stops that have one). */
export async function getSheetMinimums(
  sheetId: string,
): Promise<{ producerId: string; producerName: string; minimumOrderCents: number }[]> {
  const rows = await getSql()<
    { producer_id: string; producer_name: string; minimum_order_cents: number }[]
  >`
    select r.producer_id, org.name as producer_name, st.minimum_order_cents
    from sheet_stops ss
    join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    join organisations org on org.id = r.producer_id
    where ss.sheet_id = ${sheetId} and st.minimum_order_cents is not null
    order by org.name`;
  return rows.map((row) => ({
    producerId: row.producer_id,
    producerName: row.producer_name,
    minimumOrderCents: row.minimum_order_cents,
  }));
}

/**
 * Producers whose minimum this sheet's quantities do not reach, with what is missing: the
 * sheet's amount per producer is computed as the grid shows it (each product's total at its
 * price, rounded once per product, half-up).
 */
export async function getSheetMinimumShortfalls(
  sheetId: string,
  loaded?: SheetGrid,
): Promise<{ producerName: string; orderedCents: number; missingCents: number }[]> {
  const minimums = await getSheetMinimums(sheetId);
  if (minimums.length === 0) {
    return [];
  }
  const grid = loaded ?? (await getSheetGrid(sheetId));
  const shortfalls: { producerName: string; orderedCents: number; missingCents: number }[] = [];
  for (const minimum of minimums) {
    const orderedCents = grid.products
      .filter((p) => p.producerId === minimum.producerId)
      .reduce(
        (sum, p) =>
          sum +
          lineAmountCents({
            unitPriceCents: p.unitPriceCents,
            quantityMilli: grid.productTotals[p.id] ?? 0,
            estimatedWeightGrams: p.estimatedWeightGrams,
          }).amountCents,
        0,
      );
    const progress = minimumProgress(orderedCents, minimum.minimumOrderCents);
    if (progress && !progress.reached) {
      shortfalls.push({
        producerName: minimum.producerName,
        orderedCents,
        missingCents: progress.missingCents,
      });
    }
  }
  return shortfalls;
}

/** The sheet's products sold by packs whose last pack is started and not full (its cells). */
export async function getSheetOpenPacks(
  sheetId: string,
  loaded?: SheetGrid,
): Promise<(OpenPack & { quantityUnit: string })[]> {
  const grid = loaded ?? (await getSheetGrid(sheetId));
  const units = new Map(grid.products.map((p) => [p.id, p.quantityUnit]));
  return openPacks(grid.products, grid.productTotals).map((open) => ({
    ...open,
    quantityUnit: units.get(open.productId) ?? '',
  }));
}

export interface PreviousOrder {
  readonly sheetTitle: string;
  readonly deadlineAt: Date;
  /** Product id → quantity (thousandths) the household had on that sheet. */
  readonly quantities: Record<string, number>;
}

/**
 * For each of `householdIds`, its row on the group's latest closed sheet before this one
 * (by deadline) where it ordered something: « reprendre ma dernière commande ».
 */
export async function getPreviousOrders(
  sheetId: string,
  householdIds: readonly string[],
): Promise<Record<string, PreviousOrder>> {
  if (householdIds.length === 0) {
    return {};
  }
  const rows = await getSql()<
    {
      household_id: string;
      title: string;
      deadline_at: Date | string;
      product_id: string;
      quantity_milli: number;
    }[]
  >`
    with previous as (
      select distinct on (c.household_id) c.household_id, s.id, s.title, s.deadline_at
      from sheets cur
      join sheets s on s.group_id = cur.group_id and s.id <> cur.id
        and s.status = 'closed' and s.deadline_at < cur.deadline_at
      join sheet_cells c on c.sheet_id = s.id and c.quantity_milli > 0
      where cur.id = ${sheetId} and c.household_id = any(${householdIds as string[]}::uuid[])
      order by c.household_id, s.deadline_at desc, s.id
    )
    select p.household_id, p.title, p.deadline_at, c.product_id, c.quantity_milli
    from previous p
    join sheet_cells c on c.sheet_id = p.id and c.household_id = p.household_id
    where c.quantity_milli > 0`;
  const orders: Record<string, PreviousOrder> = {};
  for (const row of rows) {
    orders[row.household_id] ??= {
      sheetTitle: row.title,
      deadlineAt: new Date(row.deadline_at),
      quantities: {},
    };
    orders[row.household_id]!.quantities[row.product_id] = row.quantity_milli;
  }
  return orders;
}

export async function setSheetDeadline(options: {
  sheetId: string;
  groupId: string;
  deadlineAt: Date;
  now: Date;
}): Promise<{ ok: true } | { ok: false; error: 'deadline-later' | 'deadline-past' | 'closed' }> {
  const stops = await getSql()<{ order_deadline_at: Date; status: string }[]>`
    select st.order_deadline_at, s.status from sheets s
    join sheet_stops ss on ss.sheet_id = s.id join round_stops st on st.id = ss.stop_id
    where s.id = ${options.sheetId} and s.group_id = ${options.groupId}`;
  if (stops.length === 0 || stops[0]!.status !== 'open') {
    return { ok: false, error: 'closed' };
  }
  const deadline = sheetDeadline(
    stops.map((s) => new Date(s.order_deadline_at)),
    options.deadlineAt,
  );
  if (!deadline) {
    return { ok: false, error: 'deadline-later' };
  }
  if (deadline.getTime() <= options.now.getTime()) {
    return { ok: false, error: 'deadline-past' };
  }
  await getSql()`update sheets set deadline_at = ${deadline.toISOString()}::timestamptz where id = ${options.sheetId}`;
  await getLiveSheetHooks()?.refresh(options.sheetId);
  return { ok: true };
}

/**
 * Closes the sheet (coordinator, or the deadline when `closedBy` is null) and projects it
 * into one confirmed order per household × producer, prices snapshotted from the offers
 * (override if any) and products: consumer price VAT included ('gross'). Closing a closed
 * sheet changes nothing.
 */
export async function closeSheet(options: {
  sheetId: string;
  closedBy: string | null;
}): Promise<{ changed: boolean; orderCount: number }> {
  // Writes already queued are decided and stored before the projection reads sheet_cells.
  await getLiveSheetHooks()?.closeForWrites(options.sheetId);
  const result = (await getSql().begin(async (tx) => {
    const [closed] = await tx<{ id: string }[]>`
      update sheets set status = 'closed', closed_at = now(), closed_by = ${options.closedBy}
      where id = ${options.sheetId} and status = 'open' returning id`;
    if (!closed) {
      return { changed: false, orderCount: 0 };
    }
    const created = await tx<{ id: string }[]>`
      with cells as (
        select c.household_id, c.product_id, c.offer_id, c.quantity_milli, p.producer_id,
               st.id as stop_id, o.round_id
        from sheet_cells c
        join round_offers o on o.id = c.offer_id
        join products p on p.id = c.product_id
        join sheet_stops ss on ss.sheet_id = c.sheet_id
        join round_stops st on st.id = ss.stop_id and st.round_id = o.round_id
        where c.sheet_id = ${options.sheetId} and c.quantity_milli > 0
      )
      insert into orders (round_id, stop_id, seller_id, household_id, source, status)
      select distinct round_id, stop_id, producer_id, household_id, 'sheet'::order_source,
             'confirmed'::order_status
      from cells
      on conflict (stop_id, seller_id, household_id) where household_id is not null
      do update set status = 'confirmed', source = 'sheet'
      returning id`;
    // An order written before the sheet existed (or by hand) is replaced by the projection.
    await tx`delete from order_lines where order_id = any(${created.map((o) => o.id)}::uuid[])`;
    await tx`
      insert into order_lines (order_id, product_id, offer_id, product_name, sale_unit,
        is_variable_weight, estimated_weight_grams, quantity_milli, price_basis, unit_price_cents,
        vat_rate_bp, egalim_category)
      select od.id, p.id, o.id, p.name, p.sale_unit, p.is_variable_weight,
             p.estimated_weight_grams, c.quantity_milli, 'gross',
             coalesce(o.consumer_price_override_cents, p.consumer_price_gross_cents),
             p.vat_rate_bp, p.egalim_category
      from sheet_cells c
      join round_offers o on o.id = c.offer_id
      join products p on p.id = c.product_id
      join sheet_stops ss on ss.sheet_id = c.sheet_id
      join round_stops st on st.id = ss.stop_id and st.round_id = o.round_id
      join orders od on od.stop_id = st.id and od.seller_id = p.producer_id
        and od.household_id = c.household_id and od.source = 'sheet'
      where c.sheet_id = ${options.sheetId} and c.quantity_milli > 0`;
    // « Votre part est à payer » to each household with a non-empty row (ADR 016).
    await queueSharePayable(tx, { sheetId: options.sheetId, when: 'closed' });
    return { changed: true, orderCount: created.length };
  })) as { changed: boolean; orderCount: number };
  if (result.changed) {
    await getLiveSheetHooks()?.refresh(options.sheetId);
  }
  return result;
}

/** Audit trail of the sheet, newest first, optionally for one household or one cell. */
export async function listSheetHistory(options: {
  sheetId: string;
  householdId?: string;
  productId?: string;
  limit?: number;
}) {
  return getSql()<
    {
      id: string;
      household_name: string;
      product_name: string;
      user_name: string | null;
      old_quantity_milli: number | null;
      new_quantity_milli: number | null;
      changed_at: Date;
    }[]
  >`
    select ch.id::text, h.name as household_name, p.name as product_name,
           coalesce(u.raw_user_meta_data ->> 'full_name', u.email) as user_name,
           ch.old_quantity_milli, ch.new_quantity_milli, ch.changed_at
    from sheet_cell_changes ch
    join households h on h.id = ch.household_id
    join products p on p.id = ch.product_id
    left join auth.users u on u.id = ch.user_id
    where ch.sheet_id = ${options.sheetId}
      ${options.householdId ? getSql()`and ch.household_id = ${options.householdId}` : getSql()``}
      ${options.productId ? getSql()`and ch.product_id = ${options.productId}` : getSql()``}
    order by ch.id desc
    limit ${options.limit ?? 500}`;
}
