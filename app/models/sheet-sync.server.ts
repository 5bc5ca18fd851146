// The sync server's Postgres side for live sheets (docs/sync.md §8, DESIGN §5): the rules
// of a sheet kept in memory (policy answered synchronously), shared stock reserved in one
// transaction per update that raises a stock-limited cell, and the persistence (update
// log + audit + sheet_cells in one transaction per batch, with compaction).
import type { Sql } from 'postgres';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { checkQuantity, checkStock, isSheetWritable } from '#app/domain/ordering/sheet-rules.ts';
import { concatSequentialUpdates } from '#server/sync/concat-updates.ts';
import type { StreamJournalTarget } from '#server/sync/stream-journal.ts';
import type {
  AuthorizeResult,
  CellChange,
  JournalPosition,
  Principal,
  StoredUpdate,
  StoreMeta,
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
  /**
   * Rows appended since the last compaction before the log is compacted (default 300); the
   * appended bytes must also exceed the compacted row's, so that a large sheet is not
   * re-encoded every few hundred edits (compaction costs about one load of the sheet).
   */
  readonly compactEvery?: number;
  readonly onError?: (error: unknown) => void;
}

interface LogRow {
  readonly seq: string;
  readonly kind: string;
  readonly update: Uint8Array;
}

const readLogRows = (sql: Sql, sheetId: string) =>
  sql<
    LogRow[]
  >`select seq, kind, update from sheet_updates where sheet_id = ${sheetId} order by seq`;

/**
 * Replaces the rows up to the latest one by a single row holding their merged state (same
 * seq as the latest), under an advisory lock so two compactions never overlap. Returns the
 * rows left and the size of the compacted state.
 */
