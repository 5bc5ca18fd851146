// What each household owes each producer for a sheet, and what moved: the payments ledger
// (ADR 012). Expected amounts are computed from Postgres (orders, invoices, credit notes), never
// from the sheet's Y.Doc; shares before invoicing go through the invoicing core.
import { createHash } from 'node:crypto';
import type { Sql, TransactionSql } from 'postgres';
import { getSql } from '#app/db/client.server.ts';
import type { VatRegime } from '#app/domain/invoicing/invoice-types.ts';
import type { PaymentMethod, PaymentStatus } from '#app/domain/payments/labels.ts';
import type { LedgerAmounts } from '#app/domain/payments/ledger.ts';
import type { DueBasis } from '#app/domain/payments/reconciliation.ts';
import { computeOrderShare, type ShareOrderLine } from '#app/domain/payments/share.ts';
import { formatTransferReference } from '#app/domain/payments/transfer-reference.ts';

export type Db = Sql | TransactionSql;

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

const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

type OrderRow = {
  sheet_id: string;
  order_id: string;
  household_id: string;
  seller_id: string;
  delivery_on: string;
  round_status: string;
  invoice_id: string | null;
};

async function loadSheets(db: Db, sheetIds: readonly string[]): Promise<LedgerSheet[]> {
  const rows = await db<
    {
      id: string;
      title: string;
      group_id: string;
      group_name: string;
      group_slug: string;
      status: 'open' | 'closed';
      delivery_on: string | null;
      requires_confirmation: boolean | null;
      confirmed_at: Date | string | null;
    }[]
  >`
    select s.id, s.title, s.group_id, g.name as group_name, g.slug as group_slug, s.status,
           (select min(r.delivery_on)::text from sheet_stops ss
              join round_stops st on st.id = ss.stop_id join delivery_rounds r on r.id = st.round_id
              where ss.sheet_id = s.id) as delivery_on,
           gps.requires_confirmation, spc.confirmed_at
    from sheets s
    join organisations g on g.id = s.group_id
    left join group_payment_settings gps on gps.group_id = s.group_id
    left join sheet_payment_confirmations spc on spc.sheet_id = s.id
    where s.id = any(${[...sheetIds]}::uuid[])
    order by s.created_at, s.id`;
  return rows.map((row) => {
    const requiresConfirmation = row.requires_confirmation ?? false;
    const confirmedAt = toDate(row.confirmed_at);
    return {
      id: row.id,
      title: row.title,
      groupId: row.group_id,
      groupName: row.group_name,
      groupSlug: row.group_slug,
      status: row.status,
      deliveryOn: row.delivery_on ?? '',
      requiresConfirmation,
      confirmedAt,
      isPayable: row.status === 'closed' && (!requiresConfirmation || confirmedAt !== null),
    };
  });
}

async function loadLines(db: Db, orderIds: string[]) {
  const rows =
    orderIds.length === 0
      ? []
      : await db<(ShareOrderLine & { orderId: string })[]>`
          select order_id as "orderId", id as "orderLineId", product_name as "productName",
                 sale_unit as "saleUnit", is_variable_weight as "isVariableWeight",
                 quantity_milli as "quantityMilli", delivered_quantity_milli as "deliveredQuantityMilli",
                 actual_weight_grams as "actualWeightGrams", price_basis as "priceBasis",
                 unit_price_cents as "unitPriceCents", vat_rate_bp as "vatRateBp",
                 egalim_category as "egalimCategory", contract_reference as "contractReference",
                 null as "priceTrace", estimated_weight_grams as "estimatedWeightGrams"
          from order_lines where order_id = any(${orderIds}::uuid[])
          order by product_name, id`;
  const byOrder = new Map<string, ShareOrderLine[]>();
  for (const { orderId, ...line } of rows) {
    const list = byOrder.get(orderId) ?? [];
    list.push(line);
    byOrder.set(orderId, list);
  }
  return byOrder;
}

