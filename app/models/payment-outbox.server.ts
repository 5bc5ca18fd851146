// Sends what the ledger decided to Stripe, after its transaction committed (ADR 012): one
// Transfer per producer of a succeeded card payment (source_transaction = the charge), and the
// refunds (partial refund of the charge, then a reversal of that producer's transfer, for
// exactly the refund's amount). Every call carries an idempotency key derived from the row, so
// running the outbox twice (two webhooks, a retry) never moves money twice; a Stripe refusal
// bumps the key's generation so that the retry is a new request. Failures stay on the row,
// visible and retryable.
import { getSql } from '#app/db/client.server.ts';
import {
  createRefund,
  createTransfer,
  createTransferReversal,
  retrieveChargeId,
  StripeCallError,
} from '#app/integrations/stripe.server.ts';
import { queueRefundNotices } from './notification-events.server.ts';
import { transferGroupOf } from './payment-checkout.server.ts';

export type OutboxReport = { transfers: number; refunds: number; failures: string[] };

type TransferRow = {
  id: string;
  payment_id: string;
  producer_id: string;
  amount_cents: number;
  stripe_account_id: string;
  idempotency_generation: number;
  stripe_charge_id: string | null;
  stripe_payment_intent_id: string | null;
};

async function recordFailure(
  table: 'payment_transfers' | 'payment_refunds',
  id: string,
  error: StripeCallError,
) {
  const sql = getSql();
  // A refusal is final for this request: 'failed' and a new key next time. An outage or a
  // timeout may have reached Stripe: the same key is kept, so a retry cannot double.
  await sql`
    update ${sql(table)} set attempts = attempts + 1, last_error = ${error.message},
      status = ${error.isDefinitive ? 'failed' : 'pending'},
      idempotency_generation = idempotency_generation + ${error.isDefinitive ? 1 : 0}
    where id = ${id} and status in ('pending', 'processing')`;
}

async function chargeOf(row: TransferRow): Promise<string | null> {
  if (row.stripe_charge_id) {
    return row.stripe_charge_id;
  }
  if (!row.stripe_payment_intent_id) {
    return null;
  }
  const chargeId = await retrieveChargeId(row.stripe_payment_intent_id);
  if (chargeId) {
    await getSql()`update payments set stripe_charge_id = ${chargeId}
      where id = ${row.payment_id} and stripe_charge_id is null`;
  }
  return chargeId;
}

async function sendTransfers(paymentIds: readonly string[] | null, report: OutboxReport) {
  const sql = getSql();
  const rows = await sql<TransferRow[]>`
    select t.id, t.payment_id, t.producer_id, t.amount_cents, t.stripe_account_id,
           t.idempotency_generation, p.stripe_charge_id, p.stripe_payment_intent_id
    from payment_transfers t join payments p on p.id = t.payment_id
    where t.status = 'pending' and p.status = 'succeeded'
      ${paymentIds ? sql`and t.payment_id = any(${[...paymentIds]}::uuid[])` : sql``}
    order by t.created_at, t.id`;
  for (const row of rows) {
    try {
      const chargeId = await chargeOf(row);
      if (!chargeId) {
        continue;
      }
      const transfer = await createTransfer({
        amountCents: row.amount_cents,
        destination: row.stripe_account_id,
        sourceTransaction: chargeId,
        transferGroup: transferGroupOf(row.payment_id),
        metadata: { cabas_transfer_id: row.id, cabas_payment_id: row.payment_id },
        idempotencyKey: `transfer-${row.id}-${row.idempotency_generation}`,
      });
      await sql`
        update payment_transfers set status = 'succeeded', stripe_transfer_id = ${transfer.id},
          attempts = attempts + 1, last_error = null
        where id = ${row.id} and status = 'pending'`;
      report.transfers += 1;
    } catch (error) {
      if (!(error instanceof StripeCallError)) {
        throw error;
      }
      await recordFailure('payment_transfers', row.id, error);
      report.failures.push(error.message);
    }
  }
}

type RefundRow = {
  id: string;
  payment_id: string;
  producer_id: string;
  amount_cents: number;
  idempotency_generation: number;
  stripe_refund_id: string | null;
  stripe_reversal_id: string | null;
  stripe_charge_id: string | null;
  stripe_payment_intent_id: string | null;
  transfer_status: string | null;
  stripe_transfer_id: string | null;
};

/** The row's status from what Stripe has done so far (shared with the webhook). */
export function refundStatusOf(row: {
  stripeRefundId: string | null;
  stripeRefundStatus: string | null;
  stripeReversalId: string | null;
}): 'pending' | 'processing' | 'succeeded' | 'failed' {
  if (row.stripeRefundStatus === 'failed' || row.stripeRefundStatus === 'canceled') {
    return 'failed';
  }
  if (!row.stripeRefundId) {
    return 'pending';
  }
  if (!row.stripeReversalId) {
    return 'pending';
  }
  return row.stripeRefundStatus === 'succeeded' ? 'succeeded' : 'processing';
}

