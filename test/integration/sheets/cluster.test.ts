import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { getSql } from '#app/db/client.server.ts';
import { closeSheet } from '#app/models/sheet.server.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { startRedisServer, testRedisUrl } from '#test/utils/redis.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { eventually, startSheetServer, synced } from '#test/utils/sheet-sync.ts';

// Two sync servers on one Redis (ADR 018): a sheet has one owner, the other process relays
// its clients to it. Both servers are the real wiring of server/index.ts in this process.

setupTestDatabase();
const redisUrl = await testRedisUrl();
// Its own Redis, stopped by the outage test.
const ownRedis = await startRedisServer();

const servers: Awaited<ReturnType<typeof startSheetServer>>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup() {
  const scenario = await makeSheetScenario({ households: 2 });
  const first = await startSheetServer({ redisUrl: redisUrl! });
  const second = await startSheetServer({ redisUrl: redisUrl! });
  servers.push(first, second);
  const [a, b] = scenario.households as [
    (typeof scenario.households)[number],
    (typeof scenario.households)[number],
  ];
  const carrots = (householdId: string) => `${householdId}:${scenario.offers.carrots.id}`;
  return { ...scenario, first, second, a, b, carrots };
}

async function storedCells(sheetId: string) {
  const rows = await getSql()<{ key: string; quantity_milli: number }[]>`
    select household_id || ':' || product_id as key, quantity_milli from sheet_cells
    where sheet_id = ${sheetId}`;
  return Object.fromEntries(rows.map((row) => [row.key, row.quantity_milli]));
}

