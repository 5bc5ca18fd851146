import { expect } from 'vitest';
import * as Y from 'yjs';
import { type Analysis, analyzeUpdate, type CheckedUpdate } from './analyze-update.ts';
import { getCells } from './layout.ts';
import { markLocal } from './refusal.ts';

// Test-only helpers (not a test file) shared by the analysis tests.

export function makeDoc(clientID: number): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = clientID;
  return doc;
}

export function diff(from: Y.Doc, to: Y.Doc): Uint8Array {
  return Y.encodeStateAsUpdate(from, Y.encodeStateVector(to));
}

export function analyze(server: Y.Doc, update: Uint8Array, live = false): Analysis {
  return analyzeUpdate(server, update, { live, serverClientId: server.clientID });
}

export function expectChecked(analysis: Analysis): CheckedUpdate {
  if (analysis.kind !== 'checked') {
    throw new Error(`expected a checked update, got ${analysis.kind}`);
  }
  return analysis;
}

/** Applies like the pipeline does and checks the prediction against Yjs. */
export function acceptAndVerify(server: Y.Doc, update: Uint8Array, checked: CheckedUpdate): void {
  const cells = getCells(server);
  const changedKeys = new Set<string | null>();
  server.transact((transaction) => {
    Y.applyUpdate(server, update);
    markLocal(transaction);
    for (const rebase of checked.rebases) {
      if (rebase.value === undefined) {
        cells.delete(rebase.key);
      } else {
        cells.set(rebase.key, rebase.value);
      }
    }
    for (const [type, keys] of transaction.changed) {
      expect(type).toBe(cells);
      for (const key of keys) {
        changedKeys.add(key);
      }
    }
  });
  const predicted = new Set(checked.changes.map((change) => change.key));
  for (const key of changedKeys) {
    expect(predicted).toContain(key);
  }
  for (const change of checked.changes) {
    expect(cells.get(change.key), change.key).toBe(change.newValue);
  }
}
