// Public surface of the sync server (docs/sync.md). Everything else is internal.
export {
  type CabasMessage,
  installCabasMessageHandler,
  MESSAGE_CABAS,
} from './client-messages.ts';
export {
  CELLS_MAP,
  formatCellKey,
  isQuantity,
  META_MAP,
  parseCellKey,
  readCellValues,
  SCHEMA_VERSION,
} from './layout.ts';
export { createMemoryPersistence, type MemoryPersistence } from './memory-persistence.ts';
export { REJECTIONS } from './rejections.ts';
export { consoleLogger, createSyncServer, DEFAULT_LIMITS } from './sync-server.ts';
export type * from './types.ts';
