import * as Y from 'yjs';
import type { IncomingUpdate, NewStruct } from './incoming-update.ts';
import { findNewStruct, findStoredStruct, isNewClockDeleted } from './struct-lookup.ts';

// Predicts, without applying the update, which item a map key shows once Yjs integrates
// the update's new items. For map entries Yjs never sets a right origin, so YATA orders
// the items of one key as a tree: an item is a child of its origin (the value its author
// overwrote), siblings sort by ascending client ID, and the list is the pre-order walk of
// that tree. The visible value is the last item of the walk, reached from the root by
// always taking the child with the highest client ID. Existing items only matter along the
// current winner's origin chain (its path), so only that path is walked, and only up to
// the points where new items attach. Checked against Yjs in yjs-prediction.test.ts.

/** Built once per update (no per-key closures: this runs for every update received). */
export interface UpdateIndex {
  readonly store: Y.Doc['store'];
  readonly update: IncomingUpdate;
  /** New structs by origin `client:clock` (an origin fixes the key). */
  readonly children: ReadonlyMap<string, readonly NewStruct[]>;
}

export interface KeyOutcome {
  readonly yjsValue: unknown;
  /** Set when the update's items form one chain whose end is not what Yjs would show. */
  readonly intended: { readonly value: unknown } | null;
  /** Two siblings from the same client: never produced by Yjs, refused as forged. */
  readonly sameClientSiblings: boolean;
}

interface NewNode {
  readonly struct: NewStruct;
  readonly clock: number;
}

interface Attach {
  readonly id: Y.ID | null;
  /** Client of the existing path child at this point, null at the current leaf. */
  readonly pathChildClient: number | null;
  readonly depth: number;
}

interface Walk {
  readonly index: UpdateIndex;
  sameClientSiblings: boolean;
}

const NO_CHILDREN: readonly NewStruct[] = [];

export function buildUpdateIndex(store: Y.Doc['store'], update: IncomingUpdate): UpdateIndex {
  const children = new Map<string, NewStruct[]>();
  for (const struct of update.structs) {
    if (struct.origin !== null) {
      const name = idName(struct.origin);
      const siblings = children.get(name);
      if (siblings === undefined) {
        children.set(name, [struct]);
      } else {
        siblings.push(struct);
      }
    }
  }
  return { store, update, children };
}

/**
 * @param current the item the key shows now (`Y.Map._map`), deleted or not
 * @param structs the update's new structs for this key
 * @param currentDeleted whether the update deletes the current item's value
 */
export function evaluateKey(
  index: UpdateIndex,
  current: Y.Item | undefined,
  structs: readonly NewStruct[],
  currentDeleted: boolean,
): KeyOutcome {
  const walk: Walk = { index, sameClientSiblings: false };
  const winner = findWinner(walk, current, structs);
  const yjsValue =
    winner !== null
      ? nodeValue(index, winner)
      : current === undefined || current.deleted || currentDeleted
        ? undefined
        : current.content.getContent()[current.length - 1];
  const end = chainEnd(structs);
  const isEndWinner =
    end !== null && winner !== null && winner.struct === end.struct && winner.clock === end.clock;
  const intended = end === null || isEndWinner ? null : { value: nodeValue(index, end) };
  return { yjsValue, intended, sameClientSiblings: walk.sameClientSiblings };
}

function findWinner(
  walk: Walk,
  current: Y.Item | undefined,
  structs: readonly NewStruct[],
): NewNode | null {
  const attachments = new Map<string, { id: Y.ID | null; children: NewNode[] }>();
  for (const struct of structs) {
    if (struct.origin !== null && findNewStruct(walk.index.update, struct.origin) !== undefined) {
      continue;
    }
    const name = struct.origin === null ? 'root' : idName(struct.origin);
    const entry = attachments.get(name) ?? { id: struct.origin, children: [] };
    entry.children.push({ struct, clock: struct.clock });
    attachments.set(name, entry);
  }
  const ids = [...attachments.values()].map((entry) => entry.id);
  const points = walkPath(walk.index.store, current, ids);
  // From the root down: the first attach point where a new item beats the path child
  // takes the walk into the new items for good.
  points.sort((a, b) => b.depth - a.depth);
  for (const point of points) {
    const children = attachments.get(point.id === null ? 'root' : idName(point.id))?.children;
    const best = pick(walk, children ?? [], point.pathChildClient);
    if (best !== null) {
      return descendNew(walk, best);
    }
  }
  return null;
}

