import { afterEach, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { addOffer, removeOffer, updateOffer } from '#app/models/round-offer.server.ts';
import { makeRoundProduct } from '#test/factories/rounds.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { eventually, startSheetServer, synced } from '#test/utils/sheet-sync.ts';

// A producer changes a round's offers while a sheet over it is open and loaded: the live
// server takes the change at once (a new column is writable, a new stock is enforced), and a
// product households already typed on the sheet cannot be withdrawn from under them.

setupTestDatabase();

const servers: Awaited<ReturnType<typeof startSheetServer>>[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup() {
  const scenario = await makeSheetScenario({ households: 2, stockMilli: 5000 });
  const server = await startSheetServer();
  servers.push(server);
  return { ...scenario, server };
}

async function stored(sheetId: string, householdId: string, productId: string) {
  const [row] = await getSql()<{ quantity_milli: number }[]>`
    select quantity_milli from sheet_cells
    where sheet_id = ${sheetId} and household_id = ${householdId} and product_id = ${productId}`;
  return row?.quantity_milli;
}

const values = { stock: null, consumerPriceOverride: null, proPriceOverride: null };

describe('offres d’une tournée changées pendant une feuille ouverte', () => {
  it('un produit ajouté à la tournée se saisit aussitôt sur la feuille chargée', async () => {
    const f = await setup();
    const [alice, bob] = f.households;
    // Bob keeps the sheet loaded (with its rules) the whole time.
    const bobClient = await f.server.connect(f.sheet.id, bob!.user.id);
    await synced(bobClient);
    const leeks = await makeRoundProduct(f.offers.producer.id, {
      name: 'Poireaux',
      stepMilli: 1000,
    });
    const added = await addOffer({
      producerId: f.offers.producer.id,
      roundId: f.offers.round.id,
      input: { productId: leeks.id, ...values },
    });
    expect(added.ok).toBe(true);
    const aliceClient = await f.server.connect(f.sheet.id, alice!.user.id);
    await synced(aliceClient);
    const key = `${alice!.householdId}:${leeks.id}`;
    aliceClient.cells.set(key, 2000);
    await eventually(async () =>
      expect(await stored(f.sheet.id, alice!.householdId, leeks.id)).toBe(2000),
    );
    await eventually(() => expect(bobClient.cells.get(key)).toBe(2000));
  });

  it('un stock posé sur un produit jusque-là illimité vaut aussitôt pour la feuille chargée', async () => {
    const f = await setup();
    const [alice] = f.households;
    const client = await f.server.connect(f.sheet.id, alice!.user.id);
    await synced(client);
    const updated = await updateOffer({
      roundId: f.offers.round.id,
      input: { offerId: f.offers.eggOffer.id, ...values, stock: 1000 },
    });
    expect(updated.ok).toBe(true);
    // The refresh reconnects the client: write once it is back.
    await eventually(() =>
      expect(client.provider.wsconnected && client.provider.synced).toBe(true),
    );
    const key = `${alice!.householdId}:${f.offers.eggs.id}`;
    client.cells.set(key, 2000);
    await eventually(() => expect(client.cells.get(key)).toBeUndefined());
    expect(client.notices.map((n) => JSON.stringify(n)).join(' ')).toMatch(/Stock/);
    expect(await stored(f.sheet.id, alice!.householdId, f.offers.eggs.id)).toBeUndefined();
  });

  it('un produit déjà saisi sur la feuille ne peut pas être retiré de la tournée', async () => {
    const f = await setup();
    const [alice] = f.households;
    const client = await f.server.connect(f.sheet.id, alice!.user.id);
    await synced(client);
    const key = `${alice!.householdId}:${f.offers.eggs.id}`;
    client.cells.set(key, 1000);
    await eventually(async () =>
      expect(await stored(f.sheet.id, alice!.householdId, f.offers.eggs.id)).toBe(1000),
    );
    const refused = await removeOffer({
      roundId: f.offers.round.id,
      offerId: f.offers.eggOffer.id,
    });
    expect(refused).toMatchObject({
      ok: false,
      fieldErrors: { offerId: [expect.stringMatching(/déjà été commandé/)] },
    });
    client.cells.delete(key);
    await eventually(async () =>
      expect(await stored(f.sheet.id, alice!.householdId, f.offers.eggs.id)).toBeUndefined(),
    );
    expect(
      (await removeOffer({ roundId: f.offers.round.id, offerId: f.offers.eggOffer.id })).ok,
    ).toBe(true);
  });
});
