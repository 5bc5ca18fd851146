import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { openSheet } from '#app/models/sheet.server.ts';
import { CELLS_MAP, formatCellKey } from '#server/sync/layout.ts';

/** The live document holding `cells`, as one stored update (what the grid syncs from). */
export function demoCellsUpdate(
  cells: readonly { household_id: string; product_id: string; quantity_milli: number }[],
): Buffer {
  const doc = new Y.Doc();
  const map = doc.getMap<number>(CELLS_MAP);
  for (const cell of cells) {
    map.set(formatCellKey(cell.household_id, cell.product_id), cell.quantity_milli);
  }
  const state = Y.encodeStateAsUpdate(doc);
  doc.destroy();
  return Buffer.from(state);
}

/**
 * An open live sheet for « Voisins de la Croix-Rousse » over the group's stops of the demo
 * rounds (several producers in one sheet), pre-filled with the households' open orders.
 * Idempotent: does nothing when the group has no free stop.
 */
export async function seedDemoSheets(now: Date = new Date()): Promise<{ sheetId: string | null }> {
  const sql = getSql();
  const [group] = await sql<{ id: string }[]>`
    select id from organisations where slug = 'voisins-de-la-croix-rousse'`;
  const [coordinator] = await sql<{ id: string }[]>`
    select id from auth.users where email = 'coordinatrice@demo.cabas.fr'`;
  if (!group || !coordinator) {
    return { sheetId: null };
  }
  const stops = await sql<{ id: string }[]>`
    select st.id from round_stops st join delivery_rounds r on r.id = st.round_id
    where st.organisation_id = ${group.id} and r.status = 'planned'
      and st.order_deadline_at > ${now.toISOString()}::timestamptz
      and not exists (select 1 from sheet_stops ss where ss.stop_id = st.id)`;
  if (stops.length === 0) {
    return { sheetId: null };
  }
  const opened = await openSheet({
    groupId: group.id,
    userId: coordinator.id,
    title: 'Commande du jeudi',
    stopIds: stops.map((s) => s.id),
    now,
  });
  if (!opened.ok) {
    return { sheetId: null };
  }
  const sheetId = opened.sheet.id;
  const lines = await sql<
    { household_id: string; product_id: string; offer_id: string; quantity_milli: number }[]
  >`
    select o.household_id, l.product_id, ro.id as offer_id, l.quantity_milli
    from orders o join order_lines l on l.order_id = o.id
    join round_stops st on st.id = o.stop_id
    join round_offers ro on ro.round_id = st.round_id and ro.product_id = l.product_id
    where o.stop_id = any(${stops.map((s) => s.id)}::uuid[]) and o.household_id is not null
      and o.status = 'open' and l.quantity_milli > 0`;
  if (lines.length === 0) {
    return { sheetId };
  }
  await sql.begin(async (tx) => {
    await tx`insert into sheet_updates (sheet_id, update, kind)
      values (${sheetId}, ${demoCellsUpdate(lines)}, 'server')`;
    await tx`insert into sheet_cells ${tx(
      lines.map((l) => ({
        sheet_id: sheetId,
        household_id: l.household_id,
        product_id: l.product_id,
        offer_id: l.offer_id,
        quantity_milli: l.quantity_milli,
      })),
    )}`;
  });
  return { sheetId };
}
