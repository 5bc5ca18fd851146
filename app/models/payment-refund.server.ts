// Money given back (ADR 012). Once a round is invoiced, a household's overpaid part (shortage
// entered before issuing, lighter actual weight) is refunded; a credit note issued later gives
// a refund linked to it. Online, each refund is an outbox row (a partial refund of the card
// charge + a reversal of that producer's transfer, for exactly that amount) written in the
// ledger's transaction and sent to Stripe after commit; what was paid by hand is given back by
// hand and recorded here.
import type { TransactionSql } from 'postgres';
import { getSql } from '#app/db/client.server.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { tp } from '#app/domain/payments/messages.ts';
import { planCardRefunds } from '#app/domain/payments/refund-plan.ts';
import { formatCents } from '#app/i18n/format.ts';
import { queueRefundNotices } from './notification-events.server.ts';
import { actorOrganisationId, type PaymentActor } from './payment.server.ts';
import {
  type LedgerPart,
  loadSheetLedger,
  lockHouseholdShare,
  type SheetLedger,
} from './payment-ledger.server.ts';
import { runPaymentOutbox } from './payment-outbox.server.ts';

type RefundReason = 'settlement' | 'credit_note';

/**
 * Writes the card refunds that bring one part's balance back to zero (at most `capCents`),
 * newest payment first, each within what that payment gave the producer. Returns their ids;
 * what was overpaid by hand stays shown as « à rembourser ».
 */
