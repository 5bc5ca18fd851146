import { formatCents, formatDay } from '#app/i18n/format.ts';

/**
 * The French mails about the invoices a producer organisation (OP) issues in its members'
 * names under billing mandates (ADR 013, INV-07; ADR 016): to the buyer, a copy to the member,
 * the member's contest to the OP, the OP's answer. Pure: the dispatcher reads the figures.
 */

type InvoiceRef = {
  opName: string;
  memberName: string;
  buyerName: string;
  /** The invoice's number (the contested one, for a contest and its answer). */
  number: string;
  issuedOn: string;
  grossCents: number;
  /** The organisation whose owners and managers receive the mail. */
  recipientOrganisation: string;
  path: string;
};

type DocumentRef = { number: string; grossCents: number };

export type OpInvoiceMailContent =
  | (InvoiceRef & { kind: 'op_invoice_issued'; dueOn: string | null })
  | (InvoiceRef & {
      kind: 'op_invoice_issued_copy';
      dueOn: string | null;
      mandateReference: string;
      contestDeadline: string;
    })
  | (InvoiceRef & { kind: 'op_invoice_contested'; contestedOn: string; reason: string })
  | (InvoiceRef & {
      kind: 'op_contest_answered';
      answer:
        | {
            outcome: 'rejected';
            on: string;
            reason: string;
            contestDeadline: string;
            /** The member may still contest again (the rejection came within the period). */
            isContestOpen: boolean;
          }
        | {
            outcome: 'corrected';
            on: string;
            note: string;
            creditNote: DocumentRef;
            replacement: (DocumentRef & { contestDeadline: string }) | null;
          };
    })
  | (InvoiceRef & {
      kind: 'op_invoice_corrected';
      on: string;
      note: string;
      creditNote: DocumentRef;
      replacement: (DocumentRef & { dueOn: string | null }) | null;
    });

export type OpInvoiceMailKind = OpInvoiceMailContent['kind'];

/** « de GAEC des Monts », « d’OP Lait des Monts » (elision before a vowel; not before h). */
export function ofName(name: string): string {
  return /^[aeiouyàâäéèêëîïôöûüù]/i.test(name) ? `d’${name}` : `de ${name}`;
}

const gross = (cents: number) => `${formatCents(Math.abs(cents))} TTC`;
const payBy = (dueOn: string | null) =>
  dueOn ? `à régler au plus tard le ${formatDay(dueOn)}` : 'payable à réception';

function answerText(content: Extract<OpInvoiceMailContent, { kind: 'op_contest_answered' }>) {
  const { answer } = content;
  if (answer.outcome === 'rejected') {
    return {
      subject: `Contestation rejetée : facture N° ${content.number}`,
      lines: [
        `${content.opName} a rejeté le ${formatDay(answer.on)} votre contestation de la facture n° ${content.number} émise en votre nom à ${content.buyerName} (${gross(content.grossCents)}) : la facture est maintenue.`,
        `Motif du refus : « ${answer.reason} »`,
        answer.isContestOpen
          ? `Vous pouvez encore l’accepter ou la contester jusqu’au ${formatDay(answer.contestDeadline)}.`
          : `Le délai de contestation est passé (${formatDay(answer.contestDeadline)}).`,
      ],
    };
  }
  const { creditNote, replacement } = answer;
  return {
    subject: `Contestation acceptée : facture N° ${content.number} annulée par avoir`,
    lines: [
      `${content.opName} a accepté le ${formatDay(answer.on)} votre contestation de la facture n° ${content.number} (${content.buyerName}) : elle est annulée par l’avoir n° ${creditNote.number} (${gross(creditNote.grossCents)}), émis en votre nom.`,
      replacement
        ? `Elle est remplacée par la facture rectificative n° ${replacement.number} (${gross(replacement.grossCents)}), que vous pouvez accepter ou contester jusqu’au ${formatDay(replacement.contestDeadline)}.`
        : 'Aucune facture ne la remplace : toutes ses lignes sont retirées.',
      `Explication de l’OP : « ${answer.note} »`,
    ],
  };
}

/** Subject and body lines of one OP invoicing mail (greeting and signature added by the caller). */
export function renderOpInvoiceBody(content: OpInvoiceMailContent): {
  subject: string;
  lines: string[];
  linkLabel: string;
} {
  switch (content.kind) {
    case 'op_invoice_issued':
      return {
        subject: `Nouvelle facture ${ofName(content.opName)} pour le compte ${ofName(content.memberName)}`,
        lines: [
          `${content.opName} a émis, au nom et pour le compte ${ofName(content.memberName)} (mandat de facturation), la facture n° ${content.number} du ${formatDay(content.issuedOn)} à ${content.buyerName} : ${gross(content.grossCents)}, ${payBy(content.dueOn)}.`,
        ],
        linkLabel: `Les factures ${ofName(content.opName)} du mois (export Egalim) :`,
      };
    case 'op_invoice_issued_copy':
      return {
        subject: `Facture émise en votre nom : N° ${content.number} (${content.buyerName})`,
        lines: [
          `${content.opName} a émis en votre nom, sous le mandat de facturation ${content.mandateReference}, la facture n° ${content.number} du ${formatDay(content.issuedOn)} à ${content.buyerName} : ${gross(content.grossCents)}, ${payBy(content.dueOn)}.`,
          `Vous pouvez l’accepter ou la contester jusqu’au ${formatDay(content.contestDeadline)} ; sans contestation d’ici là, elle est réputée acceptée.`,
        ],
        linkLabel: 'Voir la facture, l’accepter ou la contester :',
      };
    case 'op_invoice_contested':
      return {
        subject: `Contestation de la facture N° ${content.number}`,
        lines: [
          `${content.memberName} conteste depuis le ${formatDay(content.contestedOn)} la facture n° ${content.number} que vous avez émise en son nom le ${formatDay(content.issuedOn)} à ${content.buyerName} (${gross(content.grossCents)}).`,
          `Motif : « ${content.reason} »`,
          'Rejetez la contestation en donnant vos raisons, ou corrigez la facture (avoir et facture rectificative).',
        ],
        linkLabel: 'Traiter la contestation :',
      };
    case 'op_contest_answered': {
      const { subject, lines } = answerText(content);
      return { subject, lines, linkLabel: 'Voir la facture :' };
    }
    case 'op_invoice_corrected': {
      const { creditNote, replacement } = content;
      return {
        subject: `Facture N° ${content.number} ${ofName(content.memberName)} annulée par avoir`,
        lines: [
          `${content.opName}, au nom et pour le compte ${ofName(content.memberName)}, a annulé le ${formatDay(content.on)} la facture n° ${content.number} du ${formatDay(content.issuedOn)} (${gross(content.grossCents)}) par l’avoir n° ${creditNote.number} (${gross(creditNote.grossCents)}).`,
          replacement
            ? `Elle est remplacée par la facture rectificative n° ${replacement.number} : ${gross(replacement.grossCents)}, ${payBy(replacement.dueOn)}.`
            : 'Aucune facture ne la remplace.',
          `Motif : « ${content.note} »`,
        ],
        linkLabel: `Les factures ${ofName(content.opName)} du mois (export Egalim) :`,
      };
    }
  }
}
