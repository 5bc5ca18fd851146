import { describe, expect, it } from 'vitest';
import { handleApiRequest } from '#app/api/endpoint.server.ts';
import { createProOrder } from '#app/api/v1/pro-orders.server.ts';
import { createApiToken } from '#app/models/api-token.server.ts';
import { getContract, getDeliveredVolume } from '#app/models/egalim-contract.server.ts';
import { getProStop, submitProOrder } from '#app/models/egalim-pro-order.server.ts';
import { saveTurnovers } from '#app/models/egalim-turnover.server.ts';
import { loader as openApiLoader } from '#app/routes/api.v1.openapi[.json].ts';
import { makeB1Indicators, makeProSetup, makeSignedContract } from '#test/factories/egalim.ts';
import { makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

const NOW = new Date('2026-11-22T09:00:00Z');
const DAY = 86_400_000;

/** Declares the last closed year's (2026 for a 2027 delivery) heifer turnovers. */
async function declare(
  setup: Awaited<ReturnType<typeof makeProSetup>>,
  buyerEur: number,
  producerEur: number,
) {
  for (const [organisationId, euros] of [
    [setup.buyer.id, buyerEur],
    [setup.producer.id, producerEur],
  ] as const) {
    await saveTurnovers({
      organisationId,
      year: 2026,
      actorId: null,
      entries: [{ egalimCategory: 'bovine_heifer', isSiqo: true, turnoverCents: euros * 100 }],
    });
  }
}

async function signB1(setup: Awaited<ReturnType<typeof makeProSetup>>) {
  await makeB1Indicators(setup.producer.id);
  return makeSignedContract({
    producerId: setup.producer.id,
    producerOwnerId: setup.producerOwner.id,
    buyerId: setup.buyer.id,
    buyerSlug: setup.buyer.slug,
    buyerOwnerId: setup.buyerOwner.id,
  });
}

const order = (setup: Awaited<ReturnType<typeof makeProSetup>>, lines: [string, number][]) =>
  submitProOrder({
    buyerId: setup.buyer.id,
    stopId: setup.stopId,
    lines: lines.map(([productId, quantityMilli]) => ({ productId, quantityMilli })),
    now: NOW,
    actorId: setup.buyerOwner.id,
  });

describe('commande professionnelle : classement Egalim de chaque ligne', () => {
  it.each([
    ['X3 : boucher 90 000 €, producteur 40 000 € → exempté', 90_000, 40_000],
    ['X4 : boucher 150 000 €, producteur 8 000 € → exempté', 150_000, 8_000],
  ])('%s : acceptée au prix pro, sans contrat', async (_label, buyer, producer) => {
    const setup = await makeProSetup();
    await declare(setup, buyer, producer);
    const result = await order(setup, [[setup.heiferId, 420_000]]);
    expect(result.ok).toBe(true);
    expect(result.ok && result.order.lines).toEqual([
      expect.objectContaining({ unitPriceCents: 600, contractReference: null, priceTrace: [] }),
    ]);
  });

  it('X5 sans contrat : refusée avec le motif, rien n’est écrit', async () => {
    const setup = await makeProSetup();
    await declare(setup, 150_000, 25_000);
    const result = await order(setup, [
      [setup.heiferId, 420_000],
      [setup.carrotId, 5_000],
    ]);
    expect(result).toMatchObject({ ok: false, code: 'refused' });
    if (result.ok || result.code !== 'refused') return;
    expect(result.lines).toHaveLength(1);
    expect(result.lines[0]!.reason).toContain(
      'vente refusée, aucun contrat Egalim signé ne couvre cette production au 2027-03-15',
    );
    expect(result.lines[0]!.reason).toContain('contrat écrit obligatoire (art. L631-24 I CRPM)');
    const stop = await getProStop({ buyerId: setup.buyer.id, stopId: setup.stopId, now: NOW });
    expect(stop?.order).toBeNull();
  });

  it('X5 avec contrat signé : prix de la formule au jour de livraison, référence et trace sur la ligne', async () => {
    const setup = await makeProSetup();
    await declare(setup, 150_000, 25_000);
    const contract = await signB1(setup);
    const result = await order(setup, [
      [setup.heiferId, 420_000],
      [setup.carrotId, 5_000],
    ]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [carrots, heifer] = result.order.lines;
    expect(carrots).toMatchObject({ unitPriceCents: 180, contractReference: null });
    // The formula's 5.332 €/kg is kept (5 332 cents per 10 kg): 420 kg invoice 2 239,44 € (B1).
    expect(heifer).toMatchObject({
      unitPriceCents: 5332,
      priceBaseQuantityMilli: 10_000,
      contractReference: contract.reference,
    });
    expect(heifer!.priceTrace).toEqual([
      'Coût de production : valeur publiée le 2026-07-01, en vigueur au 2027-03-15 : 5,10',
      'Coût de production 5,10 × 0,70 = 3,570',
      'Cotation génisse U : valeur publiée le 2026-01-01, en vigueur au 2027-03-15 : 4,44',
      'Cotation génisse U 4,44 × 0,30 = 1,332',
      'Somme pondérée des indicateurs : 4,902',
      'Conformation U- contre référence R= (2 tiers au-dessus) : 2 × 0,105 = +0,210',
      'Label Rouge : +0,220',
      'Prix calculé : 5,332',
      'Prix retenu : 5,332',
      `Prix unitaire de la commande (contrat ${contract.reference}) : 5,332 € HT / kg de carcasse (montant de la ligne arrondi une fois au centime)`,
    ]);
    // Volume delivered under the contract (order lines of pro orders carrying its reference).
    const detail = await getContract({
      organisationId: setup.producer.id,
      contractId: contract.id,
    });
    expect(await getDeliveredVolume({ contract: detail!.contract })).toEqual([
      { month: '2027-03', quantityMilli: 420_000, saleUnit: 'kg' },
    ]);
  });

  it('sans chiffres d’affaires déclarés, une génisse sous SIQO exige le contrat', async () => {
    const setup = await makeProSetup();
    const result = await order(setup, [[setup.heiferId, 10_000]]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.code === 'refused' && result.lines[0]!.reason).toContain(
      'Chiffre d’affaires non renseigné',
    );
  });

  it('contrat résilié avant la livraison : ne couvre plus, refusé', async () => {
    const setup = await makeProSetup({ deliveryOn: '2027-09-15' });
    await declare(setup, 150_000, 25_000);
    const contract = await signB1(setup);
    const { terminateContract } = await import('#app/models/egalim-contract.server.ts');
    await terminateContract({
      organisationId: setup.buyer.id,
      contractId: contract.id,
      actorId: null,
      givenOn: '2027-05-01',
      caseIndex: 0,
      reason: 'Cessation',
    });
    const result = await order(setup, [[setup.heiferId, 10_000]]);
    expect(result.ok).toBe(false);
  });

  it('stock de l’offre et pas de commande respectés ; re-soumettre remplace la commande', async () => {
    const setup = await makeProSetup({ heiferStockMilli: 100_000 });
    await declare(setup, 90_000, 40_000);
    const tooMuch = await order(setup, [[setup.heiferId, 101_000]]);
    expect(!tooMuch.ok && tooMuch.code === 'refused' && tooMuch.lines[0]!.reason).toBe(
      '« Génisse Charolaise Label Rouge (carcasse) » : il ne reste que 100 kg en stock.',
    );
    const step = await order(setup, [[setup.carrotId, 1_200]]);
    expect(!step.ok && step.code === 'refused' && step.lines[0]!.reason).toBe(
      '« Carottes » se commande par 0,5 kg.',
    );
    expect((await order(setup, [[setup.heiferId, 100_000]])).ok).toBe(true);
    // Its own earlier order does not count against the stock when it is replaced.
    expect((await order(setup, [[setup.heiferId, 80_000]])).ok).toBe(true);
    const stop = await getProStop({ buyerId: setup.buyer.id, stopId: setup.stopId, now: NOW });
    expect(stop?.order?.lines.map((l) => l.quantityMilli)).toEqual([80_000]);
    expect(stop?.offers.find((o) => o.productId === setup.heiferId)?.stockLeftMilli).toBe(100_000);
  });

  it('commandes closes après la date limite ; arrêt d’un autre acheteur introuvable', async () => {
    const setup = await makeProSetup({ deliveryOn: '2026-11-20' });
    const closed = await order(setup, [[setup.carrotId, 1_000]]);
    expect(closed).toMatchObject({ ok: false, message: 'Les commandes de cet arrêt sont closes.' });
    const other = await makeProSetup();
    const foreign = await submitProOrder({
      buyerId: other.buyer.id,
      stopId: setup.stopId,
      lines: [{ productId: setup.carrotId, quantityMilli: 1_000 }],
      now: NOW,
      actorId: null,
    });
    expect(foreign).toEqual({ ok: false, code: 'not_found' });
  });
});

describe('POST /api/v1/pro-orders', () => {
  const post = (token: string | undefined, body: unknown) =>
    handleApiRequest(createProOrder, {
      request: new Request('http://localhost:3000/api/v1/pro-orders', {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          ...(token ? { Authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(body),
      }),
      params: {},
    });

  it('401 sans jeton, 422 corps invalide, 404 pour un étranger, 422 refus motivé, 201 avec contrat', async () => {
    const setup = await makeProSetup();
    await declare(setup, 150_000, 25_000);
    const token = (await createApiToken({ userId: setup.buyerOwner.id, name: 't', ttlMs: DAY }))
      .token;
    const outsiderToken = (
      await createApiToken({ userId: (await makeUser()).id, name: 't', ttlMs: DAY })
    ).token;
    const producerToken = (
      await createApiToken({ userId: setup.producerOwner.id, name: 't', ttlMs: DAY })
    ).token;
    const body = { stopId: setup.stopId, lines: [{ productId: setup.heiferId, quantity: 420 }] };

    expect((await post(undefined, body)).status).toBe(401);

    const invalid = await post(token, {
      stopId: 'x',
      lines: [{ productId: setup.heiferId, quantity: -1 }],
    });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toMatchObject({
      error: {
        code: 'invalid_request',
        fields: {
          'body.stopId': ['identifiant d’arrêt (UUID) attendu'],
          'body.lines.0.quantity': ['quantité strictement positive attendue'],
        },
      },
    });
    expect((await post(outsiderToken, body)).status).toBe(404);
    expect((await post(producerToken, body)).status).toBe(404);

    const refused = await post(token, body);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'order_refused',
        message: 'Commande refusée : voir le motif de chaque ligne.',
        lines: [
          {
            productId: setup.heiferId,
            reason: expect.stringContaining('aucun contrat Egalim signé'),
          },
        ],
      },
    });

    const contract = await signB1(setup);
    const created = await post(token, body);
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({
      stopId: setup.stopId,
      deliveryOn: '2027-03-15',
      lines: [
        {
          productId: setup.heiferId,
          quantity: 420,
          unitPriceCents: 5332,
          priceBaseQuantity: 10,
          unitPrice: '5.332',
          priceBasis: 'net',
          contractReference: contract.reference,
          priceTrace: expect.arrayContaining(['Prix retenu : 5,332']),
        },
      ],
    });
  });

  it('apparaît dans le document OpenAPI', async () => {
    const response = await openApiLoader({
      request: new Request('http://localhost:3000/api/v1/openapi.json'),
      params: {},
      context: {},
    });
    const doc = (await response.json()) as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; requestBody?: unknown }>
      >;
    };
    const operation = doc.paths['/pro-orders']?.post;
    expect(operation?.requestBody).toBeDefined();
    expect(Object.keys(operation?.responses ?? {})).toEqual(
      expect.arrayContaining(['201', '401', '404', '422']),
    );
  });
});
