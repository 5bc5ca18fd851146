import { randomUUID } from 'node:crypto';
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { invoices, opDeliveries, opInvoices, opMembers, organisations } from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildInvoiceSnapshot } from '#app/domain/invoicing/build-invoice-snapshot.ts';
import { lastDayOfMonth } from '#app/domain/invoicing/calendar-days.ts';
import {
  groupOrdersIntoInvoiceDrafts,
  type InvoiceDraft,
  type OrderInput,
} from '#app/domain/invoicing/group-orders.ts';
import { toOrganisationBuyer, toSellerParty } from '#app/domain/invoicing/invoice-parties.ts';
import type { InvoiceSnapshot, VatRegime } from '#app/domain/invoicing/invoice-types.ts';
import { priceTraceLines, productKindOf } from '#app/domain/invoicing/order-line-input.ts';
import { checkAgreementCovers } from '#app/domain/op/agreement-life.ts';
import { contestDeadline, mandataryMention } from '#app/domain/op/billing-mandate.ts';
import { isMemberOn } from '#app/domain/op/members.ts';
import { formatDay } from '#app/i18n/format.ts';
import { type BillingMandate, findActiveBillingMandate } from './billing-mandate.server.ts';
import { findSignedAgreement } from './framework-agreement.server.ts';
import { allocateInvoiceNumbers, todayInParis } from './invoice-numbering.server.ts';
import { loadOrganisations } from './invoice-round-data.server.ts';
import { type IssuedDocument, storeIssuedDocuments } from './invoice-store.server.ts';
import { queueOpInvoicesIssued } from './notification-op-events.server.ts';
import { audit, isUuid } from './op-member.server.ts';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export type MonthRange = { from: string; to: string };

/** 'YYYY-MM' → its first and last day; null when not a month. */
export function monthRange(month: string): MonthRange | null {
  if (!MONTH.test(month)) {
    return null;
  }
  const from = `${month}-01`;
  return { from, to: lastDayOfMonth(from) };
}

export type OpIssueResult =
  | {
      ok: true;
      message: string;
      invoices: {
        id: string;
        number: string;
        memberName: string;
        buyerName: string;
        grossCents: number;
      }[];
    }
  | { ok: false; message: string; problems: string[] };

class Refusal extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join(' '));
  }
}

type DeliveryRow = typeof opDeliveries.$inferSelect;

/**
 * The OP issues, IN ITS MEMBERS' NAMES, the invoices of a month's deliveries to the chosen
 * buyers (EG-23, INV-07): one invoice per member, buyer and mandate, numbered in the member's
 * own continuous series reserved for its mandatary (the mandate's series, CGI ann. II 242 nonies
 * A 7°), type 380 with the mandatary mention and contest period, priced as recorded (agreement
 * formula and its trace). Every delivery needs the member's active billing mandate to the OP for
 * that buyer and product on its day, a member not selling with transfer of ownership, and the
 * agreement still signed. One transaction: every problem is listed and nothing is written —
 * not even a number.
 */
