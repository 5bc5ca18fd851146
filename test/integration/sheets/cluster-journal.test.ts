import type { ChildProcess } from 'node:child_process';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { freePort, killServer, startServer } from '#test/utils/processes.ts';
import { testRedisUrl } from '#test/utils/redis.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { connectSheetClient, eventually, type SheetClient } from '#test/utils/sheet-sync.ts';

// The shared journal (ADR 018, server/sync/stream-journal.ts): an owner relays an edit once
// it is in the sheet's Redis stream, and writes Postgres behind. Here Postgres is held (a
// lock on sheet_updates) while the edit is relayed, the owner is SIGKILLed and its waiting
// statement cancelled, and every client is gone: only the stream has the edit. The process
// that takes the sheet over replays it into Postgres before serving the sheet.

const { url: databaseUrl } = setupTestDatabase();
const redisUrl = await testRedisUrl();

const children: (ChildProcess | null)[] = [null, null];
const clients: SheetClient[] = [];
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  await Promise.all(children.map((child) => killServer(child)));
});

describe.runIf(redisUrl)('journal partagé entre processus', () => {
  it('une saisie relayée mais pas encore écrite survit au propriétaire tué', async () => {
    const scenario = await makeSheetScenario({ households: 2, stockMilli: null });
    const sheetId = scenario.sheet.id;
    const ports = [await freePort(), await freePort()];
    const env = (port: number) => ({
      PORT: String(port),
      DATABASE_URL: databaseUrl(),
      REDIS_URL: redisUrl!,
      CABAS_DEMO: '0',
    });
    const started = await Promise.all(ports.map((port) => startServer(env(port))));
    started.forEach(({ child }, index) => {
      children[index] = child;
    });
    const [alice, bob] = scenario.households;
    const key = `${alice!.householdId}:${scenario.offers.eggs.id}`;
    const connect = async (port: number, userId: string) => {
      const client = connectSheetClient(
        `ws://127.0.0.1:${port}/sync`,
        sheetId,
        await sessionCookieFor(userId),
      );
      clients.push(client);
      await eventually(() => expect(client.provider.synced).toBe(true), 20_000);
      return client;
    };
    const storedQuantity = async () => {
      const [row] = await getSql()<{ quantity_milli: number }[]>`
        select quantity_milli from sheet_cells
        where sheet_id = ${sheetId} and household_id || ':' || product_id = ${key}`;
      return row?.quantity_milli;
    };
    // Alice on the first process (the owner), Bob relayed through the second.
    const aliceClient = await connect(ports[0]!, alice!.user.id);
    const bobClient = await connect(ports[1]!, bob!.user.id);
    aliceClient.cells.set(key, 1000);
    await eventually(async () => expect(await storedQuantity()).toBe(1000));

    const redis = createClient({ url: redisUrl! });
    await redis.connect();
    const streamKey = `cabas:sync:journal:sheet:${sheetId}`;
    try {
      let release: () => void = () => {};
      const released = new Promise<void>((resolve) => {
        release = resolve;
      });
      let locked: () => void = () => {};
      const isLocked = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const holding = getSql().begin(async (tx) => {
        await tx`lock table sheet_updates in share mode`;
        locked();
        await released;
      });
      await isLocked;
      try {
        aliceClient.cells.set(key, 2000);
        // Relayed (Bob has it) while its Postgres statement waits for the lock.
        await eventually(() => expect(bobClient.cells.get(key)).toBe(2000));
        await eventually(async () => {
          const waiting = await getSql()<{ pid: number }[]>`
            select pid from pg_locks
            where relation = 'sheet_updates'::regclass and not granted`;
          expect(waiting.length).toBeGreaterThan(0);
        });
        expect(await redis.xLen(streamKey)).toBeGreaterThan(0);
        for (const client of clients.splice(0)) {
          client.destroy();
        }
        await killServer(children[0]!);
        children[0] = null;
        // The killed process's statement must not land once the lock goes.
        await getSql()`
          select pg_terminate_backend(pid) from pg_locks
          where relation = 'sheet_updates'::regclass and not granted`;
      } finally {
        release();
        await holding;
      }
      expect(await storedQuantity()).toBe(1000);

      // A new client on the second process: it takes the sheet, replays the stream, serves it.
      const later = await connect(ports[1]!, bob!.user.id);
      expect(later.cells.get(key)).toBe(2000);
      await eventually(async () => expect(await storedQuantity()).toBe(2000));
      const [audit] = await getSql()<{ count: number }[]>`
        select count(*)::int as count from sheet_cell_changes
        where sheet_id = ${sheetId} and new_quantity_milli = 2000`;
      expect(audit!.count).toBe(1);
      // Stored: the stream forgot it (and, empty, was removed).
      await eventually(async () => expect(await redis.exists(streamKey)).toBe(0));
    } finally {
      await redis.close();
    }
  }, 120_000);
});
