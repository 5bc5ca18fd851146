import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import {
  deliveryRounds,
  memberships,
  orderLines,
  orders,
  organisations,
  products,
  roundStops,
} from '#app/db/schema.ts';
import { createHousehold } from '#app/models/organisation.server.ts';
import { makeOrganisation, makeUser, uniqueSuffix } from './index.ts';

/** Fictitious identities whose SIRENs pass the Luhn check (test/einvoice/invoice-scenarios.ts). */
export const LEGAL = {
  ferme: {
    legalName: 'EARL Ferme du Bocage',
    siret: '90000001900019',
    vatNumber: 'FR25900000019',
    addressLine1: '1 chemin des Prés',
    postalCode: '44000',
    city: 'Nantes',
  },
  forfait: {
    legalName: 'Jean Dupuis, maraîcher',
    siret: '90000005000014',
    vatNumber: 'FR21900000050',
    addressLine1: 'La Basse Cour',
    postalCode: '44190',
    city: 'Gorges',
  },
  bistrot: {
    legalName: 'SARL Le Bistrot du Port',
    siren: '900000027',
    vatNumber: 'FR49900000027',
    addressLine1: '5 quai de la Fosse',
    postalCode: '44100',
    city: 'Nantes',
  },
} as const;

export async function makeSeller(
  options: { vatRegime?: 'liable' | 'flat_rate'; identity?: 'ferme' | 'forfait' | 'none' } = {},
) {
  const { organisation, owner } = await makeOrganisation({ kind: 'producer' });
  const identity = options.identity ?? (options.vatRegime === 'flat_rate' ? 'forfait' : 'ferme');
  if (identity !== 'none') {
    const legal = LEGAL[identity];
    await getDb()
      .update(organisations)
      .set({ ...legal, siren: legal.siret.slice(0, 9), vatRegime: options.vatRegime ?? 'liable' })
      .where(eq(organisations.id, organisation.id));
  }
  return { producerId: organisation.id, owner };
}

export async function makeProBuyer() {
  const { organisation } = await makeOrganisation({ kind: 'buyer' });
  await getDb()
    .update(organisations)
    .set(LEGAL.bistrot)
    .where(eq(organisations.id, organisation.id));
  return { buyerId: organisation.id };
}

/** A neighbourhood group with an address and `count` households, each with one member. */
export async function makeGroup(count: number) {
  const { organisation } = await makeOrganisation({ kind: 'group' });
  await getDb()
    .update(organisations)
    .set({ addressLine1: '3 allée des Tilleuls', postalCode: '44300', city: 'Nantes' })
    .where(eq(organisations.id, organisation.id));
  const householdIds: string[] = [];
  for (let index = 0; index < count; index++) {
    const household = await createHousehold({
      groupId: organisation.id,
      name: `Foyer ${uniqueSuffix()}`,
    });
    const user = await makeUser();
    await getDb().insert(memberships).values({
      organisationId: organisation.id,
      userId: user.id,
      role: 'household',
      householdId: household!.id,
    });
    householdIds.push(household!.id);
  }
  return { groupId: organisation.id, householdIds };
}

export type ProductSpec = {
  name: string;
  saleUnit?: string;
  isVariableWeight?: boolean;
  vatRateBp?: number | null;
  egalimCategory?: string;
};

export async function makeProduct(producerId: string, spec: ProductSpec) {
  const [product] = await getDb()
    .insert(products)
    .values({
      producerId,
      sku: `P-${uniqueSuffix()}`.slice(0, 40),
      name: spec.name,
      egalimCategory: spec.egalimCategory ?? 'fruit_vegetable',
      saleUnit: spec.saleUnit ?? (spec.isVariableWeight ? 'kg' : 'piece'),
      isVariableWeight: spec.isVariableWeight ?? false,
      estimatedWeightGrams: spec.isVariableWeight ? 1500 : null,
      stepMilli: 1000,
      vatRateBp: spec.vatRateBp === undefined ? 550 : spec.vatRateBp,
      consumerPriceGrossCents: 100,
      proPriceNetCents: 100,
    })
    .returning({ id: products.id });
  return product!.id;
}

