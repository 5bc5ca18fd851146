import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { eventually, startTestServer, type TestServer } from './test-harness.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

function awarenessFrame(
  entries: Array<[clientId: number, clock: number, state: unknown]>,
): Uint8Array {
  const update = encoding.createEncoder();
  encoding.writeVarUint(update, entries.length);
  for (const [clientId, clock, state] of entries) {
    encoding.writeVarUint(update, clientId);
    encoding.writeVarUint(update, clock);
    encoding.writeVarString(update, JSON.stringify(state));
  }
  const frame = encoding.createEncoder();
  encoding.writeVarUint(frame, 1);
  encoding.writeVarUint8Array(frame, encoding.toUint8Array(update));
  return encoding.toUint8Array(frame);
}

describe('presence (awareness)', () => {
  it('relays who is where, with the identity stamped by the server', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    alice.provider.awareness.setLocalState({ cell: 'h1:p2', user: { userId: 'bruno' } });

    await eventually(() =>
      expect(bruno.provider.awareness.getStates().get(alice.doc.clientID)).toEqual({
        cell: 'h1:p2',
        user: { userId: 'alice', displayName: 'Foyer alice', isCoordinator: false },
      }),
    );
  });

  it('removes a client’s presence when its connection closes', async () => {
    server = await startTestServer();
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    alice.provider.awareness.setLocalStateField('cell', 'h1:p1');
    const aliceId = alice.doc.clientID;
    await eventually(() => expect(bruno.provider.awareness.getStates().has(aliceId)).toBe(true));

    alice.provider.ws?.close(); // an abrupt close: no goodbye message from the client
    alice.provider.shouldConnect = false;
    await eventually(() => expect(bruno.provider.awareness.getStates().has(aliceId)).toBe(false));
  });

  it('ignores states a connection sends for a client ID it does not own', async () => {
    server = await startTestServer();
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    bruno.provider.awareness.setLocalStateField('cell', 'h2:p1');
    const brunoId = bruno.doc.clientID;
    await eventually(() =>
      expect(alice.provider.awareness.getStates().get(brunoId)).toMatchObject({ cell: 'h2:p1' }),
    );

    const mallory = new WebSocket(`${server.url}/sheet-1?user=mallory&households=h9`);
    await new Promise((resolve) => mallory.on('open', resolve));
    mallory.send(awarenessFrame([[brunoId, 1000, { cell: 'h1:p1' }]]));
    mallory.send(awarenessFrame([[brunoId, 1001, null]]));
    mallory.send(awarenessFrame([[424242, 1, { cell: 'h9:p1' }]]));
    // Mallory's own state arrives after the forged ones: they have all been handled.
    await eventually(() => expect(alice.provider.awareness.getStates().has(424242)).toBe(true));
    expect(alice.provider.awareness.getStates().get(brunoId)).toMatchObject({ cell: 'h2:p1' });
    mallory.close();
  });
});