export async function issueMemberInvoices(options: {
  opId: string;
  buyerIds: string[];
  month: string;
  issueDate?: string;
  actorId: string | null;
}): Promise<OpIssueResult> {
  const range = monthRange(options.month);
  if (!range) {
    return { ok: false, message: 'Mois invalide (AAAA-MM).', problems: [] };
  }
  if (options.buyerIds.length === 0 || !options.buyerIds.every(isUuid)) {
    return { ok: false, message: 'Choisissez au moins un acheteur.', problems: [] };
  }
  const issueDate = options.issueDate ?? todayInParis();
  try {
    return await getDb().transaction(async (tx) => {
      const deliveries = await tx
        .select()
        .from(opDeliveries)
        .where(
          and(
            eq(opDeliveries.opId, options.opId),
            inArray(opDeliveries.buyerId, options.buyerIds),
            isNull(opDeliveries.invoiceId),
            sql`${opDeliveries.deliveredOn} between ${range.from}::date and ${range.to}::date`,
          ),
        )
        .orderBy(asc(opDeliveries.deliveredOn), asc(opDeliveries.id))
        .for('update');
      if (deliveries.length === 0) {
        throw new Refusal([
          `Rien à facturer : aucune livraison non facturée en ${options.month} pour ces acheteurs.`,
        ]);
      }
      const documents = await buildDocuments(tx, { ...options, issueDate, deliveries });
      await storeIssuedDocuments(
        tx,
        documents.map((d) => d.document),
      );
      await tx.insert(opInvoices).values(
        documents.map(({ document, mandate, memberId, buyerId }) => ({
          invoiceId: document.id,
          opId: options.opId,
          mandateId: mandate.id,
          memberId,
          buyerId,
          issuedBy: options.actorId,
        })),
      );
      for (const { document, deliveryIds } of documents) {
        await tx
          .update(opDeliveries)
          .set({ invoiceId: document.id })
          .where(inArray(opDeliveries.id, deliveryIds));
      }
      await queueOpInvoicesIssued(
        tx,
        documents.map((d) => d.document.id),
      );
      await audit(tx, options, 'op.invoices.issued', options.month, {
        numbers: documents.map((d) => d.document.allocated.displayNumber),
      });
      const count = documents.length;
      return {
        ok: true as const,
        message: `${count} facture${count > 1 ? 's' : ''} émise${count > 1 ? 's' : ''} au nom des membres.`,
        invoices: documents.map(({ document }) => ({
          id: document.id,
          number: document.allocated.displayNumber,
          memberName: document.snapshot.seller.name,
          buyerName: document.snapshot.buyer.name,
          grossCents: document.snapshot.totals.grandTotalCents,
        })),
      };
    });
  } catch (error) {
    if (error instanceof Refusal) {
      return {
        ok: false,
        message: `Aucune facture émise : ${error.problems.length} problème(s) à régler.`,
        problems: error.problems,
      };
    }
    throw error;
  }
}

type BuiltDocument = {
  document: IssuedDocument;
  mandate: BillingMandate;
  memberId: string;
  buyerId: string;
  deliveryIds: string[];
};

