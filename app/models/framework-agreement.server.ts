import { aliasedTable, and, asc, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { frameworkAgreements, frameworkAgreementVersions, organisations } from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import type { NegotiationRefusalReason } from '#app/domain/negotiation/negotiation.ts';
import { planAgreementNotice, planAgreementTermination } from '#app/domain/op/agreement-life.ts';
import {
  type FrameworkTerms,
  readFrameworkTerms,
  validateFrameworkTerms,
} from '#app/domain/op/framework-terms.ts';
import { negotiatedAggregate } from './negotiation.server.ts';
import { audit, isUuid } from './op-member.server.ts';

type Executor = Database | Transaction;
export type AgreementSide = 'op' | 'buyer';
export type AgreementStatus = 'draft' | 'proposed' | 'counter_proposed' | 'signed';
export type AgreementRow = typeof frameworkAgreements.$inferSelect;
export type AgreementVersion = typeof frameworkAgreementVersions.$inferSelect;

export type AgreementFailure = { ok: false; message: string; issues?: ContractIssue[] };
const fail = (message: string, issues?: ContractIssue[]): AgreementFailure => ({
  ok: false,
  message,
  ...(issues ? { issues } : {}),
});

const opOrg = aliasedTable(organisations, 'op_org');
const buyerOrg = aliasedTable(organisations, 'buyer_org');

export type AgreementListItem = {
  id: string;
  reference: string;
  title: string;
  egalimCategory: EgalimCategory;
  status: AgreementStatus;
  side: AgreementSide;
  opName: string;
  buyerName: string;
  buyerId: string;
  startOn: string | null;
  endOn: string | null;
  noticeGivenOn: string | null;
  terminatedOn: string | null;
  currentVersion: number;
};

/** Agreements where the organisation is the OP or the buyer. */
export async function listAgreements(options: {
  organisationId: string;
}): Promise<AgreementListItem[]> {
  const rows = await getDb()
    .select({ agreement: frameworkAgreements, opName: opOrg.name, buyerName: buyerOrg.name })
    .from(frameworkAgreements)
    .innerJoin(opOrg, eq(opOrg.id, frameworkAgreements.opId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, frameworkAgreements.buyerId))
    .where(
      or(
        eq(frameworkAgreements.opId, options.organisationId),
        eq(frameworkAgreements.buyerId, options.organisationId),
      ),
    )
    .orderBy(desc(frameworkAgreements.createdAt));
  return rows.map(({ agreement, opName, buyerName }) => ({
    id: agreement.id,
    reference: agreement.reference,
    title: agreement.title,
    egalimCategory: agreement.egalimCategory as EgalimCategory,
    status: agreement.status,
    side: agreement.opId === options.organisationId ? 'op' : 'buyer',
    opName,
    buyerName,
    buyerId: agreement.buyerId,
    startOn: agreement.startOn,
    endOn: agreement.endOn,
    noticeGivenOn: agreement.noticeGivenOn,
    terminatedOn: agreement.terminatedOn,
    currentVersion: agreement.currentVersion,
  }));
}

export type AgreementDetail = {
  agreement: AgreementRow;
  side: AgreementSide;
  opName: string;
  buyerName: string;
  versions: AgreementVersion[];
  /** The terms under negotiation or signed: the latest version, or the draft. */
  terms: FrameworkTerms;
  /** Issues of `terms` at the signature stage (empty: it can be signed). */
  issues: ContractIssue[];
};

/** The agreement if the organisation is its OP or its buyer; null otherwise (answer 404). */
export async function getAgreement(options: {
  organisationId: string;
  agreementId: string | undefined;
}): Promise<AgreementDetail | null> {
  if (!isUuid(options.agreementId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ agreement: frameworkAgreements, opName: opOrg.name, buyerName: buyerOrg.name })
    .from(frameworkAgreements)
    .innerJoin(opOrg, eq(opOrg.id, frameworkAgreements.opId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, frameworkAgreements.buyerId))
    .where(
      and(
        eq(frameworkAgreements.id, options.agreementId),
        or(
          eq(frameworkAgreements.opId, options.organisationId),
          eq(frameworkAgreements.buyerId, options.organisationId),
        ),
      ),
    );
  if (!row) {
    return null;
  }
  const versions = await getDb()
    .select()
    .from(frameworkAgreementVersions)
    .where(eq(frameworkAgreementVersions.agreementId, row.agreement.id))
    .orderBy(asc(frameworkAgreementVersions.number));
  const raw = versions.at(-1)?.terms ?? row.agreement.draftTerms;
  return {
    agreement: row.agreement,
    side: row.agreement.opId === options.organisationId ? 'op' : 'buyer',
    opName: row.opName,
    buyerName: row.buyerName,
    versions,
    terms: readFrameworkTerms(raw),
    issues: validateFrameworkTerms(raw, row.agreement.egalimCategory as EgalimCategory, 'signed'),
  };
}

/** Professional buyers an OP may propose an agreement to. */
export async function listBuyers() {
  return getDb()
    .select({ id: organisations.id, slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, 'buyer'))
    .orderBy(asc(organisations.name));
}

/** The OP's new agreement, in draft; its reference is `AC-<year>-<n>` per OP. */
export async function createAgreementDraft(options: {
  opId: string;
  buyerId: string;
  egalimCategory: EgalimCategory;
  title: string;
  terms?: unknown;
  year: number;
  actorId: string | null;
}): Promise<{ ok: true; id: string; reference: string } | AgreementFailure> {
  const title = options.title.trim();
  if (title.length < 1 || title.length > 120) {
    return fail('Intitulé de l’accord : 1 à 120 caractères.');
  }
  const [buyer] = await getDb()
    .select({ kind: organisations.kind })
    .from(organisations)
    .where(eq(organisations.id, options.buyerId));
  if (buyer?.kind !== 'buyer') {
    return fail('Acheteur introuvable : choisissez un acheteur professionnel.');
  }
  return getDb().transaction(async (tx) => {
    // The OP row serialises reference allocation.
    await tx.execute(sql`select 1 from organisations where id = ${options.opId} for update`);
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${frameworkAgreements.sequence}), 0)::int` })
      .from(frameworkAgreements)
      .where(eq(frameworkAgreements.opId, options.opId));
    const sequence = (last?.n ?? 0) + 1;
    const reference = `AC-${options.year}-${String(sequence).padStart(4, '0')}`;
    const [created] = await tx
      .insert(frameworkAgreements)
      .values({
        opId: options.opId,
        buyerId: options.buyerId,
        sequence,
        reference,
        egalimCategory: options.egalimCategory,
        title,
        draftTerms: options.terms ?? {},
        createdBy: options.actorId,
      })
      .returning({ id: frameworkAgreements.id });
    await audit(
      tx,
      { opId: options.opId, actorId: options.actorId },
      'op.agreement.created',
      created!.id,
      { reference },
    );
    return { ok: true as const, id: created!.id, reference };
  });
}

type Transition = { organisationId: string; agreementId: string; actorId: string | null };

const REFUSALS: Record<Exclude<NegotiationRefusalReason, 'blocking'>, string> = {
  not_found: 'Accord-cadre introuvable.',
  not_proposer:
    'Seule l’organisation de producteurs propose l’accord-cadre (art. L631-24 II CRPM).',
  not_buyer: 'Seul l’acheteur fait une contre-proposition.',
  not_draft: 'La proposition est envoyée : le brouillon ne change plus.',
  signed: 'Cet accord-cadre est signé : il n’est plus en négociation.',
  not_negotiating: 'Cet accord-cadre n’est pas en négociation.',
  reason_required:
    'Une contre-proposition est motivée : écrivez les raisons du refus ou des réserves (art. L631-24 II CRPM).',
  already_signed: 'Vous avez déjà signé cette version.',
};

/** The agreements' negotiation (app/domain/negotiation): the OP proposes (EG-20). */
const negotiation = negotiatedAggregate({
  table: frameworkAgreements,
  versions: frameworkAgreementVersions,
  versionOwner: 'agreementId',
  proposer: 'op',
  actionPrefix: 'op.agreement',
  audit: (tx, { row, actorId }, action, data) =>
    audit(tx, { opId: row.opId, actorId }, action, row.id, data),
  readTerms: readFrameworkTerms,
  validate: validateFrameworkTerms,
  // Unlike a contract, a proposal must carry every clause required at the proposal stage.
  checkProposal: ({ row, terms }) => {
    const issues = validateFrameworkTerms(terms, row.egalimCategory as EgalimCategory, 'proposal');
    return issues.length > 0
      ? fail(`La proposition n’est pas complète : ${issues.length} clause(s) à compléter.`, issues)
      : null;
  },
  refuse: ({ reason, issues }) =>
    reason === 'blocking'
      ? fail(`Signature impossible : ${issues?.length ?? 0} clause(s) manquent encore.`, issues)
      : fail(REFUSALS[reason]),
});

const on = <O extends Transition>(options: O) => ({ ...options, id: options.agreementId });

/** The OP edits the draft before its first written proposal. */
export async function saveAgreementDraft(
  options: Transition & { terms: unknown },
): Promise<{ ok: true } | AgreementFailure> {
  return negotiation.saveDraft(on(options));
}

/**
 * The OP's written proposal (EG-20: the OP proposes the accord-cadre): from the draft it becomes
 * version 1, frozen and annexed to the signed agreement (EG-09); after a counter-proposal, the
 * OP's answer is a new version. Refused while a clause required at the proposal stage is
 * missing; signatures of an earlier version lapse.
 */
export async function proposeAgreement(
  options: Transition & { terms?: unknown },
): Promise<{ ok: true; version: number } | AgreementFailure> {
  return negotiation.propose(on(options));
}

/** The buyer's counter-proposal, with its mandatory written reason (EG-08). */
export async function counterProposeAgreement(
  options: Transition & { terms: unknown; reason: string },
): Promise<{ ok: true; version: number } | AgreementFailure> {
  return negotiation.counterPropose(on(options));
}

/**
 * One party signs the current version; refused while a clause of L631-24 III or IV is missing.
 * Once both have signed, the agreement runs from its start date for its duration, tacitly
 * renewed unless stipulated otherwise.
 */
export async function signAgreement(
  options: Transition & { now: Date },
): Promise<{ ok: true; signedByBoth: boolean } | AgreementFailure> {
  return negotiation.sign(on(options));
}

export type SignedAgreement = { row: AgreementRow; terms: FrameworkTerms };

/** The signed agreement (its current version) by id, for the OP; null when not signed. */
export async function findSignedAgreement(
  options: { opId: string; agreementId: string },
  executor: Executor = getDb(),
): Promise<SignedAgreement | null> {
  if (!isUuid(options.agreementId)) {
    return null;
  }
  const [found] = await executor
    .select({ row: frameworkAgreements, terms: frameworkAgreementVersions.terms })
    .from(frameworkAgreements)
    .innerJoin(
      frameworkAgreementVersions,
      and(
        eq(frameworkAgreementVersions.agreementId, frameworkAgreements.id),
        eq(frameworkAgreementVersions.number, frameworkAgreements.currentVersion),
      ),
    )
    .where(
      and(
        eq(frameworkAgreements.id, options.agreementId),
        eq(frameworkAgreements.opId, options.opId),
        eq(frameworkAgreements.status, 'signed'),
      ),
    );
  return found ? { row: found.row, terms: readFrameworkTerms(found.terms) } : null;
}

/** Signed agreements of the OP in force on `on` (the delivery form's choices). */
export async function listAgreementsInForce(options: { opId: string; on: string }) {
  return getDb()
    .select({
      id: frameworkAgreements.id,
      reference: frameworkAgreements.reference,
      title: frameworkAgreements.title,
      buyerId: frameworkAgreements.buyerId,
      buyerName: buyerOrg.name,
      egalimCategory: frameworkAgreements.egalimCategory,
    })
    .from(frameworkAgreements)
    .innerJoin(buyerOrg, eq(buyerOrg.id, frameworkAgreements.buyerId))
    .where(
      and(
        eq(frameworkAgreements.opId, options.opId),
        eq(frameworkAgreements.status, 'signed'),
        lte(frameworkAgreements.startOn, options.on),
        or(
          isNull(frameworkAgreements.endOn),
          sql`${frameworkAgreements.endOn} >= ${options.on}::date`,
        ),
      ),
    )
    .orderBy(asc(buyerOrg.name));
}

/** Either party's non-renewal notice (L631-24 VI): the agreement ends with the term it allows. */
export async function giveAgreementNotice(
  options: Transition & { givenOn: string },
): Promise<{ ok: true; endOn: string } | AgreementFailure> {
  return negotiation.end(on(options), 'notice', (agreement, terms, side) => {
    const planned = planAgreementNotice({ agreement, terms, side, givenOn: options.givenOn });
    return planned.ok
      ? {
          ok: true,
          endOn: planned.endOn,
          set: { noticeGivenOn: options.givenOn, noticeBy: side },
          data: { givenOn: options.givenOn, noticeMonths: planned.noticeMonths },
        }
      : fail(planned.message);
  });
}

/** Either party terminates for one of the agreement's cases, with its written reason. */
export async function terminateAgreement(
  options: Transition & { givenOn: string; caseIndex: number; reason: string },
): Promise<{ ok: true; endOn: string } | AgreementFailure> {
  return negotiation.end(on(options), 'terminated', (agreement, terms, side) => {
    const planned = planAgreementTermination({ ...options, agreement, terms });
    return planned.ok
      ? {
          ok: true,
          endOn: planned.endOn,
          set: {
            terminatedOn: options.givenOn,
            terminatedBy: side,
            terminationReason: planned.reason,
          },
          data: { givenOn: options.givenOn, reason: planned.reason },
        }
      : fail(planned.message);
  });
}
