import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { type CabasMessage, installCabasMessageHandler } from './client-messages.ts';
import { getCells } from './layout.ts';
import { createMemoryPersistence, type MemoryPersistence } from './memory-persistence.ts';
import { createSyncServer } from './sync-server.ts';
import type {
  AuthenticateResult,
  ConnectionContext,
  SyncLimits,
  SyncLogger,
  SyncPersistence,
  SyncPolicy,
  SyncServer,
} from './types.ts';

// Test-only helpers (not a test file): a real http.Server on port 0 routing upgrades to
// the sync server, and real y-websocket providers whose principal travels in the query.

export interface TestUser {
  readonly userId: string;
  readonly householdIds?: readonly string[];
  readonly isCoordinator?: boolean;
  readonly readOnly?: boolean;
  /** Fixed Yjs client ID, to decide which of two concurrent items Yjs orders last. */
  readonly clientID?: number;
}

export interface TestClient {
  readonly doc: Y.Doc;
  readonly cells: Y.Map<unknown>;
  readonly provider: WebsocketProvider;
  readonly notices: CabasMessage[];
  whenSynced(): Promise<void>;
  destroy(): void;
}

export interface RecordingLogger extends SyncLogger {
  readonly entries: Array<{ level: 'info' | 'warn' | 'error'; event: string; data?: unknown }>;
  errors(): string[];
}

export interface TestServer {
  readonly url: string;
  readonly sync: SyncServer;
  readonly persistence: MemoryPersistence;
  readonly logger: RecordingLogger;
  /** Server-side sockets by user ID (only with `captureSockets`). */
  readonly serverSockets: Map<string, WebSocket[]>;
  connect(sheetId: string, user: TestUser): TestClient;
  close(): Promise<void>;
}

export interface TestServerOptions {
  readonly policy?: SyncPolicy;
  readonly persistence?: SyncPersistence & Partial<MemoryPersistence>;
  readonly limits?: Partial<SyncLimits>;
  readonly idleUnloadMs?: number;
  /** Upgrade through our own WebSocketServer + handleConnection to keep server sockets. */
  readonly captureSockets?: boolean;
}

/** Households write their own rows, coordinators every row; optional maximum quantity. */
export function householdRowsPolicy(maxQuantity?: number): SyncPolicy {
  return {
    authorize({ principal, changes }) {
      for (const change of changes) {
        if (!principal.isCoordinator && !principal.householdIds.includes(change.householdId)) {
          return {
            ok: false,
            code: 'forbidden-row',
            message: 'Vous ne pouvez modifier que la ligne de votre foyer.',
          };
        }
        if (maxQuantity !== undefined && (change.newValue ?? 0) > maxQuantity) {
          return { ok: false, code: 'above-maximum', message: 'Quantité au-dessus du maximum.' };
        }
      }
      return { ok: true };
    },
  };
}

export function createRecordingLogger(): RecordingLogger {
  const entries: RecordingLogger['entries'] = [];
  return {
    entries,
    info: (event, data) => entries.push({ level: 'info', event, data }),
    warn: (event, data) => entries.push({ level: 'warn', event, data }),
    error: (event, data) => entries.push({ level: 'error', event, data }),
    errors: () => entries.filter((e) => e.level === 'error').map((e) => e.event),
  };
}

export function contextFromRequest(request: IncomingMessage): ConnectionContext | null {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const userId = url.searchParams.get('user');
  const sheetId = url.pathname.slice(1);
  if (userId === null || sheetId === '') {
    return null;
  }
  const households = url.searchParams.get('households') ?? '';
  return {
    sheetId,
    readOnly: url.searchParams.get('readOnly') === '1',
    principal: {
      userId,
      displayName: `Foyer ${userId}`,
      householdIds: households === '' ? [] : households.split(','),
      isCoordinator: url.searchParams.get('coordinator') === '1',
    },
  };
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const persistence = options.persistence ?? createMemoryPersistence();
  const logger = createRecordingLogger();
  const sync = createSyncServer({
    policy: options.policy ?? householdRowsPolicy(),
    persistence,
    logger,
    limits: options.limits,
    idleUnloadMs: options.idleUnloadMs,
    authenticate: async (request): Promise<AuthenticateResult> => {
      const context = contextFromRequest(request);
      return context === null ? { ok: false, status: 401 } : { ok: true, context };
    },
  });
  const serverSockets = new Map<string, WebSocket[]>();
  const wss = options.captureSockets ? new WebSocketServer({ noServer: true }) : undefined;
  const http = createServer((_request, response) => response.writeHead(404).end());
  http.on('upgrade', (request, socket, head) => {
    if (wss === undefined) {
      void sync.handleUpgrade(request, socket, head);
      return;
    }
    const context = contextFromRequest(request)!;
    wss.handleUpgrade(request, socket, head, (ws) => {
      const userId = context.principal.userId;
      serverSockets.set(userId, [...(serverSockets.get(userId) ?? []), ws]);
      sync.handleConnection(ws, context);
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const url = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const clients: TestClient[] = [];
  return {
    url,
    sync,
    persistence: persistence as MemoryPersistence,
    logger,
    serverSockets,
    connect(sheetId, user) {
      const client = connectClient(url, sheetId, user);
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) {
        client.destroy();
      }
      await sync.destroy();
      wss?.close();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

export function connectClient(url: string, sheetId: string, user: TestUser): TestClient {
  const doc = new Y.Doc();
  if (user.clientID !== undefined) {
    doc.clientID = user.clientID;
  }
  const params: Record<string, string> = {
    user: user.userId,
    households: (user.householdIds ?? []).join(','),
  };
  if (user.isCoordinator) {
    params.coordinator = '1';
  }
  if (user.readOnly) {
    params.readOnly = '1';
  }
  const provider = new WebsocketProvider(url, sheetId, doc, {
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    params,
    // Every test client lives in one process: BroadcastChannel would sync them directly.
    disableBc: true,
  });
  const notices: CabasMessage[] = [];
  installCabasMessageHandler(provider, (notice) => notices.push(notice));
  return {
    doc,
    cells: getCells(doc) as Y.Map<unknown>,
    provider,
    notices,
    whenSynced: () => eventually(() => expect(provider.synced).toBe(true)),
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Retrying assertion (never a sleep): loopback round trips take a few milliseconds. */
export function eventually<T>(assertion: () => T | Promise<T>): Promise<T> {
  return vi.waitFor(assertion, { timeout: 5000, interval: 5 });
}

/** Quantities of a document as a plain object, for comparisons. */
export function cellsOf(doc: Y.Doc): Record<string, unknown> {
  return getCells(doc).toJSON();
}
