import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { isSheetWritable, msUntilDeadline } from '#app/domain/ordering/sheet-rules.ts';
import { createApiToken, discardApiToken } from '#app/models/api-token.server.ts';
import { closeSheet } from '#app/models/sheet.server.ts';
import { setLiveSheetHooks } from '#app/models/sheet-live.server.ts';
import {
  createSheetPersistence,
  createSheetPolicy,
  loadSheetRules,
  resolveSheetPrincipal,
  type SheetLedger,
  type SheetRules,
} from '#app/models/sheet-sync.server.ts';
import {
  consoleLogger,
  createSyncServer,
  DEFAULT_LIMITS,
  type SyncLimits,
  type SyncLogger,
  type SyncServer,
} from '#server/sync/index.ts';
import { createJournaledPersistence } from '#server/sync/journal.ts';
import { createStreamJournaledPersistence } from '#server/sync/stream-journal.ts';
import { openUpstream, relay } from '#server/sync/ws-relay.ts';
import type { UpgradeHandler } from '../upgrade.ts';
import { type ControlMessage, createSheetCluster, type SheetCluster } from './sheet-cluster.ts';

// Wires the DB-free sync core (server/sync) to Postgres for live sheets: the policy and the
// persistence live in app/models/sheet-sync.server.ts (SQL stays in app/models), this file
// owns the websocket upgrade for `/sync/sheet:<uuid>`, the per-sheet rules cache and the
// deadline timers. One instance per process; server/index.ts registers `handler`.

const DOC_NAME = /^sheet:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;
/**
 * A sheet without clients stays in memory this long: households open and close it all day,
 * and a rejoin served from memory skips reading and replaying the log.
 */
const IDLE_UNLOAD_MS = 60_000;
/**
 * Journaled batches wait this long for their Postgres write (ADR 017): a household typing
 * its row sends an edit every few hundred ms, a busy sheet hundreds per second; either way
 * the edits of 100 ms share one statement, written while the relay goes on. Every statement
 * also costs the Postgres backend CPU that the relay competes for on a small machine: measured
 * on 2 cores, the A→B p99 was 1.0–1.35× the stock server's at 20 ms, 0.85–1.23× at 100 ms.
 * Nothing waits on it: closing, unloading and reloading a sheet flush at once.
 */
const JOURNAL_WRITE_DELAY_MS = 100;
/** How long a relay waits for the owner's websocket handshake (ADR 018). */
const UPSTREAM_TIMEOUT_MS = 5_000;
/** setTimeout's largest delay; a later deadline re-arms the timer when it fires. */
const MAX_TIMER_MS = 2_147_483_647;

export interface SheetSyncServerOptions {
  /** The clock for deadlines (tests move it). */
  readonly now?: () => Date;
  readonly logger?: SyncLogger;
  readonly limits?: Partial<SyncLimits>;
  readonly compactEvery?: number;
  /** How long a sheet stays loaded after its last client left (default 60 s). */
  readonly idleUnloadMs?: number;
  /**
   * Write-ahead journal (ADR 017): edits are relayed once appended to `file` and written to
   * Postgres behind. Unset: each batch is stored in Postgres before it is relayed.
   */
  readonly journal?: { readonly file: string; readonly id: string };
  /**
   * Several processes share sheets through Redis (ADR 018): one owner per sheet, the others
   * relay to it. `advertiseUrl` is this process's websocket base as the others reach it.
   */
  readonly cluster?: {
    readonly redisUrl: string;
    readonly advertiseUrl: () => string;
    readonly leaseTtlMs?: number;
  };
}

export interface SheetSyncServer {
  readonly sync: SyncServer;
  readonly handler: UpgradeHandler;
  /** Replays the journal of a previous process, if any (call once listening). */
  open(): Promise<void>;
  /** Drops the cached rules and reconnects clients so they get the new rights. */
  refresh(sheetId: string): Promise<void>;
  destroy(): Promise<void>;
}

