import * as Y from 'yjs';

// Decodes a client update (sync step 2 or update message) and keeps only what the server
// does not have yet: structs are cut at the server's clock for their client, and the
// delete set is split into deletions of items the server holds (live or already deleted)
// and deletions of the update's own new structs. Nothing is applied.

export type NewContent =
  | { readonly kind: 'values'; readonly values: readonly unknown[] }
  | { readonly kind: 'deleted' }
  | { readonly kind: 'gc' }
  | { readonly kind: 'other'; readonly name: string };

/** The part of one decoded struct that the server does not have. */
export interface NewStruct {
  readonly client: number;
  readonly clock: number;
  readonly length: number;
  readonly origin: Y.ID | null;
  readonly rightOrigin: Y.ID | null;
  /** Root type name or parent item ID; only encoded when origin and rightOrigin are null. */
  readonly parent: string | Y.ID | null;
  readonly parentSub: string | null;
  readonly content: NewContent;
}

export interface LiveDeletion {
  readonly item: Y.Item;
  /** Whether the item's last clock (the one carrying a map entry's value) is deleted. */
  readonly coversLast: boolean;
}

export interface IncomingUpdate {
  readonly structs: readonly NewStruct[];
  /** New structs per client, contiguous and in clock order, starting at the server's clock. */
  readonly byClient: ReadonlyMap<number, readonly NewStruct[]>;
  readonly liveDeletions: readonly LiveDeletion[];
  /** Deletions of items already deleted on the server (only collected for live updates). */
  readonly repeatedDeletions: readonly Y.Item[];
  /** Deleted clock ranges `[from, to)` among the update's own new structs. */
  readonly newDeletions: ReadonlyMap<number, ReadonlyArray<readonly [number, number]>>;
}

export type ReadResult =
  | { readonly kind: 'update'; readonly update: IncomingUpdate }
  | { readonly kind: 'missing' }
  | { readonly kind: 'malformed' };

export interface ReadOptions {
  /**
   * Live update messages carry only the sender's transaction, so deleting an item that is
   * already deleted still states an intent ("clear this cell"). A sync step 2 carries the
   * sender's whole delete set, where such entries are noise and are skipped.
   */
  readonly collectRepeatedDeletions: boolean;
}

export function readIncomingUpdate(
  doc: Y.Doc,
  bytes: Uint8Array,
  options: ReadOptions,
): ReadResult {
  let decoded: ReturnType<typeof Y.decodeUpdate>;
  try {
    decoded = Y.decodeUpdate(bytes);
  } catch {
    return { kind: 'malformed' };
  }
  const store = doc.store;
  const structs: NewStruct[] = [];
  const byClient = new Map<number, NewStruct[]>();
  const expected = new Map<number, number>();
  for (const struct of decoded.structs) {
    const client = struct.id.client;
    const next = expected.get(client) ?? Y.getState(store, client);
    const end = struct.id.clock + struct.length;
    if (struct instanceof Y.Skip || end <= next) {
      // A skip never advances the expected clock: whatever follows it is a gap.
      expected.set(client, next);
      continue;
    }
    if (struct.id.clock > next) {
      return { kind: 'missing' };
    }
    const sliced = sliceStruct(struct, next - struct.id.clock);
    structs.push(sliced);
    const list = byClient.get(client);
    if (list === undefined) {
      byClient.set(client, [sliced]);
    } else {
      list.push(sliced);
    }
    expected.set(client, end);
  }
  const deletions = readDeletions(store, decoded.ds, expected, options);
  if (deletions === null) {
    return { kind: 'missing' };
  }
  return { kind: 'update', update: { structs, byClient, ...deletions } };
}

function sliceStruct(struct: Y.Item | Y.GC, offset: number): NewStruct {
  const client = struct.id.client;
  const clock = struct.id.clock + offset;
  const length = struct.length - offset;
  if (struct instanceof Y.GC) {
    return {
      client,
      clock,
      length,
      origin: null,
      rightOrigin: null,
      parent: null,
      parentSub: null,
      content: { kind: 'gc' },
    };
  }
  const parent = struct.parent as unknown as string | Y.ID | null;
  return {
    client,
    clock,
    length,
    // A cut item continues the item before it, exactly as Yjs integrates it.
    origin: offset > 0 ? Y.createID(client, clock - 1) : struct.origin,
    rightOrigin: struct.rightOrigin,
    parent: offset > 0 ? null : parent,
    parentSub: offset > 0 ? null : struct.parentSub,
    content: readContent(struct.content, offset),
  };
}

function readContent(content: Y.Item['content'], offset: number): NewContent {
  if (content instanceof Y.ContentAny) {
    return { kind: 'values', values: content.arr.slice(offset) };
  }
  if (content instanceof Y.ContentDeleted) {
    return { kind: 'deleted' };
  }
  return { kind: 'other', name: content.constructor.name };
}

function readDeletions(
  store: Y.Doc['store'],
  ds: ReturnType<typeof Y.decodeUpdate>['ds'],
  expected: ReadonlyMap<number, number>,
  options: ReadOptions,
): Omit<IncomingUpdate, 'structs' | 'byClient'> | null {
  const liveDeletions: LiveDeletion[] = [];
  const repeatedDeletions: Y.Item[] = [];
  const newDeletions = new Map<number, Array<readonly [number, number]>>();
  for (const [client, ranges] of ds.clients) {
    const state = Y.getState(store, client);
    const newEnd = expected.get(client) ?? state;
    const known = store.clients.get(client);
    for (const { clock, len } of ranges) {
      const end = clock + len;
      if (clock < state && known !== undefined) {
        const to = Math.min(end, state);
        for (let index = Y.findIndexSS(known, clock); index < known.length; index++) {
          const struct = known[index];
          if (struct === undefined || struct.id.clock >= to) {
            break;
          }
          if (!(struct instanceof Y.Item)) {
            continue;
          }
          if (!struct.deleted) {
            const last = struct.id.clock + struct.length - 1;
            liveDeletions.push({ item: struct, coversLast: last >= clock && last < end });
          } else if (options.collectRepeatedDeletions) {
            repeatedDeletions.push(struct);
          }
        }
      }
      if (end > state) {
        // Deleting clocks the server will not have even after this update would leave a
        // pending delete set that Yjs applies later, unchecked: wait for the items instead.
        if (end > newEnd) {
          return null;
        }
        const ownRanges = newDeletions.get(client) ?? [];
        ownRanges.push([Math.max(clock, state), end]);
        newDeletions.set(client, ownRanges);
      }
    }
  }
  return { liveDeletions, repeatedDeletions, newDeletions };
}
