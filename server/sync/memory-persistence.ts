import type { StoredUpdate, SyncPersistence } from './types.ts';

export interface MemoryPersistence extends SyncPersistence {
  /** The append log of a sheet, in store order (tests and the audit trail read it). */
  entries(sheetId: string): readonly StoredUpdate[];
}

/** Append-only log in memory, for tests and the demo without a database. */
export function createMemoryPersistence(): MemoryPersistence {
  const logs = new Map<string, StoredUpdate[]>();
  const logOf = (sheetId: string): StoredUpdate[] => {
    let log = logs.get(sheetId);
    if (log === undefined) {
      log = [];
      logs.set(sheetId, log);
    }
    return log;
  };
  return {
    async load(sheetId) {
      const log = logs.get(sheetId);
      if (log === undefined || log.length === 0) {
        return null;
      }
      return log.map((entry) => entry.update);
    },
    async storeUpdate(sheetId, update, meta) {
      // Copied: the caller's buffer is not ours to keep.
      logOf(sheetId).push({ update: update.slice(), meta });
    },
    entries(sheetId) {
      return logs.get(sheetId) ?? [];
    },
  };
}
