// What an OP invoicing mail says (ADR 013, ADR 016), read when its turn comes from the invoice
// rows and the invoice's history — and skipped when it has become pointless: a contest the OP
// answered meanwhile, a recipient no longer an owner or manager of the organisation written for.
import { getSql } from '#app/db/client.server.ts';
import type {
  OpInvoiceMailContent,
  OpInvoiceMailKind,
} from '#app/domain/notifications/op-invoice-templates.ts';
import { contestDeadline, contestWindowOn } from '#app/domain/op/billing-mandate.ts';
import type { ContentResult } from './notification-content.server.ts';
import { OP_INVOICE_RECIPIENT_ROLES } from './notification-op-events.server.ts';

type OpRow = { kind: OpInvoiceMailKind; subject_id: string; user_id: string };

type InvoiceRow = {
  invoice_id: string;
  number: string;
  issued_on: string;
  due_on: string | null;
  gross_cents: number;
  supply_on: string;
  op_id: string;
  op_name: string;
  op_slug: string;
  member_id: string;
  member_name: string;
  member_slug: string;
  buyer_id: string;
  /** As the invoice names it (legal name); `buyer_org_name`: as Cabas shows the organisation. */
  buyer_name: string;
  buyer_org_name: string;
  buyer_slug: string;
  mandate_reference: string;
  contest_days: number;
};

type EventRow = {
  event_kind: 'accepted' | 'contested' | 'contest_rejected' | 'corrected';
  occurred_on: string;
  reason: string | null;
  is_answered: boolean;
  credit_number: string | null;
  credit_gross_cents: number | null;
  credit_id: string | null;
  replacement_id: string | null;
  replacement_number: string | null;
  replacement_gross_cents: number | null;
  replacement_issued_on: string | null;
  replacement_due_on: string | null;
};

const skip = (reason: string): ContentResult => ({ ok: false, reason });

async function loadInvoice(invoiceId: string): Promise<InvoiceRow | undefined> {
  const [row] = await getSql()<InvoiceRow[]>`
    select i.id as invoice_id, i.display_number as number, i.issued_on::text, i.due_on::text,
           i.gross_total_cents as gross_cents,
           coalesce(i.delivered_on, i.issued_on)::text as supply_on,
           op.id as op_id, op.name as op_name, op.slug as op_slug,
           mem.id as member_id, mem.name as member_name, mem.slug as member_slug,
           oi.buyer_id, i.buyer_name, buyer.name as buyer_org_name, buyer.slug as buyer_slug,
           m.reference as mandate_reference, m.contest_days
    from op_invoices oi
    join invoices i on i.id = oi.invoice_id
    join organisations op on op.id = oi.op_id
    join organisations mem on mem.id = i.issuer_id
    join organisations buyer on buyer.id = oi.buyer_id
    join billing_mandates m on m.id = oi.mandate_id
    where oi.invoice_id = ${invoiceId}`;
  return row;
}

async function loadEvent(
  eventId: string,
): Promise<(EventRow & { invoice_id: string }) | undefined> {
  const [row] = await getSql()<(EventRow & { invoice_id: string })[]>`
    select e.invoice_id, e.kind as event_kind, e.occurred_on::text, e.reason,
           exists (select 1 from op_invoice_events later
                   where later.invoice_id = e.invoice_id and later.sequence > e.sequence
                     and later.kind in ('contest_rejected', 'corrected')) as is_answered,
           cn.id as credit_id, cn.display_number as credit_number,
           cn.gross_total_cents as credit_gross_cents,
           rp.id as replacement_id, rp.display_number as replacement_number,
           rp.gross_total_cents as replacement_gross_cents,
           rp.issued_on::text as replacement_issued_on, rp.due_on::text as replacement_due_on
    from op_invoice_events e
    left join invoices cn on cn.id = e.credit_note_id
    left join invoices rp on rp.id = e.replacement_invoice_id
    where e.id = ${eventId}`;
  return row;
}

/** Whether the recipient still sees this organisation's OP invoices (owner or manager). */
async function isStillRecipient(organisationId: string, userId: string): Promise<boolean> {
  const rows = await getSql()`
    select 1 from memberships
    where organisation_id = ${organisationId} and user_id = ${userId}
      and role::text = any(${OP_INVOICE_RECIPIENT_ROLES as string[]}::text[])`;
  return rows.length > 0;
}

/** Which side each kind is written to. */
const AUDIENCE: Record<OpInvoiceMailKind, 'buyer' | 'member' | 'op'> = {
  op_invoice_issued: 'buyer',
  op_invoice_corrected: 'buyer',
  op_invoice_issued_copy: 'member',
  op_contest_answered: 'member',
  op_invoice_contested: 'op',
};

