import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { trimDocContent, trimNewContent } from './compact-content.ts';
import { readIncomingUpdate } from './incoming-update.ts';
import { getCells } from './layout.ts';

// Trimming the decoded values arrays (memory) must change nothing a replica can observe:
// values, the encoded state, and every later merge.

function valueArrays(doc: Y.Doc): unknown[][] {
  const arrays: unknown[][] = [];
  for (const structs of doc.store.clients.values()) {
    for (const struct of structs) {
      if (struct instanceof Y.Item && struct.content instanceof Y.ContentAny) {
        arrays.push(struct.content.arr);
      }
    }
  }
  return arrays;
}

const edit = fc.record({
  client: fc.integer({ min: 0, max: 2 }),
  key: fc.constantFrom('h1:p1', 'h1:p2', 'h2:p1', 'h2:p2'),
  value: fc.option(fc.integer({ min: 0, max: 9000 }), { nil: undefined }),
  sync: fc.boolean(),
});

describe('trimming decoded values', () => {
  it('replaces every decoded array by an equal copy and keeps the encoded state', () => {
    const source = new Y.Doc();
    for (let household = 0; household < 20; household++) {
      source.transact(() => {
        for (let product = 0; product < 10; product++) {
          getCells(source).set(`h${household}:p${product}`, household * 100 + product);
        }
      });
    }
    getCells(source).delete('h3:p3');
    const doc = new Y.Doc();
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(source));
    const before = valueArrays(doc);
    const encoded = Y.encodeStateAsUpdate(doc);
    trimDocContent(doc);
    const after = valueArrays(doc);
    expect(after).toHaveLength(199);
    expect(after).toEqual(before);
    for (const [index, array] of after.entries()) {
      expect(array).not.toBe(before[index]);
    }
    expect(Y.encodeStateAsUpdate(doc)).toEqual(encoded);
    expect(getCells(doc).toJSON()).toEqual(getCells(source).toJSON());
  });

  it('a server trimming after every applied update converges with one that does not', () => {
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 60 }), (edits) => {
        const replicas = [0, 1, 2].map(() => new Y.Doc());
        const trimmed = new Y.Doc();
        const plain = new Y.Doc();
        for (const step of edits) {
          const replica = replicas[step.client]!;
          if (step.sync) {
            Y.applyUpdate(replica, Y.encodeStateAsUpdate(trimmed, Y.encodeStateVector(replica)));
          }
          const vector = Y.encodeStateVector(trimmed);
          if (step.value === undefined) {
            getCells(replica).delete(step.key);
          } else {
            getCells(replica).set(step.key, step.value);
          }
          const update = Y.encodeStateAsUpdate(replica, vector);
          const read = readIncomingUpdate(trimmed, update, { collectRepeatedDeletions: false });
          Y.applyUpdate(trimmed, update);
          Y.applyUpdate(plain, update);
          if (read.kind === 'update') {
            trimNewContent(trimmed, read.update.byClient);
          }
          expect(Y.encodeStateAsUpdate(trimmed)).toEqual(Y.encodeStateAsUpdate(plain));
        }
        expect(getCells(trimmed).toJSON()).toEqual(getCells(plain).toJSON());
      }),
    );
  });
});