async function planPartRefunds(
  tx: TransactionSql,
  options: {
    ledger: SheetLedger;
    part: LedgerPart;
    reason: RefundReason;
    creditNoteId: string | null;
    capCents?: number;
    actorId: string | null;
  },
): Promise<string[]> {
  const { ledger, part } = options;
  const overpaid = Math.min(-balanceOf(part.amounts), options.capCents ?? Number.MAX_SAFE_INTEGER);
  if (overpaid <= 0) {
    return [];
  }
  const cardParts = ledger.payments
    .filter(
      (payment) =>
        payment.householdId === part.householdId &&
        payment.method === 'card' &&
        payment.status === 'succeeded',
    )
    .sort((a, b) => (b.paidAt?.getTime() ?? 0) - (a.paidAt?.getTime() ?? 0))
    .flatMap((payment) =>
      payment.parts
        .filter((allocation) => allocation.producerId === part.producerId)
        .map((allocation) => ({
          paymentId: payment.id,
          allocatedCents: allocation.amountCents,
          refundedCents: ledger.refunds
            .filter(
              (refund) =>
                refund.paymentId === payment.id &&
                refund.producerId === part.producerId &&
                refund.status !== 'cancelled',
            )
            .reduce((sum, refund) => sum + refund.amountCents, 0),
        })),
    );
  const plan = planCardRefunds(overpaid, cardParts);
  const ids: string[] = [];
  for (const refund of plan.refunds) {
    const [row] = await tx<{ id: string }[]>`
      insert into payment_refunds (sheet_id, household_id, producer_id, payment_id, method,
        amount_cents, reason, credit_note_id, status, created_by)
      values (${ledger.sheet.id}, ${part.householdId}, ${part.producerId}, ${refund.paymentId},
              'card', ${refund.amountCents}, ${options.reason}, ${options.creditNoteId}, 'pending',
              ${options.actorId})
      returning id`;
    ids.push(row!.id);
  }
  if (ids.length > 0) {
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.actorId}, ${part.producerId}, 'payment.refund_planned', 'sheet',
              ${ledger.sheet.id}, ${JSON.stringify({ household: part.householdId, reason: options.reason, refunds: plan.refunds })}::jsonb)`;
  }
  return ids;
}

/**
 * After invoicing: for every invoiced part of these sheets (optionally one producer's) paid
 * more than its invoices minus credit notes, the card refunds of the difference. Idempotent:
 * a settled part has a zero balance and gets nothing more. Returns the refunds to send.
 */
export async function planSettlementRefunds(options: {
  sheetIds: readonly string[];
  producerId?: string;
  actorId: string | null;
}): Promise<string[]> {
  const ids: string[] = [];
  for (const sheetId of options.sheetIds) {
    const scope = {
      sheetId,
      ...(options.producerId ? { producerId: options.producerId } : {}),
    };
    const candidates = await loadSheetLedger(scope);
    const households = new Set(
      (candidates?.parts ?? [])
        .filter((part) => part.due.basis === 'invoiced' && balanceOf(part.amounts) < 0)
        .map((part) => part.householdId),
    );
    for (const householdId of households) {
      const created = await getSql().begin(async (tx) => {
        await lockHouseholdShare(tx, sheetId, householdId);
        const ledger = await loadSheetLedger({ ...scope, householdId }, tx);
        const made: string[] = [];
        for (const part of ledger?.parts ?? []) {
          if (ledger && part.due.basis === 'invoiced') {
            made.push(
              ...(await planPartRefunds(tx, {
                ledger,
                part,
                reason: 'settlement',
                creditNoteId: null,
                actorId: options.actorId,
              })),
            );
          }
        }
        return made;
      });
      ids.push(...created);
    }
  }
  return ids;
}

export type RoundSettlement = {
  /** Card refunds written for the overpaid parts. */
  planned: number;
  transfers: number;
  refunds: number;
  /** Stripe's refusals or an outage: the refunds stay pending, shown and retryable. */
  failures: string[];
};

/**
 * Once a round is invoiced, what its households overpaid (shortages, lighter weights) goes back
 * to their cards, at once: called right after the invoices are issued (page and CLI) and by the
 * producer's « Rembourser les trop-perçus ». Idempotent; without Stripe nothing is planned
 * (nothing was paid online), and what was paid by hand stays « à rembourser » by hand.
 */
export async function settleRoundAfterInvoicing(options: {
  roundId: string;
  producerId: string;
  actorId: string | null;
}): Promise<RoundSettlement> {
  const sheetIds = await listRoundSheetIds(options);
  const refundIds = await planSettlementRefunds({
    sheetIds,
    producerId: options.producerId,
    actorId: options.actorId,
  });
  const sent =
    refundIds.length > 0
      ? await runPaymentOutbox({ refundIds })
      : { transfers: 0, refunds: 0, failures: [] };
  return { planned: refundIds.length, ...sent };
}

/** The sheets of a round whose parts a producer may settle. */
export async function listRoundSheetIds(options: {
  roundId: string;
  producerId: string;
}): Promise<string[]> {
  const rows = await getSql()<{ sheet_id: string }[]>`
    select distinct ss.sheet_id from sheet_stops ss
    join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    where r.id = ${options.roundId} and r.producer_id = ${options.producerId}`;
  return rows.map((row) => row.sheet_id);
}

export type CreditNoteRefund = {
  /** Refunds written for the card (to send to Stripe). */
  refundIds: string[];
  refundedOnlineCents: number;
  /** Overpaid by hand: to give back at pickup. */
  toRefundByHandCents: number;
};

/**
 * A credit note issued on a household's invoice: if the household has now paid more than its
 * invoices minus credit notes, the card refund of that difference (at most the credit note's
 * total), linked to the credit note. Nothing for a business buyer's invoice or an unpaid share.
 */
export async function planCreditNoteRefunds(options: {
  creditNoteId: string;
  actorId: string | null;
}): Promise<CreditNoteRefund> {
  const none = { refundIds: [], refundedOnlineCents: 0, toRefundByHandCents: 0 };
  const [target] = await getSql()<
    { sheet_id: string; household_id: string; issuer_id: string; gross_total_cents: number }[]
  >`
    select ss.sheet_id, c.household_id, c.issuer_id, c.gross_total_cents
    from invoices c
    join invoice_orders io on io.invoice_id = c.preceding_invoice_id
    join orders o on o.id = io.order_id
    join sheet_stops ss on ss.stop_id = o.stop_id
    where c.id = ${options.creditNoteId} and c.type_code in ('381', '261') and c.household_id is not null
    limit 1`;
  if (!target) {
    return none;
  }
  return getSql().begin(async (tx) => {
    await lockHouseholdShare(tx, target.sheet_id, target.household_id);
    const ledger = await loadSheetLedger(
      { sheetId: target.sheet_id, householdId: target.household_id, producerId: target.issuer_id },
      tx,
    );
    const part = ledger?.parts.find((candidate) => candidate.producerId === target.issuer_id);
    if (!ledger || !part) {
      return none;
    }
    const overpaid = Math.min(-balanceOf(part.amounts), target.gross_total_cents);
    const refundIds = await planPartRefunds(tx, {
      ledger,
      part,
      reason: 'credit_note',
      creditNoteId: options.creditNoteId,
      capCents: target.gross_total_cents,
      actorId: options.actorId,
    });
    const [sum] = await tx<{ cents: number }[]>`
      select coalesce(sum(amount_cents), 0)::int as cents from payment_refunds
      where id = any(${refundIds}::uuid[])`;
    const refundedOnlineCents = sum?.cents ?? 0;
    return {
      refundIds,
      refundedOnlineCents,
      toRefundByHandCents: Math.max(0, overpaid - refundedOnlineCents),
    };
  }) as Promise<CreditNoteRefund>;
}

/** Money given back by hand (cash, cheque, transfer) for an overpaid part. */
export async function recordManualRefund(options: {
  sheetId: string;
  actor: PaymentActor;
  input: {
    householdId: string;
    producerId: string;
    method: 'cash' | 'cheque' | 'transfer';
    amount: number | null;
    note: string | null;
  };
}): Promise<{ ok: true; amountCents: number } | { ok: false; message: string }> {
  const { actor, input } = options;
  if (actor.kind === 'producer' && actor.producerId !== input.producerId) {
    return { ok: false, message: tp('producer.invalid') };
  }
  return getSql().begin(async (tx) => {
    await lockHouseholdShare(tx, options.sheetId, input.householdId);
    const ledger = await loadSheetLedger(
      { sheetId: options.sheetId, householdId: input.householdId, producerId: input.producerId },
      tx,
    );
    const part = ledger?.parts[0];
    if (!ledger || !part || (actor.kind === 'group' && ledger.sheet.groupId !== actor.groupId)) {
      return { ok: false as const, message: tp('household.invalid') };
    }
    const overpaid = -balanceOf(part.amounts);
    if (overpaid <= 0) {
      return { ok: false as const, message: tp('refund.nothingOwed') };
    }
    const amountCents = input.amount ?? overpaid;
    if (amountCents > overpaid) {
      return { ok: false as const, message: tp('refund.exceeds', { max: formatCents(overpaid) }) };
    }
    const [row] = await tx<{ id: string }[]>`
      insert into payment_refunds (sheet_id, household_id, producer_id, method, amount_cents,
        reason, note, status, created_by)
      values (${options.sheetId}, ${input.householdId}, ${input.producerId}, ${input.method},
              ${amountCents}, 'manual', ${input.note}, 'succeeded', ${actor.userId})
      returning id`;
    await queueRefundNotices(tx, [row!.id]);
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${actor.userId}, ${actorOrganisationId(actor)}, 'payment.refund_recorded',
              'payment_refund', ${row!.id}, ${JSON.stringify({ amountCents, method: input.method })}::jsonb)`;
    return { ok: true as const, amountCents };
  }) as Promise<{ ok: true; amountCents: number } | { ok: false; message: string }>;
}