export async function compactSheetUpdates(
  sheetId: string,
): Promise<{ rows: number; bytes: number }> {
  return getSql().begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`sheet:${sheetId}`}))`;
    const rows = await readLogRows(tx as unknown as Sql, sheetId);
    const maxSeq = rows.at(-1)?.seq;
    if (rows.length <= 1 || maxSeq === undefined) {
      return { rows: rows.length, bytes: rows[0]?.update.length ?? 0 };
    }
    // Applied to one document in one transaction: linear (Y.mergeUpdates over many rows
    // is not).
    const doc = new Y.Doc({ gc: true });
    Y.transact(doc, () => {
      for (const row of rows) {
        Y.applyUpdate(doc, row.update);
      }
    });
    const state = Y.encodeStateAsUpdate(doc);
    doc.destroy();
    await tx`delete from sheet_updates where sheet_id = ${sheetId} and seq <= ${maxSeq}`;
    await tx`
      insert into sheet_updates (sheet_id, seq, update, kind) overriding system value
      values (${sheetId}, ${maxSeq}, ${Buffer.from(state)}, 'compacted')`;
    return { rows: 1, bytes: state.length };
  }) as Promise<{ rows: number; bytes: number }>;
}

/** Postgres type OID of bytea[] (postgres.js then encodes each element as bytea). */
const BYTEA_ARRAY = 1001;

interface LogWrite {
  readonly update: Uint8Array;
  readonly kind: StoreMeta['kind'];
  /** The author, or null when the row merges updates of several users. */
  readonly userId: string | null;
}

/**
 * The log rows of a batch: consecutive updates of the same kind merged into one row (they
 * continue each other, as the batch relays them: `concatSequentialUpdates`, linear). Who
 * changed which cell stays in the audit rows; a merged row of several users has no user.
 * At a few thousand edits/s this writes a few hundred log rows/s instead of one per edit.
 */
function logRows(entries: readonly StoredUpdate[], merged?: Uint8Array): LogWrite[] {
  const rows: LogWrite[] = [];
  const single = entries.length > 1 && entries.every((e) => e.meta.kind === entries[0]!.meta.kind);
  let run: StoredUpdate[] = [];
  const flush = () => {
    const first = run[0];
    if (first === undefined) {
      return;
    }
    const userId = first.meta.principal?.userId ?? null;
    rows.push({
      update:
        single && merged !== undefined
          ? merged
          : concatSequentialUpdates(run.map((entry) => entry.update)),
      kind: first.meta.kind,
      userId: run.every((entry) => (entry.meta.principal?.userId ?? null) === userId)
        ? userId
        : null,
    });
    run = [];
  };
  for (const entry of entries) {
    if (run[0] !== undefined && run[0].meta.kind !== entry.meta.kind) {
      flush();
    }
    run.push(entry);
  }
  flush();
  return rows;
}

interface CellWrites {
  readonly upserts: { h: string; p: string; o: string; q: number }[];
  readonly deletions: { h: string; p: string }[];
}

interface AuditRow {
  readonly household: string;
  readonly product: string;
  readonly user: string | null;
  readonly old: number | null;
  readonly new: number | null;
}

/**
 * One batch in ONE statement (atomic by itself, one round trip): the log rows in order, the
 * audit rows, and sheet_cells (upserts and deletions of distinct cells). Every value travels
 * in arrays, so the text never changes and each connection prepares it once (a text per
 * batch size had Postgres parse and plan nearly every batch anew).
 *
 * Behind a journal, the batch first moves the sheet's journal position forward, and writes
 * nothing if it is already there: a batch is stored once even when a killed process's last
 * statement (still queued at Postgres) and its successor's replay of the same batch race —
 * the upsert of the position row waits for the other and re-reads it.
 */
function writeBatch(
  sql: Sql,
  sheetId: string,
  log: readonly LogWrite[],
  audit: readonly AuditRow[],
  cells: CellWrites,
  position: JournalPosition | null,
) {
  const { upserts, deletions } = cells;
  const updates = log.map(({ update }) =>
    Buffer.from(update.buffer, update.byteOffset, update.byteLength),
  );
  return sql`
    with positioned as (
      insert into sheet_journal_positions (journal_id, sheet_id, seq)
      select j, ${sheetId}, s
      from unnest(${position ? [position.journalId] : []}::text[],
                  ${position ? [position.seq] : []}::bigint[]) as t(j, s)
      on conflict (journal_id, sheet_id)
      do update set seq = excluded.seq, updated_at = now()
      where sheet_journal_positions.seq < excluded.seq
      returning 1
    ), go as (
      select 1 from positioned
      union all
      select 1 where ${position === null}
    ), logged as (
      insert into sheet_updates (sheet_id, update, kind, user_id)
      select ${sheetId}, u, k, w::uuid
      from unnest(${sql.array(updates, BYTEA_ARRAY)}::bytea[],
                  ${log.map((row) => row.kind)}::text[], ${log.map((row) => row.userId)}::text[])
           with ordinality as t(u, k, w, i)
      where exists (select 1 from go)
      order by i
    ), audit as (
      insert into sheet_cell_changes
        (sheet_id, household_id, product_id, user_id, old_quantity_milli, new_quantity_milli)
      select ${sheetId}, h::uuid, p::uuid, w::uuid, o, n
      from unnest(${audit.map((a) => a.household)}::text[], ${audit.map((a) => a.product)}::text[],
                  ${audit.map((a) => a.user)}::text[], ${audit.map((a) => a.old)}::int[],
                  ${audit.map((a) => a.new)}::int[]) with ordinality as t(h, p, w, o, n, i)
      where exists (select 1 from go)
      order by i
    ), upserted as (
      insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
      select ${sheetId}, h::uuid, p::uuid, o::uuid, q
      from unnest(${upserts.map((u) => u.h)}::text[], ${upserts.map((u) => u.p)}::text[],
                  ${upserts.map((u) => u.o)}::text[], ${upserts.map((u) => u.q)}::int[]) as t(h, p, o, q)
      where exists (select 1 from go)
      on conflict (sheet_id, household_id, product_id)
      do update set quantity_milli = excluded.quantity_milli, updated_at = now()
    ), deleted as (
      delete from sheet_cells c
      using unnest(${deletions.map((d) => d.h)}::text[], ${deletions.map((d) => d.p)}::text[]) as t(h, p)
      where c.sheet_id = ${sheetId} and c.household_id = t.h::uuid and c.product_id = t.p::uuid
        and exists (select 1 from go)
    )
    select 1`;
}

interface LogStats {
  /** Rows and bytes appended since the last compaction. */
  rows: number;
  bytes: number;
  /** Size of the compacted row (0: none yet). */
  base: number;
}

/** The persistence behind the sync journals (server/sync/journal.ts, stream-journal.ts). */
export type SheetPersistence = StreamJournalTarget;

export function createSheetPersistence(options: SheetPersistenceOptions): SheetPersistence {
  const compactEvery = options.compactEvery ?? 300;
  const stats = new Map<string, LogStats>();
  const compacting = new Set<string>();

  const maybeCompact = (sheetId: string) => {
    const log = stats.get(sheetId);
    if (
      log === undefined ||
      log.rows < compactEvery ||
      log.bytes < log.base ||
      compacting.has(sheetId)
    ) {
      return;
    }
    compacting.add(sheetId);
    log.rows = 0;
    log.bytes = 0;
    compactSheetUpdates(sheetId)
      .then((compacted) => {
        log.base = compacted.bytes;
      })
      .catch((error: unknown) => options.onError?.(error))
      .finally(() => compacting.delete(sheetId));
  };

  const storeUpdates = async (
    sheetId: string,
    entries: readonly StoredUpdate[],
    merged?: Uint8Array,
    position?: JournalPosition,
  ) => {
    if (entries.length === 0) {
      return;
    }
    const rules = options.rules.get(sheetId);
    const audit: AuditRow[] = [];
    const touched = new Map<string, CellChange>();
    let bytes = 0;
    for (const { update, meta } of entries) {
      bytes += update.length;
      if (meta.kind !== 'edit') {
        continue;
      }
      for (const change of meta.changes) {
        touched.set(change.key, change);
        if (change.oldValue !== change.newValue) {
          audit.push({
            household: change.householdId,
            product: change.productId,
            user: meta.principal?.userId ?? null,
            old: change.oldValue ?? null,
            new: change.newValue ?? null,
          });
        }
      }
    }
    // What sheet_cells must hold for the touched cells: the ledger's latest accepted value,
    // never the batch's own (a later reservation may already have raised it).
    const cellWrites = (): CellWrites => {
      const accepted = options.ledger.get(sheetId);
      const upserts: CellWrites['upserts'] = [];
      const deletions: CellWrites['deletions'] = [];
      for (const [key, change] of touched) {
        const value = accepted?.has(key) ? accepted.get(key) : change.newValue;
        const offerId = rules?.products.get(change.productId)?.offerId;
        if (value === undefined || value === 0 || !offerId) {
          deletions.push({ h: change.householdId, p: change.productId });
        } else {
          upserts.push({ h: change.householdId, p: change.productId, o: offerId, q: value });
        }
      }
      return { upserts, deletions };
    };
    // Stock-limited offers are locked first, in the order reserveStock uses, and the ledger
    // is read under those locks: sheet_cells never drops below a reservation. Unlimited
    // offers are never reserved: the batch is then one statement.
    const offerIds =
      rules === undefined
        ? []
        : [
            ...new Set(
              [...touched.values()].flatMap((c) => {
                const rule = rules.products.get(c.productId);
                return rule && rule.stockMilli !== null ? [rule.offerId] : [];
              }),
            ),
          ].sort();
    const noCells: CellWrites = { upserts: [], deletions: [] };
    const log = logRows(entries, merged);
    if (offerIds.length === 0) {
      await writeBatch(
        getSql(),
        sheetId,
        log,
        audit,
        rules ? cellWrites() : noCells,
        position ?? null,
      );
    } else {
      await getSql().begin(async (tx) => {
        await tx`select id from round_offers where id = any(${offerIds}::uuid[]) order by id for update`;
        await writeBatch(tx as unknown as Sql, sheetId, log, audit, cellWrites(), position ?? null);
      });
    }
    const appended = stats.get(sheetId) ?? { rows: 0, bytes: 0, base: 0 };
    stats.set(sheetId, appended);
    appended.rows += log.length;
    appended.bytes += bytes;
    maybeCompact(sheetId);
  };

  return {
    async load(sheetId) {
      // A new session: the ledger starts empty (every cell it will hold is written by the
      // policy when it accepts), nothing of the document is copied.
      options.ledger.set(sheetId, new Map());
      const rows = await readLogRows(getSql(), sheetId);
      if (rows.length === 0) {
        stats.set(sheetId, { rows: 0, bytes: 0, base: 0 });
        return null;
      }
      const base = rows[0]!.kind === 'compacted' ? rows[0]!.update.length : 0;
      const total = rows.reduce((sum, row) => sum + row.update.length, 0);
      stats.set(sheetId, { rows: rows.length, bytes: total - base, base });
      maybeCompact(sheetId);
      return rows.map((row) => row.update);
    },
    storeUpdate: (sheetId, update, meta) => storeUpdates(sheetId, [{ update, meta }]),
    storeUpdates,
    async journalPositions(journalId) {
      const rows = await getSql()<{ sheet_id: string; seq: string }[]>`
        select sheet_id, seq from sheet_journal_positions where journal_id = ${journalId}`;
      return new Map(rows.map((row) => [row.sheet_id, Number(row.seq)]));
    },
    async journalPosition(journalId, sheetId) {
      const [row] = await getSql()<{ seq: string }[]>`
        select seq from sheet_journal_positions
        where journal_id = ${journalId} and sheet_id = ${sheetId}`;
      return row ? Number(row.seq) : 0;
    },
    // The sheet (or an author) was deleted since: that batch can never be stored.
    isPermanentFailure: (error) => (error as { code?: string } | null)?.code === '23503',
    unload(sheetId) {
      options.ledger.delete(sheetId);
      stats.delete(sheetId);
    },
  };
}