/** The content of one queued OP invoicing mail, or why it is no longer worth sending. */
export async function loadOpInvoiceContent(row: OpRow): Promise<ContentResult> {
  const isAboutEvent = !['op_invoice_issued', 'op_invoice_issued_copy'].includes(row.kind);
  const event = isAboutEvent ? await loadEvent(row.subject_id) : undefined;
  if (isAboutEvent && !event) {
    return skip('événement de la facture introuvable');
  }
  const invoice = await loadInvoice(event?.invoice_id ?? row.subject_id);
  if (!invoice) {
    return skip('facture introuvable');
  }
  const audience = AUDIENCE[row.kind];
  const organisation = {
    buyer: { id: invoice.buyer_id, name: invoice.buyer_org_name },
    member: { id: invoice.member_id, name: invoice.member_name },
    op: { id: invoice.op_id, name: invoice.op_name },
  }[audience];
  if (!(await isStillRecipient(organisation.id, row.user_id))) {
    return skip(`n’est plus responsable ni gestionnaire de ${organisation.name}`);
  }
  const common = {
    opName: invoice.op_name,
    memberName: invoice.member_name,
    buyerName: invoice.buyer_name,
    number: invoice.number,
    issuedOn: invoice.issued_on,
    grossCents: invoice.gross_cents,
    recipientOrganisation: organisation.name,
  };
  // The buyer has no page per invoice: its EG-22 export lists the OP's invoices of the month.
  const buyerPath = `/o/${invoice.buyer_slug}/export-egalim?partenaire=${encodeURIComponent(invoice.op_slug)}&mois=${invoice.supply_on.slice(0, 7)}`;
  const deadline = contestDeadline(invoice.issued_on, invoice.contest_days);
  switch (row.kind) {
    case 'op_invoice_issued':
      return {
        ok: true,
        content: { ...common, kind: row.kind, dueOn: invoice.due_on, path: buyerPath },
      };
    case 'op_invoice_issued_copy':
      return {
        ok: true,
        content: {
          ...common,
          kind: row.kind,
          dueOn: invoice.due_on,
          mandateReference: invoice.mandate_reference,
          contestDeadline: deadline,
          path: `/o/${invoice.member_slug}/factures-op/${invoice.invoice_id}`,
        },
      };
    case 'op_invoice_contested':
      if (event!.is_answered) {
        return skip('contestation déjà traitée par l’OP');
      }
      return {
        ok: true,
        content: {
          ...common,
          kind: row.kind,
          contestedOn: event!.occurred_on,
          reason: event!.reason ?? '',
          path: `/o/${invoice.op_slug}/factures-op/${invoice.invoice_id}`,
        },
      };
    case 'op_contest_answered':
    case 'op_invoice_corrected':
      return answerContent(row.kind, { common, event: event!, invoice, deadline, buyerPath });
  }
}

function answerContent(
  kind: 'op_contest_answered' | 'op_invoice_corrected',
  context: {
    common: Omit<
      Extract<OpInvoiceMailContent, { kind: 'op_invoice_issued' }>,
      'kind' | 'dueOn' | 'path'
    >;
    event: EventRow;
    invoice: InvoiceRow;
    deadline: string;
    buyerPath: string;
  },
): ContentResult {
  const { common, event, invoice } = context;
  const memberPath = (invoiceId: string) => `/o/${invoice.member_slug}/factures-op/${invoiceId}`;
  if (event.event_kind === 'contest_rejected') {
    if (kind === 'op_invoice_corrected') {
      return skip('contestation rejetée : rien n’a changé pour l’acheteur');
    }
    return {
      ok: true,
      content: {
        ...common,
        kind,
        answer: {
          outcome: 'rejected',
          on: event.occurred_on,
          reason: event.reason ?? '',
          contestDeadline: context.deadline,
          isContestOpen: contestWindowOn(invoice.issued_on, invoice.contest_days, event.occurred_on)
            .isOpen,
        },
        path: memberPath(invoice.invoice_id),
      },
    };
  }
  if (event.event_kind !== 'corrected' || !event.credit_id) {
    return skip('pas une réponse à une contestation');
  }
  const creditNote = { number: event.credit_number!, grossCents: event.credit_gross_cents! };
  const replacement = event.replacement_id
    ? { number: event.replacement_number!, grossCents: event.replacement_gross_cents! }
    : null;
  if (kind === 'op_invoice_corrected') {
    return {
      ok: true,
      content: {
        ...common,
        kind,
        on: event.occurred_on,
        note: event.reason ?? '',
        creditNote,
        replacement: replacement && { ...replacement, dueOn: event.replacement_due_on },
        path: context.buyerPath,
      },
    };
  }
  return {
    ok: true,
    content: {
      ...common,
      kind,
      answer: {
        outcome: 'corrected',
        on: event.occurred_on,
        note: event.reason ?? '',
        creditNote,
        replacement: replacement && {
          ...replacement,
          contestDeadline: contestDeadline(event.replacement_issued_on!, invoice.contest_days),
        },
      },
      path: memberPath(event.replacement_id ?? event.credit_id),
    },
  };
}
