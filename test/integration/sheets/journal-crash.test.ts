import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { freePort, killServer, startServer } from '#test/utils/processes.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { connectSheetClient, eventually, serverProcessUnderTest } from '#test/utils/sheet-sync.ts';

// Write-behind (ADR 017): the real server relays an edit once it is in its local journal,
// while Postgres is still blocked, then is SIGKILLed. Every client that saw the edit is gone,
// so nobody can resend it: the next process must find it in the journal and store it, once.

const { url: databaseUrl } = setupTestDatabase();

const dataDir = mkdtempSync(path.join(tmpdir(), 'cabas-journal-crash-'));
const server = serverProcessUnderTest();
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('relais avant l’écriture en base, journal local', () => {
  it('une saisie relayée puis un SIGKILL avant son écriture en base : rejouée, une seule fois', async () => {
    const group = await makeSheetScenario({ households: 2, stockMilli: null });
    const { sheet, offers } = group;
    const port = await freePort();
    const env = {
      PORT: String(port),
      DATABASE_URL: databaseUrl(),
      CABAS_DEMO: '0',
      CABAS_DATA_DIR: dataDir,
    };
    server.child = (await startServer(env)).child;
    const url = `ws://127.0.0.1:${port}/sync`;
    const [first, second] = group.households;
    const a = connectSheetClient(url, sheet.id, await sessionCookieFor(first!.user.id));
    const b = connectSheetClient(url, sheet.id, await sessionCookieFor(second!.user.id));
    server.clients.push(a, b);
    await eventually(() => expect(a.provider.synced && b.provider.synced).toBe(true));
    const key = `${first!.householdId}:${offers.eggs.id}`;

    // Every write of the sheet's log now waits behind this lock.
    const locker = await getSql().reserve();
    await locker`begin`;
    await locker`lock table sheet_updates in share row exclusive mode`;
    a.cells.set(key, 3000);
    await eventually(() => expect(b.cells.get(key)).toBe(3000), 5000);
    const audit = () =>
      getSql()<{ new_quantity_milli: number }[]>`
        select new_quantity_milli from sheet_cell_changes where sheet_id = ${sheet.id}`;
    expect(await audit()).toEqual([]); // relayed, not yet in Postgres

    await killServer(server.child);
    a.destroy();
    b.destroy();
    // The killed process's statement may still be queued at Postgres: it races the replay.
    await locker`rollback`;
    locker.release();

    server.child = (await startServer(env)).child;
    await eventually(async () => {
      const cells = await getSql()<{ quantity_milli: number }[]>`
        select quantity_milli from sheet_cells where sheet_id = ${sheet.id}`;
      expect(cells.map((c) => c.quantity_milli)).toEqual([3000]);
    }, 20_000);
    expect((await audit()).map((r) => r.new_quantity_milli)).toEqual([3000]);
    const journal = path.join(dataDir, 'sync', `journal-${port}.bin`);
    await eventually(() => expect(statSync(journal).size).toBe(0));

    const late = connectSheetClient(url, sheet.id, await sessionCookieFor(group.coordinator.id));
    server.clients.push(late);
    await eventually(() => expect(late.cells.get(key)).toBe(3000), 10_000);
  }, 120_000);
});
