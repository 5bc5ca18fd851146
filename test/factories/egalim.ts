import { getDb } from '#app/db/client.server.ts';
import { deliveryRounds, roundOffers, roundStops } from '#app/db/schema.ts';
import type { ContractTermsInput } from '#app/domain/egalim/contract-terms.ts';
import {
  createContractDraft,
  sendProposal,
  signContract,
} from '#app/models/egalim-contract.server.ts';
import { createIndicator, setIndicatorValues } from '#app/models/egalim-indicator.server.ts';
import type { User } from '#app/models/user.server.ts';
import { makeProducer, makeProducts } from './catalogue.ts';
import { makeOrganisation, uniqueSuffix } from './index.ts';

/** RULES-FR B1 as contract terms: 70 % cost + 30 % quotation, U- vs R=, Label Rouge +0.22. */
export function b1Terms(overrides: Partial<ContractTermsInput> = {}): ContractTermsInput {
  return {
    startOn: '2026-01-01',
    durationYears: 3,
    pricingConformation: 'U-',
    priceUnit: 'HT / kg de carcasse',
    price: {
      mode: 'formula',
      formula: {
        decimals: 3,
        terms: [
          { indicator: 'cout-production', weight: 0.7, label: 'Coût de production' },
          { indicator: 'cotation', weight: 0.3, label: 'Cotation génisse U' },
        ],
        adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
        conformation: { reference: 'R=', perThird: 0.105 },
      },
      indicators: [
        { code: 'cout-production', category: 'production_cost', source: 'Idele' },
        { code: 'cotation', category: 'market_price', source: 'FranceAgriMer' },
      ],
    },
    quantity: {
      total: 8400,
      unit: 'kg de carcasse par an',
      origin: 'France',
      quality: 'Label Rouge',
    },
    deliveryTerms: 'Livraison en carcasse à la boucherie, le jour de la tournée.',
    payment: { terms: 'Virement à réception de facture', delayDays: 20 },
    forceMajeure: 'Aléa sanitaire ou climatique exceptionnel : aucune pénalité (art. L631-24 III).',
    termination: [
      { case: 'Manquement grave', noticeMonths: 1, indemnity: 'aucune' },
      { case: 'Changement de mode de production', noticeMonths: 3, indemnity: 'aucune' },
    ],
    renewal: { tacit: true, buyerNoticeMonths: 3, producerNoticeMonths: 3 },
    ...overrides,
  };
}

/** The producer's own B1 indicators with values from 2026-01-01. */
export async function makeB1Indicators(producerId: string) {
  const cost = await createIndicator({
    ownerId: producerId,
    indicator: {
      code: 'cout-production',
      label: 'Coût de production génisse',
      kind: 'production_cost',
      unit: '€/kg eqc',
      source: 'Idele',
    },
  });
  const quotation = await createIndicator({
    ownerId: producerId,
    indicator: {
      code: 'cotation',
      label: 'Cotation génisse U',
      kind: 'market',
      unit: '€/kg eqc',
      source: 'FranceAgriMer',
    },
  });
  if (!cost.ok || !quotation.ok) {
    throw new Error('makeB1Indicators: code déjà pris');
  }
  await setIndicatorValues({
    indicatorId: cost.id,
    points: [
      { date: '2026-01-01', value: 4.9 },
      { date: '2026-07-01', value: 5.1 },
    ],
  });
  await setIndicatorValues({
    indicatorId: quotation.id,
    points: [{ date: '2026-01-01', value: 4.44 }],
  });
}

/**
 * A beef producer, a butcher (buyer) and a planned round delivering the butcher on
 * `deliveryOn` with offers of Label Rouge heifer (kg, 6.00 € HT pro price) and carrots.
 */
export async function makeProSetup(
  options: { deliveryOn?: string; heiferStockMilli?: number | null; buyerOwner?: User } = {},
) {
  const { producer, owner: producerOwner } = await makeProducer({
    name: `Élevage ${uniqueSuffix()}`,
  });
  const { organisation: buyer, owner: buyerOwner } = await makeOrganisation({
    kind: 'buyer',
    name: `Boucherie ${uniqueSuffix()}`,
    owner: options.buyerOwner,
  });
  const [heiferId, carrotId] = await makeProducts(producer, [
    {
      name: 'Génisse Charolaise Label Rouge (carcasse)',
      egalimCategory: 'bovine_heifer',
      isSiqo: true,
      labels: ['label_rouge'],
      saleUnit: 'kg',
      stepMilli: 1000,
      maxPerHouseholdMilli: null,
      consumerPriceGrossCents: 1500,
      proPriceNetCents: 600,
    },
    {
      name: 'Carottes',
      egalimCategory: 'fruit_vegetable',
      saleUnit: 'kg',
      stepMilli: 500,
      maxPerHouseholdMilli: null,
      consumerPriceGrossCents: 250,
      proPriceNetCents: 180,
    },
  ]);
  const deliveryOn = options.deliveryOn ?? '2027-03-15';
  const [round] = await getDb()
    .insert(deliveryRounds)
    .values({ producerId: producer.id, deliveryOn, title: `Tournée pro ${uniqueSuffix()}` })
    .returning({ id: deliveryRounds.id });
  const [stop] = await getDb()
    .insert(roundStops)
    .values({
      roundId: round!.id,
      position: 1,
      organisationId: buyer.id,
      orderDeadlineAt: new Date(`${deliveryOn}T00:00:00Z`),
    })
    .returning({ id: roundStops.id });
  await getDb()
    .insert(roundOffers)
    .values([
      {
        roundId: round!.id,
        productId: heiferId!,
        stockMilli: options.heiferStockMilli === undefined ? 1_000_000 : options.heiferStockMilli,
      },
      { roundId: round!.id, productId: carrotId!, stockMilli: null },
    ]);
  return {
    producer,
    producerOwner,
    buyer,
    buyerOwner,
    heiferId: heiferId!,
    carrotId: carrotId!,
    roundId: round!.id,
    stopId: stop!.id,
    deliveryOn,
  };
}

/** A contract proposed by the producer and signed by both parties. */
export async function makeSignedContract(options: {
  producerId: string;
  producerOwnerId: string;
  buyerId: string;
  buyerSlug: string;
  buyerOwnerId: string;
  terms?: ContractTermsInput;
}) {
  const created = await createContractDraft({
    producerId: options.producerId,
    buyerSlug: options.buyerSlug,
    egalimCategory: 'bovine_heifer',
    isSiqo: true,
    title: 'Génisses Charolaises Label Rouge',
    terms: options.terms ?? b1Terms(),
    year: 2026,
    actorId: options.producerOwnerId,
  });
  if (!created.ok) {
    throw new Error(created.message);
  }
  const proposed = await sendProposal({
    organisationId: options.producerId,
    contractId: created.id,
    actorId: options.producerOwnerId,
  });
  const now = new Date('2026-11-20T10:00:00Z');
  const bySide = [
    [options.producerId, options.producerOwnerId],
    [options.buyerId, options.buyerOwnerId],
  ] as const;
  for (const [organisationId, actorId] of bySide) {
    const signed = await signContract({ organisationId, contractId: created.id, actorId, now });
    if (!signed.ok) {
      throw new Error(`${signed.message} ${JSON.stringify(signed.issues)}`);
    }
  }
  if (!proposed.ok) {
    throw new Error(proposed.message);
  }
  return created;
}
