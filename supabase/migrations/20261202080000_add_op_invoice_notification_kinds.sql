-- Mails about the invoices a producer organisation issues in its members' names
-- (docs/decisions/013-producer-organisations.md, 016-notifications.md): the invoice to the
-- buyer, its copy to the member, the member's contest to the OP, the OP's answer to the member
-- and, for a correction, to the buyer. No household: `household_id` stays null, the recipients
-- are each organisation's owners and managers. Always sent (no opt-out category).

alter table public.notifications drop constraint notifications_kind_check;
alter table public.notifications add constraint notifications_kind_check check (kind in (
  'share_payable', 'sheet_reminder', 'deadline_reminder', 'payment_receipt', 'refund_sent',
  'credit_note_issued', 'invoice_available',
  'op_invoice_issued', 'op_invoice_issued_copy', 'op_invoice_contested', 'op_contest_answered',
  'op_invoice_corrected'));
