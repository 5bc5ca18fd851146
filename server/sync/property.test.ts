import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getCells, isQuantity, parseCellKey } from './layout.ts';
import {
  cellsOf,
  eventually,
  householdRowsPolicy,
  startTestServer,
  type TestClient,
  type TestServer,
} from './test-harness.ts';

// Several real clients interleave valid edits of their own row with forged ones (other
// rows, invalid values, values above the policy's maximum), without waiting for each
// other. Only the owner writes its row validly, so the expected sheet is each owner's last
// valid operation, whatever order the server receives things in.

const HOUSEHOLDS = ['h1', 'h2', 'h3'] as const;
const PRODUCTS = ['p1', 'p2'] as const;
const MAXIMUM = 9000;

type Action =
  | { kind: 'set'; client: number; product: string; value: number }
  | { kind: 'delete'; client: number; product: string }
  | { kind: 'forge-set'; client: number; victim: number; product: string; value: number }
  | { kind: 'forge-delete'; client: number; victim: number; product: string }
  | { kind: 'bad-value'; client: number; product: string; value: unknown }
  | { kind: 'above-maximum'; client: number; product: string }
  | { kind: 'yield' };

const client = fc.integer({ min: 0, max: HOUSEHOLDS.length - 1 });
const product = fc.constantFrom(...PRODUCTS);
const quantity = fc.integer({ min: 0, max: MAXIMUM / 500 }).map((steps) => steps * 500);
const action: fc.Arbitrary<Action> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('set'), client, product, value: quantity }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete'), client, product }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('forge-set'),
      client,
      victim: client,
      product,
      value: quantity,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('forge-delete'), client, victim: client, product }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('bad-value'),
      client,
      product,
      value: fc.constantFrom<unknown>('2 kg', -500, 0.5, null, [1]),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('above-maximum'), client, product }) },
  { weight: 2, arbitrary: fc.constant({ kind: 'yield' } as const) },
);

let server: TestServer;
let run = 0;

beforeAll(async () => {
  server = await startTestServer({
    policy: householdRowsPolicy(MAXIMUM),
    limits: { maxInvalidUpdatesPerConnection: 10_000 },
  });
});

afterAll(async () => {
  await server.close();
});

describe('authority under interleaved valid and forged edits (property)', () => {
  it('stores and shows exactly the valid edits, and every client converges to the server', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 5, maxLength: 30 }), async (actions) => {
        run++;
        const sheetId = `sheet-${run}`;
        const clients = HOUSEHOLDS.map((householdId, index) =>
          server.connect(sheetId, { userId: `user-${index}`, householdIds: [householdId] }),
        );
        try {
          await Promise.all(clients.map((c) => c.whenSynced()));
          const expected: Record<string, number | undefined> = {};
          const validOps = HOUSEHOLDS.map(() => [] as Array<[string, number | undefined]>);
          for (const step of actions) {
            await perform(step, clients, expected, validOps);
          }
          // A last valid edit per client: once every client shows all of them, everything
          // each client sent before has been decided, stored and relayed (per-socket and
          // per-sheet order, relay after storage).
          clients.forEach((_c, index) => {
            void perform(
              { kind: 'set', client: index, product: 'end', value: run },
              clients,
              expected,
              validOps,
            );
          });
          const model = Object.fromEntries(
            Object.entries(expected).filter(([, v]) => v !== undefined),
          );
          for (const c of clients) {
            await eventually(() => expect(cellsOf(c.doc)).toEqual(model));
          }
          expect(cellsOf(server.sync.getDoc(sheetId)!)).toEqual(model);
          const entries = server.persistence.entries(sheetId);
          const reloaded = new Y.Doc();
          Y.applyUpdate(reloaded, Y.mergeUpdates(entries.map((entry) => entry.update)));
          expect(cellsOf(reloaded)).toEqual(model);
          HOUSEHOLDS.forEach((householdId, index) => {
            const stored = entries
              .filter((e) => e.meta.kind === 'edit' && e.meta.principal?.userId === `user-${index}`)
              .flatMap((entry) => entry.meta.changes);
            for (const change of stored) {
              expect(parseCellKey(change.key)?.householdId).toBe(householdId);
              expect(change.newValue === undefined || isQuantity(change.newValue)).toBe(true);
            }
            expect(stored.map((change) => [change.key, change.newValue])).toEqual(validOps[index]);
          });
          expect(server.logger.errors()).toEqual([]);
        } finally {
          for (const c of clients) {
            c.destroy();
          }
          await server.sync.closeDocument(sheetId);
        }
      }),
      { numRuns: 40, endOnFailure: true },
    );
  });
});

async function perform(
  step: Action,
  clients: readonly TestClient[],
  expected: Record<string, number | undefined>,
  validOps: Array<Array<[string, number | undefined]>>,
): Promise<void> {
  if (step.kind === 'yield') {
    await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  const actor = clients[step.client]!;
  const cells = getCells(actor.doc) as Y.Map<unknown>;
  const own = `${HOUSEHOLDS[step.client]}:${step.product}`;
  if (step.kind === 'set') {
    cells.set(own, step.value);
    expected[own] = step.value;
    validOps[step.client]!.push([own, step.value]);
  } else if (step.kind === 'delete') {
    if (cells.has(own)) {
      cells.delete(own);
      // Clearing a cell the server holds no value for (e.g. one showing a refused value
      // not yet corrected) changes nothing and is not stored.
      if (expected[own] !== undefined) {
        validOps[step.client]!.push([own, undefined]);
      }
      expected[own] = undefined;
    }
  } else if (step.kind === 'bad-value') {
    cells.set(own, step.value);
  } else if (step.kind === 'above-maximum') {
    cells.set(own, MAXIMUM + 500);
  } else if (step.victim !== step.client) {
    const target = `${HOUSEHOLDS[step.victim]}:${step.product}`;
    if (step.kind === 'forge-set') {
      cells.set(target, step.value);
    } else {
      cells.delete(target);
    }
  }
}
