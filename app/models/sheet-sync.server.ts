// The sync server's Postgres side for live sheets (docs/sync.md §8, DESIGN §5): the rules
// of a sheet kept in memory (policy answered synchronously), shared stock reserved in one
// transaction per update that raises a stock-limited cell, and the persistence (update
// log + audit + sheet_cells in one transaction per batch, with compaction).
import type { Sql } from 'postgres';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { checkQuantity, checkStock, isSheetWritable } from '#app/domain/ordering/sheet-rules.ts';
import { readCellValues } from '#server/sync/layout.ts';
import type {
  AuthorizeResult,
  CellChange,
  Principal,
  StoredUpdate,
  SyncPersistence,
  SyncPolicy,
} from '#server/sync/types.ts';

export interface SheetProductRule {
  readonly offerId: string;
  readonly stepMilli: number;
  readonly maxPerHouseholdMilli: number | null;
  /** Null: unlimited. Shared by every stop (and so every sheet) of the round. */
  readonly stockMilli: number | null;
}

export interface SheetRules {
  readonly sheetId: string;
  readonly groupId: string;
  readonly status: 'open' | 'closed';
  readonly deadlineAt: Date;
  readonly householdIds: ReadonlySet<string>;
  readonly products: ReadonlyMap<string, SheetProductRule>;
}

export async function loadSheetRules(sheetId: string): Promise<SheetRules | null> {
  const sql = getSql();
  const [sheet] = await sql<{ group_id: string; status: 'open' | 'closed'; deadline_at: Date }[]>`
    select group_id, status, deadline_at from sheets where id = ${sheetId}`;
  if (!sheet) {
    return null;
  }
  const [households, offers] = await Promise.all([
    sql<{ id: string }[]>`select id from households where group_id = ${sheet.group_id}`,
    sql<
      {
        product_id: string;
        offer_id: string;
        step_milli: number;
        max_per_household_milli: number | null;
        stock_milli: number | null;
      }[]
    >`
      select o.product_id, o.id as offer_id, p.step_milli, p.max_per_household_milli, o.stock_milli
      from sheet_stops ss
      join round_stops st on st.id = ss.stop_id
      join round_offers o on o.round_id = st.round_id
      join products p on p.id = o.product_id
      where ss.sheet_id = ${sheetId} and p.is_active
      order by st.round_id, o.id`,
  ]);
  const products = new Map<string, SheetProductRule>();
  for (const offer of offers) {
    if (!products.has(offer.product_id)) {
      products.set(offer.product_id, {
        offerId: offer.offer_id,
        stepMilli: offer.step_milli,
        maxPerHouseholdMilli: offer.max_per_household_milli,
        stockMilli: offer.stock_milli,
      });
    }
  }
  return {
    sheetId,
    groupId: sheet.group_id,
    status: sheet.status,
    deadlineAt: new Date(sheet.deadline_at),
    householdIds: new Set(households.map((h) => h.id)),
    products,
  };
}

/** Who the user is on this sheet, or null when they are not a member of its group. */
export async function resolveSheetPrincipal(
  rules: SheetRules,
  userId: string,
): Promise<Principal | null> {
  const [row] = await getSql()<
    { role: string; household_id: string | null; display_name: string }[]
  >`
    select m.role, m.household_id,
           coalesce(u.raw_user_meta_data ->> 'full_name', u.email, 'Membre') as display_name
    from memberships m join auth.users u on u.id = m.user_id
    where m.organisation_id = ${rules.groupId} and m.user_id = ${userId}`;
  if (!row) {
    return null;
  }
  return {
    userId,
    displayName: row.display_name,
    householdIds: row.household_id ? [row.household_id] : [],
    isCoordinator: row.role === 'coordinator' || row.role === 'owner',
  };
}

/**
 * Latest accepted value of every cell per open sheet, written by the policy when it accepts
 * (before the stock transaction commits) and read by the persistence under the same offer
 * locks: sheet_cells never goes back below a reservation the policy has made.
 */
