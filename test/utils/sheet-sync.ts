import type { ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, expect, vi } from 'vitest';
import { WebSocket } from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import {
  createSheetSyncServer,
  type SheetSyncServer,
  type SheetSyncServerOptions,
} from '#server/sheets/sheet-sync-server.ts';
import { type CabasMessage, installCabasMessageHandler } from '#server/sync/client-messages.ts';
import type { SyncLogger } from '#server/sync/types.ts';
import { createUpgradeRouter } from '#server/upgrade.ts';
import { killServer } from './processes.ts';
import { sessionCookieFor } from './requests.ts';

// The real wiring of server/index.ts (upgrade router + sheet sync server) on port 0, and
// real y-websocket providers signed in with a session cookie.

export interface SheetClient {
  readonly doc: Y.Doc;
  readonly cells: Y.Map<number>;
  readonly provider: WebsocketProvider;
  readonly notices: CabasMessage[];
  destroy(): void;
}

export const quietLogger: SyncLogger & { errors: string[] } = {
  errors: [],
  info: () => {},
  warn: () => {},
  error(event) {
    quietLogger.errors.push(event);
  },
};

/** With `redisUrl`, the server joins the others on that Redis as one process (ADR 018). */
export async function startSheetServer(
  options: SheetSyncServerOptions & {
    readonly redisUrl?: string;
    readonly leaseTtlMs?: number;
  } = {},
) {
  const { redisUrl, leaseTtlMs, ...rest } = options;
  let advertised = '';
  const live: SheetSyncServer = createSheetSyncServer({
    logger: quietLogger,
    ...rest,
    ...(redisUrl ? { cluster: { redisUrl, leaseTtlMs, advertiseUrl: () => advertised } } : {}),
  });
  const http: Server = createServer((_request, response) => response.writeHead(404).end());
  http.on(
    'upgrade',
    createUpgradeRouter(() => live.handler),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  advertised = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
  const url = `${advertised}/sync`;
  await live.open();
  const clients: SheetClient[] = [];
  return {
    url,
    live,
    async connect(sheetId: string, userId: string): Promise<SheetClient> {
      const client = connectSheetClient(url, sheetId, await sessionCookieFor(userId));
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) {
        client.destroy();
      }
      await live.destroy();
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

export function connectSheetClient(url: string, sheetId: string, cookie: string): SheetClient {
  const doc = new Y.Doc();
  class CookieWebSocket extends WebSocket {
    constructor(address: string, protocols?: string | string[]) {
      super(address, protocols, { headers: { Cookie: cookie } });
    }
  }
  const provider = new WebsocketProvider(url, `sheet:${sheetId}`, doc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
  const notices: CabasMessage[] = [];
  installCabasMessageHandler(provider, (notice) => notices.push(notice));
  return {
    doc,
    cells: doc.getMap<number>('cells'),
    provider,
    notices,
    destroy() {
      provider.destroy();
      doc.destroy();
    },
  };
}

/** Retrying assertion, never a sleep. */
export function eventually<T>(assertion: () => T | Promise<T>, timeout = 10_000): Promise<T> {
  return vi.waitFor(assertion, { timeout, interval: 10 });
}

export async function synced(client: SheetClient) {
  await eventually(() => expect(client.provider.synced).toBe(true));
}

/**
 * The real server process a test file starts (and SIGKILLs, and restarts) and the clients it
 * opens: when the file ends, every client is destroyed and the last process killed.
 */
export function serverProcessUnderTest() {
  const state = { child: null as ChildProcess | null, clients: [] as SheetClient[] };
  afterAll(async () => {
    for (const client of state.clients) {
      client.destroy();
    }
    await killServer(state.child);
  });
  return state;
}
