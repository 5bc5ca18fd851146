import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, invoices, milkInvoiceContests, organisations } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildCreditNote, finalizeCreditNote } from '#app/domain/invoicing/build-credit-note.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { monthLabel } from '#app/domain/milk/month.ts';
import {
  contestTooLateMessage,
  contestWindowOn,
  selfBillingMandateText,
} from '#app/domain/op/billing-mandate.ts';
import { formatDay } from '#app/i18n/format.ts';
import { allocateInvoiceNumbers } from './invoice-numbering.server.ts';
import { storeIssuedDocuments } from './invoice-store.server.ts';
import { findMilkGridForMonth } from './milk-grid.server.ts';
import {
  lockDairyMonths,
  MilkInvoiceRefusal,
  writeSelfBilledMilkInvoice,
} from './milk-invoice.server.ts';
import {
  computeProducerMonth,
  findMonthMandate,
  latestRevisions,
  loadStatements,
} from './milk-pay.server.ts';
import { getMilkSupplier } from './milk-supplier.server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ContestResult = { ok: true } | { ok: false; message: string };

export type MilkContest = {
  id: string;
  statementId: string;
  dairyId: string;
  producerId: string;
  producerName: string;
  contestedOn: string;
  reason: string;
  status: 'open' | 'corrected' | 'rejected';
  rejectionReason: string | null;
  invoiceNumber: string;
  month: string;
};

/** Contests of a dairy's invoices, or of a producer's, newest first. */
export async function listMilkContests(options: {
  dairyId?: string;
  producerId?: string;
}): Promise<MilkContest[]> {
  const statements = await loadStatements(options);
  const rows = await getDb()
    .select({
      id: milkInvoiceContests.id,
      statementId: milkInvoiceContests.statementId,
      dairyId: milkInvoiceContests.dairyId,
      producerId: milkInvoiceContests.producerId,
      producerName: organisations.name,
      contestedOn: milkInvoiceContests.contestedOn,
      reason: milkInvoiceContests.reason,
      status: milkInvoiceContests.status,
      rejectionReason: milkInvoiceContests.rejectionReason,
    })
    .from(milkInvoiceContests)
    .innerJoin(organisations, eq(organisations.id, milkInvoiceContests.producerId))
    .where(
      and(
        options.dairyId ? eq(milkInvoiceContests.dairyId, options.dairyId) : undefined,
        options.producerId ? eq(milkInvoiceContests.producerId, options.producerId) : undefined,
      ),
    )
    .orderBy(desc(milkInvoiceContests.createdAt));
  return rows.map((row) => {
    const statement = statements.find((s) => s.id === row.statementId);
    return {
      ...row,
      invoiceNumber: statement?.invoiceNumber ?? '',
      month: statement?.month ?? '',
    };
  });
}

/**
 * The producer contests a self-billed invoice of the current revision within the mandate's
 * period (INV-07: issued in his name subject to his acceptance). The month reopens: the dairy
 * may correct its collections and analyses, then issue a credit note and a new invoice.
 */
export async function contestMilkInvoice(options: {
  producerId: string;
  statementId: string;
  reason: string;
  today: string;
  actorId: string | null;
}): Promise<ContestResult> {
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 1000) {
    return { ok: false, message: 'Motif de la contestation : 3 à 1 000 caractères.' };
  }
  if (!UUID.test(options.statementId)) {
    return { ok: false, message: 'Facture introuvable.' };
  }
  return getDb().transaction(async (tx) => {
    const [statement] = await loadStatements(
      { producerId: options.producerId, statementId: options.statementId },
      tx,
    );
    if (!statement) {
      return { ok: false as const, message: 'Facture introuvable.' };
    }
    await lockDairyMonths(tx, statement.dairyId);
    const [current] = latestRevisions(
      await loadStatements(
        { producerId: options.producerId, dairyId: statement.dairyId, month: statement.month },
        tx,
      ),
    );
    if (current?.id !== statement.id) {
      return {
        ok: false as const,
        message: `La facture ${statement.invoiceNumber} a déjà été remplacée : contestez la facture en vigueur.`,
      };
    }
    if (current.openContest) {
      return {
        ok: false as const,
        message: `La facture ${statement.invoiceNumber} est déjà contestée depuis le ${formatDay(current.openContest.contestedOn)}.`,
      };
    }
    const { contestDays, reference } = statement.frozen.mandate;
    const window = contestWindowOn(statement.issuedOn, contestDays, options.today);
    if (!window.isOpen) {
      return {
        ok: false as const,
        message: contestTooLateMessage({
          invoiceNumber: statement.invoiceNumber,
          contestDays,
          deadline: window.deadline,
          mandateReference: reference,
        }),
      };
    }
    const id = randomUUID();
    await tx.insert(milkInvoiceContests).values({
      id,
      statementId: statement.id,
      dairyId: statement.dairyId,
      producerId: options.producerId,
      contestedOn: options.today,
      reason,
      contestedBy: options.actorId,
    });
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.producerId,
      action: 'milk_invoice.contested',
      entity: 'invoice',
      entityId: statement.invoiceId,
      data: { reason, month: statement.month },
    });
    return { ok: true as const };
  });
}

