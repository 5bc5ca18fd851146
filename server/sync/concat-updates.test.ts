import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { concatSequentialUpdates } from './concat-updates.ts';
import { getCells } from './layout.ts';

// The batcher relays one merged update per batch: it must equal the batch's updates
// applied one by one, for any mix of clients, overwrites and deletions.

const step = fc.record({
  client: fc.integer({ min: 0, max: 3 }),
  key: fc.constantFrom('h1:p1', 'h1:p2', 'h2:p1'),
  value: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }),
});

describe('concatSequentialUpdates', () => {
  it('equals applying the updates of one document one by one', () => {
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 40 }), fc.nat(40), (steps, split) => {
        const replicas = [0, 1, 2, 3].map(() => new Y.Doc());
        const server = new Y.Doc();
        const before = new Y.Doc();
        const emitted: Uint8Array[] = [];
        server.on('update', (update: Uint8Array) => emitted.push(update));
        steps.forEach((s, index) => {
          const replica = replicas[s.client]!;
          Y.applyUpdate(replica, Y.encodeStateAsUpdate(server, Y.encodeStateVector(replica)));
          if (s.value === undefined) {
            getCells(replica).delete(s.key);
          } else {
            getCells(replica).set(s.key, s.value);
          }
          Y.applyUpdate(server, Y.encodeStateAsUpdate(replica, Y.encodeStateVector(server)));
          if (index === Math.min(split, steps.length - 1)) {
            Y.applyUpdate(before, Y.encodeStateAsUpdate(server));
            emitted.length = 0;
          }
        });
        if (emitted.length === 0) {
          return;
        }
        Y.applyUpdate(before, concatSequentialUpdates(emitted));
        expect(getCells(before).toJSON()).toEqual(getCells(server).toJSON());
        expect(Y.encodeStateVector(before)).toEqual(Y.encodeStateVector(server));
        expect(before.store.pendingStructs).toBeNull();
        expect(before.store.pendingDs).toBeNull();
      }),
      { numRuns: 100 },
    );
  });
});
