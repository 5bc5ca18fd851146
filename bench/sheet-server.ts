/**
 * Child process of bench/sheet.ts: `tsx bench/sheet-server.ts ours|stock|cluster`. Prints `PORT n`.
 * `cluster`: ours with REDIS_URL (ADR 018), one of two processes sharing sheets.
 * `ours`: the real live-sheet wiring (policy + journal + Postgres persistence, server/sheets) on
 * DATABASE_URL; `stock`: @y/websocket-server 0.1.1's setupWSConnection, in memory, with the
 * 500 × 40 sheets of BIG_SHEETS loaded from BIG_UPDATE on first connection. Users come in
 * `?user=` (the cookie check of the upgrade router is the same for both and left out).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { WebSocketServer } from 'ws';
import * as Y from 'yjs';
import { connectDatabase } from '#app/db/client.server.ts';
import { verifyApiToken } from '#app/models/api-token.server.ts';
import { createSheetSyncServer } from '#server/sheets/sheet-sync-server.ts';

const kind = process.argv[2];
const http = createServer((_req, res) => res.writeHead(404).end());
const quiet = { info: () => {}, warn: () => {}, error: (e: string) => console.error(e) };

if (kind === 'ours') {
  connectDatabase(process.env.DATABASE_URL!, { max: 10 });
  // As server/index.ts runs it: relayed once journaled, written to Postgres behind (ADR 017).
  const journalDir = mkdtempSync(path.join(tmpdir(), 'cabas-bench-journal-'));
  const live = createSheetSyncServer({
    logger: quiet,
    journal: { file: path.join(journalDir, 'journal.bin'), id: `bench:${journalDir}` },
  });
  await live.open();
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    void live.handler(req, socket, head, {
      userId: url.searchParams.get('user') ?? '',
      docName: url.pathname.replace('/sync/', ''),
    });
  });
} else if (kind === 'cluster') {
  // As server/index.ts runs it with REDIS_URL (ADR 018): leases, relays and the Redis stream journal.
  connectDatabase(process.env.DATABASE_URL!, { max: 10 });
  let port = 0;
  const live = createSheetSyncServer({
    logger: quiet,
    cluster: { redisUrl: process.env.REDIS_URL!, advertiseUrl: () => `ws://127.0.0.1:${port}` },
  });
  await live.open();
  http.on('listening', () => {
    port = (http.address() as AddressInfo).port;
  });
  http.on('upgrade', async (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const docName = url.pathname.replace('/sync/', '');
    // A relay from the other process authenticates with its one-use sync token.
    const token = url.searchParams.get('token');
    const userId = token
      ? ((await verifyApiToken(token, 'sync'))?.userId ?? '')
      : (url.searchParams.get('user') ?? '');
    void live.handler(req, socket, head, { userId, docName });
  });
} else {
  const utils = await import('@y/websocket-server/utils');
  const big = new Set((process.env.BIG_SHEETS ?? '').split(',').filter(Boolean));
  const bigUpdate = process.env.BIG_UPDATE ? readFileSync(process.env.BIG_UPDATE) : null;
  const wss = new WebSocketServer({ noServer: true });
  http.on('upgrade', (req, socket, head) => {
    const docName = new URL(req.url ?? '/', 'http://x').pathname.replace('/sync/', '');
    wss.handleUpgrade(req, socket, head, (ws) => {
      const doc = utils.getYDoc(docName);
      if (bigUpdate && big.has(docName) && doc.getMap('cells').size === 0) {
        Y.applyUpdate(doc, bigUpdate);
      }
      utils.setupWSConnection(ws, req, { docName });
    });
  });
}

http.listen(0, '127.0.0.1', () => console.log(`PORT ${(http.address() as AddressInfo).port}`));
process.on('message', (message) => {
  if (message === 'cpu') {
    const { user, system } = process.cpuUsage();
    console.log(`CPU ${user + system}`);
    return;
  }
  (globalThis as { gc?: () => void }).gc?.();
  console.log(`MEM ${process.memoryUsage().heapUsed}`);
});
// A normal exit, so that --cpu-prof (BENCH_SHEET_PROF) writes its profile.
process.on('SIGTERM', () => process.exit(0));
