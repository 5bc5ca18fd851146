// What a queued notification says, read when its turn comes (ADR 016): the figures are those
// the pages show at that moment (the payment ledger, the invoice rows), and a mail that has
// become pointless — a reminder for a row filled since, a share already paid — is skipped.
import { getSql } from '#app/db/client.server.ts';
import type { NotificationKind } from '#app/domain/notifications/kinds.ts';
import type { MailContent } from '#app/domain/notifications/templates.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { getOnlinePaymentConfig } from '#app/integrations/stripe.server.ts';
import { loadOpInvoiceContent } from './notification-op-content.server.ts';
import { loadSheetLedger } from './payment-ledger.server.ts';

export type ContentResult = { ok: true; content: MailContent } | { ok: false; reason: string };

type Row = {
  kind: NotificationKind;
  subject_id: string;
  household_id: string | null;
  user_id: string;
};

const skip = (reason: string): ContentResult => ({ ok: false, reason });
const sheetPath = (slug: string, sheetId: string) => `/o/${slug}/feuilles/${sheetId}`;

async function sharePayable(row: Row): Promise<ContentResult> {
  if (!row.household_id) {
    return skip('foyer inconnu');
  }
  const ledger = await loadSheetLedger({ sheetId: row.subject_id, householdId: row.household_id });
  if (!ledger?.sheet.isPayable) {
    return skip('paiements de la feuille pas encore ouverts');
  }
  const parts = ledger.parts.filter((part) => part.due.cents > 0);
  const toPayCents = ledger.parts.reduce(
    (sum, part) => sum + Math.max(0, balanceOf(part.amounts)),
    0,
  );
  if (parts.length === 0 || toPayCents === 0) {
    return skip('rien à payer');
  }
  const names = new Map(ledger.producers.map((producer) => [producer.id, producer.name]));
  return {
    ok: true,
    content: {
      kind: 'share_payable',
      groupName: ledger.sheet.groupName,
      sheetTitle: ledger.sheet.title,
      parts: parts
        .map((part) => ({
          producerName: names.get(part.producerId) ?? '',
          dueCents: part.due.cents,
          isEstimate: part.due.isEstimate,
        }))
        .sort((a, b) => a.producerName.localeCompare(b.producerName, 'fr')),
      toPayCents,
      transferReference:
        ledger.households.find((household) => household.id === row.household_id)
          ?.transferReference ?? '',
      canPayOnline:
        getOnlinePaymentConfig().enabled && ledger.producers.some((producer) => producer.isOnline),
      path: `${sheetPath(ledger.sheet.groupSlug, ledger.sheet.id)}/paiements`,
    },
  };
}

async function reminder(row: Row, now: Date): Promise<ContentResult> {
  const [found] = await getSql()<
    {
      sheet_id: string;
      title: string;
      status: string;
      deadline_at: string;
      group_name: string;
      group_slug: string;
      sender_name: string | null;
      ordered_milli: number;
    }[]
  >`
    select s.id as sheet_id, s.title, s.status, s.deadline_at, g.name as group_name,
           g.slug as group_slug,
           coalesce(u.raw_user_meta_data ->> 'full_name', u.email) as sender_name,
           (select coalesce(sum(c.quantity_milli), 0)::int from sheet_cells c
             where c.sheet_id = s.id and c.household_id = r.household_id) as ordered_milli
    from sheet_reminders r
    join sheets s on s.id = r.sheet_id
    join organisations g on g.id = s.group_id
    left join auth.users u on u.id = r.sent_by
    where r.id = ${row.subject_id}`;
  if (!found) {
    return skip('relance introuvable');
  }
  const deadlineAt = new Date(found.deadline_at);
  if (found.status !== 'open' || deadlineAt.getTime() <= now.getTime()) {
    return skip('feuille close entre-temps');
  }
  if (found.ordered_milli > 0) {
    return skip('ligne remplie entre-temps');
  }
  const common = {
    groupName: found.group_name,
    sheetTitle: found.title,
    deadlineAt,
    path: sheetPath(found.group_slug, found.sheet_id),
  };
  return {
    ok: true,
    content:
      row.kind === 'sheet_reminder'
        ? {
            kind: 'sheet_reminder',
            senderName: found.sender_name ?? 'Votre coordinateur',
            ...common,
          }
        : { kind: 'deadline_reminder', ...common },
  };
}

