// The coordinator's distribution list of a closed sheet: the payments ledger (what each
// household owes and paid, ADR 012) and the order lines behind it, read in one snapshot and
// turned into the list by the pure core (app/domain/distribution).
import { getSql } from '#app/db/client.server.ts';
import {
  buildDistributionList,
  type DistributionLineInput,
  type DistributionList,
} from '#app/domain/distribution/distribution-list.ts';
import type { DistributionPickup } from '#app/domain/distribution/distribution-list-view.ts';
import { type Db, loadSheetLedger } from './payment-ledger.server.ts';
import { loadHouseholds, loadLines, loadOrders } from './payment-ledger-queries.server.ts';

export type DistributionListData = {
  sheet: { id: string; title: string; groupName: string; deliveryOn: string };
  pickups: DistributionPickup[];
  list: DistributionList;
};

/** Where and when the sheet's households pick up: its round stops, earliest first. */
async function loadPickups(db: Db, sheetId: string): Promise<DistributionPickup[]> {
  const rows = await db<
    {
      delivery_on: string;
      address: string;
      window_start_at: Date | string | null;
      window_end_at: Date | string | null;
    }[]
  >`
    select r.delivery_on::text as delivery_on, st.address, st.window_start_at, st.window_end_at
    from sheet_stops ss
    join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    where ss.sheet_id = ${sheetId} and r.status <> 'cancelled'
    order by r.delivery_on, st.window_start_at nulls last, st.address, st.id`;
  return rows.map((row) => ({
    deliveryOn: row.delivery_on,
    address: row.address,
    windowStartAt: row.window_start_at === null ? null : new Date(row.window_start_at),
    windowEndAt: row.window_end_at === null ? null : new Date(row.window_end_at),
  }));
}

/**
 * The distribution list of a group's sheet, or null when the sheet is not the group's. The
 * ledger (manager scope: every household), the lines of the same orders and the group's
 * households are read in one repeatable-read snapshot, so lines and amounts cannot disagree.
 */
export async function getDistributionList(options: {
  sheetId: string;
  groupId: string;
}): Promise<DistributionListData | null> {
  return getSql().begin('isolation level repeatable read read only', async (tx) => {
    const ledger = await loadSheetLedger({ sheetId: options.sheetId }, tx);
    if (!ledger || ledger.sheet.groupId !== options.groupId) {
      return null;
    }
    const orders = await loadOrders(tx, [ledger.sheet.id], {});
    const [linesByOrder, pickups, households] = await Promise.all([
      loadLines(
        tx,
        orders.map((order) => order.order_id),
      ),
      loadPickups(tx, ledger.sheet.id),
      // Every household of the group: those with nothing are counted, not listed.
      loadHouseholds(tx, [ledger.sheet.groupId]),
    ]);
    const lines: DistributionLineInput[] = orders.flatMap((order) =>
      (linesByOrder.get(order.order_id) ?? []).map((line) => ({
        ...line,
        householdId: order.household_id,
        producerId: order.seller_id,
      })),
    );
    const list = buildDistributionList({
      households: households.map(({ id, name }) => ({ id, name })),
      producers: ledger.producers.map(({ id, name }) => ({ id, name })),
      lines,
      parts: ledger.parts.map((part) => ({
        householdId: part.householdId,
        producerId: part.producerId,
        amounts: part.amounts,
        byMethod: part.byMethod,
        isEstimate: part.due.isEstimate,
        invoiceNumbers: part.due.invoices.map((invoice) => invoice.number),
        problem: part.due.problem,
      })),
    });
    const notes = await tx<{ household_id: string; note: string }[]>`
      select household_id, note from sheet_notes where sheet_id = ${ledger.sheet.id}`;
    const noteOf = new Map(notes.map((row) => [row.household_id, row.note]));
    for (const household of list.households) {
      household.note = noteOf.get(household.id) ?? null;
    }
    return {
      sheet: {
        id: ledger.sheet.id,
        title: ledger.sheet.title,
        groupName: ledger.sheet.groupName,
        deliveryOn: ledger.sheet.deliveryOn,
      },
      pickups,
      list,
    };
  }) as Promise<DistributionListData | null>;
}
