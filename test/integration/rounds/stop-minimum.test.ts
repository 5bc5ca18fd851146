import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { roundOffers, roundStops } from '#app/db/schema.ts';
import type { Organisation } from '#app/models/organisation.server.ts';
import { openSheet } from '#app/models/sheet.server.ts';
import {
  action as roundAction,
  loader as roundLoader,
} from '#app/routes/o.$slug.tournees.$roundId/route.tsx';
import { makeOrganisation } from '#test/factories/index.ts';
import { makeOrder, makeRound, makeRoundProduct, makeStop } from '#test/factories/rounds.ts';
import { makeGroupWithHouseholds } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

const { db } = setupTestDatabase();

const POSITIVE =
  'Le minimum de commande doit être supérieur à 0 € (laissez vide pour ne pas en fixer).';
const NOT_FOUND = 'Arrêt introuvable dans cette tournée.';

let producer: Organisation;
let otherProducer: Organisation;
let cookie: string;
let buyer: Organisation;
let scene: Awaited<ReturnType<typeof makeGroupWithHouseholds>>;

beforeAll(async () => {
  const made = await makeOrganisation({ kind: 'producer', name: 'Ferme du Minimum' });
  producer = made.organisation;
  cookie = await sessionCookieFor(made.owner.id);
  otherProducer = (await makeOrganisation({ kind: 'producer', name: 'Ferme d’à côté' }))
    .organisation;
  buyer = (await makeOrganisation({ kind: 'buyer', name: 'Bistrot du Minimum' })).organisation;
  scene = await makeGroupWithHouseholds({ households: 4, name: 'Voisins du Minimum' });
});

let roundCount = 0;
const nextTitle = () => `Tournée ${++roundCount}`;

const roundPath = (roundId: string) => `/o/${producer.slug}/tournees/${roundId}`;

function post(roundId: string, fields: Record<string, string>) {
  return call(roundAction, {
    request: postRequest(roundPath(roundId), fields, cookie),
    params: { slug: producer.slug, roundId },
  });
}

