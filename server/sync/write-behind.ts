import type { JournalTarget } from './journal.ts';
import type { StoredUpdate, SyncLogger } from './types.ts';

/**
 * The Postgres side of a write-ahead journal (the local file of server/sync/journal.ts, the
 * Redis stream of server/sync/stream-journal.ts): journaled batches wait here, per sheet,
 * for their write to the target, merged with whatever else the sheet journaled meanwhile
 * (one statement per sheet in flight), retried until stored. Each write carries the journal
 * position of its last batch, stored in the same statement.
 */
export interface JournaledBatch {
  readonly seq: number;
  readonly sheetId: string;
  readonly entries: readonly StoredUpdate[];
  readonly merged: Uint8Array | undefined;
}

/** A batch to keep while the target is behind: the caller's buffers are not ours to keep. */
export function journaledBatch(
  seq: number,
  sheetId: string,
  entries: readonly StoredUpdate[],
  merged: Uint8Array | undefined,
): JournaledBatch {
  return {
    seq,
    sheetId,
    entries: entries.map((entry) => ({ update: entry.update.slice(), meta: entry.meta })),
    merged: merged?.slice(),
  };
}

export interface WriteBehindOptions {
  readonly target: JournalTarget;
  /** The journal the positions belong to. */
  readonly journalId: string;
  readonly logger: SyncLogger;
  /** First retry delay after a failed write (doubles up to 5 s). */
  readonly retryMs?: number;
  /** How long a batch may wait before its write starts; a waiter (flush) writes at once. */
  readonly writeDelayMs?: number;
  /** The target now holds the sheet's batches up to `seq`. */
  readonly onStored?: (sheetId: string, seq: number) => void;
  /** Nothing of any sheet is waiting any more. */
  readonly onIdle?: () => void;
}

export interface WriteBehind {
  enqueue(batch: JournaledBatch): void;
  /** Resolves once every batch of the sheet enqueued so far is stored (writes at once). */
  drained(sheetId: string): Promise<void>;
  /** Whether batches of the sheet are waiting or being written. */
  pending(sheetId: string): boolean;
  /** The sheets with batches waiting or being written. */
  sheets(): string[];
}

interface SheetQueue {
  batches: JournaledBatch[];
  writing: boolean;
  timer: NodeJS.Timeout | null;
  retryMs: number;
  waiters: Array<() => void>;
}

const MAX_RETRY_MS = 5000;

export function createWriteBehind(options: WriteBehindOptions): WriteBehind {
  const firstRetryMs = options.retryMs ?? 50;
  const writeDelayMs = options.writeDelayMs ?? 0;
  const queues = new Map<string, SheetQueue>();
  let pendingBatches = 0;

  const queueOf = (sheetId: string): SheetQueue => {
    let queue = queues.get(sheetId);
    if (queue === undefined) {
      queue = { batches: [], writing: false, timer: null, retryMs: firstRetryMs, waiters: [] };
      queues.set(sheetId, queue);
    }
    return queue;
  };

  const settled = (sheetId: string, queue: SheetQueue) => {
    if (queue.batches.length > 0 || queue.writing) {
      return;
    }
    queues.delete(sheetId);
    for (const resolve of queue.waiters.splice(0)) {
      resolve();
    }
    if (pendingBatches === 0) {
      options.onIdle?.();
    }
  };

  const write = (sheetId: string) => {
    const queue = queues.get(sheetId);
    if (queue === undefined || queue.writing || queue.batches.length === 0) {
      return;
    }
    const batches = queue.batches;
    queue.batches = [];
    queue.writing = true;
    const last = batches.at(-1)!;
    const entries = batches.length === 1 ? last.entries : batches.flatMap((b) => b.entries);
    const done = () => {
      queue.writing = false;
      queue.retryMs = firstRetryMs;
      pendingBatches -= batches.length;
      options.onStored?.(sheetId, last.seq);
      if (queue.batches.length > 0) {
        schedule(sheetId, queue);
      } else {
        settled(sheetId, queue);
      }
    };
    const position = { journalId: options.journalId, seq: last.seq };
    options.target
      .storeUpdates(sheetId, entries, batches.length === 1 ? last.merged : undefined, position)
      .then(done, (error: unknown) => {
        const data = { sheetId, records: batches.length, error: String(error) };
        if (options.target.isPermanentFailure?.(error) === true) {
          options.logger.error('sync.journal-dropped', data);
          done();
          return;
        }
        options.logger.error('sync.journal-write-failed', { ...data, retryInMs: queue.retryMs });
        queue.batches = [...batches, ...queue.batches];
        setTimeout(() => {
          queue.writing = false;
          write(sheetId);
        }, queue.retryMs).unref();
        queue.retryMs = Math.min(queue.retryMs * 2, MAX_RETRY_MS);
      });
  };

  function schedule(sheetId: string, queue: SheetQueue) {
    if (writeDelayMs <= 0 || queue.waiters.length > 0) {
      write(sheetId);
      return;
    }
    queue.timer ??= setTimeout(() => {
      queue.timer = null;
      write(sheetId);
    }, writeDelayMs);
  }

  return {
    enqueue(batch) {
      const queue = queueOf(batch.sheetId);
      queue.batches.push(batch);
      pendingBatches++;
      schedule(batch.sheetId, queue);
    },
    drained(sheetId) {
      const queue = queues.get(sheetId);
      if (queue === undefined) {
        return Promise.resolve();
      }
      if (queue.timer !== null) {
        // Someone waits for the sheet to be durable: no reason to wait any longer.
        clearTimeout(queue.timer);
        queue.timer = null;
        write(sheetId);
      }
      return new Promise((resolve) => queue.waiters.push(resolve));
    },
    pending: (sheetId) => queues.has(sheetId),
    sheets: () => [...queues.keys()],
  };
}
