import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import { closeSheet, listSheetHistory } from '#app/models/sheet.server.ts';
import { makeUser } from '#test/factories/index.ts';
import {
  makeGroupWithHouseholds,
  makeRoundWithOffers,
  makeSheetScenario,
} from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { sessionCookieFor } from '#test/utils/requests.ts';
import { eventually, startSheetServer, synced } from '#test/utils/sheet-sync.ts';

setupTestDatabase();

let clock = new Date();
const servers: Awaited<ReturnType<typeof startSheetServer>>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  clock = new Date();
});

async function setup(options: { stockMilli?: number | null } = {}) {
  const { offers, sheet, stop, ...group } = await makeSheetScenario({
    households: 2,
    ...options,
    now: clock,
  });
  const server = await startSheetServer({ now: () => clock });
  servers.push(server);
  const [a, b] = group.households as [
    (typeof group.households)[number],
    (typeof group.households)[number],
  ];
  return { ...group, ...offers, sheet, stop, server, a, b };
}

const key = (householdId: string, productId: string) => `${householdId}:${productId}`;

async function storedCells(sheetId: string) {
  const rows = await getSql()<
    { household_id: string; product_id: string; quantity_milli: number }[]
  >`
    select household_id, product_id, quantity_milli from sheet_cells where sheet_id = ${sheetId}`;
  return Object.fromEntries(rows.map((r) => [key(r.household_id, r.product_id), r.quantity_milli]));
}

