import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import {
  deliveryRounds,
  households,
  orderLines,
  orders,
  organisations,
  products,
  roundStops,
  users,
} from '#app/db/schema.ts';
import { getInvoice, issueCreditNote, issueRoundInvoices } from '#app/models/invoice.server.ts';

/** The invoiced round of the demo: delivered, invoiced the next day, one credit note after. */
export const DEMO_INVOICED_ROUND = {
  title: 'Tournée de démonstration facturée',
  deliveryOn: '2026-11-10',
  issueOn: '2026-11-11',
  creditNoteOn: '2026-11-13',
} as const;

type DemoProduct = {
  sku: string;
  name: string;
  saleUnit: 'piece' | 'kg' | 'box';
  isVariableWeight?: boolean;
  vatRateBp: number;
  grossCents: number;
  netCents: number;
  egalimCategory: string;
};

const PRODUCTS = {
  panier: {
    sku: 'FQS-PANIER',
    name: 'Panier de légumes de saison',
    saleUnit: 'piece',
    vatRateBp: 550,
    grossCents: 1500,
    netCents: 1300,
    egalimCategory: 'fruit_vegetable',
  },
  carottes: {
    sku: 'FQS-CAROTTES',
    name: 'Carottes des sables',
    saleUnit: 'kg',
    vatRateBp: 550,
    grossCents: 290,
    netCents: 240,
    egalimCategory: 'fruit_vegetable',
  },
  pommesDeTerre: {
    sku: 'FQS-PDT',
    name: 'Pommes de terre Charlotte',
    saleUnit: 'kg',
    vatRateBp: 550,
    grossCents: 220,
    netCents: 180,
    egalimCategory: 'fruit_vegetable',
  },
  poulet: {
    sku: 'FQS-POULET',
    name: 'Poulet fermier (au poids)',
    saleUnit: 'kg',
    isVariableWeight: true,
    vatRateBp: 550,
    grossCents: 1290,
    netCents: 1100,
    egalimCategory: 'other',
  },
  oeufs: {
    sku: 'FQS-OEUFS',
    name: 'Œufs plein air (boîte de 6)',
    saleUnit: 'box',
    vatRateBp: 550,
    grossCents: 390,
    netCents: 320,
    egalimCategory: 'egg',
  },
  fleurs: {
    sku: 'FQS-FLEURS',
    name: 'Bouquet de fleurs de saison',
    saleUnit: 'piece',
    vatRateBp: 1000,
    grossCents: 800,
    netCents: 650,
    egalimCategory: 'other',
  },
} satisfies Record<string, DemoProduct>;

type ProductKey = keyof typeof PRODUCTS;
type DemoLine = [ProductKey, number, { delivered?: number; grams?: number }?];

/** What each customer ordered (quantities in thousandths), with shortages and actual weights. */
const HOUSEHOLD_ORDERS: Record<string, DemoLine[]> = {
  Dupont: [
    ['panier', 1000],
    ['poulet', 1000, { grams: 1840 }],
    ['oeufs', 2000],
  ],
  Nguyen: [
    ['carottes', 2000],
    ['pommesDeTerre', 3000],
    ['fleurs', 1000],
  ],
  Garcia: [
    ['panier', 1000],
    ['carottes', 1500, { delivered: 1000 }],
  ],
  Benali: [
    ['poulet', 1000, { grams: 2110 }],
    ['oeufs', 1000],
  ],
};
const RESTAURANT_ORDER: DemoLine[] = [
  ['carottes', 10_000],
  ['pommesDeTerre', 15_000],
  ['poulet', 3000, { grams: 5620 }],
  ['fleurs', 4000, { delivered: 3000 }],
];

async function findOrganisation(kind: 'producer' | 'group' | 'buyer', name: string) {
  const [row] = await getDb()
    .select({ id: organisations.id, createdBy: organisations.createdBy })
    .from(organisations)
    .where(and(eq(organisations.kind, kind), eq(organisations.name, name)));
  return row;
}

