// What the payment pages show, formatted in French on the server (loaders return strings; the
// components only lay them out), and the lists behind them: a group's sheets, a producer's
// rounds, a member's own shares. Every list is scoped to the viewer's organisation.
import { getSql } from '#app/db/client.server.ts';
import { formatIban } from '#app/domain/payments/bank-details.ts';
import { planCheckout } from '#app/domain/payments/checkout-plan.ts';
import {
  BALANCE_STATUS_LABELS,
  METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
  type PaymentMethod,
  REFUND_REASON_LABELS,
  REFUND_STATUS_LABELS,
  TRANSFER_STATUS_LABELS,
} from '#app/domain/payments/labels.ts';
import {
  amountToPay,
  amountToRefund,
  type BalanceStatus,
  balanceOf,
  balanceStatus,
  combinedStatus,
  sumLedgers,
} from '#app/domain/payments/ledger.ts';
import { DUE_BASIS_LABELS } from '#app/domain/payments/reconciliation.ts';
import { formatCents, formatDateTime, formatDay } from '#app/i18n/format.ts';
import { getOnlinePaymentConfig } from '#app/integrations/stripe.server.ts';
import { checkoutPartsOf } from './payment-checkout.server.ts';
import { type LedgerPart, loadSheetLedger, type SheetLedger } from './payment-ledger.server.ts';

export type PartView = ReturnType<typeof partView>;

function partView(ledger: SheetLedger, part: LedgerPart) {
  const producer = ledger.producers.find((candidate) => candidate.id === part.producerId);
  const balance = balanceOf(part.amounts);
  const status = balanceStatus(part.amounts);
  return {
    producerId: part.producerId,
    producer: producer?.name ?? '—',
    isOnline: producer?.isOnline ?? false,
    due: formatCents(part.amounts.dueCents),
    dueCents: part.amounts.dueCents,
    dueBasis: part.due.basis,
    basis: DUE_BASIS_LABELS[part.due.basis],
    isFinal: part.due.basis === 'invoiced',
    isEstimate: part.due.isEstimate,
    invoices: part.due.invoices.map((invoice) => invoice.number),
    problem: part.due.problem,
    paid: formatCents(part.amounts.paidCents),
    paidCents: part.amounts.paidCents,
    refunded: formatCents(part.amounts.refundedCents),
    refundedCents: part.amounts.refundedCents,
    pending: part.amounts.pendingCents > 0 ? formatCents(part.amounts.pendingCents) : null,
    pendingCents: part.amounts.pendingCents,
    balance: formatCents(Math.abs(balance)),
    balanceCents: balance,
    transferred: formatCents(part.transferredCents),
    transferredCents: part.transferredCents,
    byMethodCents: { ...part.byMethod },
    byMethod: {
      card: formatCents(part.byMethod.card),
      cash: formatCents(part.byMethod.cash),
      cheque: formatCents(part.byMethod.cheque),
      transfer: formatCents(part.byMethod.transfer),
    },
    status,
    statusLabel: BALANCE_STATUS_LABELS[status],
  };
}

function sumMethods(parts: readonly LedgerPart[]): Record<PaymentMethod, number> {
  const sum: Record<PaymentMethod, number> = { card: 0, cash: 0, cheque: 0, transfer: 0 };
  for (const part of parts) {
    for (const method of Object.keys(sum) as PaymentMethod[]) {
      sum[method] += part.byMethod[method];
    }
  }
  return sum;
}

export type HouseholdView = ReturnType<typeof householdViews>[number];

/** One row per household of the ledger: its parts, combined status, what is left to pay. */
export function householdViews(ledger: SheetLedger) {
  return ledger.households.map((household) => {
    const parts = ledger.parts.filter((part) => part.householdId === household.id);
    const amounts = parts.map((part) => part.amounts);
    const status: BalanceStatus = combinedStatus(amounts.map(balanceStatus));
    const total = sumLedgers(amounts);
    return {
      id: household.id,
      name: household.name,
      reference: household.transferReference,
      status,
      statusLabel: BALANCE_STATUS_LABELS[status],
      due: formatCents(total.dueCents),
      /** The raw figures behind the formatted ones (the JSON API answers cents). */
      amounts: total,
      byMethodCents: sumMethods(parts),
      paid: formatCents(total.paidCents - total.refundedCents),
      toPay: formatCents(amountToPay(amounts)),
      toPayCents: amountToPay(amounts),
      toRefund: formatCents(amountToRefund(amounts)),
      toRefundCents: amountToRefund(amounts),
      hasPending: total.pendingCents > 0,
      parts: parts.map((part) => partView(ledger, part)),
    };
  });
}

