import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  createJournaledPersistence,
  encodeRecord,
  type JournalTarget,
  readJournal,
} from './journal.ts';
import type { JournalPosition, StoredUpdate, StoreMeta, SyncLogger } from './types.ts';

const META: StoreMeta = { kind: 'server', principal: null, changes: [] };
const entry = (byte: number): StoredUpdate => ({ update: Uint8Array.of(byte, byte), meta: META });

interface Call {
  sheetId: string;
  entries: readonly StoredUpdate[];
  merged: Uint8Array | undefined;
  position: JournalPosition | undefined;
}

/** A target whose writes wait until `release()`; `fail` makes the next writes throw. */
function fakeTarget(positions = new Map<string, number>()) {
  const calls: Call[] = [];
  const loads: string[] = [];
  let gate: Promise<void> = Promise.resolve();
  let open: () => void = () => {};
  const failures: unknown[] = [];
  const target: JournalTarget = {
    async load(sheetId) {
      loads.push(sheetId);
      return null;
    },
    async storeUpdate() {
      throw new Error('the journal calls storeUpdates');
    },
    async storeUpdates(sheetId, entries, merged, position) {
      await gate;
      const failure = failures.shift();
      if (failure !== undefined) {
        throw failure;
      }
      calls.push({ sheetId, entries, merged, position });
      if (position) {
        positions.set(sheetId, position.seq);
      }
    },
    async journalPositions() {
      return positions;
    },
    isPermanentFailure: (error) => (error as { code?: string }).code === '23503',
  };
  return {
    target,
    calls,
    loads,
    positions,
    failures,
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

const logged: string[] = [];
const logger: SyncLogger = {
  info: (event) => logged.push(event),
  warn: (event) => logged.push(event),
  error: (event) => logged.push(event),
};
const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

let dir: string;
let file: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'cabas-journal-'));
  file = path.join(dir, 'sync', 'journal.bin');
  logged.length = 0;
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('journal de synchronisation', () => {
  it('« stocké » dès l’ajout au fichier ; la base suit derrière, puis le fichier repart de zéro', async () => {
    const fake = fakeTarget();
    const journal = createJournaledPersistence(fake.target, { file, journalId: 'j', logger });
    await journal.open();
    fake.hold();
    await journal.storeUpdates!('s1', [entry(1), entry(2)], Uint8Array.of(9));
    // Resolved although the target has not written anything: the batch is in the file.
    expect(fake.calls).toHaveLength(0);
    const records = readJournal(readFileSync(file));
    expect(records.map((r) => [r.sheetId, r.seq, r.entries.length])).toEqual([['s1', 1, 2]]);
    expect([...records[0]!.merged!]).toEqual([9]);
    let flushed = false;
    const flushing = journal.flush!('s1').then(() => {
      flushed = true;
    });
    await settle();
    expect(flushed).toBe(false);
    fake.release();
    await flushing;
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.position).toEqual({ journalId: 'j', seq: 1 });
    expect([...fake.calls[0]!.merged!]).toEqual([9]);
    expect(statSync(file).size).toBe(0);
    await journal.close();
  });

  it('les lots arrivés pendant une écriture partent ensemble, dans l’ordre, sans fusion fournie', async () => {
    const fake = fakeTarget();
    const journal = createJournaledPersistence(fake.target, { file, journalId: 'j', logger });
    await journal.open();
    fake.hold();
    await journal.storeUpdates!('s1', [entry(1)], Uint8Array.of(1));
    await journal.storeUpdates!('s1', [entry(2)], Uint8Array.of(2));
    await journal.storeUpdates!('s1', [entry(3)], Uint8Array.of(3));
    await journal.storeUpdates!('s2', [entry(4)]);
    fake.release();
    await Promise.all([journal.flush!('s1'), journal.flush!('s2')]);
    const s1 = fake.calls.filter((c) => c.sheetId === 's1');
    expect(s1.map((c) => c.entries.map((e) => e.update[0]))).toEqual([[1], [2, 3]]);
    expect(s1[1]!.merged).toBeUndefined();
    expect(s1.map((c) => c.position?.seq)).toEqual([1, 3]);
    expect(fake.calls.find((c) => c.sheetId === 's2')?.position?.seq).toBe(4);
    await journal.close();
  });

  it('après un arrêt brutal, le processus suivant rejoue ce que la base n’a pas, une seule fois', async () => {
    const first = fakeTarget();
    const killed = createJournaledPersistence(first.target, { file, journalId: 'j', logger });
    await killed.open();
    await killed.storeUpdates!('s1', [entry(1)]);
    await killed.flush!('s1');
    first.hold();
    await killed.storeUpdates!('s1', [entry(2)]);
    await killed.storeUpdates!('s2', [entry(3)]);
    // The process dies here: nothing more happens to `killed`, its target never answers.

    const second = fakeTarget(new Map(first.positions));
    const prepared: string[] = [];
    const restarted = createJournaledPersistence(second.target, {
      file,
      journalId: 'j',
      logger,
      beforeReplay: async (sheetId) => {
        prepared.push(sheetId);
      },
    });
    await restarted.open();
    expect(prepared).toEqual(['s1', 's2']);
    expect(second.calls.map((c) => [c.sheetId, c.entries.map((e) => e.update[0])])).toEqual([
      ['s1', [2]],
      ['s2', [3]],
    ]);
    expect(statSync(file).size).toBe(0);
    // Numbering goes on after what the previous process used.
    await restarted.storeUpdates!('s1', [entry(4)]);
    await restarted.flush!('s1');
    expect(second.calls.at(-1)?.position?.seq).toBe(4);
    expect(logged).toContain('sync.journal-replayed');

    // A process finding an empty file still numbers after the positions stored.
    await restarted.close();
    const emptyFile = fakeTarget(new Map(second.positions));
    const fresh = createJournaledPersistence(emptyFile.target, { file, journalId: 'j', logger });
    await fresh.open();
    await fresh.storeUpdates!('s2', [entry(5)]);
    await fresh.flush!('s2');
    expect(emptyFile.calls.at(-1)?.position?.seq).toBe(5);
    await fresh.close();

    // Replayed again (say the new process died before truncating): nothing is written twice.
    writeFileSync(
      file,
      encodeRecord({ seq: 2, sheetId: 's1', entries: [entry(2)], merged: undefined }),
    );
    const third = fakeTarget(new Map(emptyFile.positions));
    const again = createJournaledPersistence(third.target, { file, journalId: 'j', logger });
    await again.open();
    expect(third.calls).toHaveLength(0);
    await again.close();
    first.release(); // lets the dead process's object end, for the test's own cleanup
    await killed.close();
  });

  it('avec un délai d’écriture, les lots de ce délai partagent une écriture ; flush écrit aussitôt', async () => {
    const fake = fakeTarget();
    const journal = createJournaledPersistence(fake.target, {
      file,
      journalId: 'j',
      logger,
      writeDelayMs: 60_000,
    });
    await journal.open();
    await journal.storeUpdates!('s1', [entry(1)]);
    await journal.storeUpdates!('s1', [entry(2)]);
    await settle();
    expect(fake.calls).toHaveLength(0);
    await journal.flush!('s1'); // would wait a minute if the delay still applied
    expect(fake.calls.map((c) => c.entries.map((e) => e.update[0]))).toEqual([[1, 2]]);
    await journal.close();
  });

  it('une fin de fichier déchirée (écriture interrompue) est ignorée', () => {
    const one = encodeRecord({ seq: 1, sheetId: 's1', entries: [entry(1)], merged: undefined });
    const two = encodeRecord({ seq: 2, sheetId: 's1', entries: [entry(2)], merged: undefined });
    const torn = Buffer.concat([one, two.subarray(0, two.length - 3)]);
    expect(readJournal(torn).map((r) => r.seq)).toEqual([1]);
    const corrupt = Buffer.concat([one, two]);
    corrupt.writeUInt8(corrupt.readUInt8(corrupt.length - 1) ^ 0xff, corrupt.length - 1);
    expect(readJournal(corrupt).map((r) => r.seq)).toEqual([1]);
  });

  it('réessaie une écriture refusée par la base ; abandonne un lot définitivement impossible', async () => {
    const fake = fakeTarget();
    const journal = createJournaledPersistence(fake.target, {
      file,
      journalId: 'j',
      logger,
      retryMs: 5,
    });
    await journal.open();
    fake.failures.push(new Error('connexion perdue'));
    await journal.storeUpdates!('s1', [entry(1)]);
    await journal.flush!('s1');
    expect(fake.calls).toHaveLength(1);
    expect(logged).toContain('sync.journal-write-failed');

    fake.failures.push(Object.assign(new Error('feuille supprimée'), { code: '23503' }));
    await journal.storeUpdates!('s2', [entry(2)]);
    await journal.flush!('s2');
    expect(fake.calls.filter((c) => c.sheetId === 's2')).toHaveLength(0);
    expect(logged).toContain('sync.journal-dropped');
    expect(statSync(file).size).toBe(0);
    await journal.close();
  });

  it('une feuille se charge après que ses lots sont écrits, et après la reprise', async () => {
    const fake = fakeTarget();
    const journal = createJournaledPersistence(fake.target, { file, journalId: 'j', logger });
    const loading = journal.load('s1');
    await settle();
    expect(fake.loads).toEqual([]); // not open yet
    await journal.open();
    await loading;
    fake.hold();
    await journal.storeUpdates!('s1', [entry(1)]);
    const reload = journal.load('s1');
    await settle();
    expect(fake.loads).toEqual(['s1']);
    fake.release();
    await reload;
    expect(fake.loads).toEqual(['s1', 's1']);
    await journal.close();
    await expect(journal.storeUpdates!('s1', [entry(2)])).rejects.toThrow(/closed/);
  });
});