/** The dairy's open contest, locked with the dairy's months; a French refusal otherwise. */
async function lockOpenContest(tx: Transaction, options: { dairyId: string; contestId: string }) {
  if (!UUID.test(options.contestId)) {
    return { ok: false as const, message: 'Contestation introuvable.' };
  }
  await lockDairyMonths(tx, options.dairyId);
  const [contest] = await tx
    .select()
    .from(milkInvoiceContests)
    .where(
      and(
        eq(milkInvoiceContests.id, options.contestId),
        eq(milkInvoiceContests.dairyId, options.dairyId),
      ),
    )
    .for('update');
  if (!contest) {
    return { ok: false as const, message: 'Contestation introuvable.' };
  }
  return contest.status === 'open'
    ? { ok: true as const, contest }
    : { ok: false as const, message: 'Cette contestation est déjà traitée.' };
}

/** The dairy keeps its invoice and says why (the month closes again). */
export async function rejectMilkContest(options: {
  dairyId: string;
  contestId: string;
  reason: string;
  actorId: string | null;
}): Promise<ContestResult> {
  const reason = options.reason.trim();
  if (reason.length < 3 || reason.length > 1000) {
    return { ok: false, message: 'Motif du refus : 3 à 1 000 caractères.' };
  }
  return getDb().transaction(async (tx) => {
    const locked = await lockOpenContest(tx, options);
    if (!locked.ok) {
      return locked;
    }
    const { contest } = locked;
    await tx
      .update(milkInvoiceContests)
      .set({
        status: 'rejected',
        rejectionReason: reason,
        resolvedAt: new Date(),
        resolvedBy: options.actorId,
      })
      .where(eq(milkInvoiceContests.id, contest.id));
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.dairyId,
      action: 'milk_contest.rejected',
      entity: 'milk_contest',
      entityId: contest.id,
      data: { reason },
    });
    return { ok: true as const };
  });
}

export type CorrectionResult =
  | { ok: true; creditNoteNumber: string; invoiceNumber: string }
  | { ok: false; message: string };

/**
 * Corrects a contested month in one transaction: a self-billed credit note (261) cancelling the
 * contested invoice in full, then a rectifying invoice (389) computed from the corrected
 * collections and analyses, both in the mandate's series and dated today (INV-06, INV-07), and
 * the next revision of the statement. Refused when nothing changed: reject the contest instead.
 */