function refuse(socket: Duplex, status: 403 | 404 | 503, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

export function createSheetSyncServer(options: SheetSyncServerOptions = {}): SheetSyncServer {
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? consoleLogger;
  const rules = new Map<string, SheetRules>();
  const ledger: SheetLedger = new Map();
  const timers = new Map<string, NodeJS.Timeout>();
  const scheduleDeadline = (sheet: SheetRules) => {
    clearTimeout(timers.get(sheet.sheetId));
    timers.delete(sheet.sheetId);
    if (sheet.status !== 'open') {
      return;
    }
    const timer = setTimeout(
      () => {
        timers.delete(sheet.sheetId);
        if (isSheetWritable(sheet, now())) {
          scheduleDeadline(sheet);
          return;
        }
        // The deadline closes the sheet: read-only at once, then projected into orders.
        closeSheet({ sheetId: sheet.sheetId, closedBy: null }).catch((error: unknown) =>
          logger.error('sheet.deadline-close-failed', { error: String(error) }),
        );
      },
      Math.min(msUntilDeadline(sheet.deadlineAt, now()), MAX_TIMER_MS),
    );
    timer.unref();
    timers.set(sheet.sheetId, timer);
  };

  // Households opening a sheet at once share one load of its rules.
  const loadingRules = new Map<string, Promise<SheetRules | null>>();
  const ensureRules = async (sheetId: string) => {
    const cached = rules.get(sheetId);
    if (cached) {
      return cached;
    }
    let loading = loadingRules.get(sheetId);
    if (loading === undefined) {
      loading = loadSheetRules(sheetId)
        .then((loaded) => {
          if (loaded && loadingRules.get(sheetId) === loading) {
            rules.set(sheetId, loaded);
            scheduleDeadline(loaded);
          }
          return loaded;
        })
        .finally(() => {
          if (loadingRules.get(sheetId) === loading) {
            loadingRules.delete(sheetId);
          }
        });
      loadingRules.set(sheetId, loading);
    }
    return loading;
  };

  const stored = createSheetPersistence({
    rules,
    ledger,
    now,
    compactEvery: options.compactEvery,
    onError: (error) => logger.error('sheet.compaction-failed', { error: String(error) }),
  });
  const journal =
    options.journal &&
    createJournaledPersistence(stored, {
      file: options.journal.file,
      journalId: options.journal.id,
      logger,
      writeDelayMs: JOURNAL_WRITE_DELAY_MS,
      beforeReplay: async (sheetId) => {
        await ensureRules(sheetId);
      },
    });
  // Several processes (ADR 018): the journal is a Redis stream per sheet, appended under the
  // sheet's lease, so that the process taking a sheet over replays what its owner relayed.
  let clusterReady: Promise<SheetCluster> | null = null;
  const streamJournal =
    options.cluster &&
    createStreamJournaledPersistence(
      stored,
      {
        append: async (...args) => (await clusterReady!).journal.append(...args),
        read: async (sheetId) => (await clusterReady!).journal.read(sheetId),
        trim: async (sheetId, seq) => (await clusterReady!).journal.trim(sheetId, seq),
      },
      {
        journalId: 'redis',
        logger,
        writeDelayMs: JOURNAL_WRITE_DELAY_MS,
        beforeReplay: async (sheetId) => {
          await ensureRules(sheetId);
        },
      },
    );
  const sync = createSyncServer({
    policy: createSheetPolicy({ rules, ledger, now }),
    persistence: journal ?? streamJournal ?? stored,
    logger,
    limits: options.limits,
    idleUnloadMs: options.idleUnloadMs ?? IDLE_UNLOAD_MS,
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: options.limits?.maxMessageBytes ?? DEFAULT_LIMITS.maxMessageBytes,
  });

  const refreshHere = async (sheetId: string) => {
    rules.delete(sheetId);
    loadingRules.delete(sheetId);
    await ensureRules(sheetId);
    await sync.closeDocument(sheetId);
  };
  const closeForWritesHere = async (sheetId: string) => {
    const cached = rules.get(sheetId);
    if (cached) {
      rules.set(sheetId, { ...cached, status: 'closed' });
    }
    await sync.closeSheetForWrites(sheetId);
  };

  clusterReady = options.cluster
    ? createSheetCluster({
        ...options.cluster,
        logger,
        // Its lease stays until the sheet's journaled batches are in Postgres too.
        isLoaded: (docName) => {
          const sheetId = docName.slice('sheet:'.length);
          return sync.isLoaded(sheetId) || streamJournal?.pending(sheetId) === true;
        },
        onLost: (docName) => void sync.closeDocument(docName.slice('sheet:'.length)),
        onControl: async (message: ControlMessage) => {
          if (message.kind === 'close-for-writes') {
            await closeForWritesHere(message.sheetId);
          } else if (message.kind === 'refresh' && sync.isLoaded(message.sheetId)) {
            await refreshHere(message.sheetId);
          } else if (message.kind === 'refresh') {
            // Not served here: only forget the rules, read again at the next connection.
            rules.delete(message.sheetId);
            loadingRules.delete(message.sheetId);
          }
        },
      })
    : null;
  // Surfaced by open(); a handler meanwhile waits for it.
  clusterReady?.catch(() => {});

  // The models call these wherever the sheet is served: with a cluster, every process hears.
  const refresh = async (sheetId: string) => {
    await refreshHere(sheetId);
    await (await clusterReady)?.broadcast({ kind: 'refresh', sheetId });
  };
  setLiveSheetHooks({
    async closeForWrites(sheetId) {
      await closeForWritesHere(sheetId);
      // The owner's pending writes are stored before the caller projects the sheet.
      await (await clusterReady)?.broadcast({
        kind: 'close-for-writes',
        sheetId,
        id: crypto.randomUUID(),
      });
    },
    refresh,
  });

  /**
   * The owner's websocket for this user and sheet, or null when this process serves it. The
   * owner authenticates the relay like any client, with a one-use sync token.
   */
  const upstreamFor = async (cluster: SheetCluster, docName: string, userId: string) => {
    for (let attempt = 0; attempt < 3; attempt++) {
      const route = await cluster.route(docName);
      if (route.kind === 'local') {
        return null;
      }
      const token = await createApiToken({
        userId,
        name: 'relais de synchronisation',
        purpose: 'sync',
        scope: docName,
        ttlMs: 60_000,
      });
      const opened = await openUpstream(
        `${route.url}/sync/${docName}?token=${encodeURIComponent(token.token)}`,
        UPSTREAM_TIMEOUT_MS,
      );
      void discardApiToken(token.id).catch((error: unknown) =>
        logger.warn('sync.relay-token-left', { error: String(error) }),
      );
      if (opened.ok) {
        return opened.upstream;
      }
      if (!opened.refused) {
        throw new Error(`propriétaire de ${docName} injoignable : ${opened.error}`);
      }
      // Nothing listens at the owner's address any more: free its lease and take it.
      logger.warn('sync.owner-gone', { docName, owner: route.url });
      await cluster.evict(docName, route.lease);
    }
    throw new Error(`propriétaire de ${docName} introuvable`);
  };

  const handler: UpgradeHandler = async (request, socket, head, { userId, docName }) => {
    const sheetId = DOC_NAME.exec(docName)?.[1]?.toLowerCase();
    const sheet = sheetId ? await ensureRules(sheetId) : null;
    if (!sheetId || !sheet) {
      refuse(socket, 404, 'Not Found');
      return;
    }
    const principal = await resolveSheetPrincipal(sheet, userId);
    if (!principal) {
      refuse(socket, 403, 'Forbidden');
      return;
    }
    const readOnly =
      !isSheetWritable(sheet, now()) ||
      (!principal.isCoordinator && principal.householdIds.length === 0);
    const cluster = await clusterReady;
    if (cluster) {
      let upstream: Awaited<ReturnType<typeof upstreamFor>>;
      try {
        upstream = await upstreamFor(cluster, docName, userId);
      } catch (error) {
        logger.error('sync.relay-failed', { docName, error: String(error) });
        refuse(socket, 503, 'Service Unavailable');
        return;
      }
      if (upstream) {
        wss.handleUpgrade(request, socket, head, (ws) => {
          relay(ws, upstream, options.limits?.pingIntervalMs ?? DEFAULT_LIMITS.pingIntervalMs);
        });
        return;
      }
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sync.handleConnection(ws, { sheetId, principal, readOnly });
    });
  };

  return {
    sync,
    handler,
    refresh,
    open: async () => {
      await clusterReady;
      await journal?.open();
    },
    async destroy() {
      for (const timer of timers.values()) {
        clearTimeout(timer);
      }
      timers.clear();
      setLiveSheetHooks(undefined);
      await sync.destroy();
      await journal?.close();
      await streamJournal?.close();
      // Leases go last: the next owner loads what this process has stored.
      await (await clusterReady?.catch(() => null))?.close();
      wss.close();
    },
  };
}
