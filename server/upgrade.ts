import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { getAuthProvider } from '#app/auth/auth.server.ts';
import { verifyApiToken } from '#app/models/api-token.server.ts';

export type UpgradeHandler = (
  request: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  context: { userId: string; docName: string },
) => void | Promise<void>;

const SYNC_PATH = /^\/sync\/([A-Za-z0-9:_-]{1,200})$/;

function reject(socket: Duplex, status: number, reason: string) {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** Fetch Request built from the upgrade request, so the same auth code reads its cookies. */
function toFetchRequest(request: IncomingMessage): Request {
  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') {
      headers.set(key, value);
    } else if (Array.isArray(value)) {
      headers.set(key, value.join(', '));
    }
  }
  return new Request(`http://${request.headers.host ?? 'localhost'}${request.url ?? '/'}`, {
    headers,
  });
}

/**
 * The session cookie (browsers), or `?token=` — a short-lived sync token issued by
 * POST /api/v1/sync-tokens for this very document (non-browser clients).
 */
async function authenticate(request: IncomingMessage, docName: string): Promise<string | null> {
  const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
  if (token) {
    const verified = await verifyApiToken(token, 'sync');
    return verified && verified.scope === docName ? verified.userId : null;
  }
  const { userId } = await getAuthProvider().getUserId(toFetchRequest(request));
  return userId;
}

/**
 * Websocket upgrades: only `/sync/<doc>`, and only for a signed-in user, checked BEFORE the
 * upgrade is accepted (never upgrade then authenticate). Everything else is refused.
 */
export function createUpgradeRouter(getSyncHandler: () => UpgradeHandler | null) {
  return async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => {});
    const path = (request.url ?? '').split('?')[0] ?? '';
    const match = SYNC_PATH.exec(path);
    const handler = getSyncHandler();
    if (!match || !handler) {
      reject(socket, 404, 'Not Found');
      return;
    }
    try {
      const userId = await authenticate(request, match[1]!);
      if (!userId) {
        reject(socket, 401, 'Unauthorized');
        return;
      }
      await handler(request, socket, head, { userId, docName: match[1]! });
    } catch {
      reject(socket, 500, 'Internal Server Error');
    }
  };
}
