import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { freePort, killServer, startServer } from '#test/utils/processes.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { connectSheetClient, eventually, serverProcessUnderTest } from '#test/utils/sheet-sync.ts';

// The real server process (server/index.ts on the test database) is SIGKILLed five times
// during a 50-client edit storm and restarted. Clients keep editing while it is down. In
// the end every client and Postgres hold the same state, with every client's last edit.

const { url: databaseUrl } = setupTestDatabase();

const CLIENTS = 50;
const ROUNDS = 36;
const KILL_AFTER_ROUNDS = [4, 10, 16, 22, 28];

const server = serverProcessUnderTest();

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('SIGKILL pendant une rafale de saisies', () => {
  it('cinq arrêts brutaux, aucune saisie perdue : clients et base identiques', async () => {
    const group = await makeSheetScenario({ households: CLIENTS, stockMilli: null });
    const { sheet, offers } = group;
    const port = await freePort();
    const env = { PORT: String(port), DATABASE_URL: databaseUrl(), CABAS_DEMO: '0' };
    server.child = (await startServer(env)).child;
    const url = `ws://127.0.0.1:${port}/sync`;
    const keys: string[] = [];
    for (const { user, householdId } of group.households) {
      server.clients.push(connectSheetClient(url, sheet.id, await sessionCookieFor(user.id)));
      keys.push(`${householdId}:${offers.eggs.id}`);
    }
    await eventually(
      () => expect(server.clients.every((c) => c.provider.synced)).toBe(true),
      30_000,
    );

    let kills = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      server.clients.forEach((client, index) => {
        client.cells.set(keys[index]!, round * 1000);
      });
      await yieldTurn();
      if (KILL_AFTER_ROUNDS.includes(round)) {
        // Edits of this round are in flight: kill now, edit offline, then restart.
        await killServer(server.child);
        kills++;
        round++;
        server.clients.forEach((client, index) => {
          client.cells.set(keys[index]!, round * 1000);
        });
        server.child = (await startServer(env)).child;
      }
    }
    expect(kills).toBe(5);

    const expected = Object.fromEntries(keys.map((key) => [key, ROUNDS * 1000]));
    await eventually(() => {
      for (const client of server.clients) {
        expect(client.cells.toJSON()).toEqual(expected);
      }
    }, 60_000);
    await eventually(async () => {
      const rows = await getSql()<{ key: string; quantity_milli: number }[]>`
        select household_id || ':' || product_id as key, quantity_milli from sheet_cells
        where sheet_id = ${sheet.id}`;
      expect(Object.fromEntries(rows.map((r) => [r.key, r.quantity_milli]))).toEqual(expected);
    }, 30_000);
    const log = await getSql()<{ update: Uint8Array }[]>`
      select update from sheet_updates where sheet_id = ${sheet.id} order by seq`;
    const stored = new Y.Doc();
    for (const row of log) {
      Y.applyUpdate(stored, row.update);
    }
    expect(stored.getMap('cells').toJSON()).toEqual(expected);
  }, 240_000);
});
