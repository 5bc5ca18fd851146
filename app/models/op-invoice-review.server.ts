import { aliasedTable, and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import {
  billingMandates,
  invoices,
  opDeliveries,
  opDeliveryCorrections,
  opInvoiceEvents,
  opInvoices,
  organisations,
} from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { isCreditNote } from '#app/domain/invoicing/invoice-types.ts';
import { priceTraceLines } from '#app/domain/invoicing/order-line-input.ts';
import {
  checkAcceptance,
  checkContest,
  checkResolution,
  type Review,
  type ReviewEvent,
  type ReviewEventKind,
  type ReviewInput,
  reviewInvoice,
} from '#app/domain/op/invoice-review.ts';
import { queueOpContestAnswer, queueOpInvoiceContested } from './notification-op-events.server.ts';
import { audit, isUuid } from './op-member.server.ts';

type Executor = Database | Transaction;
const opOrg = aliasedTable(organisations, 'review_op');
const memberOrg = aliasedTable(organisations, 'review_member');

export type ReviewScope = { opId: string } | { producerId: string };
export type ReviewFailure = { ok: false; message: string };

export type OpInvoiceReview = {
  invoiceId: string;
  number: string;
  typeCode: string;
  issuedOn: string;
  deliveredOn: string | null;
  opId: string;
  opName: string;
  producerId: string;
  memberId: string;
  memberName: string;
  buyerId: string;
  buyerName: string;
  netCents: number;
  grossCents: number;
  mandateId: string;
  mandateReference: string;
  mandateSignedOn: string;
  invoiceSeries: string;
  contestDays: number;
  /** Null for a credit note: it answers a contest, there is nothing to accept. */
  review: Review | null;
  events: (ReviewEvent & { sequence: number; at: Date })[];
  /** The credit note and rectifying invoice of a correction, the invoice a document replaces. */
  creditNote: { id: string; number: string } | null;
  replacement: { id: string; number: string } | null;
  replaces: { id: string; number: string } | null;
};

function scopeCondition(scope: ReviewScope): SQL {
  return 'opId' in scope
    ? eq(opInvoices.opId, scope.opId)
    : eq(invoices.issuerId, scope.producerId);
}

async function loadReviews(
  executor: Executor,
  options: { scope: ReviewScope; invoiceId?: string; today: string },
): Promise<OpInvoiceReview[]> {
  const rows = await executor
    .select({
      invoiceId: invoices.id,
      number: invoices.displayNumber,
      typeCode: invoices.typeCode,
      issuedOn: invoices.issuedOn,
      deliveredOn: invoices.deliveredOn,
      precedingInvoiceId: invoices.precedingInvoiceId,
      opId: opInvoices.opId,
      opName: opOrg.name,
      producerId: invoices.issuerId,
      memberId: opInvoices.memberId,
      memberName: memberOrg.name,
      buyerId: opInvoices.buyerId,
      buyerName: invoices.buyerName,
      netCents: invoices.netTotalCents,
      grossCents: invoices.grossTotalCents,
      mandateId: opInvoices.mandateId,
      mandateReference: billingMandates.reference,
      mandateSignedOn: billingMandates.signedOn,
      invoiceSeries: billingMandates.invoiceSeries,
      contestDays: billingMandates.contestDays,
    })
    .from(opInvoices)
    .innerJoin(invoices, eq(invoices.id, opInvoices.invoiceId))
    .innerJoin(billingMandates, eq(billingMandates.id, opInvoices.mandateId))
    .innerJoin(opOrg, eq(opOrg.id, opInvoices.opId))
    .innerJoin(memberOrg, eq(memberOrg.id, invoices.issuerId))
    .where(
      and(
        scopeCondition(options.scope),
        options.invoiceId ? eq(opInvoices.invoiceId, options.invoiceId) : undefined,
      ),
    )
    .orderBy(desc(invoices.issuedOn), desc(invoices.displayNumber));
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((row) => row.invoiceId);
  const events = await executor
    .select()
    .from(opInvoiceEvents)
    .where(inArray(opInvoiceEvents.invoiceId, ids))
    .orderBy(asc(opInvoiceEvents.invoiceId), asc(opInvoiceEvents.sequence));
  const documentIds = [
    ...new Set(
      events.flatMap((e) => [e.creditNoteId, e.replacementInvoiceId]).filter((id) => id !== null),
    ),
  ];
  // A rectifying invoice names the invoice it replaces through the correction that issued it.
  const replacing = await executor
    .select({
      replacementId: opInvoiceEvents.replacementInvoiceId,
      creditNoteId: opInvoiceEvents.creditNoteId,
      invoiceId: opInvoiceEvents.invoiceId,
      number: invoices.displayNumber,
    })
    .from(opInvoiceEvents)
    .innerJoin(invoices, eq(invoices.id, opInvoiceEvents.invoiceId))
    .where(
      and(
        eq(opInvoiceEvents.kind, 'corrected'),
        sql`(${inArray(opInvoiceEvents.replacementInvoiceId, ids)} or ${inArray(opInvoiceEvents.creditNoteId, ids)})`,
      ),
    );
  const numbers = new Map(
    documentIds.length === 0
      ? []
      : (
          await executor
            .select({ id: invoices.id, number: invoices.displayNumber })
            .from(invoices)
            .where(inArray(invoices.id, documentIds))
        ).map((d) => [d.id, d.number]),
  );
  const doc = (id: string | null) => (id ? { id, number: numbers.get(id) ?? '' } : null);
  return rows.map((row) => {
    const own = events.filter((e) => e.invoiceId === row.invoiceId);
    const corrected = own.find((e) => e.kind === 'corrected');
    const origin = replacing.find(
      (r) => r.replacementId === row.invoiceId || r.creditNoteId === row.invoiceId,
    );
    const history = own.map((e) => ({
      kind: e.kind,
      on: e.occurredOn,
      reason: e.reason,
      sequence: e.sequence,
      at: e.createdAt,
    }));
    return {
      ...row,
      mandateSignedOn: row.mandateSignedOn ?? '',
      review: isCreditNote(row.typeCode as InvoiceSnapshot['typeCode'])
        ? null
        : reviewInvoice({
            ...reviewInputOf(row, history, options.today),
            hasReplacement: corrected ? corrected.replacementInvoiceId !== null : undefined,
          }),
      events: history,
      creditNote: doc(corrected?.creditNoteId ?? null),
      replacement: doc(corrected?.replacementInvoiceId ?? null),
      replaces: origin ? { id: origin.invoiceId, number: origin.number } : null,
    };
  });
}

function reviewInputOf(
  row: { number: string; issuedOn: string; contestDays: number; mandateReference: string },
  events: readonly ReviewEvent[],
  today: string,
): ReviewInput {
  return {
    number: row.number,
    issuedOn: row.issuedOn,
    contestDays: row.contestDays,
    mandateReference: row.mandateReference,
    events,
    today,
  };
}

/** Invoices and credit notes an OP issued in its members' names (or in one member's), newest first. */
export async function listOpInvoiceReviews(options: {
  scope: ReviewScope;
  today: string;
}): Promise<OpInvoiceReview[]> {
  return loadReviews(getDb(), options);
}

/** One of them, if it is in the scope (the OP that issued it, the member it was issued for). */
export async function getOpInvoiceReview(options: {
  scope: ReviewScope;
  invoiceId: string | undefined;
  today: string;
}): Promise<OpInvoiceReview | null> {
  if (!isUuid(options.invoiceId)) {
    return null;
  }
  const [found] = await loadReviews(getDb(), { ...options, invoiceId: options.invoiceId });
  return found ?? null;
}

/**
 * Locks the invoice's op_invoices row (one answer at a time per invoice) and loads it with its
 * history; null when it is not in the scope.
 */
export async function lockReview(
  tx: Transaction,
  options: { scope: ReviewScope; invoiceId: string; today: string },
): Promise<OpInvoiceReview | null> {
  if (!isUuid(options.invoiceId)) {
    return null;
  }
  await tx.execute(
    sql`select 1 from op_invoices where invoice_id = ${options.invoiceId} for update`,
  );
  const [found] = await loadReviews(tx, options);
  return found ?? null;
}

export async function appendEvent(
  tx: Transaction,
  review: OpInvoiceReview,
  event: {
    kind: ReviewEventKind;
    on: string;
    reason: string | null;
    actorId: string | null;
    creditNoteId?: string;
    replacementInvoiceId?: string | null;
  },
): Promise<string> {
  const [inserted] = await tx
    .insert(opInvoiceEvents)
    .values({
      invoiceId: review.invoiceId,
      sequence: (review.events.at(-1)?.sequence ?? 0) + 1,
      kind: event.kind,
      occurredOn: event.on,
      reason: event.reason,
      creditNoteId: event.creditNoteId ?? null,
      replacementInvoiceId: event.replacementInvoiceId ?? null,
      actorUserId: event.actorId,
    })
    .returning({ id: opInvoiceEvents.id });
  return inserted!.id;
}

type Answer = {
  producerId: string;
  invoiceId: string;
  today: string;
  actorId: string | null;
};

const notFound: ReviewFailure = { ok: false, message: 'Facture introuvable.' };

/**
 * One answer to an invoice, in one transaction under the invoice's lock: the rule of the
 * domain decides (accept, contest, reject), then the event and the audit row are written.
 */
async function recordAnswer(spec: {
  scope: ReviewScope;
  /** The organisation answering (the member, or the OP), for the audit log. */
  actingId: string;
  invoiceId: string;
  today: string;
  actorId: string | null;
  kind: Exclude<ReviewEventKind, 'corrected'>;
  reason: string | null;
  check: (input: ReviewInput) => { ok: true } | ReviewFailure;
}): Promise<{ ok: true } | ReviewFailure> {
  return getDb().transaction(async (tx) => {
    const review = await lockReview(tx, spec);
    if (!review?.review) {
      return notFound;
    }
    const checked = spec.check(reviewInputOf(review, review.events, spec.today));
    if (!checked.ok) {
      return checked;
    }
    const eventId = await appendEvent(tx, review, {
      kind: spec.kind,
      on: spec.today,
      reason: spec.reason,
      actorId: spec.actorId,
    });
    if (spec.kind === 'contested') {
      await queueOpInvoiceContested(tx, eventId);
    } else if (spec.kind === 'contest_rejected') {
      await queueOpContestAnswer(tx, eventId);
    }
    await audit(
      tx,
      { opId: spec.actingId, actorId: spec.actorId },
      `op.invoice.${spec.kind}`,
      review.invoiceId,
      { number: review.number, ...(spec.reason ? { reason: spec.reason } : {}) },
    );
    return { ok: true as const };
  });
}

/** The member accepts an invoice its OP issued in its name (INV-07). */
export async function acceptOpInvoice(options: Answer): Promise<{ ok: true } | ReviewFailure> {
  return recordAnswer({
    ...options,
    scope: { producerId: options.producerId },
    actingId: options.producerId,
    kind: 'accepted',
    reason: null,
    check: checkAcceptance,
  });
}

/** The member contests it with a written reason, within the mandate's period (INV-07). */
export async function contestOpInvoice(
  options: Answer & { reason: string },
): Promise<{ ok: true } | ReviewFailure> {
  return recordAnswer({
    ...options,
    scope: { producerId: options.producerId },
    actingId: options.producerId,
    kind: 'contested',
    reason: options.reason.trim(),
    check: (input) => checkContest({ ...input, reason: options.reason }),
  });
}

/** The OP keeps its invoice and says why; the member may answer again within the period. */
export async function rejectOpInvoiceContest(options: {
  opId: string;
  invoiceId: string;
  reason: string;
  today: string;
  actorId: string | null;
}): Promise<{ ok: true } | ReviewFailure> {
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 1000) {
    return { ok: false, message: 'Motif du refus : 3 à 1 000 caractères.' };
  }
  return recordAnswer({
    ...options,
    scope: { opId: options.opId },
    actingId: options.opId,
    kind: 'contest_rejected',
    reason,
    check: checkResolution,
  });
}

