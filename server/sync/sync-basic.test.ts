import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

describe('sync server with stock y-websocket clients', () => {
  it('relays each household’s edits to the others and stores them attributed', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);

    alice.cells.set('h1:p1', 2500);
    bruno.cells.set('h2:p1', 1000);

    const expected = { 'h1:p1': 2500, 'h2:p1': 1000 };
    await eventually(() => expect(cellsOf(alice.doc)).toEqual(expected));
    await eventually(() => expect(cellsOf(bruno.doc)).toEqual(expected));
    expect(cellsOf(server.sync.getDoc('sheet-1')!)).toEqual(expected);
    const edits = server.persistence.entries('sheet-1').filter((e) => e.meta.kind === 'edit');
    expect(edits.map((e) => [e.meta.principal?.userId, e.meta.changes])).toEqual(
      expect.arrayContaining([
        [
          'alice',
          [
            {
              key: 'h1:p1',
              householdId: 'h1',
              productId: 'p1',
              oldValue: undefined,
              newValue: 2500,
            },
          ],
        ],
        [
          'bruno',
          [
            {
              key: 'h2:p1',
              householdId: 'h2',
              productId: 'p1',
              oldValue: undefined,
              newValue: 1000,
            },
          ],
        ],
      ]),
    );
  });

  it('lets a coordinator write every row', async () => {
    server = await startTestServer();
    const coordinator = server.connect('sheet-1', { userId: 'carole', isCoordinator: true });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await Promise.all([coordinator.whenSynced(), alice.whenSynced()]);

    coordinator.cells.set('h1:p1', 3000);
    coordinator.cells.set('h7:p2', 500);

    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 3000, 'h7:p2': 500 }));
    expect(coordinator.notices).toEqual([]);
  });

  it('gives a late joiner the whole sheet and the schema version on its first sync', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await alice.whenSynced();
    alice.cells.set('h1:p1', 1500);
    await eventually(() =>
      expect(cellsOf(server.sync.getDoc('sheet-1')!)).toEqual({ 'h1:p1': 1500 }),
    );

    const late = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await late.whenSynced();
    expect(cellsOf(late.doc)).toEqual({ 'h1:p1': 1500 });
    expect(late.doc.getMap('meta').get('schemaVersion')).toBe(1);
  });

  it('answers 401 before upgrading when authentication fails', async () => {
    server = await startTestServer();
    const socket = new WebSocket(`${server.url}/sheet-1`);
    const status = await new Promise<number | undefined>((resolve) => {
      socket.on('unexpected-response', (_request, response) => resolve(response.statusCode));
      socket.on('error', () => undefined);
    });
    expect(status).toBe(401);
    socket.terminate();
  });
});