/** The farm's product of that name (the catalogue demo may have made it), else a new one. */
async function ensureProduct(producerId: string, product: DemoProduct): Promise<string> {
  const db = getDb();
  const [existing] = await db
    .select({ id: products.id })
    .from(products)
    .where(
      and(
        eq(products.producerId, producerId),
        sql`(lower(${products.name}) = lower(${product.name}) or upper(${products.sku}) = ${product.sku})`,
      ),
    )
    .orderBy(asc(products.createdAt))
    .limit(1);
  if (existing) {
    return existing.id;
  }
  const [created] = await db
    .insert(products)
    .values({
      producerId,
      sku: product.sku,
      name: product.name,
      egalimCategory: product.egalimCategory,
      saleUnit: product.saleUnit,
      isVariableWeight: product.isVariableWeight ?? false,
      estimatedWeightGrams: product.isVariableWeight ? 1800 : null,
      stepMilli: 1000,
      vatRateBp: product.vatRateBp,
      consumerPriceGrossCents: product.grossCents,
      proPriceNetCents: product.netCents,
    })
    .returning({ id: products.id });
  return created!.id;
}

async function insertOrder(options: {
  roundId: string;
  stopId: string;
  sellerId: string;
  customer: { householdId: string } | { customerOrganisationId: string };
  lines: DemoLine[];
  productIds: Map<ProductKey, string>;
  priceBasis: 'gross' | 'net';
}) {
  const db = getDb();
  const [order] = await db
    .insert(orders)
    .values({
      roundId: options.roundId,
      stopId: options.stopId,
      sellerId: options.sellerId,
      householdId: 'householdId' in options.customer ? options.customer.householdId : null,
      customerOrganisationId:
        'customerOrganisationId' in options.customer
          ? options.customer.customerOrganisationId
          : null,
      source: options.priceBasis === 'gross' ? 'sheet' : 'pro',
      status: 'confirmed',
    })
    .returning({ id: orders.id });
  await db.insert(orderLines).values(
    options.lines.map(([key, quantityMilli, delivery]) => {
      const product = PRODUCTS[key] as DemoProduct;
      return {
        orderId: order!.id,
        productId: options.productIds.get(key)!,
        productName: product.name,
        saleUnit: product.saleUnit,
        isVariableWeight: product.isVariableWeight ?? false,
        estimatedWeightGrams: product.isVariableWeight ? 1800 : null,
        quantityMilli,
        deliveredQuantityMilli: delivery?.delivered ?? null,
        actualWeightGrams: delivery?.grams ?? null,
        priceBasis: options.priceBasis,
        unitPriceCents: options.priceBasis === 'gross' ? product.grossCents : product.netCents,
        vatRateBp: product.vatRateBp,
        egalimCategory: product.egalimCategory,
      };
    }),
  );
}

/**
 * A past round of « Ferme des Quatre Saisons » delivered to the four households of « Voisins de
 * la Croix-Rousse » and to « Le Bouchon des Canuts », with its invoices issued through the real
 * issuing path and a credit note on the restaurant's invoice. Creates the products, round and
 * orders it needs when missing; does nothing when the demo organisations are absent or the
 * round already exists.
 */