export type InvoiceDeliveryLine = {
  lineId: string;
  deliveryId: string;
  deliveredOn: string;
  vatRateBp: number;
  quantityMilli: number;
  unitPriceCents: number;
  priceTrace: string[];
};

/**
 * The deliveries each line of an OP invoice carries: a rectifying invoice names them in its
 * corrections; an original invoice bills its deliveries one line each, in the order the
 * invoicing core sorts them (day, then id).
 */
export async function loadInvoiceDeliveries(
  executor: Executor,
  invoiceId: string,
): Promise<InvoiceDeliveryLine[]> {
  const corrected = await executor
    .select({ correction: opDeliveryCorrections, delivery: opDeliveries })
    .from(opDeliveryCorrections)
    .innerJoin(opDeliveries, eq(opDeliveries.id, opDeliveryCorrections.deliveryId))
    .where(eq(opDeliveryCorrections.replacementInvoiceId, invoiceId));
  if (corrected.length > 0) {
    return corrected
      .filter(({ correction }) => correction.lineId !== null)
      .map(({ correction, delivery }) => ({
        lineId: correction.lineId!,
        deliveryId: delivery.id,
        deliveredOn: delivery.deliveredOn,
        vatRateBp: delivery.vatRateBp,
        quantityMilli: correction.quantityMilli,
        unitPriceCents: correction.unitPriceCents,
        priceTrace: priceTraceLines(correction.priceTrace) ?? [],
      }))
      .sort((a, b) => Number(a.lineId) - Number(b.lineId));
  }
  const deliveries = await executor
    .select()
    .from(opDeliveries)
    .where(eq(opDeliveries.invoiceId, invoiceId))
    .orderBy(asc(opDeliveries.deliveredOn), asc(opDeliveries.id));
  return deliveries.map((delivery, index) => ({
    lineId: String(index + 1),
    deliveryId: delivery.id,
    deliveredOn: delivery.deliveredOn,
    vatRateBp: delivery.vatRateBp,
    quantityMilli: delivery.quantityMilli,
    unitPriceCents: delivery.unitPriceCents,
    priceTrace: priceTraceLines(delivery.priceTrace) ?? [],
  }));
}

/** The snapshot of an invoice already found in the caller's scope (its lines, its notes). */
export async function getReviewSnapshot(review: OpInvoiceReview): Promise<InvoiceSnapshot> {
  const [row] = await getDb()
    .select({ snapshot: invoices.snapshot })
    .from(invoices)
    .where(eq(invoices.id, review.invoiceId));
  return row!.snapshot as InvoiceSnapshot;
}

/** The OP that issued this invoice in its member's name, if any (its own pages answer then). */
export async function findIssuingOp(invoiceId: string): Promise<{ opName: string } | null> {
  if (!isUuid(invoiceId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ opName: organisations.name })
    .from(opInvoices)
    .innerJoin(organisations, eq(organisations.id, opInvoices.opId))
    .where(eq(opInvoices.invoiceId, invoiceId));
  return row ?? null;
}