type OutboxScope = { kind: 'group'; groupId: string } | { kind: 'producer'; producerId: string };

function scopeFilter(db: TransactionSql, scope: OutboxScope, producerColumn: string) {
  return scope.kind === 'group'
    ? db`and s.group_id = ${scope.groupId}`
    : db`and ${db(producerColumn)} = ${scope.producerId}`;
}

/** A failed online refund is sent again (a new request if Stripe refused the previous one). */
export async function retryRefund(options: { refundId: string; scope: OutboxScope }) {
  return getSql().begin(async (tx) => {
    // Refused at the bank after Stripe accepted it (refund.failed): a new refund is needed.
    const updated = await tx`
      update payment_refunds r set status = 'pending', last_error = null,
        idempotency_generation = r.idempotency_generation
          + (case when r.stripe_refund_status in ('failed', 'canceled') then 1 else 0 end),
        stripe_refund_id = case when r.stripe_refund_status in ('failed', 'canceled') then null
          else r.stripe_refund_id end,
        stripe_refund_status = case when r.stripe_refund_status in ('failed', 'canceled') then null
          else r.stripe_refund_status end
      from sheets s
      where r.id = ${options.refundId} and s.id = r.sheet_id and r.status = 'failed'
        ${scopeFilter(tx, options.scope, 'r.producer_id')}
      returning r.id`;
    return updated.length > 0
      ? { ok: true as const }
      : { ok: false as const, message: tp('refund.notRetryable') };
  });
}

