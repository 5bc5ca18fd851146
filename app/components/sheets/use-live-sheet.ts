import { useCallback, useEffect, useRef, useState } from 'react';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';

// The browser side of a live sheet: the stock y-websocket client, loaded only in the
// browser (dynamic import in an effect), with undo/redo of one's own edits, presence and
// the server's refusal notices (binary message type 100, docs/sync.md §2).

export interface Presence {
  clientId: number;
  name: string;
  cell: string | null;
  isSelf: boolean;
}

export interface LiveSheet {
  status: 'connecting' | 'connected' | 'offline';
  synced: boolean;
  readOnly: boolean;
  cells: Record<string, number>;
  presence: Presence[];
  /** Refusal reasons by cell key, until the cell is edited again. */
  refusals: Record<string, string>;
  setCells(values: ReadonlyArray<[string, number | null]>): void;
  focusCell(key: string | null): void;
  undo(): void;
  redo(): void;
}

const LOCAL_ORIGIN = { origin: 'cabas-local-edit' };

export function useLiveSheet(options: { sheetId: string; initialCells: Record<string, number> }) {
  const [status, setStatus] = useState<LiveSheet['status']>('connecting');
  const [synced, setSynced] = useState(false);
  const [readOnly, setReadOnly] = useState(false);
  const [cells, setCellsState] = useState(options.initialCells);
  const [presence, setPresence] = useState<Presence[]>([]);
  const [refusals, setRefusals] = useState<Record<string, string>>({});
  const live = useRef<{
    doc: Y.Doc;
    map: Y.Map<number>;
    provider: WebsocketProvider;
    undo: Y.UndoManager;
  } | null>(null);

  useEffect(() => {
    let cancelled = false;
    let cleanup = () => {};
    void (async () => {
      const [Yjs, { WebsocketProvider }, { installCabasMessageHandler }] = await Promise.all([
        import('yjs'),
        import('y-websocket'),
        import('#server/sync/client-messages.ts'),
      ]);
      if (cancelled) {
        return;
      }
      const doc = new Yjs.Doc();
      const map = doc.getMap<number>('cells');
      const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
      const provider = new WebsocketProvider(
        `${scheme}://${window.location.host}/sync`,
        `sheet:${options.sheetId}`,
        doc,
      );
      const undo = new Yjs.UndoManager(map, {
        trackedOrigins: new Set([LOCAL_ORIGIN]),
        // One committed cell (or one pasted block) is one undo step.
        captureTimeout: 0,
      });
      live.current = { doc, map, provider, undo };
      const publishCells = () => setCellsState(map.toJSON() as Record<string, number>);
      map.observe(publishCells);
      provider.on('status', ({ status: next }: { status: string }) =>
        setStatus(
          next === 'connected' ? 'connected' : next === 'connecting' ? 'connecting' : 'offline',
        ),
      );
      provider.on('sync', (isSynced: boolean) => {
        setSynced(isSynced);
        if (isSynced) {
          publishCells();
        }
      });
      installCabasMessageHandler(provider, (notice) => {
        if (notice.type === 'read-only') {
          setReadOnly(true);
          return;
        }
        setRefusals((current) => {
          const next = { ...current };
          for (const key of notice.keys) {
            next[key] = notice.message;
          }
          return next;
        });
      });
      const publishPresence = () => {
        const states = provider.awareness.getStates();
        const list: Presence[] = [];
        for (const [clientId, state] of states) {
          const user = state.user as { displayName?: string } | undefined;
          if (!user?.displayName) {
            continue;
          }
          list.push({
            clientId,
            name: user.displayName,
            cell: typeof state.cell === 'string' ? state.cell : null,
            isSelf: clientId === doc.clientID,
          });
        }
        setPresence(list);
      };
      provider.awareness.on('change', publishPresence);
      provider.awareness.setLocalStateField('cell', null);
      cleanup = () => {
        provider.awareness.off('change', publishPresence);
        undo.destroy();
        provider.destroy();
        doc.destroy();
        live.current = null;
      };
    })();
    return () => {
      cancelled = true;
      cleanup();
    };
  }, [options.sheetId]);

  const setCells = useCallback((values: ReadonlyArray<[string, number | null]>) => {
    const current = live.current;
    if (!current) {
      return;
    }
    current.doc.transact(() => {
      for (const [key, value] of values) {
        if (value === null || value === 0) {
          if (current.map.has(key)) {
            current.map.delete(key);
          }
        } else if (current.map.get(key) !== value) {
          current.map.set(key, value);
        }
      }
    }, LOCAL_ORIGIN);
    setRefusals((existing) => {
      const next = { ...existing };
      for (const [key] of values) {
        delete next[key];
      }
      return next;
    });
  }, []);

  const focusCell = useCallback((key: string | null) => {
    live.current?.provider.awareness.setLocalStateField('cell', key);
  }, []);
  const undo = useCallback(() => live.current?.undo.undo(), []);
  const redo = useCallback(() => live.current?.undo.redo(), []);

  return {
    status,
    synced,
    readOnly,
    cells,
    presence,
    refusals,
    setCells,
    focusCell,
    undo,
    redo,
  } satisfies LiveSheet;
}