describe.runIf(redisUrl)('feuilles partagées entre deux processus (Redis)', () => {
  it('un seul propriétaire ; les saisies et la présence passent d’un processus à l’autre', async () => {
    const f = await setup();
    const alice = await f.first.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    const bob = await f.second.connect(f.sheet.id, f.b.user.id);
    await synced(bob);
    // The first to open it serves it; the second only relays.
    expect(f.first.live.sync.isLoaded(f.sheet.id)).toBe(true);
    expect(f.second.live.sync.isLoaded(f.sheet.id)).toBe(false);

    alice.cells.set(f.carrots(f.a.householdId), 1500);
    bob.cells.set(f.carrots(f.b.householdId), 500);
    await eventually(() => {
      expect(bob.cells.get(f.carrots(f.a.householdId))).toBe(1500);
      expect(alice.cells.get(f.carrots(f.b.householdId))).toBe(500);
    });
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({
        [f.carrots(f.a.householdId)]: 1500,
        [f.carrots(f.b.householdId)]: 500,
      }),
    );
    bob.provider.awareness.setLocalStateField('cell', f.carrots(f.b.householdId));
    await eventually(() => {
      const states = [...alice.provider.awareness.getStates().values()];
      expect(states.some((state) => state.cell === f.carrots(f.b.householdId))).toBe(true);
    });
  });

  it('le propriétaire garde l’autorité sur les clients relayés : écriture refusée, jamais relayée', async () => {
    const f = await setup();
    const alice = await f.first.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    const bob = await f.second.connect(f.sheet.id, f.b.user.id);
    await synced(bob);
    bob.cells.set(f.carrots(f.a.householdId), 1000); // alice's row
    bob.cells.set(f.carrots(f.b.householdId), 750); // off-step
    await eventually(() => {
      expect(bob.notices.map((notice) => notice.code)).toEqual(
        expect.arrayContaining(['forbidden-row', 'off-step']),
      );
      expect(bob.cells.get(f.carrots(f.a.householdId))).toBeUndefined();
      expect(bob.cells.get(f.carrots(f.b.householdId))).toBeUndefined();
    });
    bob.cells.set(f.carrots(f.b.householdId), 1000);
    await eventually(() => expect(alice.cells.get(f.carrots(f.b.householdId))).toBe(1000));
    expect(alice.cells.get(f.carrots(f.a.householdId))).toBeUndefined();
    expect(await storedCells(f.sheet.id)).toEqual({ [f.carrots(f.b.householdId)]: 1000 });
  });

  it('clore depuis l’autre processus attend les écritures du propriétaire, puis tout est en lecture seule', async () => {
    const f = await setup();
    const alice = await f.first.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    const bob = await f.second.connect(f.sheet.id, f.b.user.id);
    await synced(bob);
    bob.cells.set(f.carrots(f.b.householdId), 2000);
    await eventually(() => expect(alice.cells.get(f.carrots(f.b.householdId))).toBe(2000));
    // The second server installed the models' hooks last: it closes, the first owns the sheet.
    const closed = await closeSheet({ sheetId: f.sheet.id, closedBy: f.coordinator.id });
    expect(closed.orderCount).toBe(1);
    const [line] = await getSql()<{ quantity_milli: number }[]>`
      select l.quantity_milli from order_lines l join orders o on o.id = l.order_id
      where o.household_id = ${f.b.householdId}`;
    expect(line?.quantity_milli).toBe(2000);
    alice.cells.set(f.carrots(f.a.householdId), 1000);
    // Told on her connection (« feuille fermée »), or, had it just been renewed, at its start
    // (« lecture seule »); either way the edit is undone and never stored.
    await eventually(() => {
      expect(['sheet-closed', 'read-only']).toContain(alice.notices.at(-1)?.code);
      expect(alice.cells.get(f.carrots(f.a.householdId))).toBeUndefined();
    });
    expect(await storedCells(f.sheet.id)).toEqual({ [f.carrots(f.b.householdId)]: 2000 });
  });

  it('le propriétaire s’arrête : les clients relayés se reconnectent, l’autre processus reprend la feuille', async () => {
    const f = await setup();
    const alice = await f.first.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    const bob = await f.second.connect(f.sheet.id, f.b.user.id);
    await synced(bob);
    bob.cells.set(f.carrots(f.b.householdId), 500);
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({ [f.carrots(f.b.householdId)]: 500 }),
    );
    await f.first.close();
    servers.splice(servers.indexOf(f.first), 1);
    // Bob edits while his relay is down; the second server takes the sheet over.
    bob.cells.set(f.carrots(f.b.householdId), 1500);
    await eventually(() => expect(f.second.live.sync.isLoaded(f.sheet.id)).toBe(true), 15_000);
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({ [f.carrots(f.b.householdId)]: 1500 }),
    );
    const alice2 = await f.second.connect(f.sheet.id, f.a.user.id);
    await synced(alice2);
    expect(alice2.cells.get(f.carrots(f.b.householdId))).toBe(1500);
  });

  it.runIf(ownRedis)(
    'Redis tombe : les feuilles déjà servies continuent, une autre connexion reçoit 503 sans attendre',
    async () => {
      const scenario = await makeSheetScenario({ households: 2 });
      const other = await makeSheetScenario({ households: 1 });
      const first = await startSheetServer({ redisUrl: ownRedis!.url });
      const second = await startSheetServer({ redisUrl: ownRedis!.url });
      servers.push(first, second);
      const [a, b] = scenario.households as [
        (typeof scenario.households)[number],
        (typeof scenario.households)[number],
      ];
      const key = (householdId: string) => `${householdId}:${scenario.offers.carrots.id}`;
      const alice = await first.connect(scenario.sheet.id, a.user.id);
      await synced(alice);
      await ownRedis!.stop();
      // The owner needs no Redis to go on serving the sheet it holds.
      const bob = await first.connect(scenario.sheet.id, b.user.id);
      await synced(bob);
      alice.cells.set(key(a.householdId), 1000);
      await eventually(() => expect(bob.cells.get(key(a.householdId))).toBe(1000));
      // A sheet nobody serves cannot be routed: refused at once, the client retries later.
      const started = Date.now();
      const cookie = await sessionCookieFor(other.coordinator.id);
      const status = await new Promise<number>((resolve) => {
        const socket = new WebSocket(`${second.url}/sheet:${other.sheet.id}`, {
          headers: { Cookie: cookie },
        });
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => {
          socket.close();
          resolve(101);
        });
        socket.on('error', () => {});
      });
      expect(status).toBe(503);
      expect(Date.now() - started).toBeLessThan(3_000);
    },
  );
});
