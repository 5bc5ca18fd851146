import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { getDb, getSql } from '#app/db/client.server.ts';
import { roundOffers } from '#app/db/schema.ts';
import { makeRoundProduct } from '#test/factories/rounds.ts';
import {
  makeGroupWithHouseholds,
  makeOpenSheet,
  makeRoundWithOffers,
} from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { eventually, type SheetClient, startSheetServer, synced } from '#test/utils/sheet-sync.ts';

// Real y-websocket clients send forged updates (another household's row, deletion of
// someone else's cell, writes after the deadline, above the shared stock, negative, off
// the step, unknown product) interleaved with valid ones. Each operation is awaited until
// the server has decided it; an observer records every value ever relayed. None of the
// forged values is relayed or stored; every valid one is, in Postgres too.

setupTestDatabase();

const HOUR = 3_600_000;
const servers: Awaited<ReturnType<typeof startSheetServer>>[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

type Op =
  | { kind: 'set'; who: 0 | 1; product: 0 | 1; steps: number }
  | { kind: 'delete'; who: 0 | 1; product: 0 | 1 }
  | { kind: 'other-row'; who: 0 | 1; product: 0 | 1; steps: number }
  | { kind: 'delete-other'; who: 0 | 1; product: 0 | 1 }
  | { kind: 'after-deadline'; steps: number }
  | { kind: 'above-stock'; who: 0 | 1 }
  | { kind: 'negative'; who: 0 | 1; product: 0 | 1; steps: number }
  | { kind: 'off-step'; who: 0 | 1 }
  | { kind: 'unknown-product'; who: 0 | 1; steps: number };

const who = fc.constantFrom<0 | 1>(0, 1);
const product = fc.constantFrom<0 | 1>(0, 1);
const steps = fc.integer({ min: 1, max: 4 });
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('set' as const), who, product, steps }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete' as const), who, product }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('other-row' as const), who, product, steps }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('delete-other' as const), who, product }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('after-deadline' as const), steps }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('above-stock' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('negative' as const), who, product, steps }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('off-step' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('unknown-product' as const), who, steps }),
  },
);

