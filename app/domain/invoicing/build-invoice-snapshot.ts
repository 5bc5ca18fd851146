import { compareIsoDates, isIsoDate, lastDayOfMonth } from './calendar-days.ts';
import { checkInvoiceSnapshot, type InvoiceIssueCode } from './check-invoice-snapshot.ts';
import { computeDueDate, type DueDateError } from './compute-due-date.ts';
import type { InvoiceDraft } from './group-orders.ts';
import type {
  BuyerKind,
  DeliveryAddress,
  DomainError,
  InvoiceNote,
  InvoiceParty,
  InvoiceSnapshot,
  IsoDate,
  PaymentMeans,
  PrecedingInvoiceReference,
} from './invoice-types.ts';
import { buildMandatoryNotes } from './mandatory-mentions.ts';

export type BuildInvoiceSnapshotInput = {
  draft: InvoiceDraft;
  /** Allocated by the issuing transaction, formatted by formatInvoiceNumber. */
  number: string;
  issueDate: IsoDate;
  /** 389 when the buyer (dairy, OP) issues the invoice under a billing mandate (INV-07). */
  typeCode?: '380' | '389';
  seller: InvoiceParty;
  buyer: InvoiceParty;
  buyerKind: BuyerKind;
  paymentMeans?: PaymentMeans;
  generalTermDays?: number;
  billingMandate?: string;
  latePenaltiesText?: string;
  deliveryAddress?: DeliveryAddress;
  buyerReference?: string;
  extraNotes?: readonly InvoiceNote[];
  /**
   * A rectifying invoice replacing `replaces`, fully cancelled by a credit note first (INV-06;
   * a self-billed invoice the producer contested, INV-07): dated the day it is issued, even
   * after the month of a periodic invoice, it references the invoice it replaces (BT-25) and is
   * payable on receipt when the legal term of the original has passed.
   */
  replaces?: PrecedingInvoiceReference;
};

export type BuildInvoiceSnapshotError = DomainError<
  | 'invalid_date'
  | 'periodic_invoice_too_late'
  | 'invoice_before_delivery'
  | DueDateError['code']
  | InvoiceIssueCode
>;

/**
 * Freezes a draft into the snapshot an invoice prints: parties, due date (INV-04), mandatory
 * mentions (BR-FR-05), then runs every pre-issue check. Pure: the caller passes the allocated
 * number and the issue date.
 */
export function buildInvoiceSnapshot(
  input: BuildInvoiceSnapshotInput,
): { ok: true; invoice: InvoiceSnapshot } | BuildInvoiceSnapshotError {
  const { draft, issueDate } = input;
  if (!isIsoDate(issueDate)) {
    return {
      ok: false,
      code: 'invalid_date',
      message: `Date de facture invalide : « ${issueDate} ».`,
    };
  }
  if (compareIsoDates(issueDate, draft.lastDeliveryDate) < 0) {
    // C. com. L441-9 I: the invoice follows the delivery.
    return {
      ok: false,
      code: 'invoice_before_delivery',
      message: `La facture ne peut pas être datée du ${issueDate}, avant la livraison du ${draft.lastDeliveryDate}.`,
    };
  }
  if (
    draft.isPeriodic &&
    !input.replaces &&
    compareIsoDates(issueDate, lastDayOfMonth(draft.lastDeliveryDate)) > 0
  ) {
    // CGI 289 I-3, RULES-FR INV-05 / I5: a periodic invoice is issued by the end of the month.
    return {
      ok: false,
      code: 'periodic_invoice_too_late',
      message: `Une facture périodique doit être émise au plus tard le ${lastDayOfMonth(draft.lastDeliveryDate)}.`,
    };
  }
  const due = computeDueDate({
    deliveryDate: draft.lastDeliveryDate,
    issueDate,
    kind: draft.lines.map((line) => line.productKind),
    ...(draft.isPeriodic ? { periodic: { firstDeliveryDate: draft.firstDeliveryDate } } : {}),
    ...(input.generalTermDays === undefined ? {} : { generalTermDays: input.generalTermDays }),
  });
  if (!due.ok && !(input.replaces && due.code === 'issued_after_due_date')) {
    return due;
  }
  const payment = due.ok
    ? { dueDate: due.dueDate, termsText: due.termsText }
    : {
        dueDate: issueDate,
        termsText: `Facture rectificative de la facture ${input.replaces?.number} du ${input.replaces?.issueDate} : payable à réception, l’échéance légale de la facture remplacée étant passée.`,
      };
  const typeCode = input.typeCode ?? '380';
  const invoice: InvoiceSnapshot = {
    number: input.number,
    typeCode,
    issueDate,
    currency: 'EUR',
    businessProcess: 'B1',
    buyerKind: input.buyerKind,
    sellerVatRegime: draft.sellerVatRegime,
    seller: input.seller,
    buyer: input.buyer,
    ...(input.deliveryAddress ? { deliveryAddress: input.deliveryAddress } : {}),
    ...(draft.isPeriodic
      ? { billingPeriod: { start: draft.firstDeliveryDate, end: draft.lastDeliveryDate } }
      : { deliveryDate: draft.lastDeliveryDate }),
    ...(input.buyerReference ? { buyerReference: input.buyerReference } : {}),
    ...(draft.contractReference ? { contractReference: draft.contractReference } : {}),
    ...(input.replaces ? { precedingInvoice: input.replaces } : {}),
    lines: draft.lines,
    totals: draft.totals,
    payment: {
      ...payment,
      ...(input.paymentMeans ? { means: input.paymentMeans } : {}),
    },
    notes: [
      ...buildMandatoryNotes({
        buyerKind: input.buyerKind,
        typeCode,
        sellerVatRegime: draft.sellerVatRegime,
        ...(input.billingMandate ? { billingMandate: input.billingMandate } : {}),
        ...(input.latePenaltiesText ? { latePenaltiesText: input.latePenaltiesText } : {}),
      }),
      ...(input.extraNotes ?? []),
    ],
  };
  const issues = checkInvoiceSnapshot(invoice);
  const [first] = issues;
  if (first) {
    return {
      ok: false,
      code: first.code,
      message: issues.map((issue) => issue.message).join(' '),
    };
  }
  return { ok: true, invoice };
}