describe('feuilles en direct : politique et persistance Postgres', () => {
  it('un foyer écrit sa ligne : relayé, stocké (sheet_cells), audité', async () => {
    const f = await setup();
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    const bob = await f.server.connect(f.sheet.id, f.b.user.id);
    await Promise.all([synced(alice), synced(bob)]);
    alice.cells.set(key(f.a.householdId, f.carrots.id), 1500);
    await eventually(() => expect(bob.cells.get(key(f.a.householdId, f.carrots.id))).toBe(1500));
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({ [key(f.a.householdId, f.carrots.id)]: 1500 }),
    );
    alice.cells.set(key(f.a.householdId, f.carrots.id), 2000);
    await eventually(async () => {
      const history = await listSheetHistory({ sheetId: f.sheet.id });
      expect(history.map((h) => [h.old_quantity_milli, h.new_quantity_milli])).toEqual([
        [1500, 2000],
        [null, 1500],
      ]);
      expect(history[0]!.product_name).toBe('Carottes');
    });
  });

  it('un foyer ne peut pas écrire la ligne d’un autre ; le coordinateur écrit toutes les lignes', async () => {
    const f = await setup();
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    const bob = await f.server.connect(f.sheet.id, f.b.user.id);
    const claire = await f.server.connect(f.sheet.id, f.coordinator.id);
    await Promise.all([synced(alice), synced(bob), synced(claire)]);
    alice.cells.set(key(f.b.householdId, f.carrots.id), 1000);
    await eventually(() => expect(alice.notices.at(-1)).toMatchObject({ code: 'forbidden-row' }));
    await eventually(() =>
      expect(alice.cells.get(key(f.b.householdId, f.carrots.id))).toBeUndefined(),
    );
    claire.cells.set(key(f.b.householdId, f.eggs.id), 2000);
    await eventually(() => expect(bob.cells.get(key(f.b.householdId, f.eggs.id))).toBe(2000));
    expect(bob.cells.get(key(f.b.householdId, f.carrots.id))).toBeUndefined();
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({ [key(f.b.householdId, f.eggs.id)]: 2000 }),
    );
  });

  it.each([
    ['hors du pas', 750, 'off-step'],
    ['au-dessus du maximum par foyer', 3500, 'above-maximum'],
    ['négative', -500, 'invalid-quantity'],
  ])('refuse une quantité %s', async (_label, value, code) => {
    const f = await setup();
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    alice.cells.set(key(f.a.householdId, f.carrots.id), value);
    await eventually(() => expect(alice.notices.at(-1)).toMatchObject({ code }));
    await eventually(() =>
      expect(alice.cells.get(key(f.a.householdId, f.carrots.id))).toBeUndefined(),
    );
    expect(await storedCells(f.sheet.id)).toEqual({});
  });

  it('refuse un produit absent de la feuille et un foyer d’un autre groupe', async () => {
    const f = await setup();
    const other = await makeRoundWithOffers();
    const claire = await f.server.connect(f.sheet.id, f.coordinator.id);
    await synced(claire);
    claire.cells.set(key(f.a.householdId, other.carrots.id), 500);
    await eventually(() =>
      expect(claire.notices.at(-1)).toMatchObject({ code: 'unknown-product' }),
    );
    const stranger = await makeGroupWithHouseholds({ households: 1 });
    claire.cells.set(key(stranger.households[0]!.householdId, f.carrots.id), 500);
    await eventually(() =>
      expect(claire.notices.at(-1)).toMatchObject({ code: 'unknown-household' }),
    );
    expect(await storedCells(f.sheet.id)).toEqual({});
  });

  it('stock partagé : refuse au-delà, avec « Stock épuisé : il reste X »', async () => {
    const f = await setup({ stockMilli: 5000 });
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    const bob = await f.server.connect(f.sheet.id, f.b.user.id);
    await Promise.all([synced(alice), synced(bob)]);
    alice.cells.set(key(f.a.householdId, f.carrots.id), 3000);
    await eventually(() => expect(bob.cells.get(key(f.a.householdId, f.carrots.id))).toBe(3000));
    bob.cells.set(key(f.b.householdId, f.carrots.id), 2500);
    await eventually(() =>
      expect(bob.notices.at(-1)).toMatchObject({
        code: 'out-of-stock',
        message: 'Stock épuisé : il reste 2',
      }),
    );
    bob.cells.set(key(f.b.householdId, f.carrots.id), 2000);
    await eventually(() => expect(alice.cells.get(key(f.b.householdId, f.carrots.id))).toBe(2000));
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({
        [key(f.a.householdId, f.carrots.id)]: 3000,
        [key(f.b.householdId, f.carrots.id)]: 2000,
      }),
    );
  });

  it('après l’échéance (heure du serveur), toute écriture est refusée', async () => {
    const f = await setup();
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    clock = new Date(f.sheet.deadlineAt.getTime());
    alice.cells.set(key(f.a.householdId, f.eggs.id), 1000);
    await eventually(() => expect(alice.notices.at(-1)).toMatchObject({ code: 'deadline-passed' }));
    await eventually(() =>
      expect(alice.cells.get(key(f.a.householdId, f.eggs.id))).toBeUndefined(),
    );
    // A connection opened after the deadline is read-only from the start.
    const late = await f.server.connect(f.sheet.id, f.b.user.id);
    await eventually(() => expect(late.notices.at(-1)).toMatchObject({ type: 'read-only' }));
  });

  it('l’échéance qui passe pendant la connexion ferme la feuille (minuteur) et la projette', async () => {
    const group = await makeSheetScenario({ households: 1, deadlineInHours: 1.5 / 3600 });
    const { sheet, offers } = group;
    const server = await startSheetServer();
    servers.push(server);
    const household = group.households[0]!;
    const client = await server.connect(sheet.id, household.user.id);
    await synced(client);
    client.cells.set(key(household.householdId, offers.eggs.id), 1000);
    await eventually(async () =>
      expect(await storedCells(sheet.id)).toEqual({
        [key(household.householdId, offers.eggs.id)]: 1000,
      }),
    );
    await eventually(async () => {
      const [row] = await getSql()<{ status: string; orders: number }[]>`
        select s.status, (select count(*)::int from orders o join sheet_stops ss on ss.stop_id = o.stop_id
          where ss.sheet_id = s.id and o.status = 'confirmed') as orders
        from sheets s where s.id = ${sheet.id}`;
      expect(row).toEqual({ status: 'closed', orders: 1 });
    }, 15_000);
    await eventually(() => expect(client.notices.at(-1)).toMatchObject({ type: 'read-only' }));
  });

  it('un client hors navigateur se connecte avec un jeton de synchronisation (?token=)', async () => {
    const f = await setup();
    const { createApiToken } = await import('#app/models/api-token.server.ts');
    const { token } = await createApiToken({
      userId: f.a.user.id,
      name: 'cabas cli',
      purpose: 'sync',
      scope: `sheet:${f.sheet.id}`,
      ttlMs: 60_000,
    });
    const doc = new Y.Doc();
    const provider = new WebsocketProvider(f.server.url, `sheet:${f.sheet.id}`, doc, {
      WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
      params: { token },
      disableBc: true,
    });
    try {
      await eventually(() => expect(provider.synced).toBe(true));
      doc.getMap<number>('cells').set(key(f.a.householdId, f.eggs.id), 3000);
      await eventually(async () =>
        expect(await storedCells(f.sheet.id)).toEqual({ [key(f.a.householdId, f.eggs.id)]: 3000 }),
      );
    } finally {
      provider.destroy();
      doc.destroy();
    }
  });

  it('refuse avant l’upgrade un utilisateur qui n’est pas membre du groupe (403)', async () => {
    const f = await setup();
    const outsider = await makeUser();
    const status = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${f.server.url}/sheet:${f.sheet.id}`, {
        headers: { Cookie: '' },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(status).toBe(401);
    const cookie = await sessionCookieFor(outsider.id);
    const forbidden = await new Promise<number>((resolve) => {
      const ws = new WebSocket(`${f.server.url}/sheet:${f.sheet.id}`, {
        headers: { Cookie: cookie },
      });
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => {});
    });
    expect(forbidden).toBe(403);
  });

  it('clôture : lecture seule, projection en commandes aux prix figés ; deux fois = rien de plus', async () => {
    const f = await setup();
    const alice = await f.server.connect(f.sheet.id, f.a.user.id);
    const bob = await f.server.connect(f.sheet.id, f.b.user.id);
    await Promise.all([synced(alice), synced(bob)]);
    alice.cells.set(key(f.a.householdId, f.carrots.id), 1500);
    alice.cells.set(key(f.a.householdId, f.eggs.id), 2000);
    bob.cells.set(key(f.b.householdId, f.eggs.id), 1000);
    await eventually(async () =>
      expect(Object.keys(await storedCells(f.sheet.id))).toHaveLength(3),
    );
    expect(await closeSheet({ sheetId: f.sheet.id, closedBy: f.coordinator.id })).toEqual({
      changed: true,
      orderCount: 2,
    });
    // The catalogue price changes afterwards: the lines keep the snapshot.
    await getSql()`update products set consumer_price_gross_cents = 999 where id = ${f.carrots.id}`;
    expect(await closeSheet({ sheetId: f.sheet.id, closedBy: f.coordinator.id })).toEqual({
      changed: false,
      orderCount: 0,
    });
    const lines = await getSql()<
      {
        household_id: string;
        product_name: string;
        quantity_milli: number;
        unit_price_cents: number;
        price_basis: string;
        status: string;
        source: string;
      }[]
    >`
      select o.household_id, l.product_name, l.quantity_milli, l.unit_price_cents, l.price_basis,
             o.status, o.source
      from orders o join order_lines l on l.order_id = o.id where o.stop_id = ${f.stop.id}
      order by o.household_id = ${f.a.householdId} desc, l.product_name`;
    expect(
      lines.map((l) => [l.household_id, l.product_name, l.quantity_milli, l.unit_price_cents]),
    ).toEqual([
      [f.a.householdId, 'Carottes', 1500, 280],
      [f.a.householdId, 'Œufs', 2000, 390],
      [f.b.householdId, 'Œufs', 1000, 390],
    ]);
    expect(new Set(lines.map((l) => `${l.status}/${l.source}/${l.price_basis}`))).toEqual(
      new Set(['confirmed/sheet/gross']),
    );
    // Clients reconnect read-only; writes are refused and corrected.
    const again = await f.server.connect(f.sheet.id, f.a.user.id);
    await synced(again);
    await eventually(() => expect(again.cells.get(key(f.a.householdId, f.eggs.id))).toBe(2000));
    again.cells.set(key(f.a.householdId, f.eggs.id), 3000);
    await eventually(() => expect(again.cells.get(key(f.a.householdId, f.eggs.id))).toBe(2000));
    expect((await storedCells(f.sheet.id))[key(f.a.householdId, f.eggs.id)]).toBe(2000);
  });

  it('un nouveau processus recharge l’état stocké (journal compacté)', async () => {
    const f = await setup({ stockMilli: null });
    const first = await startSheetServer({ now: () => clock, compactEvery: 5 });
    servers.push(first);
    const alice = await first.connect(f.sheet.id, f.a.user.id);
    await synced(alice);
    for (let step = 1; step <= 12; step++) {
      alice.cells.set(key(f.a.householdId, f.eggs.id), step * 1000);
    }
    await eventually(async () =>
      expect(await storedCells(f.sheet.id)).toEqual({ [key(f.a.householdId, f.eggs.id)]: 12_000 }),
    );
    alice.destroy();
    await first.live.destroy();
    await eventually(async () => {
      const [row] = await getSql()<{ count: number }[]>`
        select count(*)::int as count from sheet_updates where sheet_id = ${f.sheet.id}`;
      expect(row!.count).toBeLessThan(12);
    });
    const second = await startSheetServer({ now: () => clock });
    servers.push(second);
    const bob = await second.connect(f.sheet.id, f.b.user.id);
    await synced(bob);
    await eventually(() => expect(bob.cells.get(key(f.a.householdId, f.eggs.id))).toBe(12_000));
  });
});
