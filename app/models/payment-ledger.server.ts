// What each household owes each producer for a sheet, and what moved: the payments ledger
// (ADR 012). Expected amounts are computed from Postgres (orders, invoices, credit notes), never
// from the sheet's Y.Doc; shares before invoicing go through the invoicing core.
import { createHash } from 'node:crypto';
import type { TransactionSql } from 'postgres';
import { getSql } from '#app/db/client.server.ts';
import type { PaymentMethod, PaymentStatus } from '#app/domain/payments/labels.ts';
import type { LedgerAmounts } from '#app/domain/payments/ledger.ts';
import type { DueBasis } from '#app/domain/payments/reconciliation.ts';
import { computeOrderShare, type ShareOrderLine } from '#app/domain/payments/share.ts';
import { formatTransferReference } from '#app/domain/payments/transfer-reference.ts';
import {
  type Db,
  loadFinalParts,
  loadHouseholds,
  loadInvoices,
  loadLines,
  loadMoney,
  loadOrders,
  loadProducers,
  loadSheets,
  type MoneyRows,
  type OrderRow,
  toDate,
} from './payment-ledger-queries.server.ts';

export type { Db };

export type LedgerSheet = {
  id: string;
  title: string;
  groupId: string;
  groupName: string;
  groupSlug: string;
  status: 'open' | 'closed';
  /** The earliest delivery day of its rounds. */
  deliveryOn: string;
  requiresConfirmation: boolean;
  confirmedAt: Date | null;
  /** Closed, and confirmed by the coordinator when the group asks for it. */
  isPayable: boolean;
};

export type LedgerProducer = {
  id: string;
  name: string;
  /** Its connected account can receive transfers: it is paid online. */
  isOnline: boolean;
  stripeAccountId: string | null;
  bank: { holder: string; iban: string; bic: string | null } | null;
};

export type LedgerHousehold = { id: string; name: string; transferReference: string };

export type LedgerPayment = {
  id: string;
  householdId: string;
  method: PaymentMethod;
  status: PaymentStatus;
  amountCents: number;
  feeCents: number;
  reference: string | null;
  receivedOn: string | null;
  createdAt: Date;
  paidAt: Date | null;
  cancelReason: string | null;
  failureMessage: string | null;
  checkoutUrl: string | null;
  checkoutExpiresAt: Date | null;
  recordedByName: string | null;
  parts: { producerId: string; amountCents: number }[];
};

export type LedgerRefund = {
  id: string;
  householdId: string;
  producerId: string;
  paymentId: string | null;
  method: PaymentMethod;
  amountCents: number;
  reason: 'settlement' | 'credit_note' | 'manual';
  creditNoteNumber: string | null;
  note: string | null;
  status: 'pending' | 'processing' | 'succeeded' | 'failed' | 'cancelled';
  lastError: string | null;
  hasReversal: boolean;
  /** Stripe accepted the refund and has not failed it: the money is (being) given back. */
  isAtStripe: boolean;
  createdAt: Date;
};

export type LedgerTransfer = {
  id: string;
  paymentId: string;
  householdId: string;
  producerId: string;
  amountCents: number;
  status: 'pending' | 'succeeded' | 'failed';
  stripeTransferId: string | null;
  lastError: string | null;
};

export type LedgerPart = {
  householdId: string;
  producerId: string;
  due: {
    cents: number;
    basis: DueBasis;
    isEstimate: boolean;
    invoices: { id: string; number: string }[];
    /** The share could not be computed (e.g. a weighed line without any weight). */
    problem: string | null;
  };
  amounts: LedgerAmounts;
  byMethod: Record<PaymentMethod, number>;
  /** Moved to the producer's Stripe account: transfers minus reversals. */
  transferredCents: number;
};

export type SheetLedger = {
  sheet: LedgerSheet;
  producers: LedgerProducer[];
  households: LedgerHousehold[];
  parts: LedgerPart[];
  payments: LedgerPayment[];
  refunds: LedgerRefund[];
  transfers: LedgerTransfer[];
};

export type LedgerScope = {
  sheetIds: readonly string[];
  /** Only this producer's parts (a producer's pages). */
  producerId?: string;
  /** Only this household's parts (a household's pages). */
  householdId?: string;
};

/** `CABAS-XXXX-XXXX`: the reference a household writes on its bank transfers for a sheet. */
export function transferReferenceOf(sheetId: string, householdId: string): string {
  const digest = createHash('sha256').update(`cabas-transfer:${sheetId}:${householdId}`).digest();
  return formatTransferReference(new Uint8Array(digest));
}

function emptyMethods(): Record<PaymentMethod, number> {
  return { card: 0, cash: 0, cheque: 0, transfer: 0 };
}