export type SheetLedger = Map<string, Map<string, number | undefined>>;

export interface SheetSyncOptions {
  readonly rules: Map<string, SheetRules>;
  readonly ledger: SheetLedger;
  readonly now: () => Date;
}

const deny = (code: string, message: string): AuthorizeResult => ({ ok: false, code, message });

function recordAccepted(ledger: SheetLedger, sheetId: string, changes: readonly CellChange[]) {
  let cells = ledger.get(sheetId);
  if (!cells) {
    cells = new Map();
    ledger.set(sheetId, cells);
  }
  for (const change of changes) {
    cells.set(change.key, change.newValue === 0 ? undefined : change.newValue);
  }
}

export function createSheetPolicy(options: SheetSyncOptions): SyncPolicy {
  return {
    authorize({ sheetId, principal, changes }) {
      const rules = options.rules.get(sheetId);
      if (!rules) {
        return deny('sheet-unknown', 'Feuille introuvable.');
      }
      if (!isSheetWritable(rules, options.now())) {
        return deny('deadline-passed', 'La feuille est close : l’échéance est passée.');
      }
      const stocked: { change: CellChange; rule: SheetProductRule }[] = [];
      for (const change of changes) {
        if (!principal.isCoordinator && !principal.householdIds.includes(change.householdId)) {
          return deny('forbidden-row', 'Vous ne pouvez modifier que la ligne de votre foyer.');
        }
        if (!rules.householdIds.has(change.householdId)) {
          return deny('unknown-household', 'Ce foyer ne fait pas partie du groupe.');
        }
        const rule = rules.products.get(change.productId);
        if (!rule) {
          return deny('unknown-product', 'Ce produit n’est pas proposé sur cette feuille.');
        }
        const refusal = checkQuantity(change.newValue, rule);
        if (refusal) {
          return deny(refusal.code, refusal.message);
        }
        if (rule.stockMilli !== null && (change.newValue ?? 0) > (change.oldValue ?? 0)) {
          stocked.push({ change, rule });
        }
      }
      if (stocked.length === 0) {
        recordAccepted(options.ledger, sheetId, changes);
        return { ok: true };
      }
      return reserveStock(options, sheetId, changes, stocked);
    },
  };
}

/**
 * Locks the offers, sums what every sheet (and pro orders) reserves on them apart from
 * the cells being changed, and SETs the new reservations: idempotent when a client resends
 * the same edit after a storage failure.
 */
async function reserveStock(
  options: SheetSyncOptions,
  sheetId: string,
  changes: readonly CellChange[],
  stocked: readonly { change: CellChange; rule: SheetProductRule }[],
): Promise<AuthorizeResult> {
  const offerIds = [...new Set(stocked.map((s) => s.rule.offerId))].sort();
  const keys = stocked.map((s) => s.change.key);
  return getSql().begin(async (tx) => {
    const offers = await tx<{ id: string; stock_milli: number | null }[]>`
      select id, stock_milli from round_offers where id = any(${offerIds}::uuid[])
      order by id for update`;
    const reserved = await tx<{ offer_id: string; quantity_milli: number }[]>`
      select offer_id, sum(quantity_milli)::int as quantity_milli from (
        select offer_id, quantity_milli from sheet_cells
        where offer_id = any(${offerIds}::uuid[])
          and not (sheet_id = ${sheetId} and household_id || ':' || product_id = any(${keys}::text[]))
        union all
        select ol.offer_id, ol.quantity_milli from order_lines ol join orders o on o.id = ol.order_id
        where ol.offer_id = any(${offerIds}::uuid[]) and o.status <> 'cancelled' and o.source <> 'sheet'
      ) r group by offer_id`;
    const reservedBy = new Map(reserved.map((r) => [r.offer_id, r.quantity_milli]));
    for (const offer of offers) {
      const asked = stocked
        .filter((s) => s.rule.offerId === offer.id)
        .reduce((sum, s) => sum + (s.change.newValue ?? 0), 0);
      const refusal = checkStock({
        stockMilli: offer.stock_milli,
        reservedByOthers: reservedBy.get(offer.id) ?? 0,
        newValue: asked,
      });
      if (refusal) {
        return deny(refusal.code, refusal.message);
      }
    }
    const [household, product] = splitKeys(keys);
    await tx`
      insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
      select ${sheetId}, h::uuid, p::uuid, o::uuid, q
      from unnest(${household}::text[], ${product}::text[], ${stocked.map((s) => s.rule.offerId)}::text[],
                  ${stocked.map((s) => s.change.newValue ?? 0)}::int[]) as t(h, p, o, q)
      on conflict (sheet_id, household_id, product_id)
      do update set quantity_milli = excluded.quantity_milli, updated_at = now()`;
    recordAccepted(options.ledger, sheetId, changes);
    return { ok: true } as const;
  }) as Promise<AuthorizeResult>;
}

