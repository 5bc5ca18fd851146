import { eq } from 'drizzle-orm';
import { afterAll, beforeAll } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { organisations, roundOffers } from '#app/db/schema.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';
import { startOnboarding } from '#app/models/payment-account.server.ts';
import { startCheckout } from '#app/models/payment-checkout.server.ts';
import { markRoundDelivered, recordDelivery } from '#app/models/round-delivery.server.ts';
import { closeSheet, openSheet } from '#app/models/sheet.server.ts';
import { action as webhookAction } from '#app/routes/webhooks.stripe.ts';
import { setEnvForTests } from '#app/utils/env.server.ts';
import { makeSeller } from '#test/factories/invoicing.ts';
import { makeRound, makeRoundProduct, makeStop } from '#test/factories/rounds.ts';
import { makeGroupWithHouseholds } from '#test/factories/sheets.ts';
import { type StripeFake, startStripeFake } from '#test/mocks/stripe-fake.ts';

export const WEBHOOK_SECRET = 'whsec_cabas_integration_secret';
export const SECRET_KEY = 'sk_test_cabas_integration';

/** The webhook route, called in-process with a real Request (exact raw body and signature). */
export function postWebhook(payload: string, signature: string | null): Promise<Response> {
  return webhookAction({
    request: new Request('http://localhost:3000/webhooks/stripe', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(signature === null ? {} : { 'Stripe-Signature': signature }),
      },
      body: payload,
    }),
    params: {},
    context: {},
  } as never);
}

/**
 * A fake Stripe for the file (official client pointed at it through STRIPE_API_BASE_URL, its
 * webhooks delivered to the real route), and online payment switched on.
 */
export function setupStripeFake(
  options: { fee?: { bp: number; fixedCents: number }; refundMode?: 'succeeded' | 'pending' } = {},
) {
  let fake: StripeFake | undefined;
  let restore: (() => void) | undefined;
  beforeAll(async () => {
    fake = await startStripeFake({
      webhookSecret: WEBHOOK_SECRET,
      deliver: postWebhook,
      refundMode: options.refundMode ?? 'succeeded',
    });
    restore = setEnvForTests({
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE_URL: fake.url,
      PAYMENT_FEE_BP: String(options.fee?.bp ?? 0),
      PAYMENT_FEE_FIXED_CENTS: String(options.fee?.fixedCents ?? 0),
    });
  });
  afterAll(async () => {
    restore?.();
    await fake?.close();
  });
  return () => {
    if (!fake) {
      throw new Error('setupStripeFake: pas encore démarré');
    }
    return fake;
  };
}

/** The producer onboards on (fake) Stripe: Express account, hosted form, account.updated. */
export async function connectProducer(fake: StripeFake, producerId: string, ownerId: string) {
  const started = await startOnboarding({
    producerId,
    producerName: 'Ferme',
    email: null,
    actorId: ownerId,
    returnUrl: 'http://localhost:3000/retour',
    refreshUrl: 'http://localhost:3000/rafraichir',
  });
  if (!started.ok) {
    throw new Error(started.message);
  }
  const accountId = new URL(started.url).pathname.split('/').pop()!;
  const status = await fake.enableAccount(accountId);
  if (status !== 200) {
    throw new Error(`account.updated refusé : ${status}`);
  }
  return accountId;
}

export type ProductSpec = {
  key: string;
  name: string;
  saleUnit?: string;
  grossCents: number;
  vatRateBp?: number | null;
  isVariableWeight?: boolean;
  estimatedWeightGrams?: number;
  stepMilli?: number;
};

export type ProducerSpec = {
  key: string;
  vatRegime?: 'liable' | 'flat_rate';
  products: ProductSpec[];
};

export const DELIVERY_DAY = '2026-12-04';
export const ISSUE_DAY = '2026-12-05';

/**
 * A group with households on a sheet over several producers' rounds (one stop each), filled
 * through sheet_cells and closed by the coordinator with the real projection into orders.
 */