async function paymentReceipt(row: Row): Promise<ContentResult> {
  const sql = getSql();
  const [payment] = await sql<
    {
      sheet_id: string;
      title: string;
      group_name: string;
      group_slug: string;
      status: string;
      amount_cents: number;
      fee_cents: number;
      paid_at: string | null;
      method: 'card' | 'cash' | 'cheque' | 'transfer';
      received_on: string | null;
      reference: string | null;
      recorded_by_name: string | null;
    }[]
  >`
    select p.sheet_id, s.title, g.name as group_name, g.slug as group_slug, p.status::text,
           p.amount_cents, p.fee_cents, p.paid_at, p.method::text, p.received_on::text,
           p.reference,
           coalesce(u.raw_user_meta_data ->> 'full_name', u.email) as recorded_by_name
    from payments p join sheets s on s.id = p.sheet_id join organisations g on g.id = s.group_id
    left join auth.users u on u.id = p.recorded_by
    where p.id = ${row.subject_id}`;
  if (payment?.status !== 'succeeded' || !payment.paid_at) {
    return skip('paiement non reçu');
  }
  const parts = await sql<{ name: string; amount_cents: number }[]>`
    select o.name, a.amount_cents from payment_allocations a
    join organisations o on o.id = a.producer_id
    where a.payment_id = ${row.subject_id} order by o.name`;
  return {
    ok: true,
    content: {
      kind: 'payment_receipt',
      groupName: payment.group_name,
      sheetTitle: payment.title,
      paidAt: new Date(payment.paid_at),
      received:
        payment.method === 'card'
          ? { method: 'card' }
          : {
              method: payment.method,
              on: payment.received_on!,
              by: payment.recorded_by_name,
              reference: payment.reference,
            },
      amountCents: payment.amount_cents,
      feeCents: payment.fee_cents,
      parts: parts.map((part) => ({ producerName: part.name, amountCents: part.amount_cents })),
      path: `${sheetPath(payment.group_slug, payment.sheet_id)}/paiements`,
    },
  };
}

async function refundSent(row: Row): Promise<ContentResult> {
  const [refund] = await getSql()<
    {
      sheet_id: string;
      title: string;
      group_name: string;
      group_slug: string;
      producer_name: string;
      status: string;
      method: 'card' | 'cash' | 'cheque' | 'transfer';
      amount_cents: number;
      reason: 'settlement' | 'credit_note' | 'manual';
      note: string | null;
      credit_note_number: string | null;
    }[]
  >`
    select r.sheet_id, s.title, g.name as group_name, g.slug as group_slug,
           p.name as producer_name, r.status::text, r.method::text, r.amount_cents,
           r.reason::text, r.note, c.display_number as credit_note_number
    from payment_refunds r
    join sheets s on s.id = r.sheet_id
    join organisations g on g.id = s.group_id
    join organisations p on p.id = r.producer_id
    left join invoices c on c.id = r.credit_note_id
    where r.id = ${row.subject_id}`;
  if (!refund || refund.status === 'cancelled' || refund.status === 'failed') {
    return skip('remboursement annulé ou refusé');
  }
  return {
    ok: true,
    content: {
      kind: 'refund_sent',
      groupName: refund.group_name,
      sheetTitle: refund.title,
      producerName: refund.producer_name,
      amountCents: refund.amount_cents,
      method: refund.method,
      reason: refund.reason,
      creditNoteNumber: refund.credit_note_number,
      note: refund.note,
      path: `${sheetPath(refund.group_slug, refund.sheet_id)}/paiements`,
    },
  };
}

const CREDIT_NOTE_REASON = /^Motif de l’avoir : /;

async function invoiceDocument(row: Row): Promise<ContentResult> {
  const [invoice] = await getSql()<
    {
      display_number: string;
      type_code: string;
      gross_total_cents: number;
      issued_on: string;
      issuer_name: string;
      preceding_number: string | null;
      reason_note: string | null;
    }[]
  >`
    select i.display_number, i.type_code, i.gross_total_cents, i.issued_on::text,
           o.name as issuer_name,
           pre.display_number as preceding_number,
           (select n ->> 'text' from jsonb_array_elements(i.snapshot -> 'notes') n
             where n ->> 'subjectCode' = 'AAI' limit 1) as reason_note
    from invoices i
    join organisations o on o.id = i.issuer_id
    left join invoices pre on pre.id = i.preceding_invoice_id
    where i.id = ${row.subject_id}`;
  if (!invoice) {
    return skip('document introuvable');
  }
  if (row.kind === 'credit_note_issued') {
    return {
      ok: true,
      content: {
        kind: 'credit_note_issued',
        producerName: invoice.issuer_name,
        number: invoice.display_number,
        invoiceNumber: invoice.preceding_number,
        grossCents: invoice.gross_total_cents,
        reason: invoice.reason_note?.replace(CREDIT_NOTE_REASON, '') ?? null,
        path: '/mes-factures',
      },
    };
  }
  return {
    ok: true,
    content: {
      kind: 'invoice_available',
      producerName: invoice.issuer_name,
      number: invoice.display_number,
      grossCents: invoice.gross_total_cents,
      issuedOn: invoice.issued_on,
      path: '/mes-factures',
    },
  };
}

/** The content of one queued notification, or why it is no longer worth sending. */
export async function loadNotificationContent(row: Row, now: Date): Promise<ContentResult> {
  switch (row.kind) {
    case 'share_payable':
      return sharePayable(row);
    case 'sheet_reminder':
    case 'deadline_reminder':
      return reminder(row, now);
    case 'payment_receipt':
      return paymentReceipt(row);
    case 'refund_sent':
      return refundSent(row);
    case 'credit_note_issued':
    case 'invoice_available':
      return invoiceDocument(row);
    case 'op_invoice_issued':
    case 'op_invoice_issued_copy':
    case 'op_invoice_contested':
    case 'op_contest_answered':
    case 'op_invoice_corrected':
      return loadOpInvoiceContent({ ...row, kind: row.kind });
  }
}