export function paymentViews(ledger: SheetLedger) {
  const names = new Map(ledger.households.map((household) => [household.id, household.name]));
  const producers = new Map(ledger.producers.map((producer) => [producer.id, producer.name]));
  return ledger.payments
    .slice()
    .reverse()
    .map((payment) => ({
      id: payment.id,
      household: names.get(payment.householdId) ?? '—',
      householdId: payment.householdId,
      method: payment.method,
      methodLabel: METHOD_LABELS[payment.method],
      status: payment.status,
      statusLabel: PAYMENT_STATUS_LABELS[payment.status],
      amount: formatCents(payment.amountCents),
      amountCents: payment.amountCents,
      fee: payment.feeCents > 0 ? formatCents(payment.feeCents) : null,
      feeCents: payment.feeCents,
      reference: payment.reference,
      receivedOn: payment.receivedOn,
      paidAt: payment.paidAt?.toISOString() ?? null,
      when: payment.receivedOn
        ? formatDay(payment.receivedOn)
        : formatDateTime(payment.paidAt ?? payment.createdAt),
      recordedBy: payment.method === 'card' ? null : payment.recordedByName,
      parts: payment.parts.map((part) => ({
        producerId: part.producerId,
        producer: producers.get(part.producerId) ?? '—',
        amount: formatCents(part.amountCents),
        amountCents: part.amountCents,
      })),
      producerIds: payment.parts.map((part) => part.producerId),
      cancelReason: payment.cancelReason,
      failure:
        payment.status === 'pending' || payment.status === 'failed' ? payment.failureMessage : null,
      isCancellable: payment.method !== 'card' && payment.status === 'succeeded',
      checkoutUrl: payment.status === 'pending' ? payment.checkoutUrl : null,
    }));
}

export function refundViews(ledger: SheetLedger) {
  const names = new Map(ledger.households.map((household) => [household.id, household.name]));
  const producers = new Map(ledger.producers.map((producer) => [producer.id, producer.name]));
  return ledger.refunds
    .slice()
    .reverse()
    .map((refund) => ({
      id: refund.id,
      household: names.get(refund.householdId) ?? '—',
      producer: producers.get(refund.producerId) ?? '—',
      producerId: refund.producerId,
      amount: formatCents(refund.amountCents),
      method: METHOD_LABELS[refund.method],
      reason:
        refund.reason === 'credit_note' && refund.creditNoteNumber
          ? `${REFUND_REASON_LABELS.credit_note} ${refund.creditNoteNumber}`
          : REFUND_REASON_LABELS[refund.reason],
      note: refund.note,
      status: refund.status,
      statusLabel: REFUND_STATUS_LABELS[refund.status],
      error: refund.status === 'failed' || refund.status === 'pending' ? refund.lastError : null,
      when: formatDateTime(refund.createdAt),
      canRetry: refund.status === 'failed',
      canCancel:
        refund.method === 'card' &&
        !refund.hasReversal &&
        !refund.isAtStripe &&
        (refund.status === 'failed' || refund.status === 'pending'),
    }));
}

export function transferViews(ledger: SheetLedger) {
  const names = new Map(ledger.households.map((household) => [household.id, household.name]));
  const producers = new Map(ledger.producers.map((producer) => [producer.id, producer.name]));
  return ledger.transfers.map((transfer) => ({
    id: transfer.id,
    household: names.get(transfer.householdId) ?? '—',
    producer: producers.get(transfer.producerId) ?? '—',
    amount: formatCents(transfer.amountCents),
    status: transfer.status,
    statusLabel: TRANSFER_STATUS_LABELS[transfer.status],
    stripeId: transfer.stripeTransferId,
    error: transfer.status === 'succeeded' ? null : transfer.lastError,
    canRetry: transfer.status === 'failed',
  }));
}

/** Per producer of the ledger: expected, received, balance (a coordinator's totals). */
export function producerTotals(ledger: SheetLedger) {
  return ledger.producers.map((producer) => {
    const parts = ledger.parts.filter((part) => part.producerId === producer.id);
    const total = sumLedgers(parts.map((part) => part.amounts));
    const toPayCents = amountToPay(parts.map((part) => part.amounts));
    const toRefundCents = amountToRefund(parts.map((part) => part.amounts));
    const receivedCents = total.paidCents - total.refundedCents;
    return {
      id: producer.id,
      name: producer.name,
      isOnline: producer.isOnline,
      due: formatCents(total.dueCents),
      received: formatCents(receivedCents),
      toPay: formatCents(toPayCents),
      toRefund: formatCents(toRefundCents),
      /** The raw figures behind the formatted ones (the JSON API answers cents). */
      amounts: total,
      byMethodCents: sumMethods(parts),
      receivedCents,
      toPayCents,
      toRefundCents,
    };
  });
}

/**
 * A household's own share: its parts, how to pay each producer (card through Checkout with the
 * fee shown, bank transfer details with its reference, at pickup), its payments and refunds.
 */