export async function makeClosedSheet(options: {
  producers: ProducerSpec[];
  households: number;
  /** [household index, product key, quantity in thousandths]. */
  cells: [number, string, number][];
}) {
  const { group, coordinator, households } = await makeGroupWithHouseholds({
    households: options.households,
  });
  await getDb()
    .update(organisations)
    .set({ addressLine1: '5 place de la Croix-Rousse', postalCode: '69004', city: 'Lyon' })
    .where(eq(organisations.id, group.id));
  const now = new Date();
  const producers = new Map<
    string,
    { producerId: string; ownerId: string; roundId: string; stopId: string }
  >();
  const products = new Map<string, { id: string; offerId: string; producerKey: string }>();
  for (const spec of options.producers) {
    const { producerId, owner } = await makeSeller({ vatRegime: spec.vatRegime ?? 'liable' });
    const round = await makeRound({ producerId, deliveryOn: DELIVERY_DAY, status: 'planned' });
    const stop = await makeStop({
      roundId: round.id,
      organisationId: group.id,
      position: 1,
      orderDeadlineAt: new Date(now.getTime() + 48 * 3_600_000),
    });
    producers.set(spec.key, { producerId, ownerId: owner.id, roundId: round.id, stopId: stop.id });
    for (const product of spec.products) {
      const row = await makeRoundProduct(producerId, {
        name: product.name,
        saleUnit: product.saleUnit ?? (product.isVariableWeight ? 'kg' : 'piece'),
        stepMilli: product.stepMilli ?? 1000,
        consumerPriceGrossCents: product.grossCents,
        vatRateBp: product.vatRateBp === undefined ? 550 : product.vatRateBp,
        isVariableWeight: product.isVariableWeight ?? false,
        estimatedWeightGrams: product.isVariableWeight
          ? (product.estimatedWeightGrams ?? 1500)
          : null,
      });
      const [offer] = await getDb()
        .insert(roundOffers)
        .values({ roundId: round.id, productId: row.id })
        .returning();
      products.set(product.key, { id: row.id, offerId: offer!.id, producerKey: spec.key });
    }
  }
  const opened = await openSheet({
    groupId: group.id,
    userId: coordinator.id,
    title: 'Commande de la semaine',
    stopIds: [...producers.values()].map((producer) => producer.stopId),
    now,
  });
  if (!opened.ok) {
    throw new Error(opened.error);
  }
  const sheetId = opened.sheet.id;
  await getSql()`insert into sheet_cells ${getSql()(
    options.cells.map(([household, key, quantity]) => ({
      sheet_id: sheetId,
      household_id: households[household]!.householdId,
      product_id: products.get(key)!.id,
      offer_id: products.get(key)!.offerId,
      quantity_milli: quantity,
    })),
  )}`;
  await closeSheet({ sheetId, closedBy: coordinator.id });
  return { group, coordinator, households, producers, products, sheetId };
}

export type ClosedSheet = Awaited<ReturnType<typeof makeClosedSheet>>;

/** The order line of a household × product (for delivery entry). */
export async function orderLineOf(sheet: ClosedSheet, household: number, productKey: string) {
  const [row] = await getSql()<{ id: string }[]>`
    select l.id from order_lines l join orders o on o.id = l.order_id
    where o.household_id = ${sheet.households[household]!.householdId}
      and l.product_id = ${sheet.products.get(productKey)!.id}`;
  return row!.id;
}

/** Delivery entry (weights, shortages), delivered, then the round's invoices issued. */
export async function deliverAndInvoice(
  sheet: ClosedSheet,
  producerKey: string,
  entries: { household: number; product: string; grams?: number; delivered?: number }[],
) {
  const producer = sheet.producers.get(producerKey)!;
  const scope = { roundId: producer.roundId, producerId: producer.producerId };
  const lines = [];
  for (const entry of entries) {
    lines.push({
      orderLineId: await orderLineOf(sheet, entry.household, entry.product),
      ...(entry.grams !== undefined ? { actualWeightGrams: entry.grams } : {}),
      ...(entry.delivered !== undefined ? { deliveredQuantityMilli: entry.delivered } : {}),
    });
  }
  const recorded = await recordDelivery({ ...scope, lines });
  if (!recorded.ok) throw new Error(recorded.message);
  const delivered = await markRoundDelivered(scope);
  if (!delivered.ok) throw new Error(delivered.message);
  const issued = await issueRoundInvoices({
    ...scope,
    issueDate: ISSUE_DAY,
    actorId: producer.ownerId,
  });
  if (!issued.ok) throw new Error(issued.message);
  return issued.invoices;
}

/** The household's « Payer par carte »: a Checkout Session on the fake, or Cabas's refusal. */
export async function openCheckout(sheet: ClosedSheet, household: number) {
  const member = sheet.households[household]!;
  const started = await startCheckout({
    sheetId: sheet.sheetId,
    householdId: member.householdId,
    userId: member.user.id,
    email: member.user.email,
    successUrl: 'http://localhost:3000/ok?session_id={CHECKOUT_SESSION_ID}',
    cancelUrl: 'http://localhost:3000/annule',
  });
  return started.ok
    ? { ok: true as const, sessionId: new URL(started.url).pathname.split('/').pop()! }
    : started;
}

/** Opens the checkout and pays it on the fake (signed webhook delivered to the route). */
export async function payShare(fake: StripeFake, sheet: ClosedSheet, household: number) {
  const opened = await openCheckout(sheet, household);
  if (!opened.ok) {
    throw new Error(opened.message);
  }
  const status = await fake.pay(opened.sessionId);
  if (status !== 200) {
    throw new Error(`webhook refusé : ${status}`);
  }
  return opened.sessionId;
}