/**
 * An online refund that cannot go through (the card was closed…) is abandoned with a reason:
 * the part shows overpaid again, to give back by hand. Not once Stripe has refunded.
 */
export async function cancelRefund(options: {
  refundId: string;
  reason: string;
  actor: PaymentActor;
}) {
  const scope: OutboxScope =
    options.actor.kind === 'group'
      ? { kind: 'group', groupId: options.actor.groupId }
      : { kind: 'producer', producerId: options.actor.producerId };
  return getSql().begin(async (tx) => {
    const updated = await tx`
      update payment_refunds r set status = 'cancelled', cancelled_at = now(),
        cancelled_by = ${options.actor.userId}, cancel_reason = ${options.reason}
      from sheets s
      where r.id = ${options.refundId} and s.id = r.sheet_id and r.method = 'card'
        and (r.status = 'failed' or (r.status = 'pending' and r.stripe_refund_id is null))
        and r.stripe_reversal_id is null
        -- Money already back on the card (only the reversal failed): retry, never abandon.
        and (r.stripe_refund_id is null or r.stripe_refund_status in ('failed', 'canceled'))
        ${scopeFilter(tx, scope, 'r.producer_id')}
      returning r.id`;
    if (updated.length === 0) {
      return { ok: false as const, message: tp('refund.notCancellable') };
    }
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.actor.userId}, ${actorOrganisationId(options.actor)}, 'payment.refund_cancelled',
              'payment_refund', ${options.refundId}, ${JSON.stringify({ reason: options.reason })}::jsonb)`;
    return { ok: true as const };
  });
}

/** A failed transfer to a producer is sent again. */
export async function retryTransfer(options: { transferId: string; scope: OutboxScope }) {
  return getSql().begin(async (tx) => {
    const updated = await tx`
      update payment_transfers t set status = 'pending', last_error = null
      from payments p join sheets s on s.id = p.sheet_id
      where t.id = ${options.transferId} and p.id = t.payment_id and t.status = 'failed'
        ${scopeFilter(tx, options.scope, 't.producer_id')}
      returning t.id`;
    return updated.length > 0
      ? { ok: true as const }
      : { ok: false as const, message: tp('transfer.notRetryable') };
  });
}

/**
 * After a credit note is issued (the invoice page calls this): plans its refund and sends it
 * to Stripe, and says in French what happened to the household's money.
 */
export async function refundCreditNote(options: {
  creditNoteId: string;
  actorId: string | null;
}): Promise<{ message: string | null }> {
  const planned = await planCreditNoteRefunds(options);
  const parts: string[] = [];
  if (planned.refundIds.length > 0) {
    const report = await runPaymentOutbox({ refundIds: planned.refundIds });
    parts.push(
      report.failures.length > 0
        ? `Remboursement de ${formatCents(planned.refundedOnlineCents)} sur la carte du foyer en échec (${report.failures[0]}) : relancez-le depuis Paiements.`
        : `Remboursement de ${formatCents(planned.refundedOnlineCents)} envoyé sur la carte du foyer.`,
    );
  }
  if (planned.toRefundByHandCents > 0) {
    parts.push(
      `${formatCents(planned.toRefundByHandCents)} à rendre au foyer à la main (payé en espèces, chèque ou virement).`,
    );
  }
  return { message: parts.length > 0 ? parts.join(' ') : null };
}

/** The refunds tied to a document: a credit note's own, or those of an invoice's credit notes. */
export async function listDocumentRefunds(invoiceId: string) {
  const rows = await getSql()<
    {
      id: string;
      amount_cents: number;
      status: 'pending' | 'processing' | 'succeeded' | 'failed' | 'cancelled';
      method: string;
      number: string;
      last_error: string | null;
    }[]
  >`
    select r.id, r.amount_cents, r.status, r.method::text, c.display_number as number, r.last_error
    from payment_refunds r join invoices c on c.id = r.credit_note_id
    where c.id = ${invoiceId} or c.preceding_invoice_id = ${invoiceId}
    order by r.created_at, r.id`;
  return rows;
}