async function buildDocuments(
  tx: Transaction,
  options: { opId: string; issueDate: string; actorId: string | null; deliveries: DeliveryRow[] },
): Promise<BuiltDocument[]> {
  const { deliveries } = options;
  const problems: string[] = [];
  const orgs = await loadOrganisations(tx, [
    options.opId,
    ...new Set(deliveries.flatMap((d) => [d.producerId, d.buyerId])),
  ]);
  const nameOf = (id: string) => orgs.get(id)?.name ?? '?';
  const members = await tx
    .select()
    .from(opMembers)
    .where(inArray(opMembers.id, [...new Set(deliveries.map((d) => d.memberId))]));
  const mandateOf = new Map<string, BillingMandate>();
  const agreementRefs = new Map<string, string>();
  for (const delivery of deliveries) {
    const member = members.find((m) => m.id === delivery.memberId)!;
    const who = `${nameOf(delivery.producerId)} → ${nameOf(delivery.buyerId)}, livraison du ${delivery.deliveredOn}`;
    if (!isMemberOn(member, delivery.deliveredOn) || member.transferOfOwnership) {
      problems.push(`${who} : le producteur n’est pas un membre facturé en son nom ce jour-là.`);
      continue;
    }
    const agreement = await findSignedAgreement(
      { opId: options.opId, agreementId: delivery.agreementId },
      tx,
    );
    const covers = agreement
      ? checkAgreementCovers(agreement.row, delivery.deliveredOn)
      : { ok: false as const, message: 'l’accord-cadre n’est plus signé.' };
    if (!agreement || !covers.ok) {
      problems.push(`${who} : ${covers.ok ? '' : covers.message}`);
    } else {
      agreementRefs.set(delivery.agreementId, agreement.row.reference);
    }
    const mandate = await findActiveBillingMandate(
      {
        producerId: delivery.producerId,
        mandataryId: options.opId,
        buyerId: delivery.buyerId,
        on: delivery.deliveredOn,
        egalimCategory: delivery.egalimCategory as EgalimCategory,
      },
      tx,
    );
    if (!mandate) {
      problems.push(
        `${who} : aucun mandat de facturation signé de ${nameOf(delivery.producerId)} à l’OP ne couvre ce jour, cet acheteur et ce produit (art. L631-24 V CRPM, CGI art. 289 I-2).`,
      );
      continue;
    }
    mandateOf.set(delivery.id, mandate);
  }
  const sellers = new Map<string, { party: InvoiceSnapshot['seller']; vatRegime: VatRegime }>();
  for (const producerId of new Set(deliveries.map((d) => d.producerId))) {
    const seller = toSellerParty(orgs.get(producerId)!);
    if (seller.ok) {
      sellers.set(producerId, { party: seller.party, vatRegime: seller.vatRegime });
    } else {
      problems.push(seller.message);
    }
  }
  const buyers = new Map<string, ReturnType<typeof toOrganisationBuyer>>();
  for (const buyerId of new Set(deliveries.map((d) => d.buyerId))) {
    const buyer = toOrganisationBuyer(orgs.get(buyerId)!);
    buyers.set(buyerId, buyer);
    if (!buyer.ok) {
      problems.push(buyer.message);
    }
  }
  if (problems.length > 0) {
    throw new Refusal(problems);
  }
  // One invoice per (member, buyer, mandate, month): the customer key carries the mandate.
  const orders: OrderInput[] = deliveries.map((delivery) => ({
    orderId: delivery.id,
    sellerId: delivery.producerId,
    customerId: `${delivery.buyerId}|${mandateOf.get(delivery.id)!.id}`,
    deliveryDate: delivery.deliveredOn,
    lines: [
      {
        label: `${delivery.productLabel} — livraison du ${formatDay(delivery.deliveredOn)}`,
        quantityMilli: delivery.quantityMilli,
        unitCode: delivery.unitCode,
        unitPriceCents: delivery.unitPriceCents,
        priceBaseQuantityMilli: delivery.priceBaseQuantityMilli,
        vatRateBp: delivery.vatRateBp,
        productKind: productKindOf(delivery.egalimCategory),
        contractReference: agreementRefs.get(delivery.agreementId)!,
        priceTrace: priceTraceLines(delivery.priceTrace) ?? [],
      },
    ],
  }));
  const grouped = groupOrdersIntoInvoiceDrafts({
    orders,
    sellers: [...sellers].map(([sellerId, { vatRegime }]) => ({ sellerId, vatRegime })),
  });
  if (!grouped.ok) {
    throw new Refusal([grouped.message]);
  }
  return allocateAndBuild(tx, {
    ...options,
    drafts: grouped.drafts,
    sellers,
    buyers,
    mandateOf,
    orgs,
  });
}