function pick(walk: Walk, candidates: readonly NewNode[], rival: number | null): NewNode | null {
  let best: NewNode | null = null;
  for (const candidate of candidates) {
    const client = candidate.struct.client;
    if (best !== null && client === best.struct.client) {
      walk.sameClientSiblings = true;
    }
    if (best === null || client > best.struct.client) {
      best = candidate;
    }
  }
  if (best !== null && rival === best.struct.client) {
    walk.sameClientSiblings = true;
  }
  return best !== null && (rival === null || best.struct.client > rival) ? best : null;
}

function descendNew(walk: Walk, start: NewNode): NewNode {
  let node = start;
  for (;;) {
    const candidates: NewNode[] = [];
    if (node.clock < node.struct.clock + node.struct.length - 1) {
      candidates.push({ struct: node.struct, clock: node.clock + 1 });
    }
    const name = `${node.struct.client}:${node.clock}`;
    for (const child of walk.index.children.get(name) ?? NO_CHILDREN) {
      candidates.push({ struct: child, clock: child.clock });
    }
    const next = pick(walk, candidates, null);
    if (next === null) {
      return node;
    }
    node = next;
  }
}

/** Attach points that lie on the current winner's path (others can never win). */
function walkPath(
  store: Y.Doc['store'],
  current: Y.Item | undefined,
  ids: ReadonlyArray<Y.ID | null>,
): Attach[] {
  const found: Attach[] = [];
  const pending = ids.filter((id): id is Y.ID => id !== null);
  const wantsRoot = pending.length < ids.length;
  let item = current;
  if (item === undefined) {
    return wantsRoot ? [{ id: null, pathChildClient: null, depth: Number.POSITIVE_INFINITY }] : [];
  }
  let top = item.id.clock + item.length - 1;
  let childClient: number | null = null;
  let depth = 0;
  for (;;) {
    const client = item.id.client;
    const first = item.id.clock;
    for (let index = pending.length - 1; index >= 0; index--) {
      const id = pending[index]!;
      if (id.client === client && id.clock >= first && id.clock <= top) {
        const pathChildClient = id.clock < top ? client : childClient;
        found.push({ id, pathChildClient, depth: depth + (top - id.clock) });
        pending.splice(index, 1);
      }
    }
    depth += top - first + 1;
    childClient = client;
    if (pending.length === 0 && !wantsRoot) {
      return found;
    }
    const origin: Y.ID | null = item.origin;
    const parent: Y.Item | Y.GC | undefined =
      origin === null ? undefined : findStoredStruct(store, origin);
    if (origin === null || !(parent instanceof Y.Item)) {
      if (wantsRoot) {
        found.push({ id: null, pathChildClient: client, depth: Number.POSITIVE_INFINITY });
      }
      return found;
    }
    item = parent;
    top = origin.clock;
  }
}

function chainEnd(structs: readonly NewStruct[]): NewNode | null {
  const first = structs[0];
  if (first === undefined || structs.some((struct) => struct.client !== first.client)) {
    return null;
  }
  const ordered = structs.length === 1 ? structs : [...structs].sort((a, b) => a.clock - b.clock);
  let previous = ordered[0]!;
  for (let position = 1; position < ordered.length; position++) {
    const struct = ordered[position]!;
    const origin = struct.origin;
    const continues =
      origin !== null &&
      origin.client === previous.client &&
      origin.clock === previous.clock + previous.length - 1;
    if (!continues) {
      return null;
    }
    previous = struct;
  }
  return { struct: previous, clock: previous.clock + previous.length - 1 };
}

function nodeValue(index: UpdateIndex, node: NewNode): unknown {
  const content = node.struct.content;
  if (
    content.kind !== 'values' ||
    isNewClockDeleted(index.update, node.struct.client, node.clock)
  ) {
    return undefined;
  }
  return content.values[node.clock - node.struct.clock];
}

function idName(id: Y.ID): string {
  return `${id.client}:${id.clock}`;
}
