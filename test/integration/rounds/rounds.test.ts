import { asc, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryRounds, roundOffers, roundStops } from '#app/db/schema.ts';
import type { Organisation } from '#app/models/organisation.server.ts';
import {
  action as listAction,
  loader as listLoader,
} from '#app/routes/o.$slug.tournees._index.tsx';
import {
  action as roundAction,
  loader as roundLoader,
} from '#app/routes/o.$slug.tournees.$roundId/route.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { makeOrder, makeRoundProduct } from '#test/factories/rounds.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

const { db } = setupTestDatabase();

let producer: Organisation;
let otherProducer: Organisation;
let group: Organisation;
let buyer: Organisation;
let cookie: string;
let householdId: string;

beforeAll(async () => {
  const made = await makeOrganisation({ kind: 'producer', name: 'Ferme des Tournées' });
  producer = made.organisation;
  cookie = await sessionCookieFor(made.owner.id);
  otherProducer = (await makeOrganisation({ kind: 'producer', name: 'Ferme Voisine' }))
    .organisation;
  group = (await makeOrganisation({ kind: 'group', name: 'Voisins des Pentes' })).organisation;
  buyer = (await makeOrganisation({ kind: 'buyer', name: 'Bistrot du Marché' })).organisation;
  householdId = (
    await addMember({ organisationId: group.id, user: await makeUser(), role: 'household' })
  ).householdId!;
});

const listPath = () => `/o/${producer.slug}/tournees`;

async function createRound(fields: Record<string, string>) {
  return call(listAction, {
    request: postRequest(listPath(), fields, cookie),
    params: { slug: producer.slug },
  });
}

function post(roundId: string, fields: Record<string, string>) {
  return call(roundAction, {
    request: postRequest(`${listPath()}/${roundId}`, fields, cookie),
    params: { slug: producer.slug, roundId },
  });
}

async function errorsOf(response: Response): Promise<Record<string, string[]>> {
  expect(response.status).toBeGreaterThanOrEqual(400);
  expect(response.status).toBeLessThan(500);
  const body = (await response.json()) as { result?: { error?: Record<string, string[]> } } & {
    error?: Record<string, string[]>;
  };
  return body.result?.error ?? body.error ?? {};
}

async function stopsOf(roundId: string) {
  return db()
    .select()
    .from(roundStops)
    .where(eq(roundStops.roundId, roundId))
    .orderBy(asc(roundStops.position));
}

async function newRound(deliveryOn: string, title = '') {
  const response = await createRound({ deliveryOn, title });
  expect(response.status).toBe(302);
  const roundId = response.headers.get('Location')!.split('/').at(-1)!;
  return roundId;
}

describe('créer une tournée', () => {
  it('crée la tournée et redirige vers sa page', async () => {
    const response = await createRound({ deliveryOn: '2027-03-25', title: 'Tournée des Pentes' });
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toMatch(new RegExp(`^${listPath()}/[0-9a-f-]{36}$`));
    const list = await call(listLoader, {
      request: getRequest(listPath(), cookie),
      params: { slug: producer.slug },
    });
    const body = (await list.json()) as { rounds: { day: string; title: string }[] };
    expect(body.rounds).toContainEqual(
      expect.objectContaining({ day: '25 mars 2027', title: 'Tournée des Pentes' }),
    );
  });

  it.each([
    [
      'date invalide',
      { deliveryOn: '2027-02-30' },
      'deliveryOn',
      'Choisissez une date de livraison valide.',
    ],
    ['date absente', { deliveryOn: '' }, 'deliveryOn', 'Choisissez une date de livraison valide.'],
    [
      'date passée',
      { deliveryOn: '2026-01-05' },
      'deliveryOn',
      'La date de livraison est déjà passée.',
    ],
    [
      'titre trop long',
      { deliveryOn: '2027-05-01', title: 'x'.repeat(121) },
      'title',
      'Au plus 120 caractères.',
    ],
  ])('refuse : %s, sans rien créer', async (_label, fields, field, message) => {
    const before = await db().select().from(deliveryRounds);
    const errors = await errorsOf(await createRound(fields));
    expect(errors[field]).toEqual([message]);
    expect(await db().select().from(deliveryRounds)).toHaveLength(before.length);
  });

  it('refuse un second « même titre, même jour » (casse et espaces ignorés)', async () => {
    await newRound('2027-06-03', 'Tournée du jeudi');
    const errors = await errorsOf(
      await createRound({ deliveryOn: '2027-06-03', title: ' tournée du JEUDI ' }),
    );
    expect(errors.deliveryOn).toEqual([
      'Une tournée « tournée du JEUDI » existe déjà le 3 juin 2027 : changez la date ou le titre.',
    ]);
    // Another title the same day is a second round, which is fine.
    await newRound('2027-06-03', 'Tournée du soir');
  });
});