export function shareView(ledger: SheetLedger, householdId: string) {
  const [household] = householdViews({
    ...ledger,
    households: ledger.households.filter((candidate) => candidate.id === householdId),
  });
  const config = getOnlinePaymentConfig();
  const parts = ledger.parts.filter((part) => part.householdId === householdId);
  const plan = planCheckout(checkoutPartsOf(ledger, householdId), config.fee);
  const owed = new Map(parts.map((part) => [part.producerId, balanceOf(part.amounts)]));
  return {
    household: household ?? null,
    isPayable: ledger.sheet.isPayable,
    online: {
      isEnabled: config.enabled,
      plan: plan.ok
        ? {
            lines: plan.plan.lines.map((line) => ({
              producer: line.producerName,
              amount: formatCents(line.amountCents),
            })),
            fee: plan.plan.feeCents > 0 ? formatCents(plan.plan.feeCents) : null,
            total: formatCents(plan.plan.totalCents),
            offline: plan.plan.offline.map((line) => ({
              producer: line.producerName,
              amount: formatCents(line.amountCents),
            })),
          }
        : null,
      refusal: plan.ok ? null : plan.message,
    },
    transfers: ledger.producers
      .filter((producer) => producer.bank && (owed.get(producer.id) ?? 0) > 0)
      .map((producer) => ({
        producer: producer.name,
        holder: producer.bank!.holder,
        iban: formatIban(producer.bank!.iban),
        bic: producer.bank!.bic,
        amount: formatCents(owed.get(producer.id) ?? 0),
        reference: household?.reference ?? '',
      })),
    payments: paymentViews(ledger).filter((payment) => payment.householdId === householdId),
    refunds: refundViews(ledger).filter((refund) =>
      ledger.refunds.some((row) => row.id === refund.id && row.householdId === householdId),
    ),
  };
}

/** A group's closed sheets, newest first. */
export async function listGroupPaymentSheets(groupId: string) {
  return getSql()<
    { id: string; title: string; status: 'open' | 'closed'; closed_at: Date | string | null }[]
  >`
    select id, title, status, closed_at from sheets where group_id = ${groupId}
    order by status desc, coalesce(closed_at, deadline_at) desc limit 50`;
}

/** A producer's rounds that delivered to sheets, newest first, with the sheets of each. */
export async function listProducerPaymentRounds(producerId: string) {
  return getSql()<
    { round_id: string; title: string; delivery_on: string; status: string; sheet_ids: string[] }[]
  >`
    select r.id as round_id, r.title, r.delivery_on::text, r.status::text,
           array_agg(distinct ss.sheet_id) as sheet_ids
    from delivery_rounds r
    join round_stops st on st.round_id = r.id
    join sheet_stops ss on ss.stop_id = st.id
    join sheets s on s.id = ss.sheet_id and s.status = 'closed'
    where r.producer_id = ${producerId} and r.status <> 'cancelled'
    group by r.id order by r.delivery_on desc, r.title limit 50`;
}

/** The closed sheets of the households the user belongs to (« Mes paiements »). */
export async function listMemberShares(userId: string) {
  return getSql()<
    {
      sheet_id: string;
      household_id: string;
      title: string;
      group_name: string;
      group_slug: string;
    }[]
  >`
    select s.id as sheet_id, m.household_id, s.title, g.name as group_name, g.slug as group_slug
    from memberships m
    join sheets s on s.group_id = m.organisation_id and s.status = 'closed'
    join organisations g on g.id = s.group_id
    where m.user_id = ${userId} and m.household_id is not null
    order by s.closed_at desc nulls last limit 50`;
}

/**
 * The member's shares with each one's ledger (household scope) and household view, newest
 * first: « Mes paiements » and `GET /api/v1/me/payments`.
 */
export async function loadMemberShares(userId: string) {
  const loaded = [];
  for (const share of await listMemberShares(userId)) {
    const ledger = await loadSheetLedger({
      sheetId: share.sheet_id,
      householdId: share.household_id,
    });
    const [household] = ledger ? householdViews(ledger) : [];
    if (ledger && household) {
      loaded.push({ share, ledger, household });
    }
  }
  return loaded;
}

export { formatCents };

/**
 * What the sheet page shows once closed: who has paid (every member sees it, as every member
 * sees the rows) and the member's own share, with a link to pay it.
 */
export async function loadSheetPaymentsPanel(options: {
  sheetId: string;
  groupSlug: string;
  householdId: string | null;
}) {
  const ledger = await loadSheetLedger({ sheetId: options.sheetId });
  if (!ledger) {
    return null;
  }
  const households = householdViews(ledger);
  const own = households.find((household) => household.id === options.householdId);
  return {
    href: `/o/${options.groupSlug}/feuilles/${options.sheetId}/paiements`,
    isPayable: ledger.sheet.isPayable,
    households: households.map(({ id, name, status, statusLabel }) => ({
      id,
      name,
      status,
      statusLabel,
    })),
    own: own
      ? { toPay: own.toPay, toPayCents: own.toPayCents, statusLabel: own.statusLabel }
      : null,
  };
}

/** A refund tied to a credit note, as the invoice page lists it. */
export function refundLine(row: {
  id: string;
  amount_cents: number;
  status: keyof typeof REFUND_STATUS_LABELS;
  method: string;
  number: string;
  last_error: string | null;
}) {
  return {
    id: row.id,
    text: `${formatCents(row.amount_cents)} (${METHOD_LABELS[row.method as keyof typeof METHOD_LABELS] ?? row.method}) — avoir ${row.number}`,
    status: REFUND_STATUS_LABELS[row.status],
    error: row.status === 'failed' ? row.last_error : null,
  };
}
