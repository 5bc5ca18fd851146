import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getCells } from './layout.ts';
import { createMemoryPersistence } from './memory-persistence.ts';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';
import type { StoreMeta } from './types.ts';

let server: TestServer;

afterEach(async () => {
  await server.close();
});

function deferred() {
  let resolve = () => {};
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe('loading and storing', () => {
  it('answers the first sync only once the stored sheet is loaded', async () => {
    const memory = createMemoryPersistence();
    const stored = new Y.Doc();
    getCells(stored).set('h1:p1', 4000);
    await memory.storeUpdate('sheet-1', Y.encodeStateAsUpdate(stored), {
      kind: 'server',
      principal: null,
      changes: [],
    });
    const gate = deferred();
    let loads = 0;
    server = await startTestServer({
      persistence: {
        ...memory,
        load: async (sheetId) => {
          loads++;
          await gate.promise;
          return memory.load(sheetId);
        },
      },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    let seenAtFirstSync: unknown;
    alice.provider.on('sync', (isSynced: boolean) => {
      seenAtFirstSync ??= isSynced ? cellsOf(alice.doc) : undefined;
    });
    await eventually(() => expect(alice.provider.wsconnected && loads === 1).toBe(true));
    expect(alice.provider.synced).toBe(false);
    gate.resolve();
    await alice.whenSynced();
    expect(seenAtFirstSync).toEqual({ 'h1:p1': 4000 });
    expect(server.logger.errors()).toEqual([]);
  });

  it('relays an edit only after it is stored', async () => {
    const memory = createMemoryPersistence();
    let gate: ReturnType<typeof deferred> | undefined;
    server = await startTestServer({
      persistence: {
        ...memory,
        storeUpdate: async (sheetId, update, meta) => {
          await gate?.promise;
          await memory.storeUpdate(sheetId, update, meta);
        },
      },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    gate = deferred();
    bruno.cells.set('h2:p1', 1000);
    bruno.provider.awareness.setLocalStateField('cell', 'h2:p1');
    // Bruno's presence (sent after the edit) is relayed while the edit is still being stored.
    await eventually(() => expect(alice.provider.awareness.getStates().size).toBe(2));
    expect(cellsOf(alice.doc)).toEqual({});
    gate.resolve();
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 }));
    expect(memory.entries('sheet-1').at(-1)?.meta.kind).toBe('edit');
    expect(server.logger.errors()).toEqual([]);
  });

  it('unloads a sheet and reloads it from storage, writing the schema version once', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1250);
    await eventually(() =>
      expect(server.persistence.entries('sheet-1').at(-1)?.meta.kind).toBe('edit'),
    );
    alice.destroy();
    await server.sync.closeDocument('sheet-1');
    expect(server.sync.getDoc('sheet-1')).toBeUndefined();

    const again = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await again.whenSynced();
    expect(cellsOf(again.doc)).toEqual({ 'h1:p1': 1250 });
    const kinds = server.persistence.entries('sheet-1').map((entry) => entry.meta.kind);
    expect(kinds.filter((kind) => kind === 'server')).toHaveLength(1);
    expect(server.logger.errors()).toEqual([]);
  });

  it('loses no edit when storing fails: clients reconnect and resend, the server rechecks', async () => {
    const memory = createMemoryPersistence();
    let failNext = false;
    server = await startTestServer({
      persistence: {
        ...memory,
        storeUpdate: async (sheetId, update, meta: StoreMeta) => {
          if (failNext) {
            failNext = false;
            throw new Error('disk full');
          }
          await memory.storeUpdate(sheetId, update, meta);
        },
      },
    });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    failNext = true;
    alice.cells.set('h1:p1', 2000);

    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 2000 }));
    const edits = memory.entries('sheet-1').filter((entry) => entry.meta.kind === 'edit');
    expect(edits.map((entry) => entry.meta.changes.map((change) => change.newValue))).toEqual([
      [2000],
    ]);
    expect(server.logger.errors()).toEqual(['sync.store-failed']);
  });
});
