import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { createUpgradeRouter } from '#server/upgrade.ts';
import { makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

let server: Server;
let port: number;
const seen: { userId: string; docName: string }[] = [];

beforeAll(async () => {
  const wss = new WebSocketServer({ noServer: true });
  server = createServer((_req, res) => res.end('http'));
  server.on(
    'upgrade',
    createUpgradeRouter(() => (request, socket, head, context) => {
      seen.push(context);
      wss.handleUpgrade(request, socket, head, (ws) => ws.send(`bonjour ${context.docName}`));
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function connect(
  path: string,
  cookie?: string,
): Promise<{ status: number | 'open'; message?: string }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, {
      headers: cookie ? { Cookie: cookie } : {},
    });
    ws.on('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.on('message', (data) => {
      resolve({ status: 'open', message: String(data) });
      ws.close();
    });
    ws.on('error', () => {});
  });
}

describe('upgrade websocket', () => {
  it('refuse /sync/* sans session, avant tout upgrade (401)', async () => {
    expect(await connect('/sync/feuille-1')).toEqual({ status: 401 });
    expect(await connect('/sync/feuille-1', '__cabas_session=forge')).toEqual({ status: 401 });
    expect(seen).toHaveLength(0);
  });

  it('refuse tout autre chemin (404)', async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    expect(await connect('/autre/chose', cookie)).toEqual({ status: 404 });
    expect(await connect('/sync/../../etc', cookie)).toEqual({ status: 404 });
  });

  it('passe la main au serveur de synchronisation avec l’utilisateur authentifié', async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    expect(await connect('/sync/feuille-1?x=1', cookie)).toEqual({
      status: 'open',
      message: 'bonjour feuille-1',
    });
    expect(seen.at(-1)).toEqual({ userId: user.id, docName: 'feuille-1' });
  });
});

describe('upgrade websocket avec jeton de synchronisation', () => {
  it('accepte ?token= pour le seul document du jeton', async () => {
    const { createApiToken } = await import('#app/models/api-token.server.ts');
    const user = await makeUser();
    const { token } = await createApiToken({
      userId: user.id,
      name: 'sync',
      purpose: 'sync',
      scope: 'feuille-2',
      ttlMs: 60_000,
    });
    expect(await connect(`/sync/feuille-2?token=${token}`)).toEqual({
      status: 'open',
      message: 'bonjour feuille-2',
    });
    expect(await connect(`/sync/feuille-3?token=${token}`)).toEqual({ status: 401 });
    const { token: apiToken } = await createApiToken({
      userId: user.id,
      name: 'api',
      ttlMs: 60_000,
    });
    expect(await connect(`/sync/feuille-2?token=${apiToken}`)).toEqual({ status: 401 });
  });
});
