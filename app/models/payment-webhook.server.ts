// Stripe webhook events (ADR 012): each one is stored under its Stripe id and its effect applied
// in the same transaction, so an event delivered again (Stripe retries, replays) is recognised
// by the primary key and changes nothing. Unknown types are stored and ignored.
import type { TransactionSql } from 'postgres';
import { getSql } from '#app/db/client.server.ts';
import { accountStateOf, type Stripe } from '#app/integrations/stripe.server.ts';
import { queuePaymentReceipt } from './notification-events.server.ts';
import { applyAccountState } from './payment-account.server.ts';
import { lockHouseholdShare } from './payment-ledger.server.ts';
import { refundStatusOf } from './payment-outbox.server.ts';

export type WebhookOutcome = 'applied' | 'ignored' | 'unknown_object' | 'mismatch';

export type WebhookResult = {
  duplicate: boolean;
  outcome: WebhookOutcome | null;
  /** Payments and refunds whose outbox rows may now be sent. */
  paymentIds: string[];
  refundIds: string[];
};

type Applied = {
  outcome: WebhookOutcome;
  detail?: string;
  paymentIds?: string[];
  refundIds?: string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type PaymentRow = {
  id: string;
  sheet_id: string;
  household_id: string;
  status: string;
  amount_cents: number;
};

async function findPayment(
  tx: TransactionSql,
  by: {
    sessionId?: string | null;
    paymentId?: string | null;
    intentId?: string | null;
    chargeId?: string | null;
  },
): Promise<PaymentRow | undefined> {
  const paymentId = by.paymentId && UUID.test(by.paymentId) ? by.paymentId : null;
  const [row] = await tx<PaymentRow[]>`
    select id, sheet_id, household_id, status, amount_cents from payments
    where method = 'card' and (
      stripe_checkout_session_id = ${by.sessionId ?? null}
      or id = ${paymentId}::uuid
      or stripe_payment_intent_id = ${by.intentId ?? null}
      or stripe_charge_id = ${by.chargeId ?? null})
    order by (stripe_checkout_session_id = ${by.sessionId ?? null}) desc nulls last
    limit 1`;
  return row;
}

const idOf = (value: string | { id: string } | null | undefined): string | null =>
  typeof value === 'string' ? value : (value?.id ?? null);

async function onCheckoutPaid(
  tx: TransactionSql,
  session: Stripe.Checkout.Session,
): Promise<Applied> {
  const payment = await findPayment(tx, {
    sessionId: session.id,
    paymentId: session.client_reference_id ?? session.metadata?.cabas_payment_id ?? null,
  });
  if (!payment) {
    return { outcome: 'unknown_object', detail: `session ${session.id} inconnue` };
  }
  await lockHouseholdShare(tx, payment.sheet_id, payment.household_id);
  const intentId = idOf(session.payment_intent);
  if (session.payment_status === 'unpaid') {
    // Delayed methods (SEPA debit): paid later, or async_payment_failed.
    await tx`update payments set stripe_payment_intent_id = coalesce(stripe_payment_intent_id, ${intentId}),
      failure_message = 'En attente de la confirmation de la banque.'
      where id = ${payment.id} and status = 'pending'`;
    return { outcome: 'applied', detail: 'paiement différé en attente' };
  }
  if (session.amount_total !== payment.amount_cents || session.currency !== 'eur') {
    const detail = `montant reçu ${session.amount_total} ${session.currency}, attendu ${payment.amount_cents} eur`;
    // Never counted as paid: shown on the reconciliation for someone to look at.
    await tx`update payments set failure_message = ${`Montant Stripe inattendu (${detail}) : à vérifier.`}
      where id = ${payment.id}`;
    return { outcome: 'mismatch', detail };
  }
  if (payment.status === 'succeeded') {
    return { outcome: 'applied', detail: 'déjà reçu', paymentIds: [payment.id] };
  }
  // Even an expired or failed row is paid if Stripe says so: the money arrived.
  await tx`
    update payments set status = 'succeeded', paid_at = now(), failure_message = null,
      stripe_checkout_session_id = coalesce(stripe_checkout_session_id, ${session.id}),
      stripe_payment_intent_id = coalesce(stripe_payment_intent_id, ${intentId})
    where id = ${payment.id}`;
  await tx`
    insert into payment_transfers (payment_id, producer_id, amount_cents, stripe_account_id)
    select payment_id, producer_id, amount_cents, stripe_account_id from payment_allocations
    where payment_id = ${payment.id} and stripe_account_id is not null
    on conflict (payment_id, producer_id) do nothing`;
  // The payer's receipt (ADR 016): one per payment, however many events say it is paid.
  await queuePaymentReceipt(tx, payment.id);
  return { outcome: 'applied', paymentIds: [payment.id] };
}

async function onCheckoutClosed(
  tx: TransactionSql,
  session: Stripe.Checkout.Session,
  status: 'failed' | 'expired',
): Promise<Applied> {
  const payment = await findPayment(tx, { sessionId: session.id });
  if (!payment) {
    return { outcome: 'unknown_object', detail: `session ${session.id} inconnue` };
  }
  await tx`
    update payments set status = ${status},
      failure_message = ${status === 'failed' ? 'Le paiement a été refusé par la banque.' : 'Session de paiement abandonnée.'}
    where id = ${payment.id} and status = 'pending'`;
  return { outcome: 'applied' };
}

async function onIntentFailed(tx: TransactionSql, intent: Stripe.PaymentIntent): Promise<Applied> {
  const payment = await findPayment(tx, {
    intentId: intent.id,
    paymentId: intent.metadata?.cabas_payment_id ?? null,
  });
  if (!payment) {
    return { outcome: 'unknown_object' };
  }
  // Checkout lets the household try another card until the session expires: still pending.
  await tx`update payments set failure_message = ${intent.last_payment_error?.message ?? 'Paiement refusé.'}
    where id = ${payment.id} and status = 'pending'`;
  return { outcome: 'applied' };
}

async function onChargeRefunded(tx: TransactionSql, charge: Stripe.Charge): Promise<Applied> {
  const payment = await findPayment(tx, {
    chargeId: charge.id,
    intentId: idOf(charge.payment_intent),
  });
  if (!payment) {
    return { outcome: 'unknown_object' };
  }
  await tx`
    update payments set stripe_charge_id = coalesce(stripe_charge_id, ${charge.id}),
      stripe_refunded_cents = greatest(stripe_refunded_cents, ${charge.amount_refunded})
    where id = ${payment.id}`;
  return { outcome: 'applied' };
}

const TERMINAL = new Set(['succeeded', 'failed', 'canceled']);

async function onRefund(tx: TransactionSql, refund: Stripe.Refund): Promise<Applied> {
  const ours = refund.metadata?.cabas_refund_id;
  const [row] = await tx<
    {
      id: string;
      status: string;
      stripe_refund_id: string | null;
      stripe_refund_status: string | null;
      stripe_reversal_id: string | null;
    }[]
  >`
    select id, status, stripe_refund_id, stripe_refund_status, stripe_reversal_id
    from payment_refunds
    where stripe_refund_id = ${refund.id}
       or (id = ${ours && UUID.test(ours) ? ours : null}::uuid and stripe_refund_id is null)
    for update`;
  if (!row) {
    return { outcome: 'unknown_object', detail: `remboursement ${refund.id} non initié par Cabas` };
  }
  const incoming = refund.status ?? 'pending';
  // Events may come out of order: a final state is never replaced by 'pending'.
  const stripeStatus =
    row.stripe_refund_status && TERMINAL.has(row.stripe_refund_status) && !TERMINAL.has(incoming)
      ? row.stripe_refund_status
      : incoming;
  const status =
    row.status === 'cancelled'
      ? 'cancelled'
      : refundStatusOf({
          stripeRefundId: refund.id,
          stripeRefundStatus: stripeStatus,
          stripeReversalId: row.stripe_reversal_id,
        });
  await tx`
    update payment_refunds set stripe_refund_id = ${refund.id}, stripe_refund_status = ${stripeStatus},
      status = ${status},
      last_error = ${stripeStatus === 'failed' ? `Remboursement refusé par la banque (${refund.failure_reason ?? 'motif inconnu'}).` : null}
    where id = ${row.id}`;
  return { outcome: 'applied', refundIds: [row.id] };
}

async function apply(tx: TransactionSql, event: Stripe.Event): Promise<Applied> {
  switch (event.type) {
    case 'checkout.session.completed':
    case 'checkout.session.async_payment_succeeded':
      return onCheckoutPaid(tx, event.data.object);
    case 'checkout.session.async_payment_failed':
      return onCheckoutClosed(tx, event.data.object, 'failed');
    case 'checkout.session.expired':
      return onCheckoutClosed(tx, event.data.object, 'expired');
    case 'payment_intent.payment_failed':
      return onIntentFailed(tx, event.data.object);
    case 'charge.refunded':
      return onChargeRefunded(tx, event.data.object);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
      return onRefund(tx, event.data.object);
    case 'account.updated': {
      const known = await applyAccountState(
        tx,
        accountStateOf(event.data.object),
        new Date(event.created * 1000),
      );
      return { outcome: known ? 'applied' : 'unknown_object' };
    }
    default:
      return { outcome: 'ignored' };
  }
}

/**
 * Stores and applies one verified event, once. The insert on the event's id is the idempotency
 * guard: a second delivery (even concurrent: it waits on the first's row) inserts nothing and
 * applies nothing. Any failure rolls both back, so Stripe's retry is processed in full.
 */
export async function handleStripeEvent(event: Stripe.Event): Promise<WebhookResult> {
  return getSql().begin(async (tx) => {
    const inserted = await tx`
      insert into stripe_events (id, type, livemode, stripe_created_at, outcome, payload)
      values (${event.id}, ${event.type}, ${event.livemode},
              ${new Date(event.created * 1000).toISOString()}::timestamptz, 'received',
              ${JSON.stringify(event)}::jsonb)
      on conflict (id) do nothing returning id`;
    if (inserted.length === 0) {
      return { duplicate: true, outcome: null, paymentIds: [], refundIds: [] };
    }
    const applied = await apply(tx, event);
    await tx`update stripe_events set outcome = ${applied.outcome}, detail = ${applied.detail ?? null}
      where id = ${event.id}`;
    return {
      duplicate: false,
      outcome: applied.outcome,
      paymentIds: applied.paymentIds ?? [],
      refundIds: applied.refundIds ?? [],
    };
  }) as Promise<WebhookResult>;
}
