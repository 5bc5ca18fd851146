import type * as Y from 'yjs';
import { type IncomingUpdate, type NewStruct, readIncomingUpdate } from './incoming-update.ts';
import { buildUpdateIndex, evaluateKey } from './key-winner.ts';
import { CELLS_MAP, getCells, getMeta, isQuantity, parseCellKey } from './layout.ts';
import { REJECTIONS, type Rejection } from './rejections.ts';
import { type MapRoot, resolveTargets, type Target, targetOfStoredItem } from './struct-targets.ts';
import type { CellChange } from './types.ts';

export interface TouchedKey {
  readonly root: MapRoot;
  readonly key: string;
  readonly oldValue: unknown;
  /** The update deletes the value the server currently shows for this key. */
  readonly currentDeleted: boolean;
}

/** A value the server writes after the update so that the sender's intent wins. */
export interface Rebase {
  readonly key: string;
  readonly value: number | undefined;
}

export interface CheckedUpdate {
  readonly kind: 'checked';
  readonly update: IncomingUpdate;
  readonly targets: ReadonlyMap<NewStruct, Target>;
  readonly touched: readonly TouchedKey[];
  /** Structural refusal, decided before any policy is asked. */
  readonly invalid: Rejection | null;
  readonly changes: readonly CellChange[];
  readonly rebases: readonly Rebase[];
}

export type Analysis =
  | { readonly kind: 'malformed' }
  /** Depends on clocks the server has not received yet: retry once they arrive. */
  | { readonly kind: 'missing' }
  | { readonly kind: 'noop' }
  | CheckedUpdate;

export interface AnalyzeOptions {
  /** Update message (one transaction) rather than sync step 2 (whole state). */
  readonly live: boolean;
  readonly serverClientId: number;
}

interface KeyEntry {
  readonly root: MapRoot;
  readonly key: string;
  readonly structs: NewStruct[];
  currentDeleted: boolean;
  repeatedDeletion: boolean;
}

export function analyzeUpdate(doc: Y.Doc, bytes: Uint8Array, options: AnalyzeOptions): Analysis {
  const read = readIncomingUpdate(doc, bytes, { collectRepeatedDeletions: options.live });
  if (read.kind !== 'update') {
    return read;
  }
  const update = read.update;
  const targets = resolveTargets(doc, update, options.serverClientId);
  let hasJunk = false;
  for (const target of targets.values()) {
    if (target.kind === 'missing') {
      return { kind: 'missing' };
    }
    hasJunk ||= target.kind === 'junk';
  }
  const entries = groupByKey(doc, update, targets);
  hasJunk ||= entries.hasJunk;
  if (update.structs.length === 0 && entries.keys.size === 0 && !hasJunk) {
    return { kind: 'noop' };
  }
  const touched = [...entries.keys.values()].map((entry) => ({
    root: entry.root,
    key: entry.key,
    oldValue: (entry.root === CELLS_MAP ? getCells(doc) : getMeta(doc)).get(entry.key),
    currentDeleted: entry.currentDeleted,
  }));
  const base = { kind: 'checked', update, targets, touched, changes: [], rebases: [] } as const;
  const invalid = hasJunk ? REJECTIONS.invalidStructure : validateEntries(entries.keys.values());
  if (invalid !== null) {
    return { ...base, invalid };
  }
  return evaluateEntries(doc, update, entries.keys.values(), base);
}

function groupByKey(
  doc: Y.Doc,
  update: IncomingUpdate,
  targets: ReadonlyMap<NewStruct, Target>,
): { keys: Map<string, KeyEntry>; hasJunk: boolean } {
  const keys = new Map<string, KeyEntry>();
  let hasJunk = false;
  const entryOf = (root: MapRoot, key: string): KeyEntry => {
    const name = `${root}\u0000${key}`;
    let entry = keys.get(name);
    if (entry === undefined) {
      entry = { root, key, structs: [], currentDeleted: false, repeatedDeletion: false };
      keys.set(name, entry);
    }
    return entry;
  };
  for (const struct of update.structs) {
    const target = targets.get(struct);
    if (target?.kind === 'key') {
      entryOf(target.root, target.key).structs.push(struct);
    }
  }
  for (const { item, coversLast } of update.liveDeletions) {
    const target = targetOfStoredItem(doc, item);
    if (target.kind !== 'key') {
      hasJunk = true;
      continue;
    }
    const entry = entryOf(target.root, target.key);
    entry.currentDeleted ||= coversLast;
  }
  const cells = getCells(doc);
  for (const item of update.repeatedDeletions) {
    const target = targetOfStoredItem(doc, item);
    if (target.kind === 'key' && target.root === CELLS_MAP && cells.get(target.key) !== undefined) {
      entryOf(target.root, target.key).repeatedDeletion = true;
    }
  }
  return { keys, hasJunk };
}

function validateEntries(entries: Iterable<KeyEntry>): Rejection | null {
  let invalid: Rejection | null = null;
  for (const entry of entries) {
    if (entry.root !== CELLS_MAP) {
      return REJECTIONS.invalidStructure;
    }
    for (const struct of entry.structs) {
      if (struct.content.kind === 'other') {
        return REJECTIONS.invalidStructure;
      }
      if (struct.content.kind === 'values' && !struct.content.values.every(isQuantity)) {
        invalid ??= REJECTIONS.invalidQuantity;
      }
    }
    if (parseCellKey(entry.key) === null) {
      invalid = REJECTIONS.invalidKey;
    }
  }
  return invalid;
}

function evaluateEntries(
  doc: Y.Doc,
  update: IncomingUpdate,
  entries: Iterable<KeyEntry>,
  base: Omit<CheckedUpdate, 'invalid'>,
): CheckedUpdate {
  const cells = getCells(doc);
  const index = buildUpdateIndex(doc.store, update);
  const changes: CellChange[] = [];
  const rebases: Rebase[] = [];
  for (const entry of entries) {
    const cell = parseCellKey(entry.key)!;
    const oldValue = cells.get(entry.key);
    let newValue: number | undefined;
    if (entry.structs.length === 0 && !entry.currentDeleted && entry.repeatedDeletion) {
      // "Clear this cell" sent after someone else changed it: the later request wins.
      newValue = undefined;
      rebases.push({ key: entry.key, value: undefined });
    } else {
      const current = cells._map.get(entry.key);
      const outcome = evaluateKey(index, current, entry.structs, entry.currentDeleted);
      if (outcome.sameClientSiblings) {
        return { ...base, invalid: REJECTIONS.invalidStructure };
      }
      newValue = (outcome.intended === null ? outcome.yjsValue : outcome.intended.value) as
        | number
        | undefined;
      if (outcome.intended !== null && outcome.intended.value !== outcome.yjsValue) {
        // The sender's latest value lost a Yjs conflict (a concurrent write, or a server
        // correction it had not received yet): the server orders writes by arrival.
        rebases.push({ key: entry.key, value: newValue });
      }
    }
    changes.push({ key: entry.key, ...cell, oldValue, newValue });
  }
  return { ...base, invalid: null, changes, rebases };
}