export async function seedDemoInvoices(): Promise<{ created: boolean; numbers: string[] }> {
  const db = getDb();
  const ferme = await findOrganisation('producer', 'Ferme des Quatre Saisons');
  const group = await findOrganisation('group', 'Voisins de la Croix-Rousse');
  const restaurant = await findOrganisation('buyer', 'Le Bouchon des Canuts');
  if (!ferme || !group || !restaurant) {
    return { created: false, numbers: [] };
  }
  const [existing] = await db
    .select({ id: deliveryRounds.id })
    .from(deliveryRounds)
    .where(
      and(
        eq(deliveryRounds.producerId, ferme.id),
        eq(deliveryRounds.title, DEMO_INVOICED_ROUND.title),
      ),
    );
  if (existing) {
    return { created: false, numbers: [] };
  }
  const productIds = new Map<ProductKey, string>();
  for (const key of Object.keys(PRODUCTS) as ProductKey[]) {
    productIds.set(key, await ensureProduct(ferme.id, PRODUCTS[key]));
  }
  const [round] = await db
    .insert(deliveryRounds)
    .values({
      producerId: ferme.id,
      deliveryOn: DEMO_INVOICED_ROUND.deliveryOn,
      title: DEMO_INVOICED_ROUND.title,
      status: 'delivered',
    })
    .returning({ id: deliveryRounds.id });
  const roundId = round!.id;
  const stops = await db
    .insert(roundStops)
    .values(
      [group.id, restaurant.id].map((organisationId, index) => ({
        roundId,
        position: index + 1,
        organisationId,
        orderDeadlineAt: new Date('2026-11-08T18:00:00Z'),
        windowStartAt: new Date(`2026-11-10T${index === 0 ? '16' : '09'}:00:00Z`),
        windowEndAt: new Date(`2026-11-10T${index === 0 ? '18' : '10'}:00:00Z`),
      })),
    )
    .returning({ id: roundStops.id, organisationId: roundStops.organisationId });
  const stopOf = (organisationId: string) =>
    stops.find((stop) => stop.organisationId === organisationId)!.id;

  const groupHouseholds = await db
    .select({ id: households.id, name: households.name })
    .from(households)
    .where(eq(households.groupId, group.id));
  for (const household of groupHouseholds) {
    const lines = HOUSEHOLD_ORDERS[household.name];
    if (!lines) {
      continue;
    }
    await insertOrder({
      roundId,
      stopId: stopOf(group.id),
      sellerId: ferme.id,
      customer: { householdId: household.id },
      lines,
      productIds,
      priceBasis: 'gross',
    });
  }
  await insertOrder({
    roundId,
    stopId: stopOf(restaurant.id),
    sellerId: ferme.id,
    customer: { customerOrganisationId: restaurant.id },
    lines: RESTAURANT_ORDER,
    productIds,
    priceBasis: 'net',
  });

  const [owner] = ferme.createdBy
    ? await db.select({ id: users.id }).from(users).where(eq(users.id, ferme.createdBy))
    : [];
  const issued = await issueRoundInvoices({
    roundId,
    producerId: ferme.id,
    issueDate: DEMO_INVOICED_ROUND.issueOn,
    actorId: owner?.id ?? null,
  });
  if (!issued.ok) {
    throw new Error(`Démo : factures non émises — ${issued.message}`);
  }
  const restaurantInvoice = issued.invoices.find(
    (invoice) => invoice.customerOrganisationId === restaurant.id,
  );
  const numbers = issued.invoices.map((invoice) => invoice.displayNumber);
  const detail = restaurantInvoice
    ? await getInvoice({ producerId: ferme.id, invoiceId: restaurantInvoice.id })
    : null;
  const chickens = detail?.snapshot.lines.find((line) => line.label === PRODUCTS.poulet.name);
  if (restaurantInvoice && chickens) {
    const creditNote = await issueCreditNote({
      invoiceId: restaurantInvoice.id,
      producerId: ferme.id,
      // The chickens line: 0.620 kg returned, the skin was torn.
      selection: [{ lineId: chickens.lineId, quantityMilli: 620 }],
      reason: 'poulet abîmé à la livraison (0,620 kg repris)',
      actorId: owner?.id ?? null,
      issueDate: DEMO_INVOICED_ROUND.creditNoteOn,
    });
    if (!creditNote.ok) {
      throw new Error(`Démo : avoir non émis — ${creditNote.message}`);
    }
    numbers.push(creditNote.creditNote.displayNumber);
  }
  return { created: true, numbers };
}
