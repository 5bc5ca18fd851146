// The live sync server runs in server/index.ts, while routes run in the Remix build (its own
// copy of every module): they meet through this registry on globalThis. Without a live
// server (tests of models, CLI) the hooks are no-ops.

export interface LiveSheetHooks {
  /** Current connections turn read-only; resolves once queued updates are stored. */
  closeForWrites(sheetId: string): Promise<void>;
  /** Rules changed (deadline, closing): reload them and reconnect clients. */
  refresh(sheetId: string): Promise<void>;
}

const KEY = Symbol.for('cabas.liveSheets');

type WithHooks = typeof globalThis & { [KEY]?: LiveSheetHooks };

export function setLiveSheetHooks(hooks: LiveSheetHooks | undefined): void {
  (globalThis as WithHooks)[KEY] = hooks;
}

export function getLiveSheetHooks(): LiveSheetHooks | undefined {
  return (globalThis as WithHooks)[KEY];
}
