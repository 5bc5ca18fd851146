import * as Y from 'yjs';
import type { IncomingUpdate, NewStruct } from './incoming-update.ts';
import { CELLS_MAP, META_MAP } from './layout.ts';
import { findNewStruct, findStoredStruct } from './struct-lookup.ts';

// Which map entry each new struct writes. A map item only encodes its root and key when it
// is the first value of the key; every later value names its predecessor (origin) and
// inherits the key from it, so keys are resolved through origins, in the update or in the
// server store.

export type MapRoot = typeof CELLS_MAP | typeof META_MAP;

export type Target =
  | { readonly kind: 'key'; readonly root: MapRoot; readonly key: string }
  /** A GC struct: occupies clocks, carries nothing. */
  | { readonly kind: 'inert' }
  /** Anything but an entry of `cells`/`meta`: other roots, nested types, lists, cycles. */
  | { readonly kind: 'junk' }
  | { readonly kind: 'missing' };

const JUNK: Target = { kind: 'junk' };
const INERT: Target = { kind: 'inert' };
const MISSING: Target = { kind: 'missing' };

type Step = Target | { readonly kind: 'follow'; readonly next: NewStruct };

export function resolveTargets(
  doc: Y.Doc,
  update: IncomingUpdate,
  serverClientId: number,
): Map<NewStruct, Target> {
  const memo = new Map<NewStruct, Target>();

  const targetOfStored = (struct: Y.Item | Y.GC | undefined): Target => {
    if (struct === undefined) {
      return MISSING;
    }
    return struct instanceof Y.Item ? targetOfStoredItem(doc, struct) : JUNK;
  };

  const step = (struct: NewStruct): Step => {
    if (struct.content.kind === 'gc') {
      return INERT;
    }
    // Items under the server's own client ID would let a client forge server writes.
    if (struct.client === serverClientId || struct.rightOrigin !== null) {
      return JUNK;
    }
    if (struct.origin === null) {
      if (typeof struct.parent !== 'string' || struct.parentSub === null) {
        return JUNK;
      }
      if (struct.parent !== CELLS_MAP && struct.parent !== META_MAP) {
        return JUNK;
      }
      return { kind: 'key', root: struct.parent, key: struct.parentSub };
    }
    const inUpdate = findNewStruct(update, struct.origin);
    if (inUpdate !== undefined) {
      return { kind: 'follow', next: inUpdate };
    }
    return targetOfStored(findStoredStruct(doc.store, struct.origin));
  };

  // Iterative walk along origins (a long offline session is a long chain), memoised, with
  // cycle detection: a forged update may make two structs name each other as origin.
  const resolve = (start: NewStruct): Target => {
    const chain: NewStruct[] = [];
    const onChain = new Set<NewStruct>();
    let current = start;
    let result: Target;
    let lastStep: Target | undefined;
    for (;;) {
      const known = memo.get(current);
      if (known !== undefined) {
        result = known;
        break;
      }
      if (onChain.has(current)) {
        result = JUNK;
        break;
      }
      chain.push(current);
      onChain.add(current);
      const next = step(current);
      if (next.kind !== 'follow') {
        result = next;
        lastStep = next;
        break;
      }
      current = next.next;
    }
    // An item continuing a GC struct is turned into GC by Yjs: junk, never a cell write.
    const inherited = result.kind === 'inert' ? JUNK : result;
    chain.forEach((struct, index) => {
      const isLast = index === chain.length - 1 && lastStep !== undefined;
      memo.set(struct, isLast ? result : inherited);
    });
    return memo.get(start) ?? inherited;
  };

  for (const struct of update.structs) {
    resolve(struct);
  }
  return memo;
}

export function targetOfStoredItem(doc: Y.Doc, item: Y.Item): Target {
  if (item.parentSub === null) {
    return JUNK;
  }
  if (item.parent === doc.getMap(CELLS_MAP)) {
    return { kind: 'key', root: CELLS_MAP, key: item.parentSub };
  }
  if (item.parent === doc.getMap(META_MAP)) {
    return { kind: 'key', root: META_MAP, key: item.parentSub };
  }
  return JUNK;
}
