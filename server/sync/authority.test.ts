import { afterEach, describe, expect, it } from 'vitest';
import { cellsOf, eventually, startTestServer, type TestServer } from './test-harness.ts';
import type { StoredUpdate } from './types.ts';

let server: TestServer;

afterEach(async () => {
  expect(server.logger.errors()).toEqual([]);
  await server.close();
});

async function threeHouseholds() {
  server = await startTestServer();
  const alice = server.connect('sheet-1', { userId: 'alice', householdIds: ['h1'] });
  const bruno = server.connect('sheet-1', { userId: 'bruno', householdIds: ['h2'] });
  const chloe = server.connect('sheet-1', { userId: 'chloe', householdIds: ['h3'] });
  await Promise.all([alice.whenSynced(), bruno.whenSynced(), chloe.whenSynced()]);
  return { alice, bruno, chloe };
}

function changesIn(entries: readonly StoredUpdate[]): string[] {
  return entries.flatMap((entry) => entry.meta.changes.map((change) => change.key));
}

const FORBIDDEN = {
  type: 'rejected',
  code: 'forbidden-row',
  message: 'Vous ne pouvez modifier que la ligne de votre foyer.',
};

describe('authority over rows', () => {
  it('refuses a write to another household’s row: not relayed, not stored, sender corrected and told', async () => {
    const { alice, bruno, chloe } = await threeHouseholds();
    bruno.cells.set('h2:p1', 1000);
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 }));

    alice.cells.set('h2:p1', 9000);
    alice.cells.set('h2:p2', 4000);
    expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 9000, 'h2:p2': 4000 });

    await eventually(() => expect(alice.notices).toHaveLength(2));
    expect(alice.notices).toEqual([
      { ...FORBIDDEN, keys: ['h2:p1'] },
      { ...FORBIDDEN, keys: ['h2:p2'] },
    ]);
    // The notice is sent after the correction: the sender already shows the server's state.
    expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 });
    chloe.cells.set('h3:p1', 500); // a later edit proves chloe has seen everything before it
    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h2:p1': 1000, 'h3:p1': 500 }));
    expect(cellsOf(chloe.doc)).toEqual({ 'h2:p1': 1000, 'h3:p1': 500 });
    expect(cellsOf(server.sync.getDoc('sheet-1')!)).toEqual({ 'h2:p1': 1000, 'h3:p1': 500 });
    const stored = server.persistence.entries('sheet-1');
    expect(changesIn(stored)).toEqual(['h2:p1', 'h3:p1']);
    expect(
      stored.filter((e) => e.meta.kind === 'rejection').map((e) => e.meta.rejection?.code),
    ).toEqual(['forbidden-row', 'forbidden-row']);
  });

  it('refuses deleting another household’s cell and restores it on the sender', async () => {
    const { alice, bruno } = await threeHouseholds();
    bruno.cells.set('h2:p1', 1000);
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 }));

    alice.cells.delete('h2:p1');
    expect(cellsOf(alice.doc)).toEqual({});

    await eventually(() => expect(alice.notices).toEqual([{ ...FORBIDDEN, keys: ['h2:p1'] }]));
    expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 });
    expect(cellsOf(bruno.doc)).toEqual({ 'h2:p1': 1000 });
  });

  it('keeps accepting the sender’s own edits after a refusal (its clocks stay contiguous)', async () => {
    const { alice, bruno } = await threeHouseholds();
    alice.cells.set('h2:p1', 9000);
    alice.cells.set('h1:p1', 1000);
    alice.cells.set('h1:p1', 2000);

    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h1:p1': 2000 }));
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h1:p1': 2000 }));
    expect(alice.notices.map((notice) => notice.code)).toEqual(['forbidden-row']);
  });

  it('keeps the owner’s concurrent value when a forged write on the same cell was corrected first', async () => {
    server = await startTestServer();
    // Yjs orders the forger's item after the owner's (higher client ID): without the
    // server ordering writes by arrival, the correction would bury the owner's value.
    const alice = server.connect('sheet-1', {
      userId: 'alice',
      householdIds: ['h1'],
      clientID: 4_000_000_000,
    });
    const bruno = server.connect('sheet-1', {
      userId: 'bruno',
      householdIds: ['h2'],
      clientID: 1000,
    });
    await Promise.all([alice.whenSynced(), bruno.whenSynced()]);
    bruno.cells.set('h2:p1', 1000);
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 1000 }));

    bruno.provider.disconnect();
    bruno.cells.set('h2:p1', 3000); // offline, on top of 1000
    alice.cells.set('h2:p1', 9000); // forged, on top of 1000 too
    await eventually(() => expect(alice.notices).toHaveLength(1));
    bruno.provider.connect();

    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p1': 3000 }));
    await eventually(() => expect(cellsOf(bruno.doc)).toEqual({ 'h2:p1': 3000 }));
    expect(cellsOf(server.sync.getDoc('sheet-1')!)).toEqual({ 'h2:p1': 3000 });
  });

  it('restores an absent cell (no value) when the forged write created it', async () => {
    const { alice, bruno } = await threeHouseholds();
    alice.cells.set('h2:p3', 7000);
    await eventually(() => expect(alice.notices).toHaveLength(1));
    expect(cellsOf(alice.doc)).toEqual({});
    bruno.cells.set('h2:p3', 2000); // the owner can still fill it afterwards
    await eventually(() => expect(cellsOf(alice.doc)).toEqual({ 'h2:p3': 2000 }));
  });
});