/** The parts of one sheet, created on first use (an order, a payment or a refund). */
class PartBook {
  readonly parts = new Map<string, LedgerPart>();

  of(householdId: string, producerId: string): LedgerPart {
    const key = `${householdId}:${producerId}`;
    let part = this.parts.get(key);
    if (!part) {
      part = {
        householdId,
        producerId,
        due: { cents: 0, basis: 'ordered', isEstimate: false, invoices: [], problem: null },
        amounts: { dueCents: 0, paidCents: 0, refundedCents: 0, pendingCents: 0 },
        byMethod: emptyMethods(),
        transferredCents: 0,
      };
      this.parts.set(key, part);
    }
    return part;
  }
}

type LedgerInputs = {
  orders: OrderRow[];
  lines: Map<string, ShareOrderLine[]>;
  invoices: Awaited<ReturnType<typeof loadInvoices>>;
  regimes: Map<string, 'liable' | 'flat_rate'>;
  money: MoneyRows;
  finalParts: Set<string>;
};

/** Due per part: its invoices minus credit notes, or its orders through the invoicing core. */
function addDues(book: PartBook, sheetId: string, inputs: LedgerInputs) {
  const seenInvoices = new Set<string>();
  for (const order of inputs.orders.filter((row) => row.sheet_id === sheetId)) {
    const part = book.of(order.household_id, order.seller_id);
    if (order.invoice_id) {
      const invoice = inputs.invoices.get(order.invoice_id);
      if (invoice && !seenInvoices.has(invoice.id)) {
        seenInvoices.add(invoice.id);
        part.due.cents += invoice.due_cents;
        part.due.invoices.push({ id: invoice.id, number: invoice.display_number });
      }
      part.due.basis = 'invoiced';
      continue;
    }
    const share = computeOrderShare({
      orderId: order.order_id,
      sellerId: order.seller_id,
      customerId: `h:${order.household_id}`,
      sellerVatRegime: inputs.regimes.get(order.seller_id) ?? 'liable',
      deliveryDate: order.delivery_on,
      lines: inputs.lines.get(order.order_id) ?? [],
    });
    if (!share.ok) {
      part.due.problem = share.message;
      continue;
    }
    part.due.cents += share.share.grossCents;
    part.due.isEstimate ||= share.share.isEstimate;
    if (part.due.basis !== 'invoiced') {
      part.due.basis = order.round_status === 'planned' ? 'ordered' : 'delivered';
    }
  }
}

function addPayments(book: PartBook, rows: MoneyRows['payments'], scope: LedgerScope) {
  const payments: LedgerPayment[] = [];
  for (const row of rows) {
    const visible = row.parts.filter(
      (part) => !scope.producerId || part.producer_id === scope.producerId,
    );
    if (visible.length === 0) {
      continue;
    }
    for (const allocation of visible) {
      const part = book.of(row.household_id, allocation.producer_id);
      if (row.status === 'succeeded') {
        part.amounts.paidCents += allocation.amount_cents;
        part.byMethod[row.method] += allocation.amount_cents;
      } else if (row.status === 'pending') {
        part.amounts.pendingCents += allocation.amount_cents;
      }
    }
    payments.push({
      id: row.id,
      householdId: row.household_id,
      method: row.method,
      status: row.status,
      amountCents: row.amount_cents,
      feeCents: row.fee_cents,
      reference: row.reference,
      receivedOn: row.received_on,
      createdAt: new Date(row.created_at),
      paidAt: toDate(row.paid_at),
      cancelReason: row.cancel_reason,
      failureMessage: row.failure_message,
      checkoutUrl: row.stripe_checkout_url,
      checkoutExpiresAt: toDate(row.stripe_checkout_expires_at),
      recordedByName: row.recorded_by_name,
      parts: visible.map((part) => ({
        producerId: part.producer_id,
        amountCents: part.amount_cents,
      })),
    });
  }
  return payments;
}

function addRefunds(book: PartBook, rows: MoneyRows['refunds']): LedgerRefund[] {
  return rows.map((row) => {
    const part = book.of(row.household_id, row.producer_id);
    if (row.status !== 'cancelled') {
      part.amounts.refundedCents += row.amount_cents;
    }
    if (row.stripe_reversal_id) {
      part.transferredCents -= row.amount_cents;
    }
    return {
      id: row.id,
      householdId: row.household_id,
      producerId: row.producer_id,
      paymentId: row.payment_id,
      method: row.method,
      amountCents: row.amount_cents,
      reason: row.reason,
      creditNoteNumber: row.credit_note_number,
      note: row.note,
      status: row.status,
      lastError: row.last_error,
      hasReversal: row.stripe_reversal_id !== null,
      isAtStripe: row.is_at_stripe,
      createdAt: new Date(row.created_at),
    };
  });
}

