import { afterEach, describe, expect, it } from 'vitest';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

describe('read-only connections', () => {
  it('refuses every write of a read-only connection, which still receives state and presence', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1000);
    alice.provider.awareness.setLocalStateField('cell', 'h1:p1');
    const viewer = server.connect('sheet-1', {
      userId: 'victor',
      householdIds: ['h2'],
      readOnly: true,
    });
    await viewer.whenSynced();
    await eventually(() => expect(cellsOf(viewer.doc)).toEqual({ 'h1:p1': 1000 }));
    await eventually(() =>
      expect([...viewer.provider.awareness.getStates().values()]).toContainEqual(
        expect.objectContaining({ cell: 'h1:p1' }),
      ),
    );
    expect(viewer.notices).toEqual([
      { type: 'read-only', code: 'read-only', message: 'Cette feuille est en lecture seule.' },
    ]);

    viewer.cells.set('h2:p1', 2000);
    viewer.cells.delete('h1:p1');
    await eventually(() =>
      expect(viewer.notices.map((n) => n.code)).toEqual(['read-only', 'read-only', 'read-only']),
    );
    expect(cellsOf(viewer.doc)).toEqual({ 'h1:p1': 1000 });
    alice.cells.set('h1:p2', 500);
    await eventually(() => expect(cellsOf(viewer.doc)).toEqual({ 'h1:p1': 1000, 'h1:p2': 500 }));
    expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 1000, 'h1:p2': 500 });
  });

  it('closes a sheet for writes: open connections turn read-only, queued writes are settled', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    alice.cells.set('h1:p1', 1000);
    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 1000 }));

    await server.sync.closeSheetForWrites('sheet-1');
    const closed = {
      type: 'read-only',
      code: 'sheet-closed',
      message: 'La feuille est fermée : elle ne peut plus être modifiée.',
    };
    await eventually(() => expect(alice.notices).toEqual([closed]));
    alice.cells.set('h1:p1', 3000);
    await eventually(() =>
      expect(alice.notices.map((n) => n.code)).toEqual(['sheet-closed', 'sheet-closed']),
    );
    expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 1000 });

    const late = server.connect('sheet-1', { userId: 'carole', isCoordinator: true });
    await late.whenSynced();
    await eventually(() => expect(late.notices).toEqual([closed]));
    expect(cellsOf(server.sync.getDoc('sheet-1')!)).toEqual({ 'h1:p1': 1000 });
  });
});
