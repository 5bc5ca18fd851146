import { encodeRecord, type JournalTarget, readJournal } from './journal.ts';
import type { StoredUpdate, SyncLogger, SyncPersistence } from './types.ts';
import { createWriteBehind, journaledBatch } from './write-behind.ts';

/**
 * Write-ahead journal shared by several processes (ADR 018, docs/sync.md §12): one log per
 * sheet in a store every process reaches (a Redis stream), appended by the sheet's owner
 * only, before a batch is relayed; Postgres is written behind it as with the local journal
 * (server/sync/journal.ts). The process that takes a sheet over replays the batches its
 * predecessor appended but did not store (killed, or paused past its lease) before loading
 * the sheet, so a batch relayed to anyone is never lost with the process that relayed it.
 *
 * Positions: one journal id for every process, seq per sheet, continued by each owner from
 * the highest appended or stored, so that a batch of the new owner is never taken for one
 * of its predecessor's already stored.
 */
export interface SheetJournalLog {
  /**
   * Appends the batch `seq` (above every seq appended to the sheet before) while this
   * process owns the sheet; 'not-owner', appending nothing, once it does not.
   */
  append(sheetId: string, seq: number, frame: Uint8Array): Promise<'ok' | 'not-owner'>;
  /** The frames still in the sheet's log, in order, and the highest seq in it (0: empty). */
  read(sheetId: string): Promise<{ frames: readonly Uint8Array[]; lastSeq: number }>;
  /** Postgres holds the sheet's batches up to `seq`: the log forgets them. */
  trim(sheetId: string, seq: number): Promise<void>;
}

export interface StreamJournalTarget extends JournalTarget {
  /** The position stored for the sheet in this journal (0: none). */
  journalPosition(journalId: string, sheetId: string): Promise<number>;
}

export interface StreamJournalOptions {
  readonly journalId: string;
  readonly logger: SyncLogger;
  /** Called before a sheet's unstored batches are replayed (load its rules). */
  readonly beforeReplay?: (sheetId: string) => Promise<void>;
  readonly retryMs?: number;
  readonly writeDelayMs?: number;
}

export interface StreamJournaledPersistence extends SyncPersistence {
  /** Whether batches of the sheet still wait for Postgres (its lease must not go yet). */
  pending(sheetId: string): boolean;
  /** Every batch written to Postgres. */
  close(): Promise<void>;
}

export function createStreamJournaledPersistence(
  target: StreamJournalTarget,
  log: SheetJournalLog,
  options: StreamJournalOptions,
): StreamJournaledPersistence {
  const behind = createWriteBehind({
    ...options,
    target,
    onStored: (sheetId, seq) => {
      log
        .trim(sheetId, seq)
        .catch((error: unknown) =>
          options.logger.warn('sync.journal-trim-failed', { sheetId, error: String(error) }),
        );
    },
  });
  // The next seq of each sheet loaded here.
  const nextSeq = new Map<string, number>();
  let closed = false;

  const replay = async (sheetId: string) => {
    const { frames, lastSeq } = await log.read(sheetId);
    const position = await target.journalPosition(options.journalId, sheetId);
    const records = frames.flatMap((frame) => readJournal(frame));
    const unstored = records.filter((r) => r.sheetId === sheetId && r.seq > position);
    if (unstored.length > 0) {
      await options.beforeReplay?.(sheetId);
      for (const record of unstored) {
        behind.enqueue(record);
      }
      await behind.drained(sheetId);
      options.logger.info('sync.journal-replayed', { sheetId, records: unstored.length });
    } else if (records.length > 0) {
      await log.trim(sheetId, Math.max(...records.map((r) => r.seq)));
    }
    let last = Math.max(lastSeq, position);
    for (const record of records) {
      last = Math.max(last, record.seq);
    }
    nextSeq.set(sheetId, last + 1);
  };

  const storeUpdates = async (
    sheetId: string,
    entries: readonly StoredUpdate[],
    merged?: Uint8Array,
  ): Promise<void> => {
    if (closed) {
      throw new Error('sync journal closed');
    }
    const seq = nextSeq.get(sheetId);
    if (seq === undefined) {
      throw new Error(`sync journal: sheet ${sheetId} is not loaded here`);
    }
    nextSeq.set(sheetId, seq + 1);
    const batch = journaledBatch(seq, sheetId, entries, merged);
    let appended: 'ok' | 'not-owner';
    try {
      appended = await log.append(sheetId, seq, encodeRecord(batch));
    } catch (error) {
      // The shared log is unreachable: stored in Postgres before the relay, as without it.
      options.logger.warn('sync.journal-append-failed', { sheetId, error: String(error) });
      await target.storeUpdates(sheetId, batch.entries, batch.merged);
      return;
    }
    if (appended === 'not-owner') {
      // Another process took the sheet over: this session must end (its clients reconnect).
      throw new Error(`sync journal: sheet ${sheetId} is owned by another process`);
    }
    behind.enqueue(batch);
  };

  return {
    async load(sheetId) {
      // A previous session of the sheet here: its batches are stored first.
      await behind.drained(sheetId);
      await replay(sheetId);
      return target.load(sheetId);
    },
    storeUpdate: (sheetId, update, meta) => storeUpdates(sheetId, [{ update, meta }]),
    storeUpdates,
    flush: (sheetId) => behind.drained(sheetId),
    unload(sheetId) {
      const forget = () => {
        if (!behind.pending(sheetId)) {
          nextSeq.delete(sheetId);
          target.unload?.(sheetId);
        }
      };
      if (behind.pending(sheetId)) {
        void behind.drained(sheetId).then(forget);
      } else {
        forget();
      }
    },
    pending: (sheetId) => behind.pending(sheetId),
    async close() {
      closed = true;
      await Promise.all(behind.sheets().map((sheetId) => behind.drained(sheetId)));
    },
  };
}
