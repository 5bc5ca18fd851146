import * as Y from 'yjs';
import type { IncomingUpdate, NewStruct } from './incoming-update.ts';

// Finding a clock among the update's new structs or in the server's struct store.

export function isNewClockDeleted(update: IncomingUpdate, client: number, clock: number): boolean {
  const ranges = update.newDeletions.get(client);
  return ranges?.some(([from, to]) => clock >= from && clock < to) ?? false;
}

/** The new struct holding `id`, by binary search over its client's contiguous structs. */
export function findNewStruct(update: IncomingUpdate, id: Y.ID): NewStruct | undefined {
  const list = update.byClient.get(id.client);
  if (list === undefined) {
    return undefined;
  }
  let low = 0;
  let high = list.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const struct = list[middle]!;
    if (id.clock < struct.clock) {
      high = middle - 1;
    } else if (id.clock >= struct.clock + struct.length) {
      low = middle + 1;
    } else {
      return struct;
    }
  }
  return undefined;
}

/** The struct of the server store holding `id`, or undefined if the server lacks it. */
export function findStoredStruct(store: Y.Doc['store'], id: Y.ID): Y.Item | Y.GC | undefined {
  const structs = store.clients.get(id.client);
  if (structs === undefined || id.clock >= Y.getState(store, id.client)) {
    return undefined;
  }
  return structs[Y.findIndexSS(structs, id.clock)];
}
