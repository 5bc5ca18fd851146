import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import {
  billingMandates,
  frameworkAgreements,
  frameworkAgreementVersions,
  invoices,
  opInvoices,
  opMembers,
  organisations,
} from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  buildEg22Export,
  type Eg22Criteria,
  type Eg22Export,
  type Eg22Invoice,
} from '#app/domain/op/eg22-export.ts';
import { describeFrameworkTerms, readFrameworkTerms } from '#app/domain/op/framework-terms.ts';
import { findActiveBillingMandate } from './billing-mandate.server.ts';
import { monthRange } from './op-invoicing.server.ts';
import { isUuid } from './op-member.server.ts';

export type Eg22Failure = { ok: false; field: 'op' | 'buyer' | 'month'; message: string };

async function organisation(id: string) {
  const [row] = await getDb()
    .select({
      id: organisations.id,
      name: organisations.name,
      legalName: organisations.legalName,
      siren: organisations.siren,
      kind: organisations.kind,
    })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row ?? null;
}

/** The OPs a buyer holds framework agreements with (whose data it must send, EG-22). */
export async function listOpsOfBuyer(options: { buyerId: string }) {
  return getDb()
    .selectDistinct({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(frameworkAgreements)
    .innerJoin(organisations, eq(organisations.id, frameworkAgreements.opId))
    .where(eq(frameworkAgreements.buyerId, options.buyerId))
    .orderBy(asc(organisations.name));
}

/** The buyers an OP holds framework agreements with. */
export async function listBuyersOfOp(options: { opId: string }) {
  return getDb()
    .selectDistinct({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(frameworkAgreements)
    .innerJoin(organisations, eq(organisations.id, frameworkAgreements.buyerId))
    .where(eq(frameworkAgreements.opId, options.opId))
    .orderBy(asc(organisations.name));
}

/**
 * The EG-22 export of one buyer and one month for an OP: the invoices of the OP's members to
 * that buyer whose supply (delivery day, or end of the billing period) falls in the month —
 * those the OP issued in their names and those the buyer self-billed (389/261) — with the
 * price criteria of the agreements they refer to. The OP and the buyer must hold an agreement.
 */
export async function buildOpEgalimExport(options: {
  opId: string;
  buyerId: string;
  month: string;
  now: Date;
}): Promise<{ ok: true; data: Eg22Export } | Eg22Failure> {
  const range = monthRange(options.month);
  if (!range) {
    return {
      ok: false,
      field: 'month',
      message: `Mois « ${options.month} » invalide : AAAA-MM attendu.`,
    };
  }
  const [op, buyer] = await Promise.all([
    isUuid(options.opId) ? organisation(options.opId) : null,
    isUuid(options.buyerId) ? organisation(options.buyerId) : null,
  ]);
  if (op?.kind !== 'op') {
    return { ok: false, field: 'op', message: 'Organisation de producteurs introuvable.' };
  }
  if (buyer?.kind !== 'buyer') {
    return { ok: false, field: 'buyer', message: 'Acheteur introuvable.' };
  }
  const agreements = await getDb()
    .select({ row: frameworkAgreements, terms: frameworkAgreementVersions.terms })
    .from(frameworkAgreements)
    .leftJoin(
      frameworkAgreementVersions,
      and(
        eq(frameworkAgreementVersions.agreementId, frameworkAgreements.id),
        eq(frameworkAgreementVersions.number, frameworkAgreements.currentVersion),
      ),
    )
    .where(and(eq(frameworkAgreements.opId, op.id), eq(frameworkAgreements.buyerId, buyer.id)));
  if (agreements.length === 0) {
    return {
      ok: false,
      field: 'buyer',
      message: `${buyer.name} n’a pas d’accord-cadre avec ${op.name}.`,
    };
  }
  const members = await getDb()
    .select({
      id: opMembers.id,
      producerId: opMembers.producerId,
      number: opMembers.memberNumber,
      joinedOn: opMembers.joinedOn,
      leftOn: opMembers.leftOn,
      name: organisations.name,
      siren: organisations.siren,
    })
    .from(opMembers)
    .innerJoin(organisations, eq(organisations.id, opMembers.producerId))
    .where(
      and(
        eq(opMembers.opId, op.id),
        sql`${opMembers.joinedOn} <= ${range.to}::date`,
        sql`(${opMembers.leftOn} is null or ${opMembers.leftOn} >= ${range.from}::date)`,
      ),
    );
  const rows =
    members.length === 0
      ? []
      : await getDb()
          .select({
            id: invoices.id,
            issuerId: invoices.issuerId,
            typeCode: invoices.typeCode,
            deliveredOn: invoices.deliveredOn,
            issuedOn: invoices.issuedOn,
            snapshot: invoices.snapshot,
            opMandateReference: billingMandates.reference,
            opMandateSignedOn: billingMandates.signedOn,
            byOp: sql<boolean>`${opInvoices.invoiceId} is not null`,
          })
          .from(invoices)
          .leftJoin(
            opInvoices,
            and(eq(opInvoices.invoiceId, invoices.id), eq(opInvoices.opId, op.id)),
          )
          .leftJoin(billingMandates, eq(billingMandates.id, opInvoices.mandateId))
          .where(
            and(
              inArray(
                invoices.issuerId,
                members.map((m) => m.producerId),
              ),
              eq(invoices.customerOrganisationId, buyer.id),
              or(
                sql`${opInvoices.invoiceId} is not null`,
                inArray(invoices.typeCode, ['389', '261']),
              ),
              sql`coalesce(${invoices.deliveredOn}, ${invoices.issuedOn}) between ${range.from}::date and ${range.to}::date`,
            ),
          );
  const documents: Eg22Invoice[] = [];
  for (const row of rows) {
    const supplyDay = row.deliveredOn ?? row.issuedOn;
    const member = members.find(
      (m) =>
        m.producerId === row.issuerId &&
        m.joinedOn <= supplyDay &&
        (m.leftOn === null || supplyDay <= m.leftOn),
    );
    if (!member) {
      continue;
    }
    let mandate: Eg22Invoice['mandate'] = null;
    if (row.byOp && row.opMandateReference && row.opMandateSignedOn) {
      mandate = { reference: row.opMandateReference, signedOn: row.opMandateSignedOn };
    } else if (!row.byOp) {
      const found = await findActiveBillingMandate({
        producerId: row.issuerId,
        mandataryId: buyer.id,
        buyerId: buyer.id,
        on: supplyDay,
      });
      mandate = found ? { reference: found.reference, signedOn: found.signedOn! } : null;
    }
    documents.push({
      snapshot: row.snapshot as InvoiceSnapshot,
      issuedBy: row.byOp ? 'op' : 'buyer',
      member: { number: member.number, name: member.name, siren: member.siren },
      mandate,
    });
  }
  const criteria: Eg22Criteria[] = agreements.map(({ row, terms }) => {
    const sections = describeFrameworkTerms(readFrameworkTerms(terms ?? row.draftTerms));
    return {
      reference: row.reference,
      title: row.title,
      clauses: [
        ...sections[0]!.lines,
        ...(sections.find((s) => s.title.includes('5°') && s.title.startsWith('Accord'))?.lines ??
          []),
      ],
    };
  });
  return {
    ok: true,
    data: buildEg22Export({
      op: { name: op.legalName || op.name, siren: op.siren },
      buyer: { name: buyer.legalName || buyer.name, siren: buyer.siren },
      month: options.month,
      generatedAt: options.now.toISOString(),
      invoices: documents,
      criteria,
    }),
  };
}

/**
 * The export as seen from one side: the OP picks one of its buyers, a buyer one of its OPs
 * (both by slug; only partners holding an agreement are found).
 */
export async function buildEgalimExportFor(options: {
  organisation: { id: string; kind: string };
  partnerSlug: string;
  month: string;
  now: Date;
}): Promise<{ ok: true; data: Eg22Export } | Eg22Failure> {
  const isOp = options.organisation.kind === 'op';
  const partners = isOp
    ? await listBuyersOfOp({ opId: options.organisation.id })
    : await listOpsOfBuyer({ buyerId: options.organisation.id });
  const partner = partners.find((p) => p.slug === options.partnerSlug);
  if (!partner) {
    return isOp
      ? {
          ok: false,
          field: 'buyer',
          message: 'Choisissez un acheteur avec qui l’OP a un accord-cadre.',
        }
      : {
          ok: false,
          field: 'op',
          message: 'Choisissez une OP avec qui vous avez un accord-cadre.',
        };
  }
  return buildOpEgalimExport({
    opId: isOp ? options.organisation.id : partner.id,
    buyerId: isOp ? partner.id : options.organisation.id,
    month: options.month,
    now: options.now,
  });
}

/** The export a download link asks for: `?partenaire=<slug>&mois=AAAA-MM`. */
export async function buildEgalimExportFromUrl(options: {
  organisation: { id: string; kind: string };
  url: URL;
  now: Date;
}) {
  const month = options.url.searchParams.get('mois') ?? '';
  const result = await buildEgalimExportFor({
    organisation: options.organisation,
    partnerSlug: options.url.searchParams.get('partenaire') ?? '',
    month,
    now: options.now,
  });
  return { month, result };
}
