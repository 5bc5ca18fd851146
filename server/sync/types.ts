import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type * as Y from 'yjs';

/** Who is connected, as established by the HTTP upgrade authentication. */
export interface Principal {
  readonly userId: string;
  readonly householdIds: readonly string[];
  readonly isCoordinator: boolean;
  readonly displayName: string;
}

/**
 * One cell touched by an incoming update, as it will be once the update is applied.
 * `newValue: undefined` means the cell is deleted (no quantity).
 */
export interface CellChange {
  readonly key: string;
  readonly householdId: string;
  readonly productId: string;
  readonly oldValue: number | undefined;
  readonly newValue: number | undefined;
}

/** Read-only view of the server document's current quantities (before the update). */
export interface CellsView {
  get(key: string): number | undefined;
  entries(): IterableIterator<[string, number]>;
}

export interface AuthorizeRequest {
  readonly sheetId: string;
  readonly principal: Principal;
  readonly changes: readonly CellChange[];
  readonly cells: CellsView;
}

export type AuthorizeResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: string; readonly message: string };

/**
 * Business rules (household rights, quantity step and maximum, deadline, shared stock).
 * Called once per incoming update that changes something, strictly in arrival order per
 * document. Return a plain object when the answer is known synchronously: the document
 * queue only yields to the event loop when a Promise is returned.
 */
export interface SyncPolicy {
  authorize(request: AuthorizeRequest): AuthorizeResult | Promise<AuthorizeResult>;
}

/**
 * Why an update is stored:
 * - `edit`: an accepted client update (`changes` are the authorized changes);
 * - `rejection`: the placeholder and corrections written for a refused update (no value
 *   changes; `rejection` says why, for the audit trail);
 * - `server`: a write by the server itself (document initialisation).
 */
export interface StoreMeta {
  readonly kind: 'edit' | 'rejection' | 'server';
  readonly principal: Principal | null;
  readonly changes: readonly CellChange[];
  readonly rejection?: { readonly code: string; readonly message: string };
}

export interface StoredUpdate {
  readonly update: Uint8Array;
  readonly meta: StoreMeta;
}

/** Where a batch sits in a write-ahead journal (server/sync/journal.ts). */
export interface JournalPosition {
  readonly journalId: string;
  readonly seq: number;
}

export interface SyncPersistence {
  /**
   * The whole stored state of a sheet, or null for a new sheet: one update (merged), or the
   * stored updates in order (the server applies them in one transaction, linear time; never
   * `Y.mergeUpdates` a long log, it is super-linear).
   */
  load(sheetId: string): Promise<Uint8Array | readonly Uint8Array[] | null>;
  /** Appends one update. Calls for a sheet are made in order and awaited one by one. */
  storeUpdate(sheetId: string, update: Uint8Array, meta: StoreMeta): Promise<void>;
  /**
   * Optional batch form, preferred when present: one call per flush with every update of
   * the flush in order (e.g. one multi-row INSERT), so a busy sheet costs one round trip.
   */
  storeUpdates?(
    sheetId: string,
    entries: readonly StoredUpdate[],
    /** Every entry as one update (what the batch relays), when the server has it. */
    merged?: Uint8Array,
    /** Set by a journal in front: stored with the batch, in the same transaction. */
    position?: JournalPosition,
  ): Promise<void>;
  /**
   * Optional: resolves once every update handed over for the sheet is durably stored. A
   * journal in front (server/sync/journal.ts) resolves `storeUpdates` on its local append
   * and writes behind; closing a sheet and unloading it wait for this.
   */
  flush?(sheetId: string): Promise<void>;
  /**
   * Optional: the sheet was unloaded (its last batch is stored); drop whatever was kept for
   * it in memory. The next `load` of the sheet may follow.
   */
  unload?(sheetId: string): void;
}

export interface SyncLogger {
  info(event: string, data?: Record<string, unknown>): void;
  warn(event: string, data?: Record<string, unknown>): void;
  error(event: string, data?: Record<string, unknown>): void;
}

export interface ConnectionContext {
  readonly sheetId: string;
  readonly principal: Principal;
  /** Sheet closed, deadline passed or read-only role: the connection may not write. */
  readonly readOnly: boolean;
}

export type AuthenticateResult =
  | { readonly ok: true; readonly context: ConnectionContext }
  | { readonly ok: false; readonly status: 401 | 403 | 404 };

export interface SyncServerOptions {
  readonly policy: SyncPolicy;
  readonly persistence: SyncPersistence;
  /** Used by `handleUpgrade` only; callers that upgrade themselves call `handleConnection`. */
  readonly authenticate?: (request: IncomingMessage) => Promise<AuthenticateResult>;
  readonly logger?: SyncLogger;
  readonly limits?: Partial<SyncLimits>;
  /**
   * How long a sheet stays loaded after its last connection closed (default 0: unloaded at
   * once). A household reopening the sheet, or the next of a burst of joins, is then served
   * from memory instead of reloading the log.
   */
  readonly idleUnloadMs?: number;
}

export interface SyncLimits {
  /**
   * Largest accepted websocket message. A whole 500 × 40 sheet encodes to 0.4–0.6 MiB (a
   * client resending everything); 2 MiB leaves room for that and a long offline session
   * while bounding the decoding work per message.
   */
  readonly maxMessageBytes: number;
  /** Largest awareness message: presence is a few hundred bytes per client. */
  readonly maxAwarenessBytes: number;
  /** Awareness client IDs one connection may own (one per Y.Doc, plus a regenerated one). */
  readonly maxAwarenessClientsPerConnection: number;
  /**
   * Updates of one connection waiting for a missing dependency. Past it the connection is
   * closed with 4500 so that the client reconnects and sends a complete sync step 2.
   */
  readonly maxDeferredPerConnection: number;
  /** Structurally invalid updates tolerated per connection before it is closed with 4400. */
  readonly maxInvalidUpdatesPerConnection: number;
  /** Keep-alive ping period; a connection that missed one pong is closed (stock: 30 s). */
  readonly pingIntervalMs: number;
}

export interface SyncServer {
  handleConnection(ws: WebSocket, context: ConnectionContext): void;
  /** Authenticates with `options.authenticate`, answers 401/403/404 or upgrades. */
  handleUpgrade(
    request: IncomingMessage,
    socket: import('node:stream').Duplex,
    head: Buffer,
  ): Promise<void>;
  /** Disconnects everyone, waits for pending writes and unloads the document. */
  closeDocument(sheetId: string): Promise<void>;
  /** Every current connection becomes read-only; resolves once queued updates are settled. */
  closeSheetForWrites(sheetId: string): Promise<void>;
  /** The loaded server document (read it, never write it), or undefined when not open. */
  getDoc(sheetId: string): Y.Doc | undefined;
  /** Whether the sheet is in memory: loaded, or unloading with writes still to store. */
  isLoaded(sheetId: string): boolean;
  destroy(): Promise<void>;
}
