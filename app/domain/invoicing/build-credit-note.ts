import { multiplyAndRound } from '#app/domain/money/money.ts';
import { checkInvoiceSnapshot, type InvoiceIssueCode } from './check-invoice-snapshot.ts';
import { computeInvoiceTotals } from './compute-invoice-totals.ts';
import type { DomainError, InvoiceLine, InvoiceSnapshot, IsoDate } from './invoice-types.ts';
import { isCreditNote, isSelfBilled } from './invoice-types.ts';
import { buildMandatoryNotes } from './mandatory-mentions.ts';

/** Everything of the credit note but its number and date, allocated when it is issued. */
export type CreditNoteDraft = Omit<InvoiceSnapshot, 'number' | 'issueDate'>;

export type CreditNoteSelection =
  | 'full'
  | readonly {
      lineId: string /** Default: all that is left of the line. */;
      quantityMilli?: number;
    }[];

export type BuildCreditNoteOptions = {
  selection: CreditNoteSelection;
  /** Printed reason ("produit abîmé", "erreur de pesée"). */
  reason?: string;
  /** Credit notes already issued against this invoice: their quantities are no longer creditable. */
  previousCreditNotes?: readonly InvoiceSnapshot[];
  /** The billing mandate a self-billed credit note (261) cites after « Autofacturation » (INV-07). */
  billingMandate?: string;
};

export type CreditNoteError = DomainError<
  | 'not_an_invoice'
  | 'empty_selection'
  | 'unknown_line'
  | 'duplicate_line'
  | 'invalid_quantity'
  | 'exceeds_invoiced_quantity'
  | 'nothing_left_to_credit'
>;

function remainingQuantities(invoice: InvoiceSnapshot, previous: readonly InvoiceSnapshot[]) {
  const remaining = new Map(invoice.lines.map((line) => [line.lineId, line.quantityMilli]));
  for (const creditNote of previous) {
    if (creditNote.precedingInvoice?.number !== invoice.number) {
      continue;
    }
    for (const line of creditNote.lines) {
      remaining.set(line.lineId, (remaining.get(line.lineId) ?? 0) - line.quantityMilli);
    }
  }
  return remaining;
}

function creditedLine(line: InvoiceLine, quantityMilli: number): InvoiceLine {
  // Same price, same VAT, the line keeps its id so it can be traced back to the invoice.
  const netAmountCents =
    quantityMilli === line.quantityMilli
      ? line.netAmountCents
      : multiplyAndRound(line.unitPriceCents, quantityMilli, line.priceBaseQuantityMilli);
  return { ...line, quantityMilli, netAmountCents };
}

/**
 * A credit note (avoir) correcting an issued invoice, which is never edited (CGI 289 I-5,
 * RULES-FR INV-06): type 381, or 261 when the original is self-billed (389); it references the
 * original number and date (BT-25/BT-26, BR-FR-CO-05). Amounts are positive, as EN 16931 wants:
 * the type code says it is a credit. VAT is recomputed on the credited amounts (BR-CO-17).
 */
export function buildCreditNote(
  invoice: InvoiceSnapshot,
  options: BuildCreditNoteOptions,
): { ok: true; draft: CreditNoteDraft } | CreditNoteError {
  if (isCreditNote(invoice.typeCode)) {
    return {
      ok: false,
      code: 'not_an_invoice',
      message: 'On ne peut pas émettre un avoir sur un avoir.',
    };
  }
  const remaining = remainingQuantities(invoice, options.previousCreditNotes ?? []);
  const requested =
    options.selection === 'full'
      ? invoice.lines.map((line) => ({ lineId: line.lineId, quantityMilli: undefined }))
      : options.selection;
  if (requested.length === 0) {
    return {
      ok: false,
      code: 'empty_selection',
      message: 'Choisissez au moins une ligne à créditer.',
    };
  }
  const lines: InvoiceLine[] = [];
  const seen = new Set<string>();
  for (const { lineId, quantityMilli } of requested) {
    const line = invoice.lines.find((candidate) => candidate.lineId === lineId);
    const left = remaining.get(lineId) ?? 0;
    if (!line) {
      return {
        ok: false,
        code: 'unknown_line',
        message: `La ligne ${lineId} n’existe pas sur la facture ${invoice.number}.`,
      };
    }
    if (seen.has(lineId)) {
      return {
        ok: false,
        code: 'duplicate_line',
        message: `La ligne ${lineId} est sélectionnée deux fois.`,
      };
    }
    seen.add(lineId);
    const quantity = quantityMilli ?? left;
    if (
      quantityMilli !== undefined &&
      (!Number.isSafeInteger(quantityMilli) || quantityMilli <= 0)
    ) {
      return {
        ok: false,
        code: 'invalid_quantity',
        message: `Quantité à créditer invalide pour la ligne ${lineId}.`,
      };
    }
    if (quantity > left) {
      return {
        ok: false,
        code: 'exceeds_invoiced_quantity',
        message: `La ligne ${lineId} ne peut plus être créditée que de ${left / 1000} ${line.unitCode}.`,
      };
    }
    if (quantity > 0) {
      lines.push(creditedLine(line, quantity));
    }
  }
  if (lines.length === 0) {
    return {
      ok: false,
      code: 'nothing_left_to_credit',
      message: `La facture ${invoice.number} est déjà entièrement créditée.`,
    };
  }

  const typeCode = isSelfBilled(invoice.typeCode) ? '261' : '381';
  const latePenalties = invoice.notes.find((note) => note.subjectCode === 'PMD')?.text;
  const { number: _number, issueDate: _issueDate, deliveryAddress: _address, ...kept } = invoice;
  return {
    ok: true,
    draft: {
      ...kept,
      typeCode,
      precedingInvoice: { number: invoice.number, issueDate: invoice.issueDate },
      lines,
      totals: computeInvoiceTotals(lines),
      payment: {
        termsText: `Avoir sur la facture ${invoice.number} du ${invoice.issueDate} : montant à déduire du prochain règlement ou remboursé.`,
      },
      notes: [
        ...buildMandatoryNotes({
          buyerKind: invoice.buyerKind,
          typeCode,
          sellerVatRegime: invoice.sellerVatRegime,
          ...(latePenalties ? { latePenaltiesText: latePenalties } : {}),
          ...(options.billingMandate ? { billingMandate: options.billingMandate } : {}),
        }),
        ...(options.reason
          ? [{ subjectCode: 'AAI' as const, text: `Motif de l’avoir : ${options.reason}` }]
          : []),
      ],
    },
  };
}

/** Gives the draft its allocated number and issue date, then runs the pre-issue checks. */
export function finalizeCreditNote(
  draft: CreditNoteDraft,
  { number, issueDate }: { number: string; issueDate: IsoDate },
): { ok: true; creditNote: InvoiceSnapshot } | DomainError<InvoiceIssueCode> {
  const creditNote: InvoiceSnapshot = { ...draft, number, issueDate };
  const issues = checkInvoiceSnapshot(creditNote);
  const [first] = issues;
  if (first) {
    return { ok: false, code: first.code, message: issues.map((issue) => issue.message).join(' ') };
  }
  if (draft.precedingInvoice && issueDate < draft.precedingInvoice.issueDate) {
    return {
      ok: false,
      code: 'invalid_date',
      message: 'Un avoir ne peut pas précéder la facture qu’il corrige.',
    };
  }
  return { ok: true, creditNote };
}
