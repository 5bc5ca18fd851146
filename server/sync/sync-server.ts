import { STATUS_CODES } from 'node:http';
import { WebSocketServer } from 'ws';
import { Connection } from './connection.ts';
import { DocSession } from './doc-session.ts';
import type { SyncLimits, SyncLogger, SyncServer, SyncServerOptions } from './types.ts';

export const DEFAULT_LIMITS: SyncLimits = {
  maxMessageBytes: 2 * 1024 * 1024,
  maxAwarenessBytes: 16 * 1024,
  maxAwarenessClientsPerConnection: 4,
  maxDeferredPerConnection: 32,
  maxInvalidUpdatesPerConnection: 20,
  pingIntervalMs: 30_000,
};

export const consoleLogger: SyncLogger = {
  info: (event, data) => console.info(`[sync] ${event}`, data ?? ''),
  warn: (event, data) => console.warn(`[sync] ${event}`, data ?? ''),
  error: (event, data) => console.error(`[sync] ${event}`, data ?? ''),
};

/**
 * The sync endpoint: the y-websocket protocol (sync + awareness) with the server as the
 * authority over every write. See docs/sync.md.
 */
export function createSyncServer(options: SyncServerOptions): SyncServer {
  const logger = options.logger ?? consoleLogger;
  const limits: SyncLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const sessions = new Map<string, DocSession>();
  // A sheet being unloaded: its next session loads only after the last batch is stored.
  const closing = new Map<string, Promise<void>>();
  // Sheets without connections, kept loaded for `idleUnloadMs`.
  const idle = new Map<DocSession, NodeJS.Timeout>();
  const idleUnloadMs = options.idleUnloadMs ?? 0;
  let upgrader: WebSocketServer | undefined;

  const wake = (session: DocSession) => {
    clearTimeout(idle.get(session));
    idle.delete(session);
  };

  const unload = (session: DocSession, code: number, reason: string): Promise<void> => {
    wake(session);
    if (sessions.get(session.sheetId) === session) {
      sessions.delete(session.sheetId);
    }
    const done = session.close(code, reason).finally(() => {
      if (closing.get(session.sheetId) === done) {
        closing.delete(session.sheetId);
      }
    });
    closing.set(session.sheetId, done);
    return done;
  };

  const releaseWhenIdle = async (session: DocSession): Promise<void> => {
    await session.settle();
    if (session.connections.size === 0 && sessions.get(session.sheetId) === session) {
      await unload(session, 1001, 'feuille fermée');
    }
  };

  const sessionFor = (sheetId: string): DocSession => {
    const existing = sessions.get(sheetId);
    if (existing !== undefined) {
      return existing;
    }
    const session = new DocSession(sheetId, {
      policy: options.policy,
      persistence: options.persistence,
      logger,
      limits,
      previousClose: closing.get(sheetId),
      onEmpty: (empty) => {
        if (idleUnloadMs <= 0) {
          void releaseWhenIdle(empty);
          return;
        }
        wake(empty);
        const timer = setTimeout(() => {
          idle.delete(empty);
          void releaseWhenIdle(empty);
        }, idleUnloadMs);
        timer.unref();
        idle.set(empty, timer);
      },
      onFailed: (failed) => {
        wake(failed);
        if (sessions.get(failed.sheetId) === failed) {
          sessions.delete(failed.sheetId);
        }
      },
    });
    sessions.set(sheetId, session);
    return session;
  };

  const server: SyncServer = {
    handleConnection(ws, context) {
      const session = sessionFor(context.sheetId);
      wake(session);
      session.addConnection(new Connection(ws, context, session));
    },

    async handleUpgrade(request, socket, head) {
      const authenticate = options.authenticate;
      if (authenticate === undefined) {
        throw new Error('createSyncServer: handleUpgrade needs options.authenticate');
      }
      socket.on('error', () => socket.destroy());
      let result: Awaited<ReturnType<typeof authenticate>>;
      try {
        result = await authenticate(request);
      } catch (error) {
        logger.error('sync.authenticate-failed', { error: String(error) });
        result = { ok: false, status: 401 };
      }
      if (!result.ok) {
        const status = `${result.status} ${STATUS_CODES[result.status] ?? ''}`;
        socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
        return;
      }
      const { context } = result;
      upgrader ??= new WebSocketServer({ noServer: true, maxPayload: 2 * limits.maxMessageBytes });
      upgrader.handleUpgrade(request, socket, head, (ws) => server.handleConnection(ws, context));
    },

    async closeDocument(sheetId) {
      const session = sessions.get(sheetId);
      if (session !== undefined) {
        await unload(session, 1001, 'feuille fermée');
      }
      await closing.get(sheetId);
    },

    async closeSheetForWrites(sheetId) {
      await sessions.get(sheetId)?.closeForWrites();
      await closing.get(sheetId);
      await options.persistence.flush?.(sheetId);
    },

    getDoc(sheetId) {
      return sessions.get(sheetId)?.doc;
    },

    isLoaded(sheetId) {
      return sessions.has(sheetId) || closing.has(sheetId);
    },

    async destroy() {
      await Promise.all(
        [...sessions.values()].map((session) => unload(session, 1001, 'serveur arrêté')),
      );
      await Promise.all(closing.values());
      upgrader?.close();
    },
  };
  return server;
}
