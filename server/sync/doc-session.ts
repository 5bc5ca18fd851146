import * as Y from 'yjs';
import { AwarenessRelay } from './awareness-relay.ts';
import { ClientOwners } from './client-owners.ts';
import { trimDocContent } from './compact-content.ts';
import type { Connection } from './connection.ts';
import { DocQueue } from './doc-queue.ts';
import { createCellsView } from './layout.ts';
import { encodeSyncStep2 } from './protocol.ts';
import { NOTICES } from './rejections.ts';
import { initialiseLayout, storeEntries } from './sheet-storage.ts';
import type {
  CellsView,
  StoreMeta,
  SyncLimits,
  SyncLogger,
  SyncPersistence,
  SyncPolicy,
} from './types.ts';
import { UpdateBatcher } from './update-batcher.ts';

const LOAD_ORIGIN = Symbol('load');
const SERVER_META: StoreMeta = { kind: 'server', principal: null, changes: [] };
const EMPTY_STATE_VECTOR = 0; // encodeStateVector of an empty doc is the single byte 0
/**
 * How long the encoded full state stays cached for new joiners: long enough for a burst
 * of households opening the sheet at once (each reuse restarts nothing: a later join after
 * it expired encodes again, ~10–25 ms for 500 × 40), short enough that an open sheet costs
 * no more memory than its document (a 500 × 40 sheet encodes to 0.4–0.6 MiB).
 */
const FULL_STATE_CACHE_MS = 1000;

export interface SessionDeps {
  readonly policy: SyncPolicy;
  readonly persistence: SyncPersistence;
  readonly logger: SyncLogger;
  readonly limits: SyncLimits;
  /** A previous session of the same sheet still storing its last batch. */
  readonly previousClose: Promise<void> | undefined;
  readonly onEmpty: (session: DocSession) => void;
  readonly onFailed: (session: DocSession) => void;
}

/** One open sheet: its server document, presence, connections, queue and batcher. */
export class DocSession {
  readonly doc = new Y.Doc({ gc: true });
  readonly cellsView: CellsView = createCellsView(this.doc);
  readonly connections = new Set<Connection>();
  readonly clientOwners = new ClientOwners();
  readonly awareness: AwarenessRelay;
  readonly batcher: UpdateBatcher;
  readonly queue = new DocQueue(this);
  readonly loaded: Promise<boolean>;
  isClosedForWrites = false;
  private meta: StoreMeta | null = null;
  private sentBy: Connection | undefined = undefined;
  private fullState: Uint8Array | null = null;
  private disposed = false;

  constructor(
    readonly sheetId: string,
    private readonly deps: SessionDeps,
  ) {
    this.awareness = new AwarenessRelay(this.doc, {
      limits: deps.limits,
      peers: () => this.connections,
      claimClient: (clientId, userId) => this.clientOwners.claim(clientId, userId),
    });
    this.batcher = new UpdateBatcher({
      persist: (entries, merged) => storeEntries(deps.persistence, sheetId, entries, merged),
      broadcast: (message, except) => this.broadcast(message, except),
      onFailure: (error) => this.fail('sync.store-failed', error),
    });
    this.loaded = this.load();
  }

  get policy(): SyncPolicy {
    return this.deps.policy;
  }

  get logger(): SyncLogger {
    return this.deps.logger;
  }

  get limits(): SyncLimits {
    return this.deps.limits;
  }

  /**
   * Attributes the document updates emitted by `write` (for storage and the audit).
   * `sentBy`: they are exactly what this connection sent (no server write among them).
   */
  writeWithMeta<T>(meta: StoreMeta, write: () => T, sentBy?: Connection): T {
    this.meta = meta;
    this.sentBy = sentBy;
    try {
      return write();
    } finally {
      this.meta = null;
      this.sentBy = undefined;
    }
  }

  addConnection(connection: Connection): void {
    this.connections.add(connection);
    void this.loaded.then((isLoaded) => {
      if (isLoaded) {
        connection.start();
      } else {
        connection.close(1011, 'feuille indisponible');
      }
    });
  }

  removeConnection(connection: Connection): void {
    if (!this.connections.delete(connection)) {
      return;
    }
    this.awareness.removePeer(connection);
    this.queue.dropConnection(connection);
    if (this.connections.size === 0) {
      this.deps.onEmpty(this);
    }
  }

