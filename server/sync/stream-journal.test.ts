import { describe, expect, it } from 'vitest';
import { encodeRecord } from './journal.ts';
import {
  createStreamJournaledPersistence,
  type SheetJournalLog,
  type StreamJournalTarget,
} from './stream-journal.ts';
import type { JournalPosition, StoredUpdate, StoreMeta, SyncLogger } from './types.ts';

const META: StoreMeta = { kind: 'server', principal: null, changes: [] };
const entry = (byte: number): StoredUpdate => ({ update: Uint8Array.of(byte, byte), meta: META });
const SHEET = 'sheet-a';

interface Call {
  sheetId: string;
  bytes: number[];
  position: JournalPosition | undefined;
}

/** Postgres as the journal sees it; `hold()` makes writes wait until `release()`. */
function fakeTarget(position = 0) {
  const calls: Call[] = [];
  const positions = new Map<string, number>([[SHEET, position]]);
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const target: StreamJournalTarget = {
    async load() {
      return null;
    },
    async storeUpdate() {
      throw new Error('the journal calls storeUpdates');
    },
    async storeUpdates(sheetId, entries, _merged, stored) {
      await gate;
      calls.push({ sheetId, bytes: entries.map((e) => e.update[0]!), position: stored });
      if (stored) {
        positions.set(sheetId, Math.max(positions.get(sheetId) ?? 0, stored.seq));
      }
    },
    async journalPositions() {
      return positions;
    },
    async journalPosition(_journalId, sheetId) {
      return positions.get(sheetId) ?? 0;
    },
  };
  return {
    target,
    calls,
    positions,
    hold() {
      gate = new Promise((resolve) => {
        open = resolve;
      });
    },
    release() {
      open();
      gate = Promise.resolve();
    },
  };
}

/** The shared log (a Redis stream per sheet in production), with its owner check. */
function fakeLog(initial: { seq: number; bytes: number }[] = []) {
  const frames = new Map<number, Uint8Array>(
    initial.map(({ seq, bytes }) => [
      seq,
      encodeRecord({ seq, sheetId: SHEET, entries: [entry(bytes)], merged: undefined }),
    ]),
  );
  const state = { owner: true, down: false, appended: [] as number[] };
  const log: SheetJournalLog = {
    async append(_sheetId, seq, frame) {
      if (state.down) {
        throw new Error('ECONNREFUSED');
      }
      if (!state.owner) {
        return 'not-owner';
      }
      const top = Math.max(0, ...frames.keys());
      if (seq <= top) {
        throw new Error('ERR The ID specified in XADD is equal or smaller');
      }
      frames.set(seq, frame);
      state.appended.push(seq);
      return 'ok';
    },
    async read() {
      const seqs = [...frames.keys()].sort((a, b) => a - b);
      return { frames: seqs.map((seq) => frames.get(seq)!), lastSeq: seqs.at(-1) ?? 0 };
    },
    async trim(_sheetId, seq) {
      for (const key of [...frames.keys()]) {
        if (key <= seq) {
          frames.delete(key);
        }
      }
    },
  };
  return { log, frames, state };
}

