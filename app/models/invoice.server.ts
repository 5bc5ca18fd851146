import { randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, deliveryRounds } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildInvoiceSnapshot } from '#app/domain/invoicing/build-invoice-snapshot.ts';
import { groupOrdersIntoInvoiceDrafts } from '#app/domain/invoicing/group-orders.ts';
import type { IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import { sumCents } from '#app/domain/money/money.ts';
import {
  allocateInvoiceNumbers,
  INVOICE_SERIES,
  type Transaction,
  todayInParis,
} from './invoice-numbering.server.ts';

export { todayInParis };

import { type InvoiceSummary, listRoundDocuments } from './invoice-queries.server.ts';
import { loadRoundInvoiceData } from './invoice-round-data.server.ts';
import { type IssuedDocument, storeIssuedDocuments } from './invoice-store.server.ts';
import { queueDocumentNotices } from './notification-events.server.ts';

export { issueCreditNote } from './invoice-credit-note.server.ts';
export {
  getInvoice,
  type InvoiceDetail,
  type InvoiceDocument,
  type InvoiceSummary,
  listInvoiceDocuments,
  listInvoices,
} from './invoice-queries.server.ts';

export type IssueProgress = { done: number; total: number };

export type IssueRoundInvoicesOptions = {
  roundId: string;
  /** The round's producer (authorization scope: another producer's round is "introuvable"). */
  producerId: string;
  /** Invoice date 'YYYY-MM-DD' (Europe/Paris); defaults to today. */
  issueDate?: IsoDate;
  /** The user issuing (audit); null for the CLI. */
  actorId: string | null;
  /** Called as invoices are built, for a progress bar. */
  onProgress?: (progress: IssueProgress) => void;
};

export type IssueRefusalCode =
  | 'round_not_found'
  | 'round_not_delivered'
  | 'round_cancelled'
  | 'nothing_to_invoice'
  | 'invalid_round_data'
  | 'invoice_invalid'
  | 'not_chronological';

export type IssueRoundInvoicesResult =
  | {
      ok: true;
      /** 'already_issued': the round was invoiced before, nothing new was written. */
      status: 'issued' | 'already_issued';
      message: string;
      invoices: InvoiceSummary[];
      totals: { netCents: number; vatCents: number; grossCents: number };
    }
  | { ok: false; code: IssueRefusalCode; message: string; problems: string[] };

/** A refusal thrown inside the transaction so that it rolls back (numbers included). */
export class IssueRefusal extends Error {
  constructor(
    readonly code: IssueRefusalCode,
    readonly problems: string[],
  ) {
    super(problems.join(' '));
  }
}

function totalsOf(invoices: readonly InvoiceSummary[]) {
  return {
    netCents: sumCents(invoices.map((invoice) => invoice.netTotalCents)),
    vatCents: sumCents(invoices.map((invoice) => invoice.vatTotalCents)),
    grossCents: sumCents(invoices.map((invoice) => invoice.grossTotalCents)),
  };
}

async function lockRound(tx: Transaction, roundId: string, producerId: string) {
  const [round] = await tx
    .select({ status: deliveryRounds.status, deliveryOn: deliveryRounds.deliveryOn })
    .from(deliveryRounds)
    .where(and(eq(deliveryRounds.id, roundId), eq(deliveryRounds.producerId, producerId)))
    .for('update');
  return round;
}

async function buildRoundDocuments(
  tx: Transaction,
  options: IssueRoundInvoicesOptions & { issueDate: IsoDate; deliveryOn: IsoDate },
): Promise<IssuedDocument[]> {
  const loaded = await loadRoundInvoiceData(tx, {
    roundId: options.roundId,
    deliveryDate: options.deliveryOn,
  });
  if (!loaded.ok) {
    throw new IssueRefusal('invalid_round_data', loaded.problems);
  }
  const { data } = loaded;
  const sellers = [...data.sellers].map(([sellerId, { vatRegime }]) => ({ sellerId, vatRegime }));
  const grouped = groupOrdersIntoInvoiceDrafts({ orders: data.orders, sellers });
  if (!grouped.ok) {
    throw new IssueRefusal('invalid_round_data', [grouped.message]);
  }
  if (grouped.drafts.length === 0) {
    throw new IssueRefusal('nothing_to_invoice', [
      'Rien à facturer : la tournée n’a aucune commande livrée (commandes annulées ou lignes toutes en rupture).',
    ]);
  }
  // Sellers in a fixed order, so concurrent issues lock counter rows in the same order.
  const sellerIds = [...new Set(grouped.drafts.map((draft) => draft.sellerId))].sort();
  const documents: IssuedDocument[] = [];
  const total = grouped.drafts.length;
  for (const sellerId of sellerIds) {
    const drafts = grouped.drafts.filter((draft) => draft.sellerId === sellerId);
    const seller = data.sellers.get(sellerId);
    const allocation = await allocateInvoiceNumbers(tx, {
      issuerId: sellerId,
      series: INVOICE_SERIES.invoice,
      issueDate: options.issueDate,
      count: drafts.length,
    });
    if (!allocation.ok) {
      throw new IssueRefusal('not_chronological', [allocation.message]);
    }
    for (const [index, draft] of drafts.entries()) {
      const allocated = allocation.numbers[index];
      const buyer = data.buyers.get(draft.customerId);
      if (!seller || !buyer || !allocated) {
        throw new Error(`unreachable: draft without seller, buyer or number (${draft.customerId})`);
      }
      const built = buildInvoiceSnapshot({
        draft,
        number: allocated.displayNumber,
        issueDate: options.issueDate,
        seller: seller.party,
        buyer: buyer.party,
        buyerKind: buyer.buyerKind,
        ...(buyer.deliveryAddress ? { deliveryAddress: buyer.deliveryAddress } : {}),
      });
      if (!built.ok) {
        throw new IssueRefusal('invoice_invalid', [`${buyer.party.name} : ${built.message}`]);
      }
      const xml = toCii(built.invoice);
      if (!xml.ok) {
        throw new IssueRefusal('invoice_invalid', [`${buyer.party.name} : ${xml.message}`]);
      }
      const orderLineIds = draft.orderIds.flatMap(
        (orderId) => data.invoicedLineIds.get(orderId) ?? [],
      );
      if (orderLineIds.length !== built.invoice.lines.length) {
        throw new Error(
          `unreachable: ${orderLineIds.length} order lines for ${built.invoice.lines.length} invoice lines`,
        );
      }
      documents.push({
        id: randomUUID(),
        issuerId: sellerId,
        allocated,
        snapshot: built.invoice,
        ciiXml: xml.xml,
        roundId: options.roundId,
        customer: {
          householdId: buyer.householdId,
          customerOrganisationId: buyer.customerOrganisationId,
        },
        precedingInvoiceId: null,
        issuedBy: options.actorId,
        orderIds: draft.orderIds,
        orderLineIds,
      });
      options.onProgress?.({ done: documents.length, total });
    }
  }
  return documents;
}

/**
 * Issues the invoices of a delivered round in ONE transaction (DESIGN §7): one invoice per
 * customer per seller, numbered from each seller's counter row, snapshotted with their CII
 * XML, and the round marked invoiced. Idempotent: a round already invoiced returns its
 * invoices with status 'already_issued' and writes nothing. Refusals (round not delivered, a
 * variable-weight line without its weight, an incomplete seller or buyer identity…) list every
 * problem in French and write nothing — not even a number.
 */
export async function issueRoundInvoices(
  options: IssueRoundInvoicesOptions,
): Promise<IssueRoundInvoicesResult> {
  const issueDate = options.issueDate ?? todayInParis();
  try {
    return await getDb().transaction(async (tx) => {
      const round = await lockRound(tx, options.roundId, options.producerId);
      if (!round) {
        throw new IssueRefusal('round_not_found', ['Tournée introuvable.']);
      }
      if (round.status === 'invoiced') {
        const invoices = await listRoundDocuments(tx, options.roundId);
        return {
          ok: true as const,
          status: 'already_issued' as const,
          message: `Les factures de cette tournée sont déjà émises (${invoices.length}) : rien de nouveau.`,
          invoices,
          totals: totalsOf(invoices),
        };
      }
      if (round.status === 'cancelled') {
        throw new IssueRefusal('round_cancelled', ['Cette tournée est annulée : rien à facturer.']);
      }
      if (round.status !== 'delivered') {
        throw new IssueRefusal('round_not_delivered', [
          'La tournée n’est pas encore livrée : saisissez la livraison (poids réels, manquants) et marquez-la livrée avant d’émettre les factures.',
        ]);
      }
      const documents = await buildRoundDocuments(tx, {
        ...options,
        issueDate,
        deliveryOn: round.deliveryOn,
      });
      await storeIssuedDocuments(tx, documents);
      // « Votre facture est disponible » to each household invoiced (ADR 016).
      await queueDocumentNotices(
        tx,
        documents.map((document) => document.id),
      );
      await tx
        .update(deliveryRounds)
        .set({ status: 'invoiced' })
        .where(eq(deliveryRounds.id, options.roundId));
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: options.producerId,
        action: 'invoices.issued',
        entity: 'delivery_round',
        entityId: options.roundId,
        data: { numbers: documents.map((document) => document.allocated.displayNumber) },
      });
      const invoices = await listRoundDocuments(tx, options.roundId);
      return {
        ok: true as const,
        status: 'issued' as const,
        message: `${documents.length} facture${documents.length > 1 ? 's' : ''} émise${documents.length > 1 ? 's' : ''}.`,
        invoices,
        totals: totalsOf(invoices),
      };
    });
  } catch (error) {
    if (error instanceof IssueRefusal) {
      return { ok: false, code: error.code, message: error.message, problems: error.problems };
    }
    throw error;
  }
}

/** Number of documents issued by a seller (tests, bench). */
export async function countIssuedDocuments(issuerId: string): Promise<number> {
  const [row] = await getDb().execute<{ n: number }>(
    sql`select count(*)::int as n from public.invoices where issuer_id = ${issuerId}`,
  );
  return row?.n ?? 0;
}
