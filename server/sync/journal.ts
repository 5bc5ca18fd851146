import { closeSync, ftruncateSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { crc32 } from 'node:zlib';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type {
  JournalPosition,
  StoredUpdate,
  StoreMeta,
  SyncLogger,
  SyncPersistence,
} from './types.ts';
import { createWriteBehind, type JournaledBatch, journaledBatch } from './write-behind.ts';

/**
 * Write-ahead journal in front of the durable persistence (docs/sync.md §8, ADR 017).
 *
 * A batch is appended to a local file (one `write(2)`, no fsync) and is then "stored" for the
 * sync core, which relays it at once; the batch reaches Postgres behind it, merged with
 * whatever else the sheet emitted meanwhile (one statement per sheet in flight). Bytes that
 * `write(2)` returned are in the kernel's page cache: they survive the process being killed
 * (SIGKILL, OOM, crash), and the next process replays them into Postgres before it loads any
 * sheet. Each Postgres batch records its journal position in the same statement, so a batch
 * is replayed exactly once. Not covered: losing the machine itself (power cut, kernel
 * panic), where the last few milliseconds of edits live only in the clients' documents.
 */
export interface JournalTarget extends SyncPersistence {
  storeUpdates(
    sheetId: string,
    entries: readonly StoredUpdate[],
    merged?: Uint8Array,
    position?: JournalPosition,
  ): Promise<void>;
  /** The last position stored per sheet for this journal. */
  journalPositions(journalId: string): Promise<ReadonlyMap<string, number>>;
  /** A failure retrying cannot fix (the sheet was deleted): the batch is dropped, logged. */
  isPermanentFailure?(error: unknown): boolean;
}

export interface JournalOptions {
  /** The journal file; one process writes it (its name carries the port, say). */
  readonly file: string;
  /** Names this journal in the positions the target stores. */
  readonly journalId: string;
  readonly logger: SyncLogger;
  /** Called once per sheet before its journaled batches are replayed (load its rules). */
  readonly beforeReplay?: (sheetId: string) => Promise<void>;
  /** First retry delay after a failed write to the target (doubles up to 5 s). */
  readonly retryMs?: number;
  /**
   * How long a journaled batch may wait before its Postgres write starts (default 0), so
   * that the edits of the next few milliseconds share one statement and the write does not
   * compete with relaying each of them. A flush (closing, unloading) writes at once.
   */
  readonly writeDelayMs?: number;
}

export interface JournaledPersistence extends SyncPersistence {
  /**
   * Replays what the previous process journaled and opens the file for appends; call it once
   * this process owns the file (it listens on the port the file is named after). Loads and
   * flushes wait for it.
   */
  open(): Promise<void>;
  /** Every batch of every sheet written to the target, then the file closed. */
  close(): Promise<void>;
}

type JournalRecord = JournaledBatch;

const FRAME_HEADER = 8; // payload length, crc32 of the payload (both u32 little-endian)

export function encodeRecord(record: JournalRecord): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeVarString(encoder, record.sheetId);
  encoding.writeVarUint(encoder, record.seq);
  encoding.writeVarUint(encoder, record.entries.length);
  for (const { update, meta } of record.entries) {
    encoding.writeVarString(encoder, JSON.stringify(meta));
    encoding.writeVarUint8Array(encoder, update);
  }
  encoding.writeUint8(encoder, record.merged === undefined ? 0 : 1);
  if (record.merged !== undefined) {
    encoding.writeVarUint8Array(encoder, record.merged);
  }
  const payload = encoding.toUint8Array(encoder);
  const frame = Buffer.allocUnsafe(FRAME_HEADER + payload.length);
  frame.writeUInt32LE(payload.length, 0);
  frame.writeUInt32LE(crc32(payload), 4);
  frame.set(payload, FRAME_HEADER);
  return frame;
}

function decodeRecord(payload: Uint8Array): JournalRecord {
  const decoder = decoding.createDecoder(payload);
  const sheetId = decoding.readVarString(decoder);
  const seq = decoding.readVarUint(decoder);
  const count = decoding.readVarUint(decoder);
  const entries: StoredUpdate[] = [];
  for (let i = 0; i < count; i++) {
    const meta = JSON.parse(decoding.readVarString(decoder)) as StoreMeta;
    entries.push({ meta, update: decoding.readVarUint8Array(decoder).slice() });
  }
  const merged =
    decoding.readUint8(decoder) === 1 ? decoding.readVarUint8Array(decoder).slice() : undefined;
  return { sheetId, seq, entries, merged };
}

