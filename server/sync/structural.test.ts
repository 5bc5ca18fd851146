import { afterEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import {
  cellsOf,
  eventually,
  householdRowsPolicy,
  startTestServer,
  type TestClient,
  type TestServer,
} from './test-harness.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

async function setUp(limits?: { maxInvalidUpdatesPerConnection: number }) {
  const policy = householdRowsPolicy();
  const authorize = vi.spyOn(policy, 'authorize');
  server = await startTestServer({ policy, limits });
  const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
  const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
  await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
  alice.cells.set('h1:p1', 1000);
  await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 1000 }));
  authorize.mockClear();
  return { alice, bruno, authorize };
}

describe('structural checks before the policy', () => {
  it.each([
    ['a string', (c: TestClient) => c.cells.set('h1:p1', 'deux kilos'), 'invalid-quantity'],
    [
      'a fraction of a thousandth',
      (c: TestClient) => c.cells.set('h1:p1', 1000.5),
      'invalid-quantity',
    ],
    ['a negative quantity', (c: TestClient) => c.cells.set('h1:p1', -1000), 'invalid-quantity'],
    ['an object', (c: TestClient) => c.cells.set('h1:p1', { kg: 1 }), 'invalid-quantity'],
    ['a nested type', (c: TestClient) => c.cells.set('h1:p1', new Y.Map()), 'invalid-structure'],
    ['a malformed key', (c: TestClient) => c.cells.set('h1-p1', 1000), 'invalid-key'],
  ])('refuses %s and restores the cell', async (_label, write, code) => {
    const { alice, bruno, authorize } = await setUp();
    write(alice);
    await eventually(() => expect(alice.notices.map((n) => n.code)).toEqual([code]));
    expect(authorize).not.toHaveBeenCalled();
    expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 1000 });
    bruno.cells.set('h2:p1', 1); // relayed after storage, and after anything stored before it
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 1000, 'h2:p1': 1 }));
    expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 1000, 'h2:p1': 1 });
    expect(server.persistence.entries('sheet-1').flatMap((e) => e.meta.changes)).toHaveLength(2);
  });

  it('refuses writes outside the cells map: meta and other root types', async () => {
    const { alice, bruno, authorize } = await setUp();
    alice.doc.getMap('meta').set('schemaVersion', 99);
    alice.doc.getArray('comments').push(['hello']);
    await eventually(() =>
      expect(alice.notices.map((n) => n.code)).toEqual(['invalid-structure', 'invalid-structure']),
    );
    expect(authorize).not.toHaveBeenCalled();
    // meta is corrected like a cell; an unknown root is never relayed to anyone
    expect(alice.doc.getMap('meta').get('schemaVersion')).toBe(1);
    expect(server.sync.getDoc('sheet-1')!.getMap('meta').get('schemaVersion')).toBe(1);
    expect(bruno.doc.getArray('comments').length).toBe(0);
    expect(server.sync.getDoc('sheet-1')!.share.has('comments')).toBe(false);
  });

  it('closes a connection that keeps sending invalid updates (no reconnection: 4400)', async () => {
    const { alice } = await setUp({ maxInvalidUpdatesPerConnection: 2 });
    const closed = new Promise<number>((resolve) =>
      alice.provider.on('closed', (event) => resolve(event.code)),
    );
    for (const value of [-1, -2, -3]) {
      alice.cells.set('h1:p1', value);
    }
    expect(await closed).toBe(4400);
  });
});