describe('arrêts', () => {
  const validGroupStop = () => ({
    intent: 'add-stop',
    organisationId: group.id,
    address: '',
    windowStart: '17:00',
    windowEnd: '19:00',
    orderDeadline: '2027-03-23T18:00',
  });

  it('ajoute, ordonne, déplace et retire des arrêts', async () => {
    const roundId = await newRound('2027-03-25', 'Arrêts');
    expect((await post(roundId, validGroupStop())).status).toBe(302);
    expect(
      (
        await post(roundId, {
          intent: 'add-stop',
          organisationId: buyer.id,
          address: '3 quai Saint-Vincent, Lyon',
          orderDeadline: '2027-03-24T09:00',
        })
      ).status,
    ).toBe(302);
    let stops = await stopsOf(roundId);
    expect(stops.map((s) => [s.position, s.organisationId])).toEqual([
      [1, group.id],
      [2, buyer.id],
    ]);
    // Paris winter time (UTC+1) on 25 March 2027, three days before the switch.
    expect(stops[0]!.windowStartAt).toEqual(new Date('2027-03-25T16:00:00Z'));
    expect(stops[0]!.windowEndAt).toEqual(new Date('2027-03-25T18:00:00Z'));
    expect(stops[0]!.orderDeadlineAt).toEqual(new Date('2027-03-23T17:00:00Z'));
    expect(stops[1]!.address).toBe('3 quai Saint-Vincent, Lyon');

    expect(
      (await post(roundId, { intent: 'move-stop', stopId: stops[1]!.id, direction: 'up' })).status,
    ).toBe(302);
    stops = await stopsOf(roundId);
    expect(stops.map((s) => s.organisationId)).toEqual([buyer.id, group.id]);

    // Moving the first stop up changes nothing.
    expect(
      (await post(roundId, { intent: 'move-stop', stopId: stops[0]!.id, direction: 'up' })).status,
    ).toBe(302);
    expect((await stopsOf(roundId)).map((s) => s.organisationId)).toEqual([buyer.id, group.id]);

    expect((await post(roundId, { intent: 'remove-stop', stopId: stops[0]!.id })).status).toBe(302);
    stops = await stopsOf(roundId);
    expect(stops.map((s) => [s.position, s.organisationId])).toEqual([[1, group.id]]);

    const page = await call(roundLoader, {
      request: getRequest(`${listPath()}/${roundId}`, cookie),
      params: { slug: producer.slug, roundId },
    });
    const body = (await page.json()) as {
      stops: { name: string; window: string; deadline: string }[];
    };
    expect(body.stops).toEqual([
      expect.objectContaining({
        name: 'Voisins des Pentes',
        window: '17:00 – 19:00',
        deadline: '23 mars 2027 à 18:00',
      }),
    ]);
  });

  it.each([
    [
      'date limite après la fin du jour de livraison',
      { orderDeadline: '2027-03-26T08:00' },
      'orderDeadline',
      'La date limite de commande doit précéder la fin du jour de livraison (25 mars 2027).',
    ],
    [
      'date limite après le début du créneau',
      { orderDeadline: '2027-03-25T17:30' },
      'orderDeadline',
      'La date limite de commande doit précéder le début du créneau.',
    ],
    [
      'fin du créneau avant son début',
      { windowEnd: '16:00' },
      'windowEnd',
      'La fin du créneau doit être après son début.',
    ],
    ['heure illisible', { windowStart: '5h' }, 'windowStart', 'Heure invalide (exemple : 17:30).'],
    [
      'pas d’arrêt choisi',
      { organisationId: '' },
      'organisationId',
      'Choisissez un groupe ou un acheteur professionnel.',
    ],
    [
      'identifiant inconnu',
      { organisationId: '00000000-0000-4000-8000-000000000000' },
      'organisationId',
      'Choisissez un groupe ou un acheteur professionnel.',
    ],
  ])('refuse : %s, sans rien changer', async (_label, override, field, message) => {
    const roundId = await newRound('2027-03-25', `Refus ${field} ${Math.random()}`);
    const errors = await errorsOf(await post(roundId, { ...validGroupStop(), ...override }));
    expect(errors[field]).toEqual([message]);
    expect(await stopsOf(roundId)).toEqual([]);
  });

  it('refuse un producteur comme arrêt, et deux fois la même organisation', async () => {
    const roundId = await newRound('2027-03-25', 'Refus organisation');
    let errors = await errorsOf(
      await post(roundId, { ...validGroupStop(), organisationId: otherProducer.id }),
    );
    expect(errors.organisationId).toEqual([
      'Un arrêt est un groupe de voisinage ou un acheteur professionnel.',
    ]);
    expect((await post(roundId, validGroupStop())).status).toBe(302);
    errors = await errorsOf(await post(roundId, validGroupStop()));
    expect(errors.organisationId).toEqual(['Cette organisation est déjà un arrêt de la tournée.']);
    expect(await stopsOf(roundId)).toHaveLength(1);
  });

  it('ne retire pas un arrêt qui a des commandes', async () => {
    const roundId = await newRound('2027-03-25', 'Arrêt commandé');
    await post(roundId, validGroupStop());
    const [stop] = await stopsOf(roundId);
    const carrots = await makeRoundProduct(producer.id);
    await makeOrder({
      roundId,
      stopId: stop!.id,
      sellerId: producer.id,
      householdId,
      lines: [{ product: carrots, quantityMilli: 1000 }],
    });
    const errors = await errorsOf(await post(roundId, { intent: 'remove-stop', stopId: stop!.id }));
    expect(errors.stopId).toEqual([
      'Cet arrêt a déjà des commandes : il ne peut plus être retiré.',
    ]);
    expect(await stopsOf(roundId)).toHaveLength(1);
  });

  it('une tournée livrée n’est plus modifiable', async () => {
    const roundId = await newRound('2027-03-25', 'Livrée');
    await db()
      .update(deliveryRounds)
      .set({ status: 'delivered' })
      .where(eq(deliveryRounds.id, roundId));
    const response = await post(roundId, validGroupStop());
    expect(response.status).toBe(409);
    const errors = await errorsOf(response);
    expect(errors['']).toEqual([
      'Cette tournée n’est plus modifiable (livrée, facturée ou annulée).',
    ]);
    expect(await stopsOf(roundId)).toEqual([]);
  });

  it('une intention inconnue est refusée sans erreur serveur', async () => {
    const roundId = await newRound('2027-03-25', 'Intention');
    expect((await post(roundId, { intent: 'drop-table' })).status).toBe(400);
  });
});

