import * as encoding from 'lib0/encoding';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getCells } from './layout.ts';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

/** `count` single-cell updates of one household, as the client would send them. */
function updateFrames(householdId: string, count: number): Buffer[] {
  const doc = new Y.Doc();
  const frames: Buffer[] = [];
  doc.on('update', (update: Uint8Array) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, 0); // sync
    encoding.writeVarUint(encoder, 2); // update
    encoding.writeVarUint8Array(encoder, update);
    frames.push(Buffer.from(encoding.toUint8Array(encoder)));
  });
  for (let index = 0; index < count; index++) {
    getCells(doc).set(`${householdId}:p${index}`, (index + 1) * 1000);
  }
  return frames;
}

describe('batched relay', () => {
  it('stores each update of one turn, then relays them all as one merged frame', async () => {
    server = await startTestServer({ captureSockets: true });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    const observer = server.connect('sheet-1', { userId: 'olga', householdIds: ['h3'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced(), observer.whenSynced()]);
    const received: unknown[] = [];
    observer.doc.on('update', (_update: Uint8Array, origin: unknown) => received.push(origin));
    const aliceFrames = updateFrames('h1', 25);
    const brunoFrames = updateFrames('h2', 25);
    const [aliceSocket] = server.serverSockets.get('alice')!;
    const [brunoSocket] = server.serverSockets.get('bruno')!;

    // 50 frames from two sockets within one event-loop turn, as under load.
    for (let index = 0; index < 25; index++) {
      aliceSocket!.emit('message', aliceFrames[index], true);
      brunoSocket!.emit('message', brunoFrames[index], true);
    }

    await eventually(() => expect(Object.keys(cellsOf(observer.doc))).toHaveLength(50));
    expect(received).toHaveLength(1);
    const edits = server.persistence
      .entries('sheet-1')
      .filter((entry) => entry.meta.kind === 'edit');
    expect(edits).toHaveLength(50);
    expect(edits.slice(0, 2).map((entry) => entry.meta.principal?.userId)).toEqual([
      'alice',
      'bruno',
    ]);
  });

  it('ne renvoie pas à son auteur une mise à jour acceptée telle quelle ; les autres la reçoivent', async () => {
    server = await startTestServer({ captureSockets: true });
    const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
    const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    const updatesTo = new Map<string, number>([
      ['alice', 0],
      ['bruno', 0],
    ]);
    for (const user of updatesTo.keys()) {
      const socket = server.serverSockets.get(user)![0]!;
      const send = socket.send.bind(socket);
      socket.send = ((data: Uint8Array, ...rest: unknown[]) => {
        // A sync message (0) of type update (2): what a relay sends.
        if (data[0] === 0 && data[1] === 2) {
          updatesTo.set(user, updatesTo.get(user)! + 1);
        }
        return (send as (...args: unknown[]) => void)(data, ...rest);
      }) as typeof socket.send;
    }

    alice.cells.set('h1:p1', 1000);
    await eventually(() => expect(bruno.cells.get('h1:p1')).toBe(1000));
    expect(Object.fromEntries(updatesTo)).toEqual({ alice: 0, bruno: 1 });

    // Two senders in one turn: one merged frame, which each needs (the other's edit).
    const [aliceSocket] = server.serverSockets.get('alice')!;
    const [brunoSocket] = server.serverSockets.get('bruno')!;
    aliceSocket!.emit('message', updateFrames('h1', 1)[0], true);
    brunoSocket!.emit('message', updateFrames('h2', 1)[0], true);
    await eventually(() => expect(cellsOf(alice.doc)['h2:p0']).toBe(1000));
    await eventually(() => expect(cellsOf(bruno.doc)['h1:p0']).toBe(1000));
    expect(Object.fromEntries(updatesTo)).toEqual({ alice: 1, bruno: 2 });

    // A refused write is corrected on its sender: that one it gets.
    alice.cells.set('h2:p9', 5000);
    await eventually(() => expect(alice.cells.get('h2:p9')).toBeUndefined());
    expect(updatesTo.get('alice')).toBe(2);
  });
});