async function pageOf(roundId: string) {
  const response = await call(roundLoader, {
    request: getRequest(roundPath(roundId), cookie),
    params: { slug: producer.slug, roundId },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as {
    stops: { name: string; minimumOrder: string; minimumStatus: string }[];
  };
  // Intl writes narrow no-break spaces before « € »: compare with plain spaces.
  return body.stops.map((s) => ({
    name: s.name,
    minimumOrder: s.minimumOrder,
    minimumStatus: s.minimumStatus.replace(/[\u00A0\u202F]/g, ' '),
  }));
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { result?: { error?: Record<string, string[]> } };
  return body.result?.error ?? {};
}

async function minimumsOf(roundId: string) {
  const stops = await db()
    .select()
    .from(roundStops)
    .where(eq(roundStops.roundId, roundId))
    .orderBy(asc(roundStops.position));
  return stops.map((s) => [s.organisationId, s.minimumOrderCents]);
}

function addStop(roundId: string, organisationId: string, minimumOrder: string) {
  return post(roundId, {
    intent: 'add-stop',
    organisationId,
    windowStart: '17:00',
    windowEnd: '19:00',
    orderDeadline: '2027-03-30T18:00',
    minimumOrder,
  });
}

async function roundWithStops(deliveryOn: string) {
  const round = await makeRound({ title: nextTitle(), producerId: producer.id, deliveryOn });
  expect((await addStop(round.id, scene.group.id, '150,00')).status).toBe(302);
  expect((await addStop(round.id, buyer.id, '')).status).toBe(302);
  const stops = await db()
    .select()
    .from(roundStops)
    .where(eq(roundStops.roundId, round.id))
    .orderBy(asc(roundStops.position));
  return { round, groupStop: stops[0]!, buyerStop: stops[1]! };
}

describe('minimum de commande d’un arrêt', () => {
  it('se fixe à l’ajout de l’arrêt (vide : aucun)', async () => {
    const { round } = await roundWithStops('2027-04-01');
    expect(await minimumsOf(round.id)).toEqual([
      [scene.group.id, 15_000],
      [buyer.id, null],
    ]);
  });

  it.each([
    ['zéro', '0', POSITIVE],
    ['négatif', '-3', '« -3 » : une valeur négative n’est pas acceptée.'],
    ['illisible', 'beaucoup', '« beaucoup » n’est pas un nombre (exemple : 12,50).'],
  ])('à l’ajout, refuse %s sous le champ, sans rien écrire', async (_label, text, message) => {
    const round = await makeRound({
      title: nextTitle(),
      producerId: producer.id,
      deliveryOn: '2027-04-01',
    });
    const errors = await errorsOf(await addStop(round.id, buyer.id, text));
    expect(errors.minimumOrder).toEqual([message]);
    expect(await minimumsOf(round.id)).toEqual([]);
  });

  it('se modifie, s’efface, et refuse une mauvaise valeur sans rien changer', async () => {
    const { round, groupStop, buyerStop } = await roundWithStops('2027-04-01');
    const update = (stopId: string, minimumOrder: string) =>
      post(round.id, { intent: 'update-stop-minimum', stopId, minimumOrder });

    expect((await update(buyerStop.id, '80,5')).status).toBe(302);
    expect((await update(groupStop.id, '')).status).toBe(302);
    expect(await minimumsOf(round.id)).toEqual([
      [scene.group.id, null],
      [buyer.id, 8_050],
    ]);

    for (const [text, message] of [
      ['0', POSITIVE],
      ['-1', '« -1 » : une valeur négative n’est pas acceptée.'],
      ['12,345', expect.stringContaining('12,345')],
      ['douze', '« douze » n’est pas un nombre (exemple : 12,50).'],
    ] as const) {
      const errors = await errorsOf(await update(buyerStop.id, text));
      expect(errors.minimumOrder).toEqual([message]);
    }
    expect(await minimumsOf(round.id)).toEqual([
      [scene.group.id, null],
      [buyer.id, 8_050],
    ]);
  });

  it('refuse l’arrêt d’une autre tournée (d’un autre producteur) avec « introuvable », sans le modifier', async () => {
    const { round } = await roundWithStops('2027-04-01');
    const foreignRound = await makeRound({
      title: nextTitle(),
      producerId: otherProducer.id,
      deliveryOn: '2027-04-01',
    });
    const foreignStop = await makeStop({
      roundId: foreignRound.id,
      organisationId: buyer.id,
      position: 1,
      orderDeadlineAt: new Date('2027-03-30T16:00:00Z'),
    });
    for (const stopId of [foreignStop.id, 'pas-un-uuid', '00000000-0000-4000-8000-000000000000']) {
      const errors = await errorsOf(
        await post(round.id, { intent: 'update-stop-minimum', stopId, minimumOrder: '10' }),
      );
      expect(errors.stopId).toEqual([NOT_FOUND]);
    }
    expect(await minimumsOf(foreignRound.id)).toEqual([[buyer.id, null]]);

    // The other producer's round itself is out of reach (the route's ownership check).
    const response = await call(roundAction, {
      request: postRequest(
        `/o/${producer.slug}/tournees/${foreignRound.id}`,
        { intent: 'update-stop-minimum', stopId: foreignStop.id, minimumOrder: '10' },
        cookie,
      ),
      params: { slug: producer.slug, roundId: foreignRound.id },
    });
    expect(response.status).toBe(404);
    expect(await minimumsOf(foreignRound.id)).toEqual([[buyer.id, null]]);
  });

  it('ne se modifie plus une fois la tournée livrée', async () => {
    const round = await makeRound({
      title: nextTitle(),
      producerId: producer.id,
      deliveryOn: '2027-04-01',
      status: 'delivered',
    });
    const stop = await makeStop({
      roundId: round.id,
      organisationId: buyer.id,
      position: 1,
      orderDeadlineAt: new Date('2027-03-30T16:00:00Z'),
    });
    const response = await post(round.id, {
      intent: 'update-stop-minimum',
      stopId: stop.id,
      minimumOrder: '10',
    });
    expect(response.status).toBe(409);
    expect(await minimumsOf(round.id)).toEqual([[buyer.id, null]]);
  });

  it('la liste des arrêts compare le commandé (commandes et feuille ouverte) au minimum', async () => {
    const { round, groupStop, buyerStop } = await roundWithStops('2027-04-01');
    const carrots = await makeRoundProduct(producer.id, { name: 'Carottes' }); // 2,80 € TTC, 2,30 € HT
    const eggs = await makeRoundProduct(producer.id, { name: 'Œufs', saleUnit: 'dozen' });
    const honey = await makeRoundProduct(producer.id, {
      name: 'Miel',
      consumerPriceGrossCents: 333,
    });
    // Variable weight: counted in pieces, priced by their estimated weight (1,6 kg at 12,90 €/kg).
    const chicken = await makeRoundProduct(producer.id, {
      name: 'Poulet',
      isVariableWeight: true,
      estimatedWeightGrams: 1600,
      stepMilli: 1000,
      consumerPriceGrossCents: 1290,
    });
    const [carrotOffer, eggOffer, honeyOffer, chickenOffer] = await db()
      .insert(roundOffers)
      .values([
        { roundId: round.id, productId: carrots.id },
        { roundId: round.id, productId: eggs.id, consumerPriceOverrideCents: 390 },
        { roundId: round.id, productId: honey.id },
        { roundId: round.id, productId: chicken.id },
      ])
      .returning();
    const [a, b, c, d] = scene.households;
    const seller = { roundId: round.id, sellerId: producer.id };
    // Household A: an order the open sheet will replace (A has cells there): counted by the cells.
    await makeOrder({
      ...seller,
      stopId: groupStop.id,
      householdId: a!.householdId,
      status: 'open',
      lines: [{ product: carrots, quantityMilli: 1500 }],
    });
    // Household C: an order only (no cell): 1 kg × 2,80 € = 2,80 €, and one chicken: 20,64 €.
    await makeOrder({
      ...seller,
      stopId: groupStop.id,
      householdId: c!.householdId,
      lines: [
        { product: carrots, quantityMilli: 1000 },
        { product: chicken, quantityMilli: 1000 },
      ],
    });
    // A cancelled order does not count.
    await makeOrder({
      ...seller,
      stopId: groupStop.id,
      householdId: d!.householdId,
      status: 'cancelled',
      lines: [{ product: carrots, quantityMilli: 50_000 }],
    });
    // The buyer: 2 kg × 2,30 € HT = 4,60 €.
    await makeOrder({
      ...seller,
      stopId: buyerStop.id,
      customerOrganisationId: buyer.id,
      lines: [{ product: carrots, quantityMilli: 2000 }],
    });

    // The group's open sheet covers this stop and the other producer's (same group).
    const foreignRound = await makeRound({
      title: nextTitle(),
      producerId: otherProducer.id,
      deliveryOn: '2027-04-01',
    });
    const foreignStop = await makeStop({
      roundId: foreignRound.id,
      organisationId: scene.group.id,
      position: 1,
      orderDeadlineAt: new Date('2027-03-30T16:00:00Z'),
    });
    const cheese = await makeRoundProduct(otherProducer.id, {
      name: 'Tomme',
      consumerPriceGrossCents: 2600,
    });
    const [cheeseOffer] = await db()
      .insert(roundOffers)
      .values({ roundId: foreignRound.id, productId: cheese.id })
      .returning();
    const opened = await openSheet({
      groupId: scene.group.id,
      userId: scene.coordinator.id,
      title: 'Semaine du minimum',
      stopIds: [groupStop.id, foreignStop.id],
      now: new Date(),
    });
    if (!opened.ok) {
      throw new Error(opened.error);
    }
    const cell = (householdId: string, offer: typeof carrotOffer, quantityMilli: number) => ({
      sheet_id: opened.sheet.id,
      household_id: householdId,
      product_id: offer!.productId,
      offer_id: offer!.id,
      quantity_milli: quantityMilli,
    });
    await getSql()`insert into sheet_cells ${getSql()([
      cell(a!.householdId, carrotOffer, 2000), // 5,60 €
      cell(b!.householdId, eggOffer, 1500), // 1,5 × 3,90 € (the round's price) = 5,85 €
      cell(b!.householdId, honeyOffer, 500), // 0,5 kg × 3,33 € = 1,665 → 1,67 € (half-up)
      cell(b!.householdId, cheeseOffer, 3000), // the other producer's: not counted here
      cell(d!.householdId, chickenOffer, 2000), // 2 × 1,6 kg × 12,90 € = 41,28 €
    ])}`;

    // 2,80 + 20,64 + 5,60 + 5,85 + 1,67 + 41,28 = 77,84 €.
    expect(await pageOf(round.id)).toEqual([
      {
        name: 'Voisins du Minimum',
        minimumOrder: '150,00',
        minimumStatus: 'Minimum 150,00 € · commandé 77,84 € : il manque 72,16 €',
      },
      {
        name: 'Bistrot du Minimum',
        minimumOrder: '',
        minimumStatus: 'Pas de minimum · commandé 4,60 €',
      },
    ]);

    expect(
      (
        await post(round.id, {
          intent: 'update-stop-minimum',
          stopId: buyerStop.id,
          minimumOrder: '4,60',
        })
      ).status,
    ).toBe(302);
    expect((await pageOf(round.id))[1]!.minimumStatus).toBe(
      'Minimum 4,60 € · commandé 4,60 € : atteint',
    );

    // Once the sheet is closed its cells are no longer counted twice: only the orders remain.
    await getSql()`update sheets set status = 'closed', closed_at = now() where id = ${opened.sheet.id}`;
    expect((await pageOf(round.id))[0]!.minimumStatus).toBe(
      'Minimum 150,00 € · commandé 27,64 € : il manque 122,36 €',
    );
  });

  it('la duplication de la tournée reprend les minimums', async () => {
    const { round, buyerStop } = await roundWithStops('2027-04-01');
    await post(round.id, {
      intent: 'update-stop-minimum',
      stopId: buyerStop.id,
      minimumOrder: '45',
    });
    const response = await post(round.id, { intent: 'duplicate', deliveryOn: '2027-04-08' });
    expect(response.status).toBe(302);
    const copyId = response.headers.get('Location')!.split('/').at(-1)!;
    expect(copyId).not.toBe(round.id);
    expect(await minimumsOf(copyId)).toEqual([
      [scene.group.id, 15_000],
      [buyer.id, 4_500],
    ]);
  });
});