describe('offres', () => {
  async function offersOf(roundId: string) {
    return db().select().from(roundOffers).where(eq(roundOffers.roundId, roundId));
  }

  it('propose des produits avec stock partagé et prix de tournée, puis les modifie', async () => {
    const roundId = await newRound('2027-03-25', 'Offres');
    const carrots = await makeRoundProduct(producer.id);
    const eggs = await makeRoundProduct(producer.id, {
      name: 'Œufs',
      saleUnit: 'piece',
      stepMilli: 1000,
    });
    expect(
      (
        await post(roundId, {
          intent: 'add-offer',
          productId: carrots.id,
          stock: '12,5',
          consumerPriceOverride: '3,20',
          proPriceOverride: '',
        })
      ).status,
    ).toBe(302);
    expect(
      (
        await post(roundId, {
          intent: 'add-offer',
          productId: eggs.id,
          stock: '',
          consumerPriceOverride: '',
          proPriceOverride: '2.10',
        })
      ).status,
    ).toBe(302);
    const offers = await offersOf(roundId);
    expect(
      offers
        .map((o) => [
          o.productId,
          o.stockMilli,
          o.consumerPriceOverrideCents,
          o.proPriceOverrideCents,
        ])
        .sort(),
    ).toEqual(
      [
        [carrots.id, 12_500, 320, null],
        [eggs.id, null, null, 210],
      ].sort(),
    );
    const carrotOffer = offers.find((o) => o.productId === carrots.id)!;
    expect(
      (
        await post(roundId, {
          intent: 'update-offer',
          offerId: carrotOffer.id,
          stock: '20',
          consumerPriceOverride: '',
          proPriceOverride: '2,50',
        })
      ).status,
    ).toBe(302);
    const [updated] = await db()
      .select()
      .from(roundOffers)
      .where(eq(roundOffers.id, carrotOffer.id));
    expect([
      updated!.stockMilli,
      updated!.consumerPriceOverrideCents,
      updated!.proPriceOverrideCents,
    ]).toEqual([20_000, null, 250]);
    expect((await post(roundId, { intent: 'remove-offer', offerId: carrotOffer.id })).status).toBe(
      302,
    );
    expect(await offersOf(roundId)).toHaveLength(1);
  });

  it.each([
    ['stock négatif', { stock: '-3' }, 'stock', '« -3 » : une valeur négative n’est pas acceptée.'],
    [
      'stock illisible',
      { stock: 'beaucoup' },
      'stock',
      '« beaucoup » n’est pas un nombre (exemple : 12,50).',
    ],
    [
      'prix au millième',
      { consumerPriceOverride: '3,205' },
      'consumerPriceOverride',
      '« 3,205 » : un prix se donne au centime près (2 décimales au plus).',
    ],
    ['pas de produit', { productId: '' }, 'productId', 'Choisissez un produit de votre catalogue.'],
  ])('refuse : %s', async (_label, override, field, message) => {
    const roundId = await newRound('2027-03-25', `Offre refusée ${Math.random()}`);
    const carrots = await makeRoundProduct(producer.id);
    const errors = await errorsOf(
      await post(roundId, { intent: 'add-offer', productId: carrots.id, ...override }),
    );
    expect(errors[field]).toEqual([message]);
    expect(await offersOf(roundId)).toEqual([]);
  });

  it('refuse le produit d’un autre producteur et un produit déjà proposé', async () => {
    const roundId = await newRound('2027-03-25', 'Produit étranger');
    const foreign = await makeRoundProduct(otherProducer.id);
    let errors = await errorsOf(
      await post(roundId, { intent: 'add-offer', productId: foreign.id }),
    );
    expect(errors.productId).toEqual(['Choisissez un produit de votre catalogue.']);
    const own = await makeRoundProduct(producer.id);
    await post(roundId, { intent: 'add-offer', productId: own.id });
    errors = await errorsOf(await post(roundId, { intent: 'add-offer', productId: own.id }));
    expect(errors.productId).toEqual(['Ce produit est déjà proposé dans la tournée.']);
    expect(await offersOf(roundId)).toHaveLength(1);
  });

  it('un produit commandé garde son offre et un stock au moins égal au commandé', async () => {
    const roundId = await newRound('2027-03-25', 'Stock commandé');
    await post(roundId, {
      intent: 'add-stop',
      organisationId: group.id,
      orderDeadline: '2027-03-23T18:00',
    });
    const [stop] = await stopsOf(roundId);
    const carrots = await makeRoundProduct(producer.id);
    await post(roundId, { intent: 'add-offer', productId: carrots.id, stock: '10' });
    const [offer] = await offersOf(roundId);
    await makeOrder({
      roundId,
      stopId: stop!.id,
      sellerId: producer.id,
      householdId,
      lines: [{ product: carrots, quantityMilli: 4500 }],
    });
    let errors = await errorsOf(
      await post(roundId, { intent: 'update-offer', offerId: offer!.id, stock: '4' }),
    );
    expect(errors.stock).toEqual([
      'Déjà commandé dans cette tournée : 4,5 kg. Le stock ne peut pas être inférieur.',
    ]);
    errors = await errorsOf(await post(roundId, { intent: 'remove-offer', offerId: offer!.id }));
    expect(errors.offerId).toEqual([
      'Ce produit a déjà été commandé dans cette tournée : il ne peut plus être retiré.',
    ]);
    expect((await offersOf(roundId))[0]!.stockMilli).toBe(10_000);
  });
});

