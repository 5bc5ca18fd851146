import { formatCents, formatDay } from '#app/i18n/format.ts';
import { CATEGORY_OF, type NotificationKind } from './kinds.ts';
import { type OpInvoiceMailContent, ofName, renderOpInvoiceBody } from './op-invoice-templates.ts';

/**
 * The French mails, as pure functions of what the dispatcher read when the mail's turn came
 * (ADR 016). Plain text, short, one absolute link. No IO, no clock.
 */

type SheetRef = { groupName: string; sheetTitle: string };

export type MailContent =
  | (SheetRef & {
      kind: 'share_payable';
      parts: { producerName: string; dueCents: number; isEstimate: boolean }[];
      toPayCents: number;
      transferReference: string;
      /** A producer of the share takes card payments (Stripe on, account enabled). */
      canPayOnline: boolean;
      path: string;
    })
  | (SheetRef & { kind: 'sheet_reminder'; senderName: string; deadlineAt: Date; path: string })
  | (SheetRef & { kind: 'deadline_reminder'; deadlineAt: Date; path: string })
  | (SheetRef & {
      kind: 'payment_receipt';
      paidAt: Date;
      /** By card (online), or received by hand: on which day, recorded by whom. */
      received:
        | { method: 'card' }
        | {
            method: 'cash' | 'cheque' | 'transfer';
            on: string;
            by: string | null;
            reference: string | null;
          };
      amountCents: number;
      feeCents: number;
      parts: { producerName: string; amountCents: number }[];
      path: string;
    })
  | (SheetRef & {
      kind: 'refund_sent';
      producerName: string;
      amountCents: number;
      method: 'card' | 'cash' | 'cheque' | 'transfer';
      reason: 'settlement' | 'credit_note' | 'manual';
      creditNoteNumber: string | null;
      note: string | null;
      path: string;
    })
  | {
      kind: 'credit_note_issued';
      producerName: string;
      number: string;
      invoiceNumber: string | null;
      grossCents: number;
      reason: string | null;
      path: string;
    }
  | {
      kind: 'invoice_available';
      producerName: string;
      number: string;
      grossCents: number;
      issuedOn: string;
      path: string;
    }
  | OpInvoiceMailContent;

export type RenderOptions = {
  recipientName: string;
  householdName: string | null;
  /** Absolute base of links, without a trailing slash: `https://cabas.example.fr`. */
  baseUrl: string;
};

export type RenderedMail = { subject: string; text: string };

const deadlineFormat = new Intl.DateTimeFormat('fr-FR', {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/Paris',
});
const dateTimeFormat = new Intl.DateTimeFormat('fr-FR', {
  dateStyle: 'long',
  timeStyle: 'short',
  timeZone: 'Europe/Paris',
});

function receivedLine(content: Extract<MailContent, { kind: 'payment_receipt' }>): string {
  const order = `pour la commande « ${content.sheetTitle} » de ${content.groupName}`;
  const amount = formatCents(content.amountCents);
  const { received } = content;
  if (received.method === 'card') {
    return `Nous avons bien reçu votre paiement par carte de ${amount} le ${dateTimeFormat.format(content.paidAt)}, ${order}.`;
  }
  const reference = received.reference ? ` (référence ${received.reference})` : '';
  const by = received.by ? ` par ${received.by}` : '';
  return `Votre paiement ${METHOD_LABELS[received.method]}${reference} de ${amount}, reçu le ${formatDay(received.on)}, ${order}, a été enregistré${by}.`;
}

/** « jeudi 4 décembre à 18:00 » (heure de Paris). */
export function formatDeadline(instant: Date): string {
  return deadlineFormat.format(instant);
}

const METHOD_LABELS = {
  card: 'sur la carte utilisée pour payer (sous 5 à 10 jours selon la banque)',
  cash: 'en espèces',
  cheque: 'par chèque',
  transfer: 'par virement',
} as const;

function refundReason(content: Extract<MailContent, { kind: 'refund_sent' }>): string {
  if (content.reason === 'credit_note') {
    return content.creditNoteNumber
      ? `avoir n° ${content.creditNoteNumber} émis par ${content.producerName}`
      : `avoir émis par ${content.producerName}`;
  }
  if (content.reason === 'settlement') {
    return 'trop-perçu : la facture est inférieure à ce que vous aviez payé (produit manquant ou poids réel plus léger)';
  }
  return content.note ? `remboursement à la main (${content.note})` : 'remboursement à la main';
}

