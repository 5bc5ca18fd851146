import { getDb } from '#app/db/client.server.ts';
import { deliveryRounds, orderLines, orders, products, roundStops } from '#app/db/schema.ts';
import { uniqueSuffix } from './index.ts';

type ProductRow = typeof products.$inferSelect;

/** A product inserted directly (the catalogue UI is tested elsewhere): carrots by the kilo. */
export async function makeRoundProduct(
  producerId: string,
  overrides: Partial<typeof products.$inferInsert> = {},
): Promise<ProductRow> {
  const [product] = await getDb()
    .insert(products)
    .values({
      producerId,
      sku: `P-${uniqueSuffix()}`,
      name: 'Carottes',
      egalimCategory: 'fruit_vegetable',
      saleUnit: 'kg',
      stepMilli: 500,
      vatRateBp: 550,
      consumerPriceGrossCents: 280,
      proPriceNetCents: 230,
      ...overrides,
    })
    .returning();
  return product!;
}

export async function makeRound(options: {
  producerId: string;
  deliveryOn: string;
  title?: string;
  status?: 'planned' | 'delivered' | 'invoiced' | 'cancelled';
}) {
  const [round] = await getDb()
    .insert(deliveryRounds)
    .values({ title: '', ...options })
    .returning();
  return round!;
}

export async function makeStop(options: {
  roundId: string;
  organisationId: string;
  position: number;
  orderDeadlineAt: Date;
  address?: string;
}) {
  const [stop] = await getDb()
    .insert(roundStops)
    .values({ address: '', ...options })
    .returning();
  return stop!;
}

/** An order as the sheets or pro orders will write it, lines snapshotted from the products. */
export async function makeOrder(options: {
  roundId: string;
  stopId: string;
  sellerId: string;
  householdId?: string;
  customerOrganisationId?: string;
  status?: 'open' | 'confirmed' | 'cancelled';
  lines: { product: ProductRow; quantityMilli: number }[];
}) {
  const [order] = await getDb()
    .insert(orders)
    .values({
      roundId: options.roundId,
      stopId: options.stopId,
      sellerId: options.sellerId,
      householdId: options.householdId ?? null,
      customerOrganisationId: options.customerOrganisationId ?? null,
      source: options.householdId ? 'sheet' : 'pro',
      status: options.status ?? 'confirmed',
    })
    .returning();
  await getDb()
    .insert(orderLines)
    .values(
      options.lines.map(({ product, quantityMilli }) => ({
        orderId: order!.id,
        productId: product.id,
        productName: product.name,
        saleUnit: product.saleUnit,
        isVariableWeight: product.isVariableWeight,
        estimatedWeightGrams: product.estimatedWeightGrams,
        quantityMilli,
        priceBasis: options.householdId ? ('gross' as const) : ('net' as const),
        unitPriceCents: options.householdId
          ? product.consumerPriceGrossCents
          : (product.proPriceNetCents ?? 0),
        vatRateBp: product.vatRateBp,
        egalimCategory: product.egalimCategory,
      })),
    );
  return order!;
}