async function allocateAndBuild(
  tx: Transaction,
  context: {
    opId: string;
    issueDate: string;
    actorId: string | null;
    deliveries: DeliveryRow[];
    drafts: InvoiceDraft[];
    sellers: Map<string, { party: InvoiceSnapshot['seller']; vatRegime: VatRegime }>;
    buyers: Map<string, ReturnType<typeof toOrganisationBuyer>>;
    mandateOf: Map<string, BillingMandate>;
    orgs: Awaited<ReturnType<typeof loadOrganisations>>;
  },
): Promise<BuiltDocument[]> {
  const problems: string[] = [];
  const built: BuiltDocument[] = [];
  const opName =
    context.orgs.get(context.opId)?.legalName || context.orgs.get(context.opId)?.name || '';
  // Counter rows locked in a fixed order (seller, series) so concurrent issues cannot deadlock.
  // Within a series, numbers follow the buyers' names.
  const buyerName = (draft: InvoiceDraft) =>
    context.orgs.get(draft.customerId.split('|')[0]!)?.legalName ?? '';
  const keyed = context.drafts
    .map((draft) => ({ draft, mandate: context.mandateOf.get(draft.orderIds[0]!)! }))
    .sort(
      (a, b) =>
        `${a.draft.sellerId}|${a.mandate.invoiceSeries}`.localeCompare(
          `${b.draft.sellerId}|${b.mandate.invoiceSeries}`,
        ) || buyerName(a.draft).localeCompare(buyerName(b.draft), 'fr'),
    );
  for (const { draft, mandate } of keyed) {
    const buyerId = draft.customerId.split('|')[0]!;
    const seller = context.sellers.get(draft.sellerId)!;
    const buyer = context.buyers.get(buyerId)!;
    if (!buyer.ok) {
      continue;
    }
    const allocation = await allocateInvoiceNumbers(tx, {
      issuerId: draft.sellerId,
      series: mandate.invoiceSeries,
      issueDate: context.issueDate,
      count: 1,
    });
    if (!allocation.ok) {
      problems.push(`${seller.party.name} : ${allocation.message}`);
      continue;
    }
    const allocated = allocation.numbers[0]!;
    const mention = mandataryMention({
      mandataryName: opName,
      mandatorName: seller.party.name,
      reference: mandate.reference,
      signedOn: mandate.signedOn!,
      contestDays: mandate.contestDays,
    });
    const snapshot = buildInvoiceSnapshot({
      draft,
      number: allocated.displayNumber,
      issueDate: context.issueDate,
      typeCode: '380',
      seller: seller.party,
      buyer: buyer.buyer.party,
      buyerKind: buyer.buyer.buyerKind,
      extraNotes: [
        {
          subjectCode: 'AAI',
          text: `${mention} Date limite de contestation : ${formatDay(contestDeadline(context.issueDate, mandate.contestDays))}.`,
        },
      ],
    });
    if (!snapshot.ok) {
      problems.push(`${seller.party.name} → ${buyer.buyer.party.name} : ${snapshot.message}`);
      continue;
    }
    const xml = toCii(snapshot.invoice);
    if (!xml.ok) {
      problems.push(`${seller.party.name} → ${buyer.buyer.party.name} : ${xml.message}`);
      continue;
    }
    built.push({
      document: {
        id: randomUUID(),
        issuerId: draft.sellerId,
        allocated,
        snapshot: snapshot.invoice,
        ciiXml: xml.xml,
        roundId: null,
        customer: { householdId: null, customerOrganisationId: buyerId },
        precedingInvoiceId: null,
        issuedBy: context.actorId,
        orderIds: [],
        orderLineIds: snapshot.invoice.lines.map(() => null),
      },
      mandate,
      memberId: context.deliveries.find((d) => d.id === draft.orderIds[0])!.memberId,
      buyerId,
      deliveryIds: [...draft.orderIds],
    });
  }
  if (problems.length > 0) {
    throw new Refusal(problems);
  }
  return built;
}

export type OpInvoiceSummary = {
  id: string;
  number: string;
  typeCode: string;
  issuedOn: string;
  deliveredOn: string | null;
  memberName: string;
  buyerName: string;
  netCents: number;
  vatCents: number;
  grossCents: number;
  mandateReference: string;
};

/** Invoices the OP issued in its members' names, newest first. */
export async function listOpInvoices(options: { opId: string }): Promise<OpInvoiceSummary[]> {
  const rows = await getDb()
    .select({
      id: invoices.id,
      number: invoices.displayNumber,
      typeCode: invoices.typeCode,
      issuedOn: invoices.issuedOn,
      deliveredOn: invoices.deliveredOn,
      memberName: organisations.name,
      buyerName: invoices.buyerName,
      netCents: invoices.netTotalCents,
      vatCents: invoices.vatTotalCents,
      grossCents: invoices.grossTotalCents,
      mandateReference: sql<string>`(select reference from billing_mandates m where m.id = ${opInvoices.mandateId})`,
    })
    .from(opInvoices)
    .innerJoin(invoices, eq(invoices.id, opInvoices.invoiceId))
    .innerJoin(organisations, eq(organisations.id, invoices.issuerId))
    .where(eq(opInvoices.opId, options.opId))
    .orderBy(desc(invoices.issuedOn), desc(invoices.displayNumber));
  return rows;
}

/** One invoice the OP issued (snapshot and XML), for its PDF; null when it is not the OP's. */
export async function getOpInvoiceDocument(options: {
  opId: string;
  invoiceId: string | undefined;
}) {
  if (!isUuid(options.invoiceId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ snapshot: invoices.snapshot, ciiXml: invoices.ciiXml })
    .from(opInvoices)
    .innerJoin(invoices, eq(invoices.id, opInvoices.invoiceId))
    .where(and(eq(opInvoices.opId, options.opId), eq(opInvoices.invoiceId, options.invoiceId)));
  return row ? { snapshot: row.snapshot as InvoiceSnapshot, ciiXml: row.ciiXml } : null;
}
