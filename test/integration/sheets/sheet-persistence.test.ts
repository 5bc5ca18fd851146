import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getSql } from '#app/db/client.server.ts';
import {
  createSheetPersistence,
  loadSheetRules,
  type SheetLedger,
  type SheetRules,
} from '#app/models/sheet-sync.server.ts';
import { concatSequentialUpdates } from '#server/sync/concat-updates.ts';
import type { CellChange, Principal, StoredUpdate } from '#server/sync/types.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

// The Postgres persistence of live sheets (docs/sync.md §8, ADR 015): one statement per
// batch, consecutive updates of one kind in one log row, the audit per change, the log
// loaded as stored, compaction only once the appended bytes outweigh the compacted state.

setupTestDatabase();

async function setup(options: { compactEvery?: number } = {}) {
  const group = await makeSheetScenario({ households: 2, stockMilli: null });
  const { sheet, offers } = group;
  const rules = new Map<string, SheetRules>([[sheet.id, (await loadSheetRules(sheet.id))!]]);
  const ledger: SheetLedger = new Map();
  const persistence = createSheetPersistence({
    rules,
    ledger,
    now: () => new Date(),
    compactEvery: options.compactEvery,
  });
  const principals = group.households.map(
    (h): Principal => ({
      userId: h.user.id,
      householdIds: [h.householdId],
      isCoordinator: false,
      displayName: 'Foyer',
    }),
  );
  // A server document whose emitted updates are the batch entries.
  const doc = new Y.Doc();
  const emitted: Uint8Array[] = [];
  doc.on('update', (update: Uint8Array) => emitted.push(update));
  const write = (
    who: number,
    product: string,
    value: number,
    kind: 'edit' | 'rejection' = 'edit',
  ): StoredUpdate => {
    const householdId = group.households[who]!.householdId;
    const key = `${householdId}:${product}`;
    const oldValue = doc.getMap<number>('cells').get(key);
    doc.getMap<number>('cells').set(key, value);
    const change: CellChange = { key, householdId, productId: product, oldValue, newValue: value };
    if (kind === 'edit') {
      // The policy records every accepted value before the batch is stored.
      const cells = ledger.get(sheet.id) ?? new Map();
      cells.set(key, value);
      ledger.set(sheet.id, cells);
    }
    return {
      update: emitted.at(-1)!,
      meta:
        kind === 'edit'
          ? { kind, principal: principals[who]!, changes: [change] }
          : {
              kind,
              principal: principals[who]!,
              changes: [],
              rejection: { code: 'x', message: 'x' },
            },
    };
  };
  return { ...group, ...offers, sheet, persistence, ledger, doc, emitted, write };
}

async function logRows(sheetId: string) {
  return getSql()<{ kind: string; user_id: string | null; update: Uint8Array }[]>`
    select kind, user_id, update from sheet_updates where sheet_id = ${sheetId} order by seq`;
}

function replay(rows: readonly { update: Uint8Array }[]) {
  const doc = new Y.Doc();
  for (const row of rows) {
    Y.applyUpdate(doc, row.update);
  }
  return doc.getMap('cells').toJSON();
}