function addTransfers(book: PartBook, rows: MoneyRows['transfers']): LedgerTransfer[] {
  return rows.map((row) => {
    if (row.status === 'succeeded') {
      book.of(row.household_id, row.producer_id).transferredCents += row.amount_cents;
    }
    return {
      id: row.id,
      paymentId: row.payment_id,
      householdId: row.household_id,
      producerId: row.producer_id,
      amountCents: row.amount_cents,
      status: row.status,
      stripeTransferId: row.stripe_transfer_id,
      lastError: row.last_error,
    };
  });
}

/**
 * The ledgers of some sheets: per household × producer, the expected amount (the invoice minus
 * its credit notes once issued, else the order's share computed by the invoicing core with
 * estimated weights) and every payment, refund and transfer. Read in one snapshot (`db` may be
 * a transaction).
 */
export async function loadSheetLedgers(
  scope: LedgerScope,
  db: Db = getSql(),
): Promise<SheetLedger[]> {
  if (scope.sheetIds.length === 0) {
    return [];
  }
  const sheets = await loadSheets(db, scope.sheetIds);
  const sheetIds = sheets.map((sheet) => sheet.id);
  const [orders, finalParts, money] = await Promise.all([
    loadOrders(db, sheetIds, scope),
    loadFinalParts(db, sheetIds),
    loadMoney(db, sheetIds),
  ]);
  const inScope = <T extends { household_id: string; producer_id?: string }>(rows: T[]) =>
    rows.filter(
      (row) =>
        (!scope.householdId || row.household_id === scope.householdId) &&
        (!scope.producerId ||
          row.producer_id === undefined ||
          row.producer_id === scope.producerId),
    );
  const scoped = {
    payments: inScope(money.payments),
    refunds: inScope(money.refunds),
    transfers: inScope(money.transfers),
  };
  const producerIds = new Set([
    ...orders.map((order) => order.seller_id),
    ...scoped.payments.flatMap((payment) => payment.parts.map((part) => part.producer_id)),
    ...scoped.refunds.map((refund) => refund.producer_id),
  ]);
  const producerRows = await loadProducers(
    db,
    [...producerIds].filter((id) => !scope.producerId || id === scope.producerId),
  );
  const [lines, invoices, householdRows] = await Promise.all([
    loadLines(
      db,
      orders.filter((order) => !order.invoice_id).map((order) => order.order_id),
    ),
    loadInvoices(db, [...new Set(orders.flatMap((order) => order.invoice_id ?? []))]),
    loadHouseholds(db, [...new Set(sheets.map((sheet) => sheet.groupId))]),
  ]);
  const inputs: LedgerInputs = {
    orders,
    lines,
    invoices,
    regimes: new Map(producerRows.map((row) => [row.producer.id, row.regime])),
    money: scoped,
    finalParts,
  };
  return sheets.map((sheet) => {
    const book = new PartBook();
    addDues(book, sheet.id, inputs);
    const ofSheet = <T extends { sheet_id: string }>(rows: T[]) =>
      rows.filter((row) => row.sheet_id === sheet.id);
    const payments = addPayments(book, ofSheet(scoped.payments), scope);
    const refunds = addRefunds(book, ofSheet(scoped.refunds));
    const transfers = addTransfers(book, ofSheet(scoped.transfers));
    const parts = [...book.parts.values()];
    for (const part of parts) {
      part.amounts.dueCents = part.due.cents;
      if (finalParts.has(`${sheet.id}:${part.producerId}`)) {
        part.due.basis = 'invoiced';
        part.due.isEstimate = false;
      }
    }
    const householdIds = new Set(parts.map((part) => part.householdId));
    return {
      sheet,
      producers: producerRows
        .map((row) => row.producer)
        .filter((producer) => parts.some((part) => part.producerId === producer.id)),
      households: householdRows
        .filter((row) => row.group_id === sheet.groupId && householdIds.has(row.id))
        .map((row) => ({
          id: row.id,
          name: row.name,
          transferReference: transferReferenceOf(sheet.id, row.id),
        })),
      parts,
      payments,
      refunds,
      transfers,
    };
  });
}

export async function loadSheetLedger(
  scope: Omit<LedgerScope, 'sheetIds'> & { sheetId: string },
  db?: Db,
): Promise<SheetLedger | null> {
  const { sheetId, ...rest } = scope;
  const [ledger] = await loadSheetLedgers({ ...rest, sheetIds: [sheetId] }, db);
  return ledger ?? null;
}

/** Serialises every ledger write of one household's share of one sheet (held to commit). */
export async function lockHouseholdShare(
  tx: TransactionSql,
  sheetId: string,
  householdId: string,
): Promise<void> {
  await tx`select pg_advisory_xact_lock(hashtextextended(${`payments:${sheetId}:${householdId}`}, 0))`;
}