const logged: string[] = [];
const logger: SyncLogger = {
  info: (event) => logged.push(event),
  warn: (event) => logged.push(event),
  error: (event) => logged.push(event),
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

/** A journal over `db` and an empty log, with the sheet loaded. */
async function loaded(db: ReturnType<typeof fakeTarget>) {
  const { log, frames, state } = fakeLog();
  const journal = createStreamJournaledPersistence(db.target, log, { journalId: 'redis', logger });
  await journal.load(SHEET);
  return { journal, frames, state };
}

describe('journal partagé (flux par feuille)', () => {
  it('un lot est dans le journal avant d’être rendu, puis écrit derrière et oublié du journal', async () => {
    const db = fakeTarget();
    const { journal, frames, state } = await loaded(db);
    db.hold();
    await journal.storeUpdates!(SHEET, [entry(1)]);
    await journal.storeUpdates!(SHEET, [entry(2), entry(3)]);
    expect(state.appended).toEqual([1, 2]);
    expect(db.calls).toEqual([]);
    expect(journal.pending(SHEET)).toBe(true);
    db.release();
    await journal.flush!(SHEET);
    // One statement per sheet in flight: the second lot waited and went alone.
    expect(db.calls.flatMap((c) => c.bytes)).toEqual([1, 2, 3]);
    expect(db.calls.at(-1)!.position).toEqual({ journalId: 'redis', seq: 2 });
    expect(journal.pending(SHEET)).toBe(false);
    await settle();
    expect(frames.size).toBe(0);
  });

  it('reprise : les lots non écrits du propriétaire précédent vont en base avant le chargement, une seule fois', async () => {
    // The predecessor stored up to 2 and appended 3 and 4 before it died.
    const db = fakeTarget(2);
    const { log, frames, state } = fakeLog([
      { seq: 2, bytes: 20 },
      { seq: 3, bytes: 30 },
      { seq: 4, bytes: 40 },
    ]);
    const loadOrder: string[] = [];
    const journal = createStreamJournaledPersistence(
      {
        ...db.target,
        load: async () => {
          loadOrder.push(`load after ${db.calls.length}`);
          return null;
        },
      },
      log,
      { journalId: 'redis', logger },
    );
    await journal.load(SHEET);
    expect(db.calls.flatMap((c) => c.bytes)).toEqual([30, 40]);
    expect(loadOrder).toEqual([`load after ${db.calls.length}`]);
    expect(db.calls.at(-1)!.position?.seq).toBe(4);
    expect(logged).toContain('sync.journal-replayed');
    await settle();
    expect(frames.size).toBe(0);
    // The next seq goes on above the predecessor's: never taken for one already stored.
    await journal.storeUpdates!(SHEET, [entry(5)]);
    expect(state.appended).toEqual([5]);
    await journal.flush!(SHEET);
    expect(db.positions.get(SHEET)).toBe(5);
  });

  it('le journal continue après la plus haute position écrite, même vide', async () => {
    const db = fakeTarget(41);
    const { journal, state } = await loaded(db);
    await journal.storeUpdates!(SHEET, [entry(1)]);
    expect(state.appended).toEqual([42]);
    await journal.flush!(SHEET);
    expect(db.calls.map((c) => c.position?.seq)).toEqual([42]);
  });

  it('un autre processus a pris la feuille : le lot est refusé, rien n’est écrit', async () => {
    const db = fakeTarget();
    const { journal, state } = await loaded(db);
    state.owner = false;
    await expect(journal.storeUpdates!(SHEET, [entry(1)])).rejects.toThrow(/another process/);
    await journal.flush!(SHEET);
    expect(db.calls).toEqual([]);
    expect(journal.pending(SHEET)).toBe(false);
  });

  it('journal injoignable : le lot est écrit en base avant d’être rendu', async () => {
    const db = fakeTarget();
    const { journal, state } = await loaded(db);
    state.down = true;
    await journal.storeUpdates!(SHEET, [entry(7)]);
    expect(db.calls).toEqual([{ sheetId: SHEET, bytes: [7], position: undefined }]);
    expect(logged).toContain('sync.journal-append-failed');
  });

  it('une feuille non chargée ici n’écrit rien ; décharger attend l’écriture en base', async () => {
    const db = fakeTarget();
    const { log } = fakeLog();
    const unloaded: string[] = [];
    const journal = createStreamJournaledPersistence(
      { ...db.target, unload: (sheetId) => unloaded.push(sheetId) },
      log,
      { journalId: 'redis', logger, writeDelayMs: 1_000 },
    );
    await expect(journal.storeUpdates!(SHEET, [entry(1)])).rejects.toThrow(/not loaded/);
    await journal.load(SHEET);
    await journal.storeUpdates!(SHEET, [entry(2)]);
    journal.unload!(SHEET);
    expect(unloaded).toEqual([]);
    await journal.close();
    expect(db.calls.flatMap((c) => c.bytes)).toEqual([2]);
    expect(unloaded).toEqual([SHEET]);
    await expect(journal.storeUpdates!(SHEET, [entry(3)])).rejects.toThrow(/closed/);
  });
});