describe('dupliquer la tournée de la semaine dernière', () => {
  it('copie arrêts et offres une semaine plus tard, heures de Paris conservées malgré le passage à l’heure d’été', async () => {
    const roundId = await newRound('2027-03-25', 'Tournée hebdo');
    await post(roundId, {
      intent: 'add-stop',
      organisationId: group.id,
      windowStart: '17:00',
      windowEnd: '19:00',
      orderDeadline: '2027-03-23T18:00',
    });
    await post(roundId, {
      intent: 'add-stop',
      organisationId: buyer.id,
      address: 'Cuisine, entrée de service',
      orderDeadline: '2027-03-24T09:00',
    });
    const carrots = await makeRoundProduct(producer.id);
    await post(roundId, {
      intent: 'add-offer',
      productId: carrots.id,
      stock: '30',
      consumerPriceOverride: '2,90',
      proPriceOverride: '2,20',
    });

    const response = await post(roundId, { intent: 'duplicate', deliveryOn: '2027-04-01' });
    expect(response.status).toBe(302);
    const copyId = response.headers.get('Location')!.split('/').at(-1)!;
    expect(copyId).not.toBe(roundId);
    const [copy] = await db().select().from(deliveryRounds).where(eq(deliveryRounds.id, copyId));
    expect([copy!.deliveryOn, copy!.title, copy!.status, copy!.producerId]).toEqual([
      '2027-04-01',
      'Tournée hebdo',
      'planned',
      producer.id,
    ]);
    const stops = await stopsOf(copyId);
    expect(
      stops.map((s) => ({
        position: s.position,
        organisationId: s.organisationId,
        address: s.address,
        start: s.windowStartAt?.toISOString(),
        end: s.windowEndAt?.toISOString(),
        deadline: s.orderDeadlineAt.toISOString(),
      })),
    ).toEqual([
      // 17:00–19:00 and Tuesday 18:00 in Paris, now in summer time (UTC+2).
      {
        position: 1,
        organisationId: group.id,
        address: '',
        start: '2027-04-01T15:00:00.000Z',
        end: '2027-04-01T17:00:00.000Z',
        deadline: '2027-03-30T16:00:00.000Z',
      },
      {
        position: 2,
        organisationId: buyer.id,
        address: 'Cuisine, entrée de service',
        start: undefined,
        end: undefined,
        deadline: '2027-03-31T07:00:00.000Z',
      },
    ]);
    const offers = await db().select().from(roundOffers).where(eq(roundOffers.roundId, copyId));
    expect(
      offers.map((o) => [
        o.productId,
        o.stockMilli,
        o.consumerPriceOverrideCents,
        o.proPriceOverrideCents,
      ]),
    ).toEqual([[carrots.id, 30_000, 290, 220]]);
    // The source is untouched.
    expect((await stopsOf(roundId)).map((s) => s.orderDeadlineAt.toISOString())).toEqual([
      '2027-03-23T17:00:00.000Z',
      '2027-03-24T08:00:00.000Z',
    ]);
  });

  let source: string | undefined;
  it.each([
    [
      'vers un jour qui a déjà cette tournée',
      '2027-04-08',
      'Une tournée « Doublon » existe déjà le 8 avril 2027 : changez la date ou le titre.',
    ],
    ['vers le même jour', '2027-04-15', 'Choisissez un autre jour que celui de la tournée copiée.'],
    ['vers un jour passé', '2026-11-01', 'La date de livraison est déjà passée.'],
    ['vers une date invalide', '2027-04-31', 'Choisissez une date de livraison valide.'],
  ])('refuse : %s', async (_label, deliveryOn, message) => {
    if (!source) {
      source = await newRound('2027-04-15', 'Doublon');
      await newRound('2027-04-08', 'Doublon');
    }
    const roundId = source;
    const before = await db().select().from(deliveryRounds);
    const errors = await errorsOf(await post(roundId, { intent: 'duplicate', deliveryOn }));
    expect(errors.deliveryOn).toEqual([message]);
    expect(await db().select().from(deliveryRounds)).toHaveLength(before.length);
  });
});
