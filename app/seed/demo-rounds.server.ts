import { and, eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import {
  deliveryRounds,
  households,
  orderLines,
  orders,
  products,
  roundOffers,
  roundStops,
} from '#app/db/schema.ts';
import { addDays, parisDayOf, parisLocalToInstant } from '#app/domain/calendar/paris-time.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';

export const DEMO_ROUND_TITLE = 'Tournée du jeudi';

type Product = typeof products.$inferSelect;
type NewProduct = Omit<typeof products.$inferInsert, 'producerId'>;

/** Used only when the catalogue seed has not given the producer any product yet. */
const FALLBACK_PRODUCTS: Record<string, NewProduct[]> = {
  'ferme-des-quatre-saisons': [
    {
      sku: 'CAR-KG',
      name: 'Carottes',
      shelf: 'Légumes',
      saleUnit: 'kg',
      stepMilli: 500,
      vatRateBp: 550,
      consumerPriceGrossCents: 280,
      proPriceNetCents: 220,
      egalimCategory: 'fruit_vegetable',
    },
    {
      sku: 'POI-BOT',
      name: 'Poireaux',
      shelf: 'Légumes',
      saleUnit: 'bunch',
      stepMilli: 1000,
      vatRateBp: 550,
      consumerPriceGrossCents: 350,
      proPriceNetCents: 280,
      egalimCategory: 'fruit_vegetable',
    },
    {
      sku: 'COU-PCE',
      name: 'Courge butternut',
      shelf: 'Légumes',
      saleUnit: 'kg',
      isVariableWeight: true,
      estimatedWeightGrams: 1200,
      stepMilli: 1000,
      vatRateBp: 550,
      consumerPriceGrossCents: 320,
      proPriceNetCents: 260,
      egalimCategory: 'fruit_vegetable',
    },
  ],
  'chevrerie-du-vallon': [
    {
      sku: 'CRO-PCE',
      name: 'Crottin de chèvre',
      shelf: 'Fromages',
      saleUnit: 'piece',
      stepMilli: 1000,
      consumerPriceGrossCents: 250,
      proPriceNetCents: 190,
      egalimCategory: 'milk_goat',
    },
    {
      sku: 'TOM-KG',
      name: 'Tomme de chèvre',
      shelf: 'Fromages',
      saleUnit: 'kg',
      isVariableWeight: true,
      estimatedWeightGrams: 450,
      stepMilli: 1000,
      consumerPriceGrossCents: 2600,
      proPriceNetCents: 2100,
      egalimCategory: 'milk_goat',
    },
  ],
};

function at(day: string, time: string): Date {
  const result = parisLocalToInstant(`${day}T${time}`);
  if (!result.ok) {
    throw new Error(`Démo : ${day} ${time} n’existe pas à Paris.`);
  }
  return result.instant;
}

/** The first Thursday at least five days away: orders are still open in the demo. */
function nextDeliveryThursday(today: string): string {
  let day = addDays(today, 5);
  while (new Date(`${day}T12:00:00Z`).getUTCDay() !== 4) {
    day = addDays(day, 1);
  }
  return day;
}

async function productsOf(producerId: string, slug: string): Promise<Product[]> {
  const db = getDb();
  const existing = await db.select().from(products).where(eq(products.producerId, producerId));
  if (existing.length > 0) {
    return existing.filter((p) => p.isActive).slice(0, 4);
  }
  const fallback = FALLBACK_PRODUCTS[slug] ?? [];
  if (fallback.length === 0) {
    return [];
  }
  return db
    .insert(products)
    .values(fallback.map((p) => ({ ...p, producerId })))
    .returning();
}

type DemoOrder = {
  stop: number;
  household?: string;
  organisationId?: string;
  quantities: number[];
};

async function seedRound(options: {
  slug: string;
  groupId: string;
  deliveryOn: string;
  stops: {
    organisationId: string;
    window: [string, string];
    deadline: [number, string];
    minimumOrderCents?: number;
  }[];
  orders: DemoOrder[];
}) {
  const producer = await getOrganisationBySlug(options.slug);
  if (!producer) {
    return;
  }
  const db = getDb();
  const already = await db
    .select({ id: deliveryRounds.id })
    .from(deliveryRounds)
    .where(
      and(eq(deliveryRounds.producerId, producer.id), eq(deliveryRounds.title, DEMO_ROUND_TITLE)),
    );
  if (already.length > 0) {
    return;
  }
  const items = await productsOf(producer.id, options.slug);
  await db.transaction(async (tx) => {
    const [round] = await tx
      .insert(deliveryRounds)
      .values({
        producerId: producer.id,
        deliveryOn: options.deliveryOn,
        title: DEMO_ROUND_TITLE,
      })
      .returning();
    const stops = await tx
      .insert(roundStops)
      .values(
        options.stops.map((stop, index) => ({
          roundId: round!.id,
          position: index + 1,
          organisationId: stop.organisationId,
          windowStartAt: at(options.deliveryOn, stop.window[0]),
          windowEndAt: at(options.deliveryOn, stop.window[1]),
          orderDeadlineAt: at(addDays(options.deliveryOn, stop.deadline[0]), stop.deadline[1]),
          minimumOrderCents: stop.minimumOrderCents ?? null,
        })),
      )
      .returning();
    if (items.length > 0) {
      await tx
        .insert(roundOffers)
        .values(items.map((p) => ({ roundId: round!.id, productId: p.id, stockMilli: 40_000 })));
    }
    const groupHouseholds = await tx
      .select()
      .from(households)
      .where(eq(households.groupId, options.groupId));
    for (const demo of options.orders) {
      const householdId = groupHouseholds.find((h) => h.name === demo.household)?.id ?? null;
      const stop = stops[demo.stop]!;
      if (!householdId && !demo.organisationId) {
        continue;
      }
      const [order] = await tx
        .insert(orders)
        .values({
          roundId: round!.id,
          stopId: stop.id,
          sellerId: producer.id,
          householdId,
          customerOrganisationId: householdId ? null : demo.organisationId!,
          source: householdId ? 'sheet' : 'pro',
          status: 'open',
        })
        .returning();
      const lines = items.flatMap((product, index) => {
        const steps = demo.quantities[index] ?? 0;
        return steps > 0 ? [{ product, quantityMilli: steps * product.stepMilli }] : [];
      });
      if (lines.length === 0) {
        continue;
      }
      await tx.insert(orderLines).values(
        lines.map(({ product, quantityMilli }) => ({
          orderId: order!.id,
          productId: product.id,
          productName: product.name,
          saleUnit: product.saleUnit,
          isVariableWeight: product.isVariableWeight,
          estimatedWeightGrams: product.estimatedWeightGrams,
          quantityMilli,
          priceBasis: householdId ? ('gross' as const) : ('net' as const),
          unitPriceCents: householdId
            ? product.consumerPriceGrossCents
            : (product.proPriceNetCents ?? product.consumerPriceGrossCents),
          vatRateBp: product.vatRateBp,
          egalimCategory: product.egalimCategory,
        })),
      );
    }
  });
}

/**
 * A planned « Tournée du jeudi » for each demo producer, next week: the Croix-Rousse group
 * (households' orders already in, as the sheets would project them) and, for the farm, the
 * restaurant. Orders are still open, so the picking lists print as provisional. The farm's group
 * stop has a minimum order its demo orders do not reach yet.
 */
export async function seedDemoRounds(now: Date = new Date()): Promise<void> {
  const group = await getOrganisationBySlug('voisins-de-la-croix-rousse');
  const restaurant = await getOrganisationBySlug('le-bouchon-des-canuts');
  if (!group || !restaurant) {
    return;
  }
  const deliveryOn = nextDeliveryThursday(parisDayOf(now));
  await seedRound({
    slug: 'ferme-des-quatre-saisons',
    groupId: group.id,
    deliveryOn,
    stops: [
      { organisationId: restaurant.id, window: ['09:00', '10:00'], deadline: [-1, '12:00'] },
      // 60,00 € TTC: the households' demo orders (about 47 €) do not reach it yet.
      {
        organisationId: group.id,
        window: ['17:30', '19:30'],
        deadline: [-2, '18:00'],
        minimumOrderCents: 6000,
      },
    ],
    orders: [
      { stop: 0, organisationId: restaurant.id, quantities: [20, 6, 4] },
      { stop: 1, household: 'Dupont', quantities: [3, 1, 1] },
      { stop: 1, household: 'Nguyen', quantities: [2, 2, 0] },
      { stop: 1, household: 'Garcia', quantities: [0, 1, 2] },
    ],
  });
  await seedRound({
    slug: 'chevrerie-du-vallon',
    groupId: group.id,
    deliveryOn,
    stops: [{ organisationId: group.id, window: ['17:30', '19:30'], deadline: [-2, '18:00'] }],
    orders: [
      { stop: 0, household: 'Dupont', quantities: [2, 1] },
      { stop: 0, household: 'Benali', quantities: [4, 0] },
    ],
  });
}