export type LineSpec = ProductSpec & {
  quantityMilli: number;
  unitPriceCents: number;
  priceBasis?: 'gross' | 'net';
  deliveredQuantityMilli?: number | null;
  actualWeightGrams?: number | null;
  contractReference?: string;
  priceTrace?: unknown;
};

export type OrderSpec = {
  customer: { householdId: string } | { organisationId: string };
  stopOrganisationId: string;
  sellerId?: string;
  status?: 'open' | 'confirmed' | 'cancelled';
  lines: LineSpec[];
};

/**
 * A round of `producerId` with its stops and orders written directly (the live sheets and
 * pro orders that normally create them are built elsewhere).
 */
export async function makeRound(options: {
  producerId: string;
  deliveryOn?: string;
  status?: 'planned' | 'delivered' | 'invoiced' | 'cancelled';
  orders: OrderSpec[];
}) {
  const db = getDb();
  const [round] = await db
    .insert(deliveryRounds)
    .values({
      producerId: options.producerId,
      deliveryOn: options.deliveryOn ?? '2026-09-14',
      title: `Tournée de test ${uniqueSuffix()}`,
      status: options.status ?? 'delivered',
    })
    .returning({ id: deliveryRounds.id });
  const roundId = round!.id;
  const stopIds = new Map<string, string>();
  for (const spec of options.orders) {
    if (!stopIds.has(spec.stopOrganisationId)) {
      const [stop] = await db
        .insert(roundStops)
        .values({
          roundId,
          position: stopIds.size + 1,
          organisationId: spec.stopOrganisationId,
          orderDeadlineAt: new Date('2026-09-10T18:00:00Z'),
        })
        .returning({ id: roundStops.id });
      stopIds.set(spec.stopOrganisationId, stop!.id);
    }
  }
  const productIds = new Map<string, string>();
  const orderIds: string[] = [];
  const lineIds: string[][] = [];
  for (const spec of options.orders) {
    const sellerId = spec.sellerId ?? options.producerId;
    const [order] = await db
      .insert(orders)
      .values({
        roundId,
        stopId: stopIds.get(spec.stopOrganisationId)!,
        sellerId,
        householdId: 'householdId' in spec.customer ? spec.customer.householdId : null,
        customerOrganisationId:
          'organisationId' in spec.customer ? spec.customer.organisationId : null,
        source: 'manual',
        status: spec.status ?? 'confirmed',
      })
      .returning({ id: orders.id });
    orderIds.push(order!.id);
    const ids: string[] = [];
    for (const line of spec.lines) {
      const key = `${sellerId}:${line.name}`;
      if (!productIds.has(key)) {
        productIds.set(key, await makeProduct(sellerId, line));
      }
      const [row] = await db
        .insert(orderLines)
        .values({
          orderId: order!.id,
          productId: productIds.get(key)!,
          productName: line.name,
          saleUnit: line.saleUnit ?? (line.isVariableWeight ? 'kg' : 'piece'),
          isVariableWeight: line.isVariableWeight ?? false,
          estimatedWeightGrams: line.isVariableWeight ? 1500 : null,
          quantityMilli: line.quantityMilli,
          deliveredQuantityMilli: line.deliveredQuantityMilli ?? null,
          actualWeightGrams: line.actualWeightGrams ?? null,
          priceBasis: line.priceBasis ?? ('householdId' in spec.customer ? 'gross' : 'net'),
          unitPriceCents: line.unitPriceCents,
          vatRateBp: line.vatRateBp === undefined ? 550 : line.vatRateBp,
          egalimCategory: line.egalimCategory ?? 'fruit_vegetable',
          contractReference: line.contractReference ?? null,
          priceTrace: line.priceTrace ?? null,
        })
        .returning({ id: orderLines.id });
      ids.push(row!.id);
    }
    lineIds.push(ids);
  }
  return { roundId, orderIds, lineIds };
}
