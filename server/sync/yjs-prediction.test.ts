import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { acceptAndVerify, analyze, diff, makeDoc } from './analyze-test-helpers.ts';
import { getCells } from './layout.ts';
import { applyRefusal } from './refusal.ts';

// Random replicas editing, syncing with each other and pushing to the server (as update
// messages or sync step 2), each push accepted or refused at random: every accepted
// prediction must match Yjs, every refusal must leave the server unchanged and, after the
// correction, the refused replica must show exactly the server's state.

const KEYS = ['h1:p1', 'h1:p2', 'h2:p1'] as const;
const CLIENT_IDS = [10, 500, 90_000] as const;
const clientIndex = fc.integer({ min: 0, max: CLIENT_IDS.length - 1 });
const operation = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('set' as const),
      client: clientIndex,
      key: fc.constantFrom(...KEYS),
      value: fc.integer({ min: 0, max: 5 }).map((units) => units * 1000),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('delete' as const),
      client: clientIndex,
      key: fc.constantFrom(...KEYS),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pull' as const), client: clientIndex }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('peer' as const),
      from: clientIndex,
      to: clientIndex,
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      client: clientIndex,
      live: fc.boolean(),
      refuse: fc.boolean(),
    }),
  },
);

describe('analyzeUpdate against Yjs (property)', () => {
  it('predicts every value Yjs shows and refusals leave the server unchanged', () => {
    fc.assert(
      fc.property(fc.array(operation, { minLength: 10, maxLength: 60 }), (operations) => {
        const server = makeDoc(1);
        const clients = CLIENT_IDS.map(makeDoc);
        const liveQueues = clients.map(() => [] as Uint8Array[]);
        clients.forEach((doc, index) => {
          doc.on('update', (update: Uint8Array, origin: unknown) => {
            if (origin !== 'remote') {
              liveQueues[index]!.push(update);
            }
          });
        });
        const push = (index: number, live: boolean, refuse: boolean): void => {
          const client = clients[index]!;
          const queue = liveQueues[index]!;
          const updates = live ? queue.splice(0) : [diff(client, server)];
          queue.length = 0;
          for (const update of updates) {
            const analysis = analyze(server, update, live);
            if (analysis.kind === 'missing') {
              push(index, false, refuse);
              return;
            }
            if (analysis.kind !== 'checked') {
              continue;
            }
            expect(analysis.invalid).toBeNull();
            if (!refuse) {
              acceptAndVerify(server, update, analysis);
              continue;
            }
            const before = getCells(server).toJSON();
            applyRefusal(server, analysis, new Set());
            expect(getCells(server).toJSON()).toEqual(before);
            if (!live) {
              Y.applyUpdate(client, diff(server, client), 'remote');
              expect(getCells(client).toJSON()).toEqual(getCells(server).toJSON());
            }
          }
        };
        for (const op of operations) {
          if (op.kind === 'set') {
            getCells(clients[op.client]!).set(op.key, op.value);
          } else if (op.kind === 'delete') {
            getCells(clients[op.client]!).delete(op.key);
          } else if (op.kind === 'pull') {
            const client = clients[op.client]!;
            Y.applyUpdate(client, diff(server, client), 'remote');
          } else if (op.kind === 'peer') {
            const target = clients[op.to]!;
            Y.applyUpdate(target, diff(clients[op.from]!, target), 'remote');
          } else {
            push(op.client, op.live, op.refuse);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});