/**
 * The complete records of a journal file, in order. A torn or corrupt tail (the process was
 * killed inside a write) ends the list: that batch was never relayed, since relaying waits
 * for the write to return.
 */
export function readJournal(bytes: Uint8Array): JournalRecord[] {
  const records: JournalRecord[] = [];
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 0;
  while (offset + FRAME_HEADER <= buffer.length) {
    const length = buffer.readUInt32LE(offset);
    const end = offset + FRAME_HEADER + length;
    if (end > buffer.length) {
      break;
    }
    const payload = buffer.subarray(offset + FRAME_HEADER, end);
    if (crc32(payload) !== buffer.readUInt32LE(offset + 4)) {
      break;
    }
    try {
      records.push(decodeRecord(payload));
    } catch {
      break;
    }
    offset = end;
  }
  return records;
}

function readFileOrEmpty(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return new Uint8Array();
    }
    throw error;
  }
}

export function createJournaledPersistence(
  target: JournalTarget,
  options: JournalOptions,
): JournaledPersistence {
  let seq = 1;
  let fd: number | null = null;
  let closed = false;
  const behind = createWriteBehind({
    ...options,
    target,
    // Everything journaled is in the target: the file starts over (O_APPEND writes follow).
    onIdle: () => {
      if (fd !== null) {
        ftruncateSync(fd, 0);
      }
    },
  });
  const { enqueue, drained } = behind;

  const append = (frame: Uint8Array) => {
    if (fd === null) {
      throw new Error('sync journal is not open');
    }
    let written = 0;
    while (written < frame.length) {
      written += writeSync(fd, frame, written, frame.length - written);
    }
  };

  const recover = async () => {
    mkdirSync(path.dirname(options.file), { recursive: true });
    const records = readJournal(readFileOrEmpty(options.file));
    // Always read: new positions must go on after the last one stored (a batch at or below
    // it would be taken for one already written), even when the file was left empty.
    const positions = await target.journalPositions(options.journalId);
    const replay = records.filter((r) => r.seq > (positions.get(r.sheetId) ?? 0));
    let last = 0;
    for (const value of [...records.map((r) => r.seq), ...positions.values()]) {
      last = Math.max(last, value);
    }
    seq = last + 1;
    fd = openSync(options.file, 'a');
    const sheets = [...new Set(replay.map((r) => r.sheetId))];
    for (const sheetId of sheets) {
      await options.beforeReplay?.(sheetId);
    }
    for (const record of replay) {
      enqueue(record);
    }
    await Promise.all(sheets.map(drained));
    if (behind.sheets().length === 0) {
      ftruncateSync(fd, 0);
    }
    if (replay.length > 0) {
      options.logger.info('sync.journal-replayed', {
        records: replay.length,
        sheets: sheets.length,
      });
    }
  };

  let opening: Promise<void> | null = null;
  let markOpen: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markOpen = resolve;
  });
  const open = (): Promise<void> => {
    opening ??= recover().then(markOpen, (error: unknown) => {
      options.logger.error('sync.journal-recovery-failed', { error: String(error) });
      throw error;
    });
    return opening;
  };

  const storeUpdates = async (
    sheetId: string,
    entries: readonly StoredUpdate[],
    merged?: Uint8Array,
  ): Promise<void> => {
    if (closed) {
      throw new Error('sync journal closed');
    }
    const record = journaledBatch(seq++, sheetId, entries, merged);
    append(encodeRecord(record));
    enqueue(record);
  };

  return {
    open,
    async load(sheetId) {
      await ready;
      await drained(sheetId);
      return target.load(sheetId);
    },
    storeUpdate: (sheetId, update, meta) => storeUpdates(sheetId, [{ update, meta }]),
    storeUpdates,
    async flush(sheetId) {
      await ready;
      await drained(sheetId);
    },
    unload(sheetId) {
      if (!behind.pending(sheetId)) {
        target.unload?.(sheetId);
        return;
      }
      void drained(sheetId).then(() => {
        if (!behind.pending(sheetId)) {
          target.unload?.(sheetId);
        }
      });
    },
    async close() {
      closed = true;
      await opening?.catch(() => {});
      await Promise.all(behind.sheets().map(drained));
      if (fd !== null) {
        closeSync(fd);
        fd = null;
      }
    },
  };
}
