import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import {
  type ClosedSheet,
  connectProducer,
  makeClosedSheet,
  openCheckout,
  setupStripeFake,
} from './harness.ts';

setupTestDatabase();
const fake = setupStripeFake();

let sheet: ClosedSheet;
let accountId: string;

async function openSession(household: number) {
  const opened = await openCheckout(sheet, household);
  if (!opened.ok) throw new Error(opened.message);
  const [payment] = await getSql()<{ id: string }[]>`
    select id from payments where stripe_checkout_session_id = ${opened.sessionId}`;
  return { sessionId: opened.sessionId, paymentId: payment!.id };
}

async function paymentRow(paymentId: string) {
  const [row] = await getSql()<
    { status: string; failure_message: string | null; stripe_refunded_cents: number }[]
  >`
    select status, failure_message, stripe_refunded_cents from payments where id = ${paymentId}`;
  return row!;
}

async function lastEvent() {
  const [row] = await getSql()<{ type: string; outcome: string; detail: string | null }[]>`
    select type, outcome, detail from stripe_events order by received_at desc, id desc limit 1`;
  return row!;
}

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [{ key: 'ferme', products: [{ key: 'panier', name: 'Panier', grossCents: 1500 }] }],
    households: 4,
    cells: [0, 1, 2, 3].map((household) => [household, 'panier', 1000] as [number, string, number]),
  });
  const producer = sheet.producers.get('ferme')!;
  accountId = await connectProducer(fake(), producer.producerId, producer.ownerId);
});

describe('évènements Stripe', () => {
  it('carte refusée : le paiement reste en cours avec le motif, le foyer peut réessayer ; session expirée : abandonné', async () => {
    const { sessionId, paymentId } = await openSession(0);
    expect(await fake().decline(sessionId)).toBe(200);
    expect(await paymentRow(paymentId)).toMatchObject({
      status: 'pending',
      failure_message: 'Votre carte a été refusée.',
    });
    const session = fake()
      .state()
      .sessions.find((s) => s.id === sessionId)!;
    expect(
      await fake().sendEvent('checkout.session.expired', { ...session, status: 'expired' }),
    ).toBe(200);
    expect((await paymentRow(paymentId)).status).toBe('expired');
    // A new click opens a new session for the same share.
    const again = await openSession(0);
    expect(again.sessionId).not.toBe(sessionId);
  });

  it('paiement différé (prélèvement) : en attente, puis reçu par async_payment_succeeded, ou échoué', async () => {
    const paidLater = await openSession(1);
    const session = fake()
      .state()
      .sessions.find((s) => s.id === paidLater.sessionId)!;
    await fake().sendEvent('checkout.session.completed', {
      ...session,
      status: 'complete',
      payment_status: 'unpaid',
    });
    expect(await paymentRow(paidLater.paymentId)).toMatchObject({
      status: 'pending',
      failure_message: 'En attente de la confirmation de la banque.',
    });
    expect(
      fake()
        .state()
        .transfers.filter((t) => t.destination === accountId),
    ).toHaveLength(0);
    // The bank confirms: checkout.session.async_payment_succeeded.
    expect(await fake().clearDelayedPayment(paidLater.sessionId)).toBe(200);
    expect(await lastEvent()).toMatchObject({
      type: 'checkout.session.async_payment_succeeded',
      outcome: 'applied',
    });
    expect((await paymentRow(paidLater.paymentId)).status).toBe('succeeded');
    expect(
      fake()
        .state()
        .transfers.filter((t) => t.destination === accountId)
        .map((t) => t.amount),
    ).toEqual([1500]);

    const failed = await openSession(2);
    const other = fake()
      .state()
      .sessions.find((s) => s.id === failed.sessionId)!;
    await fake().sendEvent('checkout.session.async_payment_failed', {
      ...other,
      payment_status: 'unpaid',
    });
    expect((await paymentRow(failed.paymentId)).status).toBe('failed');
  });

  it('un montant reçu différent du paiement n’est jamais compté payé : signalé pour vérification', async () => {
    const { sessionId, paymentId } = await openSession(3);
    const session = fake()
      .state()
      .sessions.find((s) => s.id === sessionId)!;
    await fake().sendEvent('checkout.session.completed', {
      ...session,
      status: 'complete',
      payment_status: 'paid',
      amount_total: 1,
    });
    expect(await lastEvent()).toMatchObject({ outcome: 'mismatch' });
    expect(await paymentRow(paymentId)).toMatchObject({
      status: 'pending',
      failure_message: expect.stringMatching(/^Montant Stripe inattendu/),
    });
  });

  it('un type inconnu et un objet qui n’est pas à Cabas sont enregistrés et ignorés', async () => {
    const before = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from payments where status = 'succeeded'`;
    expect(await fake().sendEvent('customer.created', { id: 'cus_123', object: 'customer' })).toBe(
      200,
    );
    expect(await lastEvent()).toEqual({
      type: 'customer.created',
      outcome: 'ignored',
      detail: null,
    });
    expect(
      await fake().sendEvent('checkout.session.completed', {
        id: 'cs_test_elsewhere',
        object: 'checkout.session',
        payment_status: 'paid',
        amount_total: 1000,
        currency: 'eur',
      }),
    ).toBe(200);
    expect(await lastEvent()).toMatchObject({ outcome: 'unknown_object' });
    const after = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from payments where status = 'succeeded'`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('account.updated : le compte du producteur suit Stripe, sans revenir en arrière sur un évènement plus ancien', async () => {
    const account = fake()
      .state()
      .accounts.find((a) => a.id === accountId)!;
    const newer = { ...account, charges_enabled: false, payouts_enabled: false };
    await fake().sendEvent('account.updated', newer);
    const read = async () =>
      (
        await getSql()<{ charges_enabled: boolean }[]>`
        select charges_enabled from producer_payment_settings where stripe_account_id = ${accountId}`
      )[0]!.charges_enabled;
    expect(await read()).toBe(false);
    // An event stamped earlier than the last one applied (delivered late) changes nothing.
    const payload = JSON.parse(fake().eventPayload(fake().state().events.at(-1)!.id));
    const stale = JSON.stringify({
      ...payload,
      id: 'evt_stale_account_update',
      created: payload.created - 3600,
      data: { object: { ...account, charges_enabled: true } },
    });
    const { postWebhook } = await import('./harness.ts');
    const signature = new (await import('stripe')).default(
      'sk_test_x',
    ).webhooks.generateTestHeaderString({
      payload: stale,
      secret: 'whsec_cabas_integration_secret',
    });
    expect((await postWebhook(stale, signature)).status).toBe(200);
    expect(await read()).toBe(false);
    await fake().enableAccount(accountId);
    expect(await read()).toBe(true);
  });

  it('charge.refunded : le total remboursé chez Stripe est gardé pour le rapprochement', async () => {
    const [paid] = await getSql()<{ id: string; stripe_charge_id: string }[]>`
      select id, stripe_charge_id from payments where status = 'succeeded' and stripe_charge_id is not null limit 1`;
    const charge = fake()
      .state()
      .charges.find((c) => c.id === paid!.stripe_charge_id)!;
    await fake().sendEvent('charge.refunded', { ...charge, amount_refunded: 500, refunded: false });
    expect((await paymentRow(paid!.id)).stripe_refunded_cents).toBe(500);
    // Out of order: an older, smaller total does not lower it.
    await fake().sendEvent('charge.refunded', { ...charge, amount_refunded: 200 });
    expect((await paymentRow(paid!.id)).stripe_refunded_cents).toBe(500);
  });
});
