import type { ChildProcess } from 'node:child_process';
import { createClient } from '@redis/client';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { freePort, killServer, startServer } from '#test/utils/processes.ts';
import { testRedisUrl } from '#test/utils/redis.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { connectSheetClient, eventually, type SheetClient } from '#test/utils/sheet-sync.ts';

// Two real server processes share a sheet through Redis (ADR 018). The owner is SIGKILLed
// mid-storm: the other process takes the sheet over, the killed one restarts and relays to
// it. Every client and Postgres end with every client's last edit.

const { url: databaseUrl } = setupTestDatabase();
const redisUrl = await testRedisUrl();

const CLIENTS_PER_PROCESS = 5;
const ROUNDS = 12;

const children: (ChildProcess | null)[] = [null, null];
const clients: SheetClient[] = [];
afterAll(async () => {
  for (const client of clients) {
    client.destroy();
  }
  await Promise.all(children.map((child) => killServer(child)));
});

describe.runIf(redisUrl)('deux processus, un propriétaire tué', () => {
  it('l’autre reprend la feuille, le tué redémarre en relais : aucune saisie perdue', async () => {
    const scenario = await makeSheetScenario({
      households: 2 * CLIENTS_PER_PROCESS,
      stockMilli: null,
    });
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
    const keys: string[] = [];
    for (const [index, { user, householdId }] of scenario.households.entries()) {
      const port = ports[index < CLIENTS_PER_PROCESS ? 0 : 1]!;
      clients.push(
        connectSheetClient(
          `ws://127.0.0.1:${port}/sync`,
          scenario.sheet.id,
          await sessionCookieFor(user.id),
        ),
      );
      keys.push(`${householdId}:${scenario.offers.eggs.id}`);
      if (index === 0) {
        // The first process serves the sheet: it is the one killed.
        await eventually(() => expect(clients[0]!.provider.synced).toBe(true), 20_000);
      }
    }
    await eventually(() => expect(clients.every((c) => c.provider.synced)).toBe(true), 30_000);

    const leaseOwner = async () => {
      const redis = createClient({ url: redisUrl! });
      await redis.connect();
      const lease = await redis.get(`cabas:sync:lease:sheet:${scenario.sheet.id}`);
      await redis.close();
      return lease?.split(' ')[0];
    };
    expect(await leaseOwner()).toBe(`ws://127.0.0.1:${ports[0]}`);

    const editAll = (round: number) =>
      clients.forEach((client, index) => {
        client.cells.set(keys[index]!, round * 1000);
      });
    for (let round = 1; round <= ROUNDS; round++) {
      editAll(round);
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (round === 4) {
        await killServer(children[0]!);
        editAll(++round);
        // The second process takes over once its relayed clients find the owner gone.
        await eventually(
          () =>
            expect(clients.slice(CLIENTS_PER_PROCESS).every((c) => c.provider.synced)).toBe(true),
          30_000,
        );
        await eventually(async () => expect(await leaseOwner()).toBe(`ws://127.0.0.1:${ports[1]}`));
      }
      if (round === 8) {
        children[0] = (await startServer(env(ports[0]!))).child;
      }
    }

    const expected = Object.fromEntries(keys.map((key) => [key, ROUNDS * 1000]));
    await eventually(() => {
      for (const client of clients) {
        expect(client.cells.toJSON()).toEqual(expected);
      }
    }, 60_000);
    await eventually(async () => {
      const rows = await getSql()<{ key: string; quantity_milli: number }[]>`
        select household_id || ':' || product_id as key, quantity_milli from sheet_cells
        where sheet_id = ${scenario.sheet.id}`;
      expect(Object.fromEntries(rows.map((r) => [r.key, r.quantity_milli]))).toEqual(expected);
    }, 30_000);
    const log = await getSql()<{ update: Uint8Array }[]>`
      select update from sheet_updates where sheet_id = ${scenario.sheet.id} order by seq`;
    const stored = new Y.Doc();
    for (const row of log) {
      Y.applyUpdate(stored, row.update);
    }
    expect(stored.getMap('cells').toJSON()).toEqual(expected);
    // The restarted process relayed; it did not take the sheet back.
    expect(await leaseOwner()).toBe(`ws://127.0.0.1:${ports[1]}`);
  }, 180_000);
});
