import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getCells } from './layout.ts';
import { createMemoryPersistence } from './memory-persistence.ts';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';
import type { StoreMeta, SyncPersistence } from './types.ts';

// Loading a sheet (docs/sync.md §8–9): the stored updates are applied in one go, a sheet
// without clients stays loaded for `idleUnloadMs`, and unloading tells the persistence.

let server: TestServer;

afterEach(async () => {
  await server.close();
});

const SERVER: StoreMeta = { kind: 'server', principal: null, changes: [] };

/** A memory persistence that counts loads and unloads. */
function countingPersistence() {
  const memory = createMemoryPersistence();
  const counts = { loads: 0, unloads: 0 };
  const persistence: SyncPersistence & typeof memory = {
    ...memory,
    load: (sheetId) => {
      counts.loads++;
      return memory.load(sheetId);
    },
    unload: () => {
      counts.unloads++;
    },
  };
  return { persistence, counts };
}

describe('loading a sheet', () => {
  it('applies every stored update of a log, in one transaction, and stores none again', async () => {
    const { persistence, counts } = countingPersistence();
    const author = new Y.Doc();
    author.getMap('meta').set('schemaVersion', 1);
    await persistence.storeUpdate('sheet-1', Y.encodeStateAsUpdate(author), SERVER);
    for (let step = 1; step <= 5; step++) {
      const vector = Y.encodeStateVector(author);
      getCells(author).set(`h1:p${step}`, step * 1000);
      await persistence.storeUpdate('sheet-1', Y.encodeStateAsUpdate(author, vector), SERVER);
    }
    server = await startTestServer({ persistence });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    expect(cellsOf(alice.doc)).toEqual(getCells(author).toJSON());
    expect(counts.loads).toBe(1);
    // Loading writes nothing: the log still holds the six rows it had.
    expect(persistence.entries('sheet-1')).toHaveLength(6);
    alice.cells.set('h1:p1', 7000);
    await eventually(() => expect(persistence.entries('sheet-1')).toHaveLength(7));
    expect(server.logger.errors()).toEqual([]);
  });

  it('keeps a sheet without clients loaded for idleUnloadMs, then unloads it', async () => {
    const { persistence, counts } = countingPersistence();
    server = await startTestServer({ persistence, idleUnloadMs: 300 });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1000);
    await eventually(() => expect(persistence.entries('sheet-1').at(-1)?.meta.kind).toBe('edit'));
    alice.destroy();
    // Rejoining within the delay is served from memory: no second load.
    await new Promise((resolve) => setTimeout(resolve, 100));
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await bruno.whenSynced();
    expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 1000 });
    expect(counts).toEqual({ loads: 1, unloads: 0 });
    bruno.destroy();
    await eventually(() => expect(server.sync.getDoc('sheet-1')).toBeUndefined());
    expect(counts.unloads).toBe(1);
    // The next client loads it again, from storage.
    const claire = server.connect('sheet-1', { userId: 'claire', householdIds: ['h3'] });
    await claire.whenSynced();
    expect(cellsOf(claire.doc)).toEqual({ 'h1:p1': 1000 });
    expect(counts.loads).toBe(2);
    expect(server.logger.errors()).toEqual([]);
  });

  it('unloads at once without idleUnloadMs, and closeDocument unloads an idle sheet', async () => {
    const { persistence, counts } = countingPersistence();
    server = await startTestServer({ persistence, idleUnloadMs: 60_000 });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.destroy();
    await eventually(() => expect(server.sync.getDoc('sheet-1')).toBeDefined());
    await server.sync.closeDocument('sheet-1');
    expect(server.sync.getDoc('sheet-1')).toBeUndefined();
    expect(counts.unloads).toBe(1);

    const other = countingPersistence();
    await server.close();
    server = await startTestServer({ persistence: other.persistence });
    const bruno = server.connect('sheet-2', { userId: 'bruno', householdIds: ['h2'] });
    await bruno.whenSynced();
    bruno.destroy();
    await eventually(() => expect(other.counts.unloads).toBe(1));
    expect(server.sync.getDoc('sheet-2')).toBeUndefined();
  });
});
