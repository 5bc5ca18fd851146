import type * as Y from 'yjs';
import { getMeta, SCHEMA_VERSION, SCHEMA_VERSION_KEY } from './layout.ts';
import type { StoredUpdate, SyncPersistence } from './types.ts';

/** Writes `meta.schemaVersion` on a new sheet; refuses a layout this server does not know. */
export function initialiseLayout(doc: Y.Doc): void {
  const meta = getMeta(doc);
  const version = meta.get(SCHEMA_VERSION_KEY);
  if (version === undefined) {
    meta.set(SCHEMA_VERSION_KEY, SCHEMA_VERSION);
  } else if (version !== SCHEMA_VERSION) {
    throw new Error(`unsupported schemaVersion ${String(version)}`);
  }
}

/** One batch call when the persistence offers it, else one awaited call per update, in order. */
export async function storeEntries(
  persistence: SyncPersistence,
  sheetId: string,
  entries: readonly StoredUpdate[],
  merged?: Uint8Array,
): Promise<void> {
  if (persistence.storeUpdates !== undefined) {
    await persistence.storeUpdates(sheetId, entries, merged);
    return;
  }
  for (const entry of entries) {
    await persistence.storeUpdate(sheetId, entry.update, entry.meta);
  }
}
