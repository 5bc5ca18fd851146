import { and, eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { deliveryRounds, orderLines, orders, roundOffers, roundStops } from '#app/db/schema.ts';
import { addDays, parisDayOf, parisDayTimeToInstant } from '#app/domain/calendar/paris-time.ts';
import type { ContractTermsInput } from '#app/domain/egalim/contract-terms.ts';
import { findProducer, saveProducts } from '#app/models/catalogue.server.ts';
import {
  createContractDraft,
  sendProposal,
  signContract,
} from '#app/models/egalim-contract.server.ts';
import { createIndicator, setIndicatorValues } from '#app/models/egalim-indicator.server.ts';
import { submitProOrder } from '#app/models/egalim-pro-order.server.ts';
import { saveTurnovers } from '#app/models/egalim-turnover.server.ts';
import { createOrganisation, getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';

/**
 * Egalim demo (DESIGN §8, RULES-FR B1 and X5): « Élevage du Montcel » sells Charolaise Label
 * Rouge heifers to « Boucherie Martinon » under a signed contract priced by the B1 formula
 * (70 % production cost + 30 % quotation, U- vs R=, Label Rouge premium), with indicator series;
 * « Le Bouchon des Canuts » is delivered on the same round without a contract, so its heifer
 * order is refused, while its vegetables from « Ferme des Quatre Saisons » (writing optional)
 * stay allowed. Dates follow `now`: the round is next week, the indicators in force then.
 */
export async function seedDemoEgalim(now: Date = new Date()): Promise<void> {
  const eleveur = await findUserByEmail('eleveur@demo.cabas.fr');
  const boucher = await findUserByEmail('boucher@demo.cabas.fr');
  const restaurant = await getOrganisationBySlug('le-bouchon-des-canuts');
  if (!eleveur || !boucher || !restaurant) {
    return;
  }
  const today = parisDayOf(now);
  const year = Number(today.slice(0, 4));

  const montcel = await createOrganisation(
    {
      kind: 'producer',
      name: 'Élevage du Montcel',
      legalName: 'EARL du Montcel',
      siret: '85567123600013',
      vatNumber: 'FR94855671236',
      vatRegime: 'liable',
      addressLine1: 'Le Montcel',
      postalCode: '69590',
      city: 'Pomeys',
      email: 'contact@elevage-montcel.example',
    },
    eleveur.id,
  );
  const martinon = await createOrganisation(
    {
      kind: 'buyer',
      name: 'Boucherie Martinon',
      legalName: 'SARL Boucherie Martinon',
      siret: '85678234700012',
      vatNumber: 'FR22856782347',
      vatRegime: 'liable',
      addressLine1: '42 rue Saint-Jean',
      postalCode: '69005',
      city: 'Lyon',
    },
    boucher.id,
  );

  const producer = await findProducer(montcel.slug);
  const saved = await saveProducts({
    producer: producer!,
    actorId: eleveur.id,
    action: 'catalogue.imported',
    changes: [
      {
        productId: null,
        line: 2,
        draft: {
          sku: 'GEN-LR',
          name: 'Génisse Charolaise Label Rouge (carcasse)',
          description:
            'Génisses charolaises nées et élevées au Montcel, Label Rouge, prix au kg de carcasse.',
          egalimCategory: 'bovine_heifer',
          isSiqo: true,
          labels: ['label_rouge'],
          shelf: 'Bovins',
          saleUnit: 'kg',
          stepMilli: 1000,
          maxPerHouseholdMilli: null,
          packMilli: null,
          vatRateBp: 550,
          consumerPriceGrossCents: 1590,
          proPriceNetCents: 600,
          isVariableWeight: false,
          estimatedWeightGrams: null,
          isActive: true,
        },
      },
    ],
  });
  if (!saved.ok) {
    throw new Error(`Démo Egalim : produits refusés ${JSON.stringify(saved.errors)}`);
  }
  const [heiferId] = saved.productIds;

  // Indicators: the farm's production cost (Idele method) and the shared FranceAgriMer quotation.
  const cost = await createIndicator({
    ownerId: montcel.id,
    indicator: {
      code: 'cout-production',
      label: 'Coût de production génisse (méthode Idele)',
      kind: 'production_cost',
      unit: '€/kg eqc',
      source: 'Idele, coût de production de l’atelier (R=)',
    },
  });
  const quotation = await createIndicator({
    ownerId: null,
    indicator: {
      code: 'fam-cotation-genisse-u',
      label: 'Cotation génisse U entrée abattoir',
      kind: 'market',
      unit: '€/kg eqc',
      source: 'FranceAgriMer',
    },
  });
  if (!cost.ok || !quotation.ok) {
    throw new Error('Démo Egalim : indicateurs déjà présents.');
  }
  await setIndicatorValues({
    indicatorId: cost.id,
    points: [
      { date: addDays(today, -240), value: 4.95 },
      { date: addDays(today, -60), value: 5.1 },
    ],
  });
  await setIndicatorValues({
    indicatorId: quotation.id,
    points: [
      { date: addDays(today, -21), value: 4.31 },
      { date: addDays(today, -14), value: 4.38 },
      { date: addDays(today, -7), value: 4.44 },
    ],
  });

  // Last closed year's turnovers: above every R631-6 threshold (RULES-FR X5).
  const heifers = { egalimCategory: 'bovine_heifer' as const, isSiqo: true };
  for (const [organisationId, euros, actorId] of [
    [montcel.id, 25_000, eleveur.id],
    [martinon.id, 150_000, boucher.id],
    [restaurant.id, 120_000, null],
  ] as const) {
    await saveTurnovers({
      organisationId,
      year: year - 1,
      actorId,
      entries: [{ ...heifers, turnoverCents: euros * 100 }],
    });
  }

  const contract = await createContractDraft({
    producerId: montcel.id,
    buyerSlug: martinon.slug,
    ...heifers,
    title: 'Génisses Charolaises Label Rouge',
    terms: b1ContractTerms(`${year}-01-01`),
    year,
    actorId: eleveur.id,
  });
  if (!contract.ok) {
    throw new Error(contract.message);
  }
  await sendProposal({ organisationId: montcel.id, contractId: contract.id, actorId: eleveur.id });
  for (const [organisationId, actorId] of [
    [montcel.id, eleveur.id],
    [martinon.id, boucher.id],
  ] as const) {
    const signed = await signContract({ organisationId, contractId: contract.id, actorId, now });
    if (!signed.ok) {
      throw new Error(`Démo Egalim : ${signed.message}`);
    }
  }

  // Next week's round: the butcher, then the restaurant (no contract).
  const deliveryOn = addDays(today, 7);
  const deadline = parisDayTimeToInstant(addDays(deliveryOn, -1), '18:00');
  const orderDeadlineAt = deadline.ok ? deadline.instant : new Date(now.getTime() + 6 * 86_400_000);
  await getDb().transaction(async (tx) => {
    const [round] = await tx
      .insert(deliveryRounds)
      .values({ producerId: montcel.id, deliveryOn, title: 'Tournée des bouchers' })
      .returning({ id: deliveryRounds.id });
    await tx.insert(roundStops).values(
      [martinon.id, restaurant.id].map((organisationId, index) => ({
        roundId: round!.id,
        position: index + 1,
        organisationId,
        orderDeadlineAt,
      })),
    );
    await tx
      .insert(roundOffers)
      .values({ roundId: round!.id, productId: heiferId!, stockMilli: 2_000_000 });
  });

  await reclassifyRestaurantVegetables(restaurant.id, now);
}

/**
 * The restaurant's vegetable order seeded on the farm's round goes again through the pro order
 * path, so it is classified (writing optional, RULES-FR X2) like any professional order.
 */
async function reclassifyRestaurantVegetables(restaurantId: string, now: Date) {
  const ferme = await getOrganisationBySlug('ferme-des-quatre-saisons');
  if (!ferme) {
    return;
  }
  const [order] = await getDb()
    .select({ id: orders.id, stopId: orders.stopId })
    .from(orders)
    .innerJoin(deliveryRounds, eq(deliveryRounds.id, orders.roundId))
    .where(
      and(
        eq(orders.sellerId, ferme.id),
        eq(orders.customerOrganisationId, restaurantId),
        eq(deliveryRounds.status, 'planned'),
      ),
    );
  if (!order) {
    return;
  }
  const lines = await getDb()
    .select({ productId: orderLines.productId, quantityMilli: orderLines.quantityMilli })
    .from(orderLines)
    .where(eq(orderLines.orderId, order.id));
  // A closed stop (seeded on the eve of delivery), or a product without a professional price
  // in the demo catalogue, keeps the seeded order as it is: the demo must always start.
  await submitProOrder({
    buyerId: restaurantId,
    stopId: order.stopId,
    lines,
    now,
    actorId: null,
  });
}

/** RULES-FR B1 as a contract (BEEF-02): prices per kg of carcass, excluding VAT. */
export function b1ContractTerms(startOn: string): ContractTermsInput {
  return {
    startOn,
    durationYears: 3,
    pricingConformation: 'U-',
    priceUnit: 'HT / kg de carcasse',
    price: {
      mode: 'formula',
      formula: {
        version: 1,
        decimals: 3,
        terms: [
          { indicator: 'cout-production', weight: 0.7, label: 'Coût de production' },
          { indicator: 'fam-cotation-genisse-u', weight: 0.3, label: 'Cotation génisse U' },
        ],
        adjustments: [{ label: 'Prime Label Rouge', amount: 0.22 }],
        conformation: { reference: 'R=', perThird: 0.105 },
      },
      indicators: [
        { code: 'cout-production', category: 'production_cost', source: 'Idele', weight: 0.7 },
        {
          code: 'fam-cotation-genisse-u',
          category: 'market_price',
          source: 'FranceAgriMer',
          weight: 0.3,
        },
      ],
    },
    quantity: {
      total: 8400,
      unit: 'kg de carcasse par an (environ 20 génisses)',
      origin: 'Nées et élevées au Montcel (Rhône)',
      quality: 'Label Rouge « Charolais Terroir », conformation U- visée',
    },
    deliveryTerms:
      'Livraison en carcasse par l’éleveur, abattoir de Saint-Romain-de-Popey puis boucherie, lors de la tournée hebdomadaire.',
    payment: { terms: 'Virement à réception de facture', delayDays: 20 },
    forceMajeure:
      'Aléa sanitaire ou climatique exceptionnel : aucune pénalité pour volume non livré (art. L631-24 III).',
    termination: [
      { case: 'Manquement grave non réparé', noticeMonths: 1, indemnity: 'aucune' },
      { case: 'Changement de mode de production', noticeMonths: 3, indemnity: 'aucune' },
    ],
    renewal: { tacit: true, buyerNoticeMonths: 3, producerNoticeMonths: 3 },
  };
}