async function loadInvoices(db: Db, invoiceIds: string[]) {
  const rows =
    invoiceIds.length === 0
      ? []
      : await db<{ id: string; display_number: string; due_cents: number }[]>`
          select i.id, i.display_number,
                 i.gross_total_cents - coalesce((select sum(c.gross_total_cents) from invoices c
                   where c.preceding_invoice_id = i.id), 0)::int as due_cents
          from invoices i where i.id = any(${invoiceIds}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row]));
}

async function loadProducers(db: Db, producerIds: string[]) {
  const rows =
    producerIds.length === 0
      ? []
      : await db<
          {
            id: string;
            name: string;
            vat_regime: VatRegime | 'franchise' | null;
            stripe_account_id: string | null;
            charges_enabled: boolean | null;
            transfer_holder: string | null;
            transfer_iban: string | null;
            transfer_bic: string | null;
          }[]
        >`
          select o.id, o.name, o.vat_regime, s.stripe_account_id, s.charges_enabled,
                 s.transfer_holder, s.transfer_iban, s.transfer_bic
          from organisations o left join producer_payment_settings s on s.producer_id = o.id
          where o.id = any(${producerIds}::uuid[]) order by o.name, o.id`;
  return rows.map((row) => ({
    regime: (row.vat_regime === 'flat_rate' ? 'flat_rate' : 'liable') as VatRegime,
    producer: {
      id: row.id,
      name: row.name,
      isOnline: Boolean(row.stripe_account_id && row.charges_enabled),
      stripeAccountId: row.stripe_account_id,
      bank:
        row.transfer_holder && row.transfer_iban
          ? { holder: row.transfer_holder, iban: row.transfer_iban, bic: row.transfer_bic }
          : null,
    } satisfies LedgerProducer,
  }));
}

async function loadMoney(db: Db, sheetIds: readonly string[]) {
  const [payments, refunds, transfers] = await Promise.all([
    db<
      {
        id: string;
        sheet_id: string;
        household_id: string;
        method: PaymentMethod;
        status: PaymentStatus;
        amount_cents: number;
        fee_cents: number;
        reference: string | null;
        received_on: string | null;
        created_at: Date | string;
        paid_at: Date | string | null;
        cancel_reason: string | null;
        failure_message: string | null;
        stripe_checkout_url: string | null;
        stripe_checkout_expires_at: Date | string | null;
        recorded_by_name: string | null;
        parts: { producer_id: string; amount_cents: number }[] | string;
      }[]
    >`
      select p.id, p.sheet_id, p.household_id, p.method, p.status, p.amount_cents, p.fee_cents,
             p.reference, p.received_on::text, p.created_at, p.paid_at, p.cancel_reason,
             p.failure_message, p.stripe_checkout_url, p.stripe_checkout_expires_at,
             coalesce(u.raw_user_meta_data ->> 'full_name', u.email) as recorded_by_name,
             coalesce((select json_agg(json_build_object('producer_id', a.producer_id,
                'amount_cents', a.amount_cents) order by a.producer_id)
               from payment_allocations a where a.payment_id = p.id), '[]'::json) as parts
      from payments p left join auth.users u on u.id = p.recorded_by
      where p.sheet_id = any(${[...sheetIds]}::uuid[])
      order by p.created_at, p.id`,
    db<
      {
        id: string;
        sheet_id: string;
        household_id: string;
        producer_id: string;
        payment_id: string | null;
        method: PaymentMethod;
        amount_cents: number;
        reason: LedgerRefund['reason'];
        credit_note_number: string | null;
        note: string | null;
        status: LedgerRefund['status'];
        last_error: string | null;
        stripe_reversal_id: string | null;
        is_at_stripe: boolean;
        created_at: Date | string;
      }[]
    >`
      select r.id, r.sheet_id, r.household_id, r.producer_id, r.payment_id, r.method,
             r.amount_cents, r.reason, i.display_number as credit_note_number, r.note, r.status,
             r.last_error, r.stripe_reversal_id,
             (r.stripe_refund_id is not null
               and coalesce(r.stripe_refund_status, '') not in ('failed', 'canceled')) as is_at_stripe,
             r.created_at
      from payment_refunds r left join invoices i on i.id = r.credit_note_id
      where r.sheet_id = any(${[...sheetIds]}::uuid[])
      order by r.created_at, r.id`,
    db<
      {
        id: string;
        sheet_id: string;
        payment_id: string;
        household_id: string;
        producer_id: string;
        amount_cents: number;
        status: LedgerTransfer['status'];
        stripe_transfer_id: string | null;
        last_error: string | null;
      }[]
    >`
      select t.id, p.sheet_id, t.payment_id, p.household_id, t.producer_id, t.amount_cents,
             t.status, t.stripe_transfer_id, t.last_error
      from payment_transfers t join payments p on p.id = t.payment_id
      where p.sheet_id = any(${[...sheetIds]}::uuid[])
      order by t.created_at, t.id`,
  ]);
  return { payments, refunds, transfers };
}

function emptyMethods(): Record<PaymentMethod, number> {
  return { card: 0, cash: 0, cheque: 0, transfer: 0 };
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
  const orders = await db<OrderRow[]>`
    select ss.sheet_id, o.id as order_id, o.household_id, o.seller_id,
           r.delivery_on::text as delivery_on, r.status::text as round_status, io.invoice_id
    from sheet_stops ss
    join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    join orders o on o.stop_id = st.id and o.household_id is not null and o.status <> 'cancelled'
    left join invoice_orders io on io.order_id = o.id
    where ss.sheet_id = any(${sheetIds}::uuid[])
      ${scope.producerId ? db`and o.seller_id = ${scope.producerId}` : db``}
      ${scope.householdId ? db`and o.household_id = ${scope.householdId}` : db``}
    order by o.id`;
  // A producer's parts are final once every round it delivers on the sheet is invoiced — also
  // a part with no invoice (everything missing) or whose order was cancelled after paying.
  const rounds = await db<{ sheet_id: string; producer_id: string; invoiced: boolean }[]>`
    select ss.sheet_id, r.producer_id, bool_and(r.status = 'invoiced') as invoiced
    from sheet_stops ss join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    where ss.sheet_id = any(${sheetIds}::uuid[]) group by ss.sheet_id, r.producer_id`;
  const isFinal = (sheetId: string, producerId: string) =>
    rounds.some(
      (row) => row.sheet_id === sheetId && row.producer_id === producerId && row.invoiced,
    );
  const money = await loadMoney(db, sheetIds);
  const keep = (row: { household_id: string; producer_id?: string }) =>
    (!scope.householdId || row.household_id === scope.householdId) &&
    (!scope.producerId || row.producer_id === undefined || row.producer_id === scope.producerId);

  const producerIds = new Set(orders.map((order) => order.seller_id));
  for (const payment of money.payments) {
    for (const part of typeof payment.parts === 'string'
      ? JSON.parse(payment.parts)
      : payment.parts) {
      producerIds.add((part as { producer_id: string }).producer_id);
    }
  }
  for (const refund of money.refunds) {
    producerIds.add(refund.producer_id);
  }
  if (scope.producerId) {
    for (const id of [...producerIds]) {
      if (id !== scope.producerId) {
        producerIds.delete(id);
      }
    }
  }
  const producerRows = await loadProducers(db, [...producerIds]);
  const regimes = new Map(producerRows.map((row) => [row.producer.id, row.regime]));
  const [lines, invoices, householdRows] = await Promise.all([
    loadLines(
      db,
      orders.filter((order) => !order.invoice_id).map((order) => order.order_id),
    ),
    loadInvoices(db, [...new Set(orders.flatMap((order) => order.invoice_id ?? []))]),
    db<{ id: string; name: string; group_id: string }[]>`
      select h.id, h.name, h.group_id from households h
      where h.group_id = any(${[...new Set(sheets.map((sheet) => sheet.groupId))]}::uuid[])
      order by h.name, h.id`,
  ]);

  return sheets.map((sheet) => {
    const parts = new Map<string, LedgerPart>();
    const partOf = (householdId: string, producerId: string) => {
      const key = `${householdId}:${producerId}`;
      let part = parts.get(key);
      if (!part) {
        part = {
          householdId,
          producerId,
          due: { cents: 0, basis: 'ordered', isEstimate: false, invoices: [], problem: null },
          amounts: { dueCents: 0, paidCents: 0, refundedCents: 0, pendingCents: 0 },
          byMethod: emptyMethods(),
          transferredCents: 0,
        };
        parts.set(key, part);
      }
      return part;
    };
    const seenInvoices = new Set<string>();
    for (const order of orders.filter((row) => row.sheet_id === sheet.id)) {
      const part = partOf(order.household_id, order.seller_id);
      if (order.invoice_id) {
        const invoice = invoices.get(order.invoice_id);
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
        sellerVatRegime: regimes.get(order.seller_id) ?? 'liable',
        deliveryDate: order.delivery_on,
        lines: lines.get(order.order_id) ?? [],
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

    const payments: LedgerPayment[] = [];
    for (const row of money.payments.filter((payment) => payment.sheet_id === sheet.id)) {
      if (!keep(row)) {
        continue;
      }
      const allParts = (typeof row.parts === 'string' ? JSON.parse(row.parts) : row.parts) as {
        producer_id: string;
        amount_cents: number;
      }[];
      const visible = allParts.filter(
        (part) => !scope.producerId || part.producer_id === scope.producerId,
      );
      if (visible.length === 0) {
        continue;
      }
      for (const allocation of visible) {
        const part = partOf(row.household_id, allocation.producer_id);
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
    const refunds: LedgerRefund[] = [];
    for (const row of money.refunds.filter((refund) => refund.sheet_id === sheet.id)) {
      if (!keep(row)) {
        continue;
      }
      const part = partOf(row.household_id, row.producer_id);
      if (row.status !== 'cancelled') {
        part.amounts.refundedCents += row.amount_cents;
      }
      if (row.stripe_reversal_id) {
        part.transferredCents -= row.amount_cents;
      }
      refunds.push({
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
      });
    }
    const transfers: LedgerTransfer[] = [];
    for (const row of money.transfers.filter((transfer) => transfer.sheet_id === sheet.id)) {
      if (!keep(row)) {
        continue;
      }
      if (row.status === 'succeeded') {
        partOf(row.household_id, row.producer_id).transferredCents += row.amount_cents;
      }
      transfers.push({
        id: row.id,
        paymentId: row.payment_id,
        householdId: row.household_id,
        producerId: row.producer_id,
        amountCents: row.amount_cents,
        status: row.status,
        stripeTransferId: row.stripe_transfer_id,
        lastError: row.last_error,
      });
    }
    for (const part of parts.values()) {
      part.amounts.dueCents = part.due.cents;
      if (isFinal(sheet.id, part.producerId)) {
        part.due.basis = 'invoiced';
        part.due.isEstimate = false;
      }
    }
    const householdIds = new Set([...parts.values()].map((part) => part.householdId));
    return {
      sheet,
      producers: producerRows
        .map((row) => row.producer)
        .filter((producer) => [...parts.values()].some((part) => part.producerId === producer.id)),
      households: householdRows
        .filter((row) => row.group_id === sheet.groupId && householdIds.has(row.id))
        .map((row) => ({
          id: row.id,
          name: row.name,
          transferReference: transferReferenceOf(sheet.id, row.id),
        })),
      parts: [...parts.values()],
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