async function sendRefund(row: RefundRow) {
  const sql = getSql();
  const metadata = {
    cabas_refund_id: row.id,
    cabas_payment_id: row.payment_id,
    cabas_producer_id: row.producer_id,
  };
  if (!row.stripe_refund_id) {
    const chargeId =
      row.stripe_charge_id ??
      (row.stripe_payment_intent_id ? await retrieveChargeId(row.stripe_payment_intent_id) : null);
    if (!chargeId) {
      return;
    }
    const refund = await createRefund({
      chargeId,
      amountCents: row.amount_cents,
      metadata,
      idempotencyKey: `refund-${row.id}-${row.idempotency_generation}`,
    });
    // A webhook may already have told the refund's fate: never step back from it. The
    // household's notice is queued with the refund Stripe accepted (ADR 016).
    await sql.begin(async (tx) => {
      await tx`
        update payment_refunds set stripe_refund_id = ${refund.id},
          stripe_refund_status = coalesce(stripe_refund_status, ${refund.status})
        where id = ${row.id}`;
      await queueRefundNotices(tx, [row.id]);
    });
  }
  if (!row.stripe_reversal_id && row.stripe_transfer_id) {
    const reversal = await createTransferReversal({
      transferId: row.stripe_transfer_id,
      amountCents: row.amount_cents,
      metadata,
      idempotencyKey: `reversal-${row.id}-${row.idempotency_generation}`,
    });
    await sql`update payment_refunds set stripe_reversal_id = ${reversal.id} where id = ${row.id}`;
  }
  const [current] = await sql<
    {
      stripe_refund_id: string | null;
      stripe_refund_status: string | null;
      stripe_reversal_id: string | null;
    }[]
  >`select stripe_refund_id, stripe_refund_status, stripe_reversal_id from payment_refunds where id = ${row.id}`;
  const status = refundStatusOf({
    stripeRefundId: current!.stripe_refund_id,
    stripeRefundStatus: current!.stripe_refund_status,
    stripeReversalId: current!.stripe_reversal_id,
  });
  await sql`
    update payment_refunds set status = ${status}, attempts = attempts + 1, last_error = null
    where id = ${row.id} and status in ('pending', 'processing')`;
}

async function sendRefunds(
  filter: { paymentIds: readonly string[] | null; refundIds: readonly string[] | null },
  report: OutboxReport,
) {
  const sql = getSql();
  const rows = await sql<RefundRow[]>`
    select r.id, r.payment_id, r.producer_id, r.amount_cents, r.idempotency_generation,
           r.stripe_refund_id, r.stripe_reversal_id, p.stripe_charge_id, p.stripe_payment_intent_id,
           t.status as transfer_status, t.stripe_transfer_id
    from payment_refunds r
    join payments p on p.id = r.payment_id
    left join payment_transfers t on t.payment_id = r.payment_id and t.producer_id = r.producer_id
    where r.method = 'card' and r.status = 'pending'
      ${
        filter.paymentIds || filter.refundIds
          ? sql`and (r.payment_id = any(${[...(filter.paymentIds ?? [])]}::uuid[])
                 or r.id = any(${[...(filter.refundIds ?? [])]}::uuid[]))`
          : sql``
      }
    order by r.created_at, r.id`;
  for (const row of rows) {
    if (row.transfer_status !== 'succeeded') {
      // The producer's transfer is not made yet: refunding first would take from the platform.
      await sql`update payment_refunds set last_error = 'En attente du virement au producteur.'
        where id = ${row.id} and status = 'pending'`;
      continue;
    }
    try {
      await sendRefund(row);
      report.refunds += 1;
    } catch (error) {
      if (!(error instanceof StripeCallError)) {
        throw error;
      }
      await recordFailure('payment_refunds', row.id, error);
      report.failures.push(error.message);
    }
  }
}

/**
 * Sends the pending transfers and refunds — of some payments and refunds, or all of them.
 * Transfers first: a refund is taken back from the producer's transfer.
 */
export async function runPaymentOutbox(
  options: { paymentIds?: readonly string[]; refundIds?: readonly string[] } = {},
): Promise<OutboxReport> {
  const report: OutboxReport = { transfers: 0, refunds: 0, failures: [] };
  const scoped = options.paymentIds !== undefined || options.refundIds !== undefined;
  const paymentIds = scoped ? [...(options.paymentIds ?? [])] : null;
  const refundIds = scoped ? [...(options.refundIds ?? [])] : null;
  if (paymentIds === null || paymentIds.length > 0) {
    await sendTransfers(paymentIds, report);
  }
  if (refundIds) {
    const rows = await getSql()<{ payment_id: string }[]>`
      select distinct payment_id from payment_refunds where id = any(${refundIds}::uuid[]) and payment_id is not null`;
    if (rows.length > 0) {
      await sendTransfers(
        rows.map((row) => row.payment_id),
        report,
      );
    }
  }
  await sendRefunds({ paymentIds, refundIds }, report);
  return report;
}
