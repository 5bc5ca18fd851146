// The reads behind the payments ledger (payment-ledger.server.ts), one query per kind of row;
// `db` may be a transaction, so a ledger is read in one snapshot.
import type { Sql, TransactionSql } from 'postgres';
import type { VatRegime } from '#app/domain/invoicing/invoice-types.ts';
import type { PaymentMethod, PaymentStatus } from '#app/domain/payments/labels.ts';
import type { ShareOrderLine } from '#app/domain/payments/share.ts';
import type {
  LedgerProducer,
  LedgerRefund,
  LedgerSheet,
  LedgerTransfer,
} from './payment-ledger.server.ts';

export type Db = Sql | TransactionSql;

export const toDate = (value: Date | string | null): Date | null =>
  value === null ? null : new Date(value);

export type OrderRow = {
  sheet_id: string;
  order_id: string;
  household_id: string;
  seller_id: string;
  delivery_on: string;
  round_status: string;
  invoice_id: string | null;
};

export async function loadSheets(db: Db, sheetIds: readonly string[]): Promise<LedgerSheet[]> {
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

export async function loadLines(db: Db, orderIds: string[]) {
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

export async function loadInvoices(db: Db, invoiceIds: string[]) {
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

export async function loadProducers(db: Db, producerIds: string[]) {
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

export async function loadMoney(db: Db, sheetIds: readonly string[]) {
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
  return {
    payments: payments.map((payment) => ({
      ...payment,
      parts: (typeof payment.parts === 'string' ? JSON.parse(payment.parts) : payment.parts) as {
        producer_id: string;
        amount_cents: number;
      }[],
    })),
    refunds: [...refunds],
    transfers: [...transfers],
  };
}

export type MoneyRows = Awaited<ReturnType<typeof loadMoney>>;

/** The household orders of some sheets (not cancelled), with their invoice once issued. */
export function loadOrders(
  db: Db,
  sheetIds: readonly string[],
  scope: { producerId?: string; householdId?: string },
) {
  return db<OrderRow[]>`
    select ss.sheet_id, o.id as order_id, o.household_id, o.seller_id,
           r.delivery_on::text as delivery_on, r.status::text as round_status, io.invoice_id
    from sheet_stops ss
    join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    join orders o on o.stop_id = st.id and o.household_id is not null and o.status <> 'cancelled'
    left join invoice_orders io on io.order_id = o.id
    where ss.sheet_id = any(${[...sheetIds]}::uuid[])
      ${scope.producerId ? db`and o.seller_id = ${scope.producerId}` : db``}
      ${scope.householdId ? db`and o.household_id = ${scope.householdId}` : db``}
    order by o.id`;
}

/**
 * Per sheet and producer, whether every round it delivers on the sheet is invoiced: its parts
 * are then final — also one with no invoice (everything missing) or whose order was cancelled.
 */
export async function loadFinalParts(db: Db, sheetIds: readonly string[]) {
  const rows = await db<{ sheet_id: string; producer_id: string; invoiced: boolean }[]>`
    select ss.sheet_id, r.producer_id, bool_and(r.status = 'invoiced') as invoiced
    from sheet_stops ss join round_stops st on st.id = ss.stop_id
    join delivery_rounds r on r.id = st.round_id
    where ss.sheet_id = any(${[...sheetIds]}::uuid[]) group by ss.sheet_id, r.producer_id`;
  return new Set(
    rows.filter((row) => row.invoiced).map((row) => `${row.sheet_id}:${row.producer_id}`),
  );
}

export function loadHouseholds(db: Db, groupIds: readonly string[]) {
  return db<{ id: string; name: string; group_id: string }[]>`
    select h.id, h.name, h.group_id from households h
    where h.group_id = any(${[...groupIds]}::uuid[]) order by h.name, h.id`;
}
