/**
 * What Cabas e-mails, and which of it a member may turn off (ADR 016). The legal ones — an
 * invoice or a credit note made out to the household, money given back — always go: they are
 * documents and movements the household must be told about.
 */
export const NOTIFICATION_KINDS = [
  'share_payable',
  'sheet_reminder',
  'deadline_reminder',
  'payment_receipt',
  'refund_sent',
  'credit_note_issued',
  'invoice_available',
  // Invoices a producer organisation issues in its members' names (ADR 013, INV-07).
  'op_invoice_issued',
  'op_invoice_issued_copy',
  'op_invoice_contested',
  'op_contest_answered',
  'op_invoice_corrected',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** What each kind is, in a list of mails (« Mon compte »). */
export const KIND_LABELS: Record<NotificationKind, string> = {
  share_payable: 'Part à payer',
  sheet_reminder: 'Relance du coordinateur',
  deadline_reminder: 'Rappel de la veille',
  payment_receipt: 'Reçu de paiement',
  refund_sent: 'Remboursement',
  credit_note_issued: 'Avoir émis',
  invoice_available: 'Facture disponible',
  op_invoice_issued: 'Facture émise par une OP',
  op_invoice_issued_copy: 'Facture émise en votre nom',
  op_invoice_contested: 'Contestation d’une facture',
  op_contest_answered: 'Réponse à une contestation',
  op_invoice_corrected: 'Facture annulée par avoir',
};

export const OPTIONAL_CATEGORIES = ['share_payable', 'reminders', 'payment_receipt'] as const;
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

/** The preference a kind answers to; null: always sent. */
export const CATEGORY_OF: Record<NotificationKind, OptionalCategory | null> = {
  share_payable: 'share_payable',
  sheet_reminder: 'reminders',
  deadline_reminder: 'reminders',
  payment_receipt: 'payment_receipt',
  refund_sent: null,
  credit_note_issued: null,
  invoice_available: null,
  // An invoice to a buyer, the member's copy of what was issued in its name (silence past the
  // contest period is acceptance), a contest the OP must answer, its answer: legal weight too.
  op_invoice_issued: null,
  op_invoice_issued_copy: null,
  op_invoice_contested: null,
  op_contest_answered: null,
  op_invoice_corrected: null,
};

/** « Mon compte » labels, in the order shown. */
export const CATEGORY_LABELS: Record<OptionalCategory, { label: string; hint: string }> = {
  share_payable: {
    label: 'Part à payer',
    hint: 'quand une commande groupée est close et que votre part peut être réglée',
  },
  reminders: {
    label: 'Rappels',
    hint: 'relances du coordinateur et rappel la veille de l’échéance si votre ligne est vide',
  },
  payment_receipt: {
    label: 'Reçus de paiement',
    hint: 'après chaque paiement, en ligne ou reçu par le coordinateur ou le producteur',
  },
};

/** Always sent, shown as such on « Mon compte ». */
export const MANDATORY_LABELS = [
  'Facture disponible',
  'Avoir émis',
  'Remboursement envoyé',
  'Factures des organisations de producteurs et leurs contestations',
] as const;

export function isOptionalCategory(value: string): value is OptionalCategory {
  return (OPTIONAL_CATEGORIES as readonly string[]).includes(value);
}

/** Whether a member with these opt-outs gets a mail of this kind. */
export function wantsNotification(
  kind: NotificationKind,
  optOuts: ReadonlySet<OptionalCategory>,
): boolean {
  const category = CATEGORY_OF[kind];
  return category === null || !optOuts.has(category);
}