  replyStep2(connection: Connection, stateVector: Uint8Array): void {
    let update: Uint8Array;
    try {
      const isEmpty = stateVector.length === 1 && stateVector[0] === EMPTY_STATE_VECTOR;
      // Joins of an unchanged sheet share one encoding (a 500 × 40 sheet is ~20k items).
      if (isEmpty) {
        update = this.fullState ?? this.cacheFullState(Y.encodeStateAsUpdate(this.doc));
      } else {
        update = Y.encodeStateAsUpdate(this.doc, stateVector);
      }
    } catch {
      connection.close(4400, 'message invalide');
      return;
    }
    connection.send(encodeSyncStep2(update));
  }

  private cacheFullState(state: Uint8Array): Uint8Array {
    this.fullState = state;
    setTimeout(() => {
      if (this.fullState === state) {
        this.fullState = null;
      }
    }, FULL_STATE_CACHE_MS).unref();
    return state;
  }

  /** Every connection becomes read-only; resolves once queued updates are settled. */
  closeForWrites(): Promise<void> {
    this.isClosedForWrites = true;
    for (const connection of this.connections) {
      connection.readOnly = true;
      if (connection.isReady) {
        connection.sendNotice({ type: 'read-only', ...NOTICES.sheetClosed }); // else: on start
      }
    }
    return this.settle();
  }

  /** Resolves when loaded, every queued update is decided and every write durably stored. */
  async settle(): Promise<void> {
    await this.loaded;
    while (!this.disposed) {
      await this.queue.whenDrained();
      await this.batcher.whenIdle();
      if (this.queue.isIdle && this.batcher.isIdle) {
        // Stored for the core may mean journaled only: wait for the durable store behind.
        await this.deps.persistence.flush?.(this.sheetId);
        if (this.queue.isIdle && this.batcher.isIdle) {
          return;
        }
      }
    }
  }

  async close(code: number, reason: string): Promise<void> {
    for (const connection of [...this.connections]) {
      connection.close(code, reason);
    }
    await this.settle();
    this.dispose();
  }

  private async load(): Promise<boolean> {
    try {
      await this.deps.previousClose;
      const state = await this.deps.persistence.load(this.sheetId);
      if (this.disposed) {
        return false;
      }
      const chunks = state === null ? [] : state instanceof Uint8Array ? [state] : state;
      // Before the update listener exists: Yjs then does not re-encode what it applies.
      this.doc.transact(() => {
        for (const chunk of chunks) {
          if (chunk.length > 0) {
            Y.applyUpdate(this.doc, chunk, LOAD_ORIGIN);
          }
        }
      }, LOAD_ORIGIN);
      trimDocContent(this.doc);
      this.doc.on('update', (update: Uint8Array) => {
        this.fullState = null;
        this.batcher.add({ update, meta: this.meta ?? SERVER_META }, this.sentBy);
      });
      // One stored chunk (a compacted log) is the whole state: the first joiners get it as
      // is, without an encode. Any write (the layout below included) drops it.
      if (chunks.length === 1 && chunks[0]!.length > 0) {
        this.cacheFullState(chunks[0]!);
      }
      this.writeWithMeta(SERVER_META, () => initialiseLayout(this.doc));
      return true;
    } catch (error) {
      this.fail('sync.load-failed', error);
      return false;
    }
  }

  private broadcast(message: Uint8Array, except: object | undefined): void {
    for (const connection of this.connections) {
      if (connection.isReady && connection !== except) {
        connection.send(message);
      }
    }
  }

  /**
   * The in-memory document may hold writes that were never stored: drop it and close every
   * connection; clients reconnect, the sheet reloads from storage and they resend (and the
   * server rechecks) whatever it lacks.
   */
  private fail(event: string, error: unknown): void {
    if (this.disposed) {
      return;
    }
    this.deps.logger.error(event, { sheetId: this.sheetId, error: String(error) });
    this.queue.stop();
    this.dispose();
    for (const connection of [...this.connections]) {
      connection.close(1011, 'erreur serveur');
    }
    this.deps.onFailed(this);
  }

  private dispose(): void {
    if (this.disposed) {
      return;
    }
    this.disposed = true;
    this.fullState = null;
    this.awareness.destroy();
    this.doc.destroy();
    this.deps.persistence.unload?.(this.sheetId);
  }
}
