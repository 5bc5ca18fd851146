// One call per event that e-mails households (ADR 016), each made inside the transaction of
// the event itself: closing a sheet, opening its payments, a payment received, a refund on
// its way, invoices and credit notes issued.
import { sql } from 'drizzle-orm';
import { type NotificationTx, queueNotifications, runInTx } from './notification-queue.server.ts';

const uuids = (ids: readonly string[]) => sql`${JSON.stringify(ids)}::jsonb`;

/**
 * « Votre part est à payer », to the households with a non-empty row of the sheet. On closing
 * (`when: 'closed'`) only where the group does not confirm sheets first; on the coordinator's
 * confirmation (`'confirmed'`) in any case — a mail already queued is not queued again.
 */
export async function queueSharePayable(
  tx: NotificationTx,
  options: { sheetId: string; when: 'closed' | 'confirmed' },
): Promise<number> {
  const households = await runInTx<{ household_id: string }>(
    tx,
    sql`
      select distinct c.household_id from sheet_cells c
      join sheets s on s.id = c.sheet_id
      left join group_payment_settings gps on gps.group_id = s.group_id
      where c.sheet_id = ${options.sheetId} and c.quantity_milli > 0
        and (${options.when} = 'confirmed' or not coalesce(gps.requires_confirmation, false))`,
  );
  return queueNotifications(tx, {
    kind: 'share_payable',
    subjects: households.map((row) => ({
      subjectId: options.sheetId,
      householdId: row.household_id,
    })),
  });
}

/**
 * The receipt of a payment: a card payment to the member who paid (every member if unknown);
 * money received by hand (cash, cheque, transfer) to every member of the household, since
 * the one who recorded it is the coordinator or the producer.
 */
export async function queuePaymentReceipt(tx: NotificationTx, paymentId: string): Promise<number> {
  const [payment] = await runInTx<{
    household_id: string;
    recorded_by: string | null;
    method: string;
  }>(
    tx,
    sql`select household_id, recorded_by, method::text from payments
        where id = ${paymentId} and status = 'succeeded'`,
  );
  if (!payment) {
    return 0;
  }
  return queueNotifications(tx, {
    kind: 'payment_receipt',
    subjects: [
      {
        subjectId: paymentId,
        householdId: payment.household_id,
        userId: payment.method === 'card' ? payment.recorded_by : null,
      },
    ],
  });
}

/** Money given back (card refund accepted by Stripe, or recorded by hand): its notice. */
export async function queueRefundNotices(
  tx: NotificationTx,
  refundIds: readonly string[],
): Promise<number> {
  if (refundIds.length === 0) {
    return 0;
  }
  const refunds = await runInTx<{ id: string; household_id: string }>(
    tx,
    sql`select id, household_id from payment_refunds
        where id in (select jsonb_array_elements_text(${uuids(refundIds)})::uuid)`,
  );
  return queueNotifications(tx, {
    kind: 'refund_sent',
    subjects: refunds.map((row) => ({ subjectId: row.id, householdId: row.household_id })),
  });
}

/**
 * « Votre facture est disponible » / « Un avoir a été émis » for the documents just issued to
 * households (business buyers' documents go through e-invoicing, not here).
 */
export async function queueDocumentNotices(
  tx: NotificationTx,
  invoiceIds: readonly string[],
): Promise<number> {
  if (invoiceIds.length === 0) {
    return 0;
  }
  const documents = await runInTx<{ id: string; household_id: string; type_code: string }>(
    tx,
    sql`select id, household_id, type_code from invoices
        where household_id is not null
          and id in (select jsonb_array_elements_text(${uuids(invoiceIds)})::uuid)`,
  );
  const byKind = (credit: boolean) =>
    documents
      .filter((row) => ['381', '261'].includes(row.type_code) === credit)
      .map((row) => ({ subjectId: row.id, householdId: row.household_id }));
  return (
    (await queueNotifications(tx, { kind: 'invoice_available', subjects: byKind(false) })) +
    (await queueNotifications(tx, { kind: 'credit_note_issued', subjects: byKind(true) }))
  );
}
