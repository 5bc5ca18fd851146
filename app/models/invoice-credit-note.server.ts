import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, invoices } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import {
  buildCreditNote,
  type CreditNoteSelection,
  finalizeCreditNote,
} from '#app/domain/invoicing/build-credit-note.ts';
import type { InvoiceSnapshot, IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import {
  allocateInvoiceNumbers,
  INVOICE_SERIES,
  todayInParis,
} from './invoice-numbering.server.ts';
import { type InvoiceSummary, summaryColumns } from './invoice-queries.server.ts';
import { storeIssuedDocuments } from './invoice-store.server.ts';
import { queueDocumentNotices } from './notification-events.server.ts';

export type IssueCreditNoteOptions = {
  invoiceId: string;
  /** The seller that issued the invoice (authorization scope). */
  producerId: string;
  /** 'full', or lines `{ lineId, quantityMilli? }` (default: what is left of the line). */
  selection: CreditNoteSelection;
  /** Printed reason ("produit abîmé", "erreur de pesée"). */
  reason: string;
  actorId: string | null;
  /** Defaults to today (Europe/Paris); never before the invoice. */
  issueDate?: IsoDate;
};

export type IssueCreditNoteResult =
  | { ok: true; creditNote: InvoiceSummary }
  | { ok: false; code: string; message: string };

class CreditNoteRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Issues a credit note (avoir) against an issued invoice, in its own series A (CGI 289 I-5,
 * RULES-FR INV-06): type 381 (261 for a self-billed invoice), referencing the invoice, for all
 * of it or selected quantities; what earlier credit notes already credited cannot be credited
 * again (the invoice row is locked meanwhile). Writes nothing when refused.
 */
export async function issueCreditNote(
  options: IssueCreditNoteOptions,
): Promise<IssueCreditNoteResult> {
  const issueDate = options.issueDate ?? todayInParis();
  try {
    return await getDb().transaction(async (tx) => {
      const [original] = await tx
        .select({
          id: invoices.id,
          roundId: invoices.roundId,
          householdId: invoices.householdId,
          customerOrganisationId: invoices.customerOrganisationId,
          snapshot: invoices.snapshot,
        })
        .from(invoices)
        .where(and(eq(invoices.id, options.invoiceId), eq(invoices.issuerId, options.producerId)))
        .for('update');
      if (!original) {
        throw new CreditNoteRefusal('invoice_not_found', 'Facture introuvable.');
      }
      const previous = await tx
        .select({ snapshot: invoices.snapshot })
        .from(invoices)
        .where(eq(invoices.precedingInvoiceId, original.id));
      const snapshot = original.snapshot as InvoiceSnapshot;
      if (snapshot.typeCode === '389') {
        // CGI 289 I-2 (INV-07): the buyer issues self-billed documents under the mandate; the
        // producer contests (milk: « Lait » tab), the buyer then issues the 261 credit note.
        throw new CreditNoteRefusal(
          'self_billed',
          'Facture d’autofacturation émise par l’acheteur en votre nom : c’est lui qui établit l’avoir. Contestez-la auprès de lui (onglet « Lait » pour le lait).',
        );
      }
      const drafted = buildCreditNote(snapshot, {
        selection: options.selection,
        ...(options.reason.trim() ? { reason: options.reason.trim() } : {}),
        previousCreditNotes: previous.map((row) => row.snapshot as InvoiceSnapshot),
      });
      if (!drafted.ok) {
        throw new CreditNoteRefusal(drafted.code, drafted.message);
      }
      if (issueDate < snapshot.issueDate) {
        throw new CreditNoteRefusal(
          'invalid_date',
          'Un avoir ne peut pas précéder la facture qu’il corrige.',
        );
      }
      const allocation = await allocateInvoiceNumbers(tx, {
        issuerId: options.producerId,
        series: INVOICE_SERIES.creditNote,
        issueDate,
        count: 1,
      });
      if (!allocation.ok) {
        throw new CreditNoteRefusal(allocation.code, allocation.message);
      }
      const [allocated] = allocation.numbers;
      if (!allocated) {
        throw new Error('unreachable: one number allocated');
      }
      const finalized = finalizeCreditNote(drafted.draft, {
        number: allocated.displayNumber,
        issueDate,
      });
      if (!finalized.ok) {
        throw new CreditNoteRefusal(finalized.code, finalized.message);
      }
      const xml = toCii(finalized.creditNote);
      if (!xml.ok) {
        throw new CreditNoteRefusal(xml.code, xml.message);
      }
      const id = randomUUID();
      await storeIssuedDocuments(tx, [
        {
          id,
          issuerId: options.producerId,
          allocated,
          snapshot: finalized.creditNote,
          ciiXml: xml.xml,
          roundId: original.roundId,
          customer: {
            householdId: original.householdId,
            customerOrganisationId: original.customerOrganisationId,
          },
          precedingInvoiceId: original.id,
          issuedBy: options.actorId,
          orderIds: [],
          orderLineIds: [],
        },
      ]);
      // « Un avoir a été émis » when the invoice was made out to a household (ADR 016).
      await queueDocumentNotices(tx, [id]);
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: options.producerId,
        action: 'credit_note.issued',
        entity: 'invoice',
        entityId: original.id,
        data: { number: allocated.displayNumber, reason: options.reason },
      });
      const [creditNote] = await tx
        .select(summaryColumns)
        .from(invoices)
        .where(eq(invoices.id, id));
      if (!creditNote) {
        throw new Error('unreachable: credit note just written');
      }
      return { ok: true as const, creditNote };
    });
  } catch (error) {
    if (error instanceof CreditNoteRefusal) {
      return { ok: false, code: error.code, message: error.message };
    }
    throw error;
  }
}
