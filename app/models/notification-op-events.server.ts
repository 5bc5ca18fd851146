// The mails about the invoices an OP issues in its members' names (ADR 013, ADR 016), each
// queued inside the transaction of its event: the month's invoices issued, a member's contest,
// the OP's answer (rejection, or credit note and rectifying invoice). No household here: each
// side's owners and managers are written to.
import { sql } from 'drizzle-orm';
import { hasPermission, MEMBERSHIP_ROLES } from '#app/domain/organisations/roles.ts';
import {
  type NotificationTx,
  queueOrganisationNotifications,
  runInTx,
} from './notification-queue.server.ts';

/** On each side, those who see and answer the OP's invoices on its pages (`op.manage`). */
export const OP_INVOICE_RECIPIENT_ROLES = MEMBERSHIP_ROLES.filter((role) =>
  hasPermission(role, 'op.manage'),
);

const roles = OP_INVOICE_RECIPIENT_ROLES;

/**
 * « Nouvelle facture de <OP> pour le compte de <membre> » to each invoice's buyer, and the
 * copy « Facture émise en votre nom » to the member it was issued for.
 */
export async function queueOpInvoicesIssued(
  tx: NotificationTx,
  invoiceIds: readonly string[],
): Promise<number> {
  if (invoiceIds.length === 0) {
    return 0;
  }
  const rows = await runInTx<{ invoice_id: string; buyer_id: string; producer_id: string }>(
    tx,
    sql`select oi.invoice_id, oi.buyer_id, i.issuer_id as producer_id
        from op_invoices oi join invoices i on i.id = oi.invoice_id
        where oi.invoice_id in (
          select jsonb_array_elements_text(${JSON.stringify(invoiceIds)}::jsonb)::uuid)`,
  );
  return (
    (await queueOrganisationNotifications(tx, {
      kind: 'op_invoice_issued',
      roles,
      subjects: rows.map((row) => ({ subjectId: row.invoice_id, organisationId: row.buyer_id })),
    })) +
    (await queueOrganisationNotifications(tx, {
      kind: 'op_invoice_issued_copy',
      roles,
      subjects: rows.map((row) => ({ subjectId: row.invoice_id, organisationId: row.producer_id })),
    }))
  );
}

/** « Contestation de la facture N° … » to the OP that issued it (one mail per contest). */
export async function queueOpInvoiceContested(
  tx: NotificationTx,
  eventId: string,
): Promise<number> {
  const rows = await runInTx<{ op_id: string }>(
    tx,
    sql`select oi.op_id from op_invoice_events e
        join op_invoices oi on oi.invoice_id = e.invoice_id
        where e.id = ${eventId} and e.kind = 'contested'`,
  );
  return queueOrganisationNotifications(tx, {
    kind: 'op_invoice_contested',
    roles,
    subjects: rows.map((row) => ({ subjectId: eventId, organisationId: row.op_id })),
  });
}

/**
 * The OP's answer to a contest: to the member who contested; a correction also to the buyer,
 * whose invoice is cancelled by a credit note (and replaced, unless every line was dropped).
 */
export async function queueOpContestAnswer(tx: NotificationTx, eventId: string): Promise<number> {
  const [event] = await runInTx<{ kind: string; buyer_id: string; producer_id: string }>(
    tx,
    sql`select e.kind, oi.buyer_id, i.issuer_id as producer_id from op_invoice_events e
        join op_invoices oi on oi.invoice_id = e.invoice_id
        join invoices i on i.id = e.invoice_id
        where e.id = ${eventId} and e.kind in ('contest_rejected', 'corrected')`,
  );
  if (!event) {
    return 0;
  }
  const toMember = await queueOrganisationNotifications(tx, {
    kind: 'op_contest_answered',
    roles,
    subjects: [{ subjectId: eventId, organisationId: event.producer_id }],
  });
  if (event.kind !== 'corrected') {
    return toMember;
  }
  return (
    toMember +
    (await queueOrganisationNotifications(tx, {
      kind: 'op_invoice_corrected',
      roles,
      subjects: [{ subjectId: eventId, organisationId: event.buyer_id }],
    }))
  );
}
