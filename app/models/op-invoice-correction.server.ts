import { randomUUID } from 'node:crypto';
import { eq, inArray } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { invoices, opDeliveries, opDeliveryCorrections, opInvoices } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildCreditNote, finalizeCreditNote } from '#app/domain/invoicing/build-credit-note.ts';
import { buildInvoiceSnapshot } from '#app/domain/invoicing/build-invoice-snapshot.ts';
import { groupOrdersIntoInvoiceDrafts } from '#app/domain/invoicing/group-orders.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  contestDeadline,
  mandataryCreditNoteMention,
  mandataryMention,
} from '#app/domain/op/billing-mandate.ts';
import {
  type CorrectionRequest,
  isRepriceRequest,
  repriceCorrectedLine,
} from '#app/domain/op/correction-reprice.ts';
import {
  checkResolution,
  type LineCorrection,
  planCorrection,
} from '#app/domain/op/invoice-review.ts';
import { formatDay } from '#app/i18n/format.ts';
import { formatUnitPrice } from '#app/i18n/invoice-format.ts';
import { loadIndicatorSeries } from './egalim-indicator.server.ts';
import { findSignedAgreement } from './framework-agreement.server.ts';
import { type AllocatedNumber, allocateInvoiceNumbers } from './invoice-numbering.server.ts';
import { storeIssuedDocuments } from './invoice-store.server.ts';
import { queueOpContestAnswer } from './notification-op-events.server.ts';
import {
  appendEvent,
  type InvoiceDeliveryLine,
  loadInvoiceDeliveries,
  lockReview,
  type OpInvoiceReview,
  type ReviewFailure,
} from './op-invoice-review.server.ts';
import { audit } from './op-member.server.ts';

/** Thrown inside the transaction so that it rolls back, numbers included. */
class CorrectionRefusal extends Error {}

export type CorrectionResult =
  | {
      ok: true;
      creditNote: { id: string; number: string };
      invoice: { id: string; number: string } | null;
    }
  | ReviewFailure;

/**
 * The OP corrects a contested invoice in one transaction (INV-06, INV-07): a credit note (381)
 * in the member's name cancelling the invoice in full, then — unless every line is dropped — a
 * rectifying invoice (380) with the corrected quantities and prices, referencing the invoice it
 * replaces (BT-25), with its own contest period. Both are numbered in the mandate's series from
 * the member's counter, dated today, carry the mandatary mention and pass the e-invoice checks;
 * the corrections are kept per delivery. A line asked `reprice` is priced again from its
 * framework agreement's formula at the delivery day with the OP's indicator series as they
 * stand now (a value corrected or published late); its trace is the new evaluation plus the
 * line saying so. Any refusal writes nothing, not even a number.
 */