describe('persistance Postgres des feuilles', () => {
  it('un lot : une ligne de journal par suite de même nature, l’audit par cellule, sheet_cells', async () => {
    const f = await setup();
    const [a, b] = f.households.map((h) => h.householdId) as [string, string];
    const batch = [
      f.write(0, f.eggs.id, 1000),
      f.write(1, f.eggs.id, 2000),
      f.write(0, f.carrots.id, 500),
      f.write(1, f.carrots.id, 0, 'rejection'),
      f.write(1, f.eggs.id, 3000),
    ];
    await f.persistence.storeUpdates!(f.sheet.id, batch);
    const rows = await logRows(f.sheet.id);
    expect(rows.map((r) => [r.kind, r.user_id])).toEqual([
      ['edit', null],
      ['rejection', f.households[1]!.user.id],
      ['edit', f.households[1]!.user.id],
    ]);
    expect(replay(rows)).toEqual(f.doc.getMap('cells').toJSON());
    const audit = await getSql()<
      {
        household_id: string;
        user_id: string;
        old_quantity_milli: number | null;
        new_quantity_milli: number;
      }[]
    >`select household_id, user_id, old_quantity_milli, new_quantity_milli from sheet_cell_changes
      where sheet_id = ${f.sheet.id} order by id`;
    expect(
      audit.map((r) => [r.household_id, r.user_id, r.old_quantity_milli, r.new_quantity_milli]),
    ).toEqual([
      [a, f.households[0]!.user.id, null, 1000],
      [b, f.households[1]!.user.id, null, 2000],
      [a, f.households[0]!.user.id, null, 500],
      [b, f.households[1]!.user.id, 2000, 3000],
    ]);
    const cells = await getSql()<
      { household_id: string; product_id: string; quantity_milli: number }[]
    >`
      select household_id, product_id, quantity_milli from sheet_cells where sheet_id = ${f.sheet.id}
      order by quantity_milli`;
    expect(cells.map((c) => [c.household_id, c.product_id, c.quantity_milli])).toEqual([
      [a, f.carrots.id, 500],
      [a, f.eggs.id, 1000],
      [b, f.eggs.id, 3000],
    ]);
  });

  it('un lot d’une seule nature stocke tel quel la mise à jour relayée', async () => {
    const f = await setup();
    const batch = [f.write(0, f.eggs.id, 1000), f.write(1, f.eggs.id, 2000)];
    const merged = concatSequentialUpdates(batch.map((entry) => entry.update));
    await f.persistence.storeUpdates!(f.sheet.id, batch, merged);
    const rows = await logRows(f.sheet.id);
    expect(rows).toHaveLength(1);
    expect(new Uint8Array(rows[0]!.update)).toEqual(merged);
    expect(replay(rows)).toEqual(f.doc.getMap('cells').toJSON());
  });

  it('derrière le journal local : chaque lot écrit une fois, même rejoué ou en concurrence', async () => {
    const f = await setup();
    const count = async () => {
      const [row] = await getSql()<{ log: number; audit: number }[]>`
        select (select count(*)::int from sheet_updates where sheet_id = ${f.sheet.id}) as log,
               (select count(*)::int from sheet_cell_changes where sheet_id = ${f.sheet.id}) as audit`;
      return row!;
    };
    const first = [f.write(0, f.eggs.id, 1000)];
    await f.persistence.storeUpdates(f.sheet.id, first, undefined, { journalId: 'j1', seq: 5 });
    expect(await count()).toEqual({ log: 1, audit: 1 });
    // The successor replays the same batch (and a killed process's queued statement races it).
    await Promise.all([
      f.persistence.storeUpdates(f.sheet.id, first, undefined, { journalId: 'j1', seq: 5 }),
      f.persistence.storeUpdates(f.sheet.id, first, undefined, { journalId: 'j1', seq: 5 }),
    ]);
    expect(await count()).toEqual({ log: 1, audit: 1 });
    // An older position is already in too; another journal is counted apart.
    await f.persistence.storeUpdates(f.sheet.id, first, undefined, { journalId: 'j1', seq: 4 });
    expect(await count()).toEqual({ log: 1, audit: 1 });
    const second = [f.write(1, f.eggs.id, 2000)];
    await f.persistence.storeUpdates(f.sheet.id, second, undefined, { journalId: 'j1', seq: 6 });
    await f.persistence.storeUpdates(f.sheet.id, second, undefined, { journalId: 'j2', seq: 1 });
    expect(await count()).toEqual({ log: 3, audit: 3 });
    expect(await f.persistence.journalPositions('j1')).toEqual(new Map([[f.sheet.id, 6]]));
    expect(await f.persistence.journalPositions('j2')).toEqual(new Map([[f.sheet.id, 1]]));
    // Without a journal every batch is written.
    await f.persistence.storeUpdates(f.sheet.id, second);
    expect(await count()).toEqual({ log: 4, audit: 4 });
  });

  it('charge le journal tel quel (rangées dans l’ordre), registre vide ; unload l’oublie', async () => {
    const f = await setup();
    await f.persistence.storeUpdates!(f.sheet.id, [f.write(0, f.eggs.id, 1000)]);
    await f.persistence.storeUpdates!(f.sheet.id, [f.write(0, f.eggs.id, 2000)]);
    const loaded = await f.persistence.load(f.sheet.id);
    expect(Array.isArray(loaded)).toBe(true);
    expect((loaded as Uint8Array[]).length).toBe(2);
    expect(replay((loaded as Uint8Array[]).map((update) => ({ update })))).toEqual(
      f.doc.getMap('cells').toJSON(),
    );
    expect(f.ledger.get(f.sheet.id)).toEqual(new Map());
    f.persistence.unload!(f.sheet.id);
    expect(f.ledger.has(f.sheet.id)).toBe(false);
  });

  it('compacte quand les octets ajoutés dépassent l’état compacté, pas avant', async () => {
    const f = await setup({ compactEvery: 3 });
    // A large server write first (200 cells): its compacted state outweighs a few edits.
    f.doc.transact(() => {
      for (let index = 0; index < 200; index++) {
        f.doc.getMap<number>('cells').set(`rempli-${index}:produit`, index * 1000);
      }
    });
    const large: StoredUpdate = {
      update: f.emitted.at(-1)!,
      meta: { kind: 'server', principal: null, changes: [] },
    };
    await f.persistence.storeUpdates!(f.sheet.id, [large]);
    await f.persistence.storeUpdates!(f.sheet.id, [f.write(0, f.eggs.id, 1000)]);
    await f.persistence.storeUpdates!(f.sheet.id, [f.write(0, f.carrots.id, 500)]);
    // Three rows: compacted into one (there was no compacted row yet).
    await expect
      .poll(async () => (await logRows(f.sheet.id)).map((r) => r.kind))
      .toEqual(['compacted']);
    const base = (await logRows(f.sheet.id))[0]!.update.length;
    for (let step = 0; step < 3; step++) {
      await f.persistence.storeUpdates!(f.sheet.id, [f.write(1, f.carrots.id, (step + 2) * 500)]);
    }
    // Three small rows since, fewer bytes than the compacted one: kept as they are.
    const rows = await logRows(f.sheet.id);
    expect(rows.slice(1).reduce((sum, r) => sum + r.update.length, 0)).toBeLessThan(base);
    expect(rows.map((r) => r.kind)).toEqual(['compacted', 'edit', 'edit', 'edit']);
    expect(replay(rows)).toEqual(f.doc.getMap('cells').toJSON());
  });
});