function body(content: MailContent, link: (path: string) => string): RenderedMail {
  switch (content.kind) {
    case 'share_payable': {
      const lines = content.parts.map(
        (part) =>
          `  - ${part.producerName} : ${formatCents(part.dueCents)}${part.isEstimate ? ' (estimation, poids à confirmer)' : ''}`,
      );
      return {
        subject: `Votre part est à payer : ${content.sheetTitle} (${formatCents(content.toPayCents)})`,
        text: [
          `La commande groupée « ${content.sheetTitle} » de ${content.groupName} est close : votre part est à payer.`,
          '',
          'Votre part par producteur :',
          ...lines,
          `Reste à payer : ${formatCents(content.toPayCents)}`,
          '',
          `Payer ${content.canPayOnline ? 'en ligne, ' : ''}à la livraison ou par virement (référence ${content.transferReference}) :`,
          link(content.path),
        ].join('\n'),
      };
    }
    case 'sheet_reminder':
      return {
        subject: `Rappel : commande groupée « ${content.sheetTitle} »`,
        text: [
          `${content.senderName} vous rappelle que votre ligne de la commande « ${content.sheetTitle} » de ${content.groupName} est encore vide.`,
          `Elle ferme le ${formatDeadline(content.deadlineAt)} (heure de Paris).`,
          '',
          'Remplir votre ligne :',
          link(content.path),
        ].join('\n'),
      };
    case 'deadline_reminder':
      return {
        subject: `Dernier jour pour commander : ${content.sheetTitle}`,
        text: [
          `La commande « ${content.sheetTitle} » de ${content.groupName} ferme le ${formatDeadline(content.deadlineAt)} (heure de Paris), et votre ligne est encore vide.`,
          '',
          'Remplir votre ligne :',
          link(content.path),
        ].join('\n'),
      };
    case 'payment_receipt':
      return {
        subject: `Reçu : paiement de ${formatCents(content.amountCents)} reçu`,
        text: [
          receivedLine(content),
          '',
          ...content.parts.map(
            (part) => `  - ${part.producerName} : ${formatCents(part.amountCents)}`,
          ),
          ...(content.feeCents > 0
            ? [`  - frais de paiement en ligne : ${formatCents(content.feeCents)}`]
            : []),
          '',
          content.received.method === 'card'
            ? 'Chaque producteur reçoit directement sa part. Le détail de vos paiements :'
            : 'Le détail de vos paiements :',
          link(content.path),
        ].join('\n'),
      };
    case 'refund_sent':
      return {
        subject: `Remboursement de ${formatCents(content.amountCents)} — ${content.producerName}`,
        text: [
          `${content.producerName} vous rembourse ${formatCents(content.amountCents)} ${METHOD_LABELS[content.method]}, pour la commande « ${content.sheetTitle} » de ${content.groupName}.`,
          `Motif : ${refundReason(content)}.`,
          '',
          'Le détail de vos paiements :',
          link(content.path),
        ].join('\n'),
      };
    case 'credit_note_issued':
      return {
        subject: `Un avoir a été émis : ${content.number} (${content.producerName})`,
        text: [
          `Un avoir a été émis par ${content.producerName} : n° ${content.number}, ${formatCents(content.grossCents)} TTC${content.invoiceNumber ? `, sur la facture n° ${content.invoiceNumber}` : ''}.`,
          ...(content.reason ? [`Motif : ${content.reason}.`] : []),
          '',
          'Vous le trouverez dans « Mes factures » :',
          link(content.path),
        ].join('\n'),
      };
    case 'invoice_available':
      return {
        subject: `Votre facture est disponible : ${content.number} (${content.producerName})`,
        text: [
          `Votre facture n° ${content.number} de ${content.producerName}, du ${formatDay(content.issuedOn)}, est disponible : ${formatCents(content.grossCents)} TTC.`,
          '',
          'Vous la trouverez (PDF) dans « Mes factures » :',
          link(content.path),
        ].join('\n'),
      };
    case 'op_invoice_issued':
    case 'op_invoice_issued_copy':
    case 'op_invoice_contested':
    case 'op_contest_answered':
    case 'op_invoice_corrected': {
      const op = renderOpInvoiceBody(content);
      return {
        subject: op.subject,
        text: [...op.lines, '', op.linkLabel, link(content.path)].join('\n'),
      };
    }
  }
}

/** Subject and text of a mail, with the greeting and why the member receives it. */
export function renderNotification(content: MailContent, options: RenderOptions): RenderedMail {
  const link = (path: string) => `${options.baseUrl}${path}`;
  const main = body(content, link);
  const why =
    'recipientOrganisation' in content
      ? `Vous recevez ce message comme responsable ou gestionnaire ${ofName(content.recipientOrganisation)}.`
      : options.householdName
        ? `Vous recevez ce message comme membre du foyer ${options.householdName}.`
        : 'Vous recevez ce message comme membre de Cabas.';
  const optional = CATEGORY_OF[content.kind as NotificationKind] !== null;
  return {
    subject: `Cabas — ${main.subject}`,
    text: [
      `Bonjour ${options.recipientName},`,
      '',
      main.text,
      '',
      '—',
      'Cabas',
      why,
      ...(optional ? [`Choisir les e-mails que vous recevez : ${link('/compte')}`] : []),
    ].join('\n'),
  };
}

/**
 * The invitation link sent to the address the inviter typed (sent at once, not queued: the
 * link's token is shown once and only its hash is stored).
 */
export function renderInvitationMail(options: {
  organisationName: string;
  roleLabel: string;
  householdName: string | null;
  inviterName: string;
  link: string;
  expiresAt: Date;
}): RenderedMail {
  const as = options.householdName
    ? `comme ${options.roleLabel.toLowerCase()} « ${options.householdName} »`
    : `comme ${options.roleLabel.toLowerCase()}`;
  return {
    subject: `Cabas — ${options.inviterName} vous invite à rejoindre ${options.organisationName}`,
    text: [
      'Bonjour,',
      '',
      `${options.inviterName} vous invite à rejoindre ${options.organisationName} sur Cabas ${as}.`,
      `Ouvrez ce lien pour accepter (valable jusqu’au ${dateTimeFormat.format(options.expiresAt)}, une seule fois) :`,
      options.link,
      '',
      'Si vous ne connaissez pas cette personne, ignorez ce message.',
      '',
      '—',
      'Cabas',
    ].join('\n'),
  };
}