export async function correctContestedOpInvoice(options: {
  opId: string;
  invoiceId: string;
  /** Per line: a typed price, or `reprice: true` for the agreement's formula. */
  corrections: readonly CorrectionRequest[];
  /** The OP's explanation, printed on both documents. */
  note: string;
  today: string;
  actorId: string | null;
}): Promise<CorrectionResult> {
  const note = options.note.trim();
  if (note.length < 3 || note.length > 300) {
    return { ok: false, message: 'Explication de la correction : 3 à 300 caractères.' };
  }
  try {
    return await getDb().transaction(async (tx) => {
      const review = await lockReview(tx, {
        scope: { opId: options.opId },
        invoiceId: options.invoiceId,
        today: options.today,
      });
      if (!review?.review) {
        return { ok: false as const, message: 'Facture introuvable.' };
      }
      const checked = checkResolution({
        number: review.number,
        issuedOn: review.issuedOn,
        contestDays: review.contestDays,
        mandateReference: review.mandateReference,
        events: review.events,
        today: options.today,
      });
      if (!checked.ok) {
        return checked;
      }
      const contest = checked.review.openContest!;
      const snapshot = await loadSnapshot(tx, review.invoiceId);
      const credited = await tx
        .select({ id: invoices.id })
        .from(invoices)
        .where(eq(invoices.precedingInvoiceId, review.invoiceId));
      if (credited.length > 0) {
        throw new CorrectionRefusal(
          `La facture ${review.number} porte déjà un avoir : elle ne peut plus être annulée en entier.`,
        );
      }
      const deliveries = await loadInvoiceDeliveries(tx, review.invoiceId);
      if (
        deliveries.length !== snapshot.lines.length ||
        deliveries.some((d, i) => snapshot.lines[i]?.lineId !== d.lineId)
      ) {
        throw new Error(`unreachable: lines of ${review.number} match its deliveries`);
      }
      const repriced = await repriceLines(tx, {
        opId: options.opId,
        opName: review.opName,
        snapshot,
        deliveries,
        requests: options.corrections,
        today: options.today,
        note,
      });
      const plan = planCorrection(
        snapshot.lines.map((line) => ({
          lineId: line.lineId,
          label: line.label,
          quantityMilli: line.quantityMilli,
          unitPriceCents: line.unitPriceCents,
          priceBaseQuantityMilli: line.priceBaseQuantityMilli,
        })),
        options.corrections.map(
          (request): LineCorrection =>
            isRepriceRequest(request)
              ? {
                  lineId: request.lineId,
                  quantityMilli: request.quantityMilli,
                  unitPriceCents: repriced.get(request.lineId)!.unitPriceCents,
                  priceBaseQuantityMilli: repriced.get(request.lineId)!.priceBaseQuantityMilli,
                }
              : request,
        ),
      );
      if (!plan.ok) {
        throw new CorrectionRefusal(plan.message);
      }
      const allocation = await allocateInvoiceNumbers(tx, {
        issuerId: review.producerId,
        series: review.invoiceSeries,
        issueDate: options.today,
        count: plan.cancelsOnly ? 1 : 2,
      });
      if (!allocation.ok) {
        throw new CorrectionRefusal(allocation.message);
      }
      const [creditNumber, invoiceNumber] = allocation.numbers;
      const contestText = `contestation de ${review.memberName} du ${formatDay(contest.on)} (${contest.reason}) — ${note}`;
      const creditNote = issueCreditNoteDocument(review, snapshot, {
        allocated: creditNumber!,
        reason: contestText,
        today: options.today,
        actorId: options.actorId,
      });
      const corrected = deliveries.map((delivery, index) => {
        const line = plan.lines[index]!;
        const original = snapshot.lines[index]!;
        const recomputed = repriced.get(line.lineId);
        return {
          delivery,
          label: line.label,
          quantityMilli: line.quantityMilli,
          unitPriceCents: line.unitPriceCents,
          priceBaseQuantityMilli: line.priceBaseQuantityMilli ?? original.priceBaseQuantityMilli,
          priceTrace: recomputed
            ? recomputed.trace
            : line.priceChanged
              ? [
                  ...delivery.priceTrace,
                  `Prix corrigé par ${review.opName} le ${formatDay(options.today)} après contestation : ${formatUnitPrice({ ...original, unitPriceCents: line.unitPriceCents })} au lieu de ${formatUnitPrice(original)} (${note}).`,
                ]
              : delivery.priceTrace,
        };
      });
      const rectifying = invoiceNumber
        ? issueRectifyingDocument(review, snapshot, {
            allocated: invoiceNumber,
            creditNoteNumber: creditNumber!.displayNumber,
            lines: corrected,
            note,
            today: options.today,
            actorId: options.actorId,
          })
        : null;
      const documents = [creditNote, ...(rectifying ? [rectifying.document] : [])];
      await storeIssuedDocuments(tx, documents);
      await tx.insert(opInvoices).values(
        documents.map((document) => ({
          invoiceId: document.id,
          opId: options.opId,
          mandateId: review.mandateId,
          memberId: review.memberId,
          buyerId: review.buyerId,
          issuedBy: options.actorId,
        })),
      );
      const eventId = await appendEvent(tx, review, {
        kind: 'corrected',
        on: options.today,
        reason: note,
        actorId: options.actorId,
        creditNoteId: creditNote.id,
        replacementInvoiceId: rectifying?.document.id ?? null,
      });
      await tx.insert(opDeliveryCorrections).values(
        corrected.map((line) => ({
          eventId,
          deliveryId: line.delivery.deliveryId,
          replacementInvoiceId: line.quantityMilli > 0 ? (rectifying?.document.id ?? null) : null,
          lineId:
            line.quantityMilli > 0
              ? (rectifying?.lineOf.get(line.delivery.deliveryId) ?? null)
              : null,
          quantityMilli: line.quantityMilli,
          unitPriceCents: line.unitPriceCents,
          priceTrace: line.priceTrace.map((text) => ({ text })),
        })),
      );
      await queueOpContestAnswer(tx, eventId);
      await audit(tx, options, 'op.invoice.corrected', review.invoiceId, {
        number: review.number,
        creditNote: creditNumber!.displayNumber,
        invoice: invoiceNumber?.displayNumber ?? null,
        ...(repriced.size > 0 ? { repricedLines: [...repriced.keys()] } : {}),
      });
      return {
        ok: true as const,
        creditNote: { id: creditNote.id, number: creditNumber!.displayNumber },
        invoice: rectifying
          ? { id: rectifying.document.id, number: invoiceNumber!.displayNumber }
          : null,
      };
    });
  } catch (error) {
    if (error instanceof CorrectionRefusal) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

type RepricedPrice = { unitPriceCents: number; priceBaseQuantityMilli: number; trace: string[] };

/**
 * The lines the OP asked to re-price, priced again from their agreement's formula at their
 * delivery day (`repriceCorrectedLine`); the first refusal throws, so nothing is written.
 */
async function repriceLines(
  tx: Transaction,
  options: {
    opId: string;
    opName: string;
    snapshot: InvoiceSnapshot;
    deliveries: readonly InvoiceDeliveryLine[];
    requests: readonly CorrectionRequest[];
    today: string;
    note: string;
  },
): Promise<Map<string, RepricedPrice>> {
  const repriced = new Map<string, RepricedPrice>();
  const wanted = options.requests.filter(isRepriceRequest);
  if (wanted.length === 0) {
    return repriced;
  }
  const deliveryIds = options.deliveries.map((d) => d.deliveryId);
  const agreementOf = new Map(
    (
      await tx
        .select({ id: opDeliveries.id, agreementId: opDeliveries.agreementId })
        .from(opDeliveries)
        .where(inArray(opDeliveries.id, deliveryIds))
    ).map((row) => [row.id, row.agreementId]),
  );
  for (const request of wanted) {
    const index = options.snapshot.lines.findIndex((line) => line.lineId === request.lineId);
    const line = options.snapshot.lines[index];
    const delivery = options.deliveries[index];
    if (!line || !delivery || repriced.has(request.lineId)) {
      throw new CorrectionRefusal(`Ligne ${request.lineId} inconnue ou donnée deux fois.`);
    }
    const agreement = await findSignedAgreement(
      { opId: options.opId, agreementId: agreementOf.get(delivery.deliveryId) ?? '' },
      tx,
    );
    if (!agreement) {
      throw new CorrectionRefusal(
        `Ligne ${request.lineId} : l’accord-cadre de la livraison n’est plus signé, son prix ne se recalcule pas ; saisissez le prix corrigé.`,
      );
    }
    const formula =
      agreement.terms.price?.mode === 'formula' ? agreement.terms.price.formula : null;
    const result = repriceCorrectedLine({
      lineId: request.lineId,
      agreementReference: agreement.row.reference,
      terms: agreement.terms,
      deliveredOn: delivery.deliveredOn,
      indicators: await loadIndicatorSeries({
        ownerId: options.opId,
        codes: (formula?.terms ?? []).map((term) => term.indicator),
      }),
      billed: line,
      opName: options.opName,
      today: options.today,
      reason: options.note,
    });
    if (!result.ok) {
      throw new CorrectionRefusal(result.message);
    }
    repriced.set(request.lineId, result);
  }
  return repriced;
}

async function loadSnapshot(tx: Transaction, invoiceId: string): Promise<InvoiceSnapshot> {
  const [row] = await tx
    .select({ snapshot: invoices.snapshot })
    .from(invoices)
    .where(eq(invoices.id, invoiceId));
  return row!.snapshot as InvoiceSnapshot;
}

type DocumentContext = { allocated: AllocatedNumber; today: string; actorId: string | null };

function mentionInput(review: OpInvoiceReview, snapshot: InvoiceSnapshot) {
  return {
    mandataryName: review.opName,
    mandatorName: snapshot.seller.name,
    reference: review.mandateReference,
    signedOn: review.mandateSignedOn,
  };
}

function documentOf(
  review: OpInvoiceReview,
  snapshot: InvoiceSnapshot,
  context: DocumentContext,
  precedingInvoiceId: string | null,
) {
  const xml = toCii(snapshot);
  if (!xml.ok) {
    throw new CorrectionRefusal(xml.message);
  }
  return {
    id: randomUUID(),
    issuerId: review.producerId,
    allocated: context.allocated,
    snapshot,
    ciiXml: xml.xml,
    roundId: null,
    customer: { householdId: null, customerOrganisationId: review.buyerId },
    precedingInvoiceId,
    issuedBy: context.actorId,
    orderIds: [],
    orderLineIds: snapshot.lines.map(() => null),
  };
}

function issueCreditNoteDocument(
  review: OpInvoiceReview,
  snapshot: InvoiceSnapshot,
  context: DocumentContext & { reason: string },
) {
  const drafted = buildCreditNote(snapshot, { selection: 'full', reason: context.reason });
  if (!drafted.ok) {
    throw new CorrectionRefusal(drafted.message);
  }
  const finalized = finalizeCreditNote(
    {
      ...drafted.draft,
      notes: [
        ...drafted.draft.notes,
        { subjectCode: 'AAI', text: mandataryCreditNoteMention(mentionInput(review, snapshot)) },
      ],
    },
    { number: context.allocated.displayNumber, issueDate: context.today },
  );
  if (!finalized.ok) {
    throw new CorrectionRefusal(finalized.message);
  }
  return documentOf(review, finalized.creditNote, context, review.invoiceId);
}

function issueRectifyingDocument(
  review: OpInvoiceReview,
  snapshot: InvoiceSnapshot,
  context: DocumentContext & {
    creditNoteNumber: string;
    note: string;
    lines: {
      delivery: InvoiceDeliveryLine;
      label: string;
      quantityMilli: number;
      unitPriceCents: number;
      priceBaseQuantityMilli: number;
      priceTrace: string[];
    }[];
  },
) {
  const originalLines = new Map(
    snapshot.lines.map((line, index) => [context.lines[index]!.delivery.deliveryId, line]),
  );
  const grouped = groupOrdersIntoInvoiceDrafts({
    orders: context.lines.map((line) => {
      const original = originalLines.get(line.delivery.deliveryId)!;
      return {
        orderId: line.delivery.deliveryId,
        sellerId: review.producerId,
        customerId: review.buyerId,
        deliveryDate: line.delivery.deliveredOn,
        lines: [
          {
            label: line.label,
            quantityMilli: line.quantityMilli,
            unitCode: original.unitCode,
            unitPriceCents: line.unitPriceCents,
            priceBaseQuantityMilli: line.priceBaseQuantityMilli,
            vatRateBp: line.delivery.vatRateBp,
            productKind: original.productKind,
            ...(original.contractReference
              ? { contractReference: original.contractReference }
              : {}),
            priceTrace: line.priceTrace,
          },
        ],
      };
    }),
    sellers: [{ sellerId: review.producerId, vatRegime: snapshot.sellerVatRegime }],
  });
  const [draft] = grouped.ok ? grouped.drafts : [];
  if (!grouped.ok || !draft || grouped.drafts.length !== 1) {
    throw new CorrectionRefusal(grouped.ok ? 'Rien à refacturer.' : grouped.message);
  }
  const mention = mandataryMention({
    ...mentionInput(review, snapshot),
    contestDays: review.contestDays,
  });
  const built = buildInvoiceSnapshot({
    draft,
    number: context.allocated.displayNumber,
    issueDate: context.today,
    typeCode: '380',
    seller: snapshot.seller,
    buyer: snapshot.buyer,
    buyerKind: snapshot.buyerKind,
    replaces: { number: snapshot.number, issueDate: snapshot.issueDate },
    extraNotes: [
      {
        subjectCode: 'AAI',
        text: `${mention} Date limite de contestation : ${formatDay(contestDeadline(context.today, review.contestDays))}.`,
      },
      {
        subjectCode: 'AAI',
        text: `Facture rectificative de la facture ${snapshot.number} du ${formatDay(snapshot.issueDate)}, annulée par l’avoir ${context.creditNoteNumber} : ${context.note}`,
      },
    ],
  });
  if (!built.ok) {
    throw new CorrectionRefusal(built.message);
  }
  const document = documentOf(review, built.invoice, context, null);
  // Lines follow the draft's order of deliveries; dropped deliveries have no line.
  const lineOf = new Map(
    draft.orderIds.map((deliveryId, index) => [deliveryId, built.invoice.lines[index]!.lineId]),
  );
  return { document, lineOf };
}
