import * as binary from 'lib0/binary';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import type { CheckedUpdate } from './analyze-update.ts';
import type { IncomingUpdate, NewStruct } from './incoming-update.ts';
import { CELLS_MAP, getCells, getMeta } from './layout.ts';
import type { Target } from './struct-targets.ts';

// A refused update is never applied, but its sender has applied it and will number its
// next items after it: without those clocks the server would hold every later update of
// that client as pending forever. So the server integrates a value-free placeholder for
// the refused clocks: each refused map item becomes a deleted item at the same place
// (same ID, origin and key, no value), anything else a GC range. The server's tree of
// items then matches the sender's, and where the sender now shows a refused value the
// server writes its own value again as a child of that item: the newest item under the
// sender's winner, hence the winner on every replica.

// Yjs struct reference numbers (structs/Item.js readItemContent, structs/GC.js).
const GC_REF = 0;
const CONTENT_DELETED_REF = 1;

interface Placeholder {
  readonly bytes: Uint8Array;
  /** Clock range `[from, to)` filled per client. */
  readonly ranges: ReadonlyMap<number, readonly [number, number]>;
}

/**
 * Applies the placeholder and the corrections in one transaction; returns the corrected
 * keys. `skippedClients` (client IDs owned by someone else, or the server's) get no
 * placeholder: filling them would block their owner's real future updates.
 */
export function applyRefusal(
  doc: Y.Doc,
  checked: CheckedUpdate,
  skippedClients: ReadonlySet<number>,
): string[] {
  const placeholder = encodePlaceholder(doc, checked.update, checked.targets, skippedClients);
  const corrected: string[] = [];
  doc.transact((transaction) => {
    if (placeholder !== null) {
      Y.applyUpdate(doc, placeholder.bytes);
      markLocal(transaction);
    }
    for (const touched of checked.touched) {
      const type = touched.root === CELLS_MAP ? (getCells(doc) as Y.Map<unknown>) : getMeta(doc);
      const winner = type._map.get(touched.key);
      const showsRefused =
        winner !== undefined &&
        placeholder !== null &&
        isInRanges(placeholder.ranges, winner.lastId);
      if (!showsRefused && !touched.currentDeleted) {
        continue;
      }
      if (touched.oldValue === undefined) {
        // A deleted newest item: the key shows nothing, as on the server before.
        type.set(touched.key, 0);
        type.delete(touched.key);
      } else {
        type.set(touched.key, touched.oldValue);
      }
      corrected.push(touched.key);
    }
  });
  return corrected;
}

function encodePlaceholder(
  doc: Y.Doc,
  update: IncomingUpdate,
  targets: ReadonlyMap<NewStruct, Target>,
  skippedClients: ReadonlySet<number>,
): Placeholder | null {
  const clients = [...update.byClient].filter(([client]) => !skippedClients.has(client));
  if (clients.length === 0) {
    return null;
  }
  const canReference = (id: Y.ID | null): boolean =>
    id === null || !skippedClients.has(id.client) || id.clock < Y.getState(doc.store, id.client);
  const encoder = new Y.UpdateEncoderV1();
  const ranges = new Map<number, readonly [number, number]>();
  encoding.writeVarUint(encoder.restEncoder, clients.length);
  for (const [client, structs] of clients) {
    const first = structs[0]!;
    const last = structs[structs.length - 1]!;
    encoding.writeVarUint(encoder.restEncoder, structs.length);
    encoder.writeClient(client);
    encoding.writeVarUint(encoder.restEncoder, first.clock);
    for (const struct of structs) {
      const target = targets.get(struct);
      if (target?.kind === 'key' && canReference(struct.origin)) {
        writeTombstone(encoder, struct, target.root, target.key);
      } else {
        encoder.writeInfo(GC_REF);
        encoder.writeLen(struct.length);
      }
    }
    ranges.set(client, [first.clock, last.clock + last.length]);
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // empty delete set
  return { bytes: encoder.toUint8Array(), ranges };
}

// Same layout as Item.write: the root and key are only written when there is no origin.
function writeTombstone(
  encoder: Y.UpdateEncoderV1,
  struct: NewStruct,
  root: string,
  key: string,
): void {
  const origin = struct.origin;
  encoder.writeInfo(CONTENT_DELETED_REF | (origin === null ? binary.BIT6 : binary.BIT8));
  if (origin === null) {
    encoder.writeParentInfo(true);
    encoder.writeString(root);
    encoder.writeString(key);
  } else {
    encoder.writeLeftID(origin);
  }
  encoder.writeLen(struct.length);
}

/**
 * `Y.applyUpdate` flags the whole transaction as remote; a remote transaction that advances
 * the doc's own client ID makes Yjs assume an ID collision and pick a new random ID. The
 * server writes under its own ID in the same transaction on purpose (one atomic update to
 * store and relay), so the transaction is flagged local again.
 */
export function markLocal(transaction: Y.Transaction): void {
  transaction.local = true;
}

function isInRanges(ranges: ReadonlyMap<number, readonly [number, number]>, id: Y.ID): boolean {
  const range = ranges.get(id.client);
  return range !== undefined && id.clock >= range[0] && id.clock < range[1];
}