describe('mises à jour forgées par de vrais clients y-websocket', () => {
  let forgedTotal = 0;
  let validTotal = 0;

  it('aucune n’est relayée ni stockée, toutes les valides le sont', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 180, maxLength: 220 }), async (ops) => {
        let clock = new Date();
        const group = await makeGroupWithHouseholds({ households: 3 });
        const offers = await makeRoundWithOffers({ stockMilli: 100_000 });
        const rare = await makeRoundProduct(offers.producer.id, { name: 'Truffe', stepMilli: 500 });
        await getDb()
          .insert(roundOffers)
          .values({ roundId: offers.round.id, productId: rare.id, stockMilli: 1000 });
        const { sheet } = await makeOpenSheet({
          groupId: group.group.id,
          userId: group.coordinator.id,
          roundId: offers.round.id,
          now: clock,
        });
        // Rare product: all its stock is already taken by a pro order of the round.
        await getSql()`insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
          select ${sheet.id}, ${group.households[2]!.householdId}, ${rare.id}, id, 1000
          from round_offers where product_id = ${rare.id}`;
        const late = await makeGroupWithHouseholds({ households: 1 });
        const { sheet: lateSheet } = await makeOpenSheet({
          groupId: late.group.id,
          userId: late.coordinator.id,
          roundId: offers.round.id,
          position: 2,
          deadlineInHours: 1,
          now: clock,
        });
        const server = await startSheetServer({ now: () => clock });
        servers.push(server);
        const households = [group.households[0]!, group.households[1]!];
        const senders: SheetClient[] = [];
        for (const h of households) {
          senders.push(await server.connect(sheet.id, h.user.id));
        }
        const observer = await server.connect(sheet.id, group.coordinator.id);
        const lateClient = await server.connect(lateSheet.id, late.households[0]!.user.id);
        await Promise.all([...senders, observer, lateClient].map(synced));
        // Connected before the deadline of the late sheet, which now passes.
        clock = new Date(clock.getTime() + 2 * HOUR);

        const relayed: string[] = [];
        observer.cells.observe((event) => {
          // A correction of a refused write on an empty cell is a set-then-delete in one
          // transaction: a key "changed" with no value change, which is not a leak.
          for (const [key, change] of event.changes.keys) {
            const value = observer.cells.get(key);
            if (change.oldValue !== value) {
              relayed.push(`${key}=${String(value)}`);
            }
          }
        });
        const productIds = [offers.carrots.id, offers.eggs.id];
        const stepOf = [500, 1000];
        const key = (h: number, p: number) => `${households[h]!.householdId}:${productIds[p]}`;
        const model = new Map<string, number>();
        const validValues = new Set<string>();
        let validChanges = 0;

        const forge = async (
          client: SheetClient,
          mutate: () => void,
          cellKey: string,
          expected: number | undefined,
        ) => {
          const before = client.notices.length;
          mutate();
          forgedTotal++;
          await eventually(() => {
            expect(client.notices.length).toBeGreaterThan(before);
            expect(client.cells.get(cellKey)).toBe(expected);
          });
        };

        for (const o of ops) {
          switch (o.kind) {
            case 'set': {
              const k = key(o.who, o.product);
              const value = o.steps * stepOf[o.product]!;
              if (model.get(k) === value) {
                break;
              }
              senders[o.who]!.cells.set(k, value);
              model.set(k, value);
              validValues.add(`${k}=${value}`);
              validChanges++;
              validTotal++;
              await eventually(() => expect(observer.cells.get(k)).toBe(value));
              break;
            }
            case 'delete': {
              const k = key(o.who, o.product);
              if (!model.has(k)) {
                break;
              }
              senders[o.who]!.cells.delete(k);
              model.delete(k);
              validValues.add(`${k}=undefined`);
              validChanges++;
              validTotal++;
              await eventually(() => expect(observer.cells.has(k)).toBe(false));
              break;
            }
            case 'other-row': {
              const k = key(1 - o.who, o.product);
              const sender = senders[o.who]!;
              await forge(
                sender,
                () => sender.cells.set(k, o.steps * stepOf[o.product]!),
                k,
                model.get(k),
              );
              break;
            }
            case 'delete-other': {
              const k = key(1 - o.who, o.product);
              const sender = senders[o.who]!;
              if (!model.has(k)) {
                await forge(sender, () => sender.cells.set(k, stepOf[o.product]!), k, undefined);
                break;
              }
              await forge(sender, () => sender.cells.delete(k), k, model.get(k));
              break;
            }
            case 'after-deadline': {
              const k = `${late.households[0]!.householdId}:${offers.eggs.id}`;
              await forge(lateClient, () => lateClient.cells.set(k, o.steps * 1000), k, undefined);
              break;
            }
            case 'above-stock': {
              const k = `${households[o.who]!.householdId}:${rare.id}`;
              const sender = senders[o.who]!;
              await forge(sender, () => sender.cells.set(k, 500), k, undefined);
              break;
            }
            case 'negative': {
              const k = key(o.who, o.product);
              const sender = senders[o.who]!;
              await forge(
                sender,
                () => sender.cells.set(k, -o.steps * stepOf[o.product]!),
                k,
                model.get(k),
              );
              break;
            }
            case 'off-step': {
              const k = key(o.who, 0);
              const sender = senders[o.who]!;
              await forge(sender, () => sender.cells.set(k, 750), k, model.get(k));
              break;
            }
            case 'unknown-product': {
              const k = `${households[o.who]!.householdId}:${randomUUID()}`;
              const sender = senders[o.who]!;
              await forge(sender, () => sender.cells.set(k, o.steps * 1000), k, undefined);
              break;
            }
          }
        }
        const expected = Object.fromEntries(model);
        // Every client converged on exactly the valid edits.
        for (const client of [...senders, observer]) {
          const own = Object.fromEntries(
            Object.entries(client.cells.toJSON() as Record<string, number>).filter(
              ([k]) => !k.startsWith(group.households[2]!.householdId),
            ),
          );
          expect(own).toEqual(expected);
        }
        // Nothing forged was ever relayed to the observer.
        for (const seen of relayed) {
          expect(validValues.has(seen), seen).toBe(true);
        }
        expect(lateClient.cells.size).toBe(0);
        // Postgres: sheet_cells, the audit trail and the stored log agree with the model.
        await eventually(async () => {
          const rows = await getSql()<{ key: string; quantity_milli: number }[]>`
            select household_id || ':' || product_id as key, quantity_milli from sheet_cells
            where sheet_id = ${sheet.id} and product_id <> ${rare.id}`;
          expect(Object.fromEntries(rows.map((r) => [r.key, r.quantity_milli]))).toEqual(expected);
          const [audit] = await getSql()<{ count: number }[]>`
            select count(*)::int as count from sheet_cell_changes where sheet_id = ${sheet.id}`;
          expect(audit!.count).toBe(validChanges);
        });
        const log = await getSql()<{ update: Uint8Array }[]>`
          select update from sheet_updates where sheet_id = ${sheet.id} order by seq`;
        const stored = new Y.Doc();
        for (const row of log) {
          Y.applyUpdate(stored, row.update);
        }
        expect(stored.getMap('cells').toJSON()).toEqual(expected);
        const [lateLog] = await getSql()<{ count: number }[]>`
          select count(*)::int as count from sheet_cells where sheet_id = ${lateSheet.id}`;
        expect(lateLog!.count).toBe(0);
        for (const client of [...senders, observer, lateClient]) {
          client.destroy();
        }
      }),
      { numRuns: 9, endOnFailure: true },
    );
    expect(forgedTotal).toBeGreaterThanOrEqual(1000);
    expect(validTotal).toBeGreaterThan(200);
  }, 300_000);
});