function splitKeys(keys: readonly string[]): [string[], string[]] {
  const households: string[] = [];
  const products: string[] = [];
  for (const key of keys) {
    const [household, product] = key.split(':');
    households.push(household!);
    products.push(product!);
  }
  return [households, products];
}

export interface SheetPersistenceOptions extends SheetSyncOptions {
  /** Rows appended since the last compaction before the log is compacted (default 300). */
  readonly compactEvery?: number;
  readonly onError?: (error: unknown) => void;
}

/** Applies every stored row of a sheet to a fresh document (state of the log). */
async function readLog(sql: Sql, sheetId: string) {
  const rows = await sql<{ seq: string; update: Uint8Array }[]>`
    select seq, update from sheet_updates where sheet_id = ${sheetId} order by seq`;
  const doc = new Y.Doc({ gc: true });
  Y.transact(doc, () => {
    for (const row of rows) {
      Y.applyUpdate(doc, row.update);
    }
  });
  return { doc, count: rows.length, maxSeq: rows.at(-1)?.seq ?? null };
}

/**
 * Replaces the rows up to the latest one by a single row holding their merged state (same
 * seq as the latest), under an advisory lock so two compactions never overlap.
 */
export async function compactSheetUpdates(sheetId: string): Promise<number> {
  return getSql().begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`sheet:${sheetId}`}))`;
    const { doc, count, maxSeq } = await readLog(tx as unknown as Sql, sheetId);
    if (count <= 1 || maxSeq === null) {
      return count;
    }
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await tx`delete from sheet_updates where sheet_id = ${sheetId} and seq <= ${maxSeq}`;
    await tx`
      insert into sheet_updates (sheet_id, seq, update, kind) overriding system value
      values (${sheetId}, ${maxSeq}, ${Buffer.from(state)}, 'compacted')`;
    return 1;
  }) as Promise<number>;
}

export function createSheetPersistence(options: SheetPersistenceOptions): SyncPersistence {
  const compactEvery = options.compactEvery ?? 300;
  const sinceCompaction = new Map<string, number>();
  const compacting = new Set<string>();

  const maybeCompact = (sheetId: string) => {
    if ((sinceCompaction.get(sheetId) ?? 0) < compactEvery || compacting.has(sheetId)) {
      return;
    }
    compacting.add(sheetId);
    sinceCompaction.set(sheetId, 0);
    compactSheetUpdates(sheetId)
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => compacting.delete(sheetId));
  };

  const storeUpdates = async (sheetId: string, entries: readonly StoredUpdate[]) => {
    if (entries.length === 0) {
      return;
    }
    const rules = options.rules.get(sheetId);
    const audit: {
      sheet_id: string;
      household_id: string;
      product_id: string;
      user_id: string | null;
      old_quantity_milli: number | null;
      new_quantity_milli: number | null;
    }[] = [];
    const touched = new Map<string, CellChange>();
    for (const { meta } of entries) {
      if (meta.kind !== 'edit') {
        continue;
      }
      for (const change of meta.changes) {
        touched.set(change.key, change);
        if (change.oldValue !== change.newValue) {
          audit.push({
            sheet_id: sheetId,
            household_id: change.householdId,
            product_id: change.productId,
            user_id: meta.principal?.userId ?? null,
            old_quantity_milli: change.oldValue ?? null,
            new_quantity_milli: change.newValue ?? null,
          });
        }
      }
    }
    await getSql().begin(async (tx) => {
      await tx`insert into sheet_updates ${tx(
        entries.map(({ update, meta }) => ({
          sheet_id: sheetId,
          update: Buffer.from(update),
          kind: meta.kind,
          user_id: meta.principal?.userId ?? null,
        })),
      )}`;
      if (audit.length > 0) {
        await tx`insert into sheet_cell_changes ${tx(audit)}`;
      }
      if (touched.size === 0 || !rules) {
        return;
      }
      // Same lock order as reserveStock, then read the ledger: never below a reservation.
      // Unlimited offers are never reserved, so they need no lock.
      const offerIds = [
        ...new Set(
          [...touched.values()].flatMap((c) => {
            const rule = rules.products.get(c.productId);
            return rule && rule.stockMilli !== null ? [rule.offerId] : [];
          }),
        ),
      ].sort();
      if (offerIds.length > 0) {
        await tx`select id from round_offers where id = any(${offerIds}::uuid[]) order by id for update`;
      }
      const accepted = options.ledger.get(sheetId);
      const upserts: { h: string; p: string; o: string; q: number }[] = [];
      const deletions: { h: string; p: string }[] = [];
      for (const [key, change] of touched) {
        const value = accepted?.has(key) ? accepted.get(key) : change.newValue;
        const offerId = rules.products.get(change.productId)?.offerId;
        if (value === undefined || value === 0 || !offerId) {
          deletions.push({ h: change.householdId, p: change.productId });
        } else {
          upserts.push({ h: change.householdId, p: change.productId, o: offerId, q: value });
        }
      }
      if (upserts.length > 0) {
        await tx`
          insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
          select ${sheetId}, h::uuid, p::uuid, o::uuid, q
          from unnest(${upserts.map((u) => u.h)}::text[], ${upserts.map((u) => u.p)}::text[],
                      ${upserts.map((u) => u.o)}::text[], ${upserts.map((u) => u.q)}::int[]) as t(h, p, o, q)
          on conflict (sheet_id, household_id, product_id)
          do update set quantity_milli = excluded.quantity_milli, updated_at = now()`;
      }
      if (deletions.length > 0) {
        await tx`
          delete from sheet_cells c using unnest(${deletions.map((d) => d.h)}::text[],
            ${deletions.map((d) => d.p)}::text[]) as t(h, p)
          where c.sheet_id = ${sheetId} and c.household_id = t.h::uuid and c.product_id = t.p::uuid`;
      }
    });
    sinceCompaction.set(sheetId, (sinceCompaction.get(sheetId) ?? 0) + entries.length);
    maybeCompact(sheetId);
  };

  return {
    async load(sheetId) {
      const { doc, count } = await readLog(getSql(), sheetId);
      if (count === 0) {
        doc.destroy();
        options.ledger.set(sheetId, new Map());
        return null;
      }
      options.ledger.set(sheetId, new Map(readCellValues(doc)));
      const state = Y.encodeStateAsUpdate(doc);
      doc.destroy();
      sinceCompaction.set(sheetId, count);
      maybeCompact(sheetId);
      return state;
    },
    storeUpdate: (sheetId, update, meta) => storeUpdates(sheetId, [{ update, meta }]),
    storeUpdates,
  };
}