export async function correctContestedMilkInvoice(options: {
  dairyId: string;
  contestId: string;
  today: string;
  actorId: string | null;
}): Promise<CorrectionResult> {
  try {
    return await getDb().transaction(async (tx) => {
      const locked = await lockOpenContest(tx, options);
      if (!locked.ok) {
        return locked;
      }
      const { contest } = locked;
      const [statement] = await loadStatements({ statementId: contest.statementId }, tx);
      const supplier = statement
        ? await getMilkSupplier({ dairyId: options.dairyId, producerId: statement.producerId }, tx)
        : null;
      if (!statement || !supplier) {
        throw new Error('unreachable: a contest has its statement and supplier');
      }
      const month = statement.month;
      const grid = await findMilkGridForMonth({ dairyId: options.dairyId, month }, tx);
      const mandate = await findMonthMandate(
        { producerId: statement.producerId, dairyId: options.dairyId, month },
        tx,
      );
      if (!grid || !mandate) {
        throw new MilkInvoiceRefusal(
          `Impossible de refacturer ${monthLabel(month)} : ${grid ? 'plus de mandat de facturation couvrant le mois' : 'plus de grille de prix'}.`,
        );
      }
      const pay = await computeProducerMonth(tx, {
        dairyId: options.dairyId,
        producerId: statement.producerId,
        month,
        grid,
      });
      if (!pay.ok) {
        throw new MilkInvoiceRefusal(pay.message);
      }
      const before = statement.frozen.pay.pay;
      if (
        pay.pay.pricePer1000L === before.pricePer1000L &&
        pay.litres === statement.frozen.pay.litres &&
        pay.pay.cents.total === before.cents.total
      ) {
        throw new MilkInvoiceRefusal(
          'La paie recalculée est identique à la facture contestée : corrigez d’abord les collectes ou analyses, ou refusez la contestation en expliquant pourquoi.',
        );
      }
      const [original] = await tx
        .select({ snapshot: invoices.snapshot })
        .from(invoices)
        .where(eq(invoices.id, statement.invoiceId));
      const originalSnapshot = original?.snapshot as InvoiceSnapshot;
      const mandateText = selfBillingMandateText({
        reference: mandate.reference,
        signedOn: mandate.signedOn,
        mandatorName: originalSnapshot.seller.name,
        contestDays: mandate.contestDays,
      });
      const drafted = buildCreditNote(originalSnapshot, {
        selection: 'full',
        reason: `contestation du producteur du ${formatDay(contest.contestedOn)} (${contest.reason})`,
        billingMandate: mandateText,
      });
      if (!drafted.ok) {
        throw new MilkInvoiceRefusal(drafted.message);
      }
      const allocation = await allocateInvoiceNumbers(tx, {
        issuerId: statement.producerId,
        series: mandate.invoiceSeries,
        issueDate: options.today,
        count: 2,
      });
      if (!allocation.ok) {
        throw new MilkInvoiceRefusal(allocation.message);
      }
      const [creditNumber, invoiceNumber] = allocation.numbers;
      const finalized = finalizeCreditNote(drafted.draft, {
        number: creditNumber!.displayNumber,
        issueDate: options.today,
      });
      if (!finalized.ok) {
        throw new MilkInvoiceRefusal(finalized.message);
      }
      const xml = toCii(finalized.creditNote);
      if (!xml.ok) {
        throw new MilkInvoiceRefusal(xml.message);
      }
      const creditNoteId = randomUUID();
      await storeIssuedDocuments(tx, [
        {
          id: creditNoteId,
          issuerId: statement.producerId,
          allocated: creditNumber!,
          snapshot: finalized.creditNote,
          ciiXml: xml.xml,
          roundId: null,
          customer: { householdId: null, customerOrganisationId: options.dairyId },
          precedingInvoiceId: statement.invoiceId,
          issuedBy: options.actorId,
          orderIds: [],
          orderLineIds: [],
        },
      ]);
      const written = await writeSelfBilledMilkInvoice(tx, {
        dairyId: options.dairyId,
        producerId: statement.producerId,
        supplierCode: supplier.supplierCode,
        month,
        pay,
        grid,
        mandate,
        allocated: invoiceNumber!,
        issueDate: options.today,
        revision: statement.revision + 1,
        replaces: {
          number: statement.invoiceNumber,
          issueDate: statement.issuedOn,
          creditNoteNumber: creditNumber!.displayNumber,
        },
        actorId: options.actorId,
      });
      await tx
        .update(milkInvoiceContests)
        .set({
          status: 'corrected',
          creditNoteId,
          replacementStatementId: written.statementId,
          resolvedAt: new Date(),
          resolvedBy: options.actorId,
        })
        .where(eq(milkInvoiceContests.id, contest.id));
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: options.dairyId,
        action: 'milk_contest.corrected',
        entity: 'milk_contest',
        entityId: contest.id,
        data: { creditNote: creditNumber!.displayNumber, invoice: written.number },
      });
      return {
        ok: true as const,
        creditNoteNumber: creditNumber!.displayNumber,
        invoiceNumber: written.number,
      };
    });
  } catch (error) {
    if (error instanceof MilkInvoiceRefusal) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}
