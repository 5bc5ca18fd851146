import { aliasedTable, and, asc, desc, eq, isNull, lte, or, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { frameworkAgreements, frameworkAgreementVersions, organisations } from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { initialEnd } from '#app/domain/egalim/contract-dates.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import { planAgreementNotice, planAgreementTermination } from '#app/domain/op/agreement-life.ts';
import {
  type FrameworkTerms,
  readFrameworkTerms,
  validateFrameworkTerms,
} from '#app/domain/op/framework-terms.ts';
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

async function lockAgreement(
  tx: Transaction,
  options: Transition,
  side?: AgreementSide,
): Promise<{ row: AgreementRow; side: AgreementSide } | AgreementFailure> {
  if (!isUuid(options.agreementId)) {
    return fail('Accord-cadre introuvable.');
  }
  const [row] = await tx
    .select()
    .from(frameworkAgreements)
    .where(
      and(
        eq(frameworkAgreements.id, options.agreementId),
        or(
          eq(frameworkAgreements.opId, options.organisationId),
          eq(frameworkAgreements.buyerId, options.organisationId),
        ),
      ),
    )
    .for('update');
  if (!row) {
    return fail('Accord-cadre introuvable.');
  }
  const actual: AgreementSide = row.opId === options.organisationId ? 'op' : 'buyer';
  if (side && side !== actual) {
    return fail(
      side === 'op'
        ? 'Seule l’organisation de producteurs propose l’accord-cadre (art. L631-24 II CRPM).'
        : 'Seul l’acheteur fait une contre-proposition.',
    );
  }
  return { row, side: actual };
}

async function currentTerms(tx: Transaction, row: AgreementRow): Promise<unknown> {
  if (row.currentVersion === 0) {
    return row.draftTerms;
  }
  const [version] = await tx
    .select({ terms: frameworkAgreementVersions.terms })
    .from(frameworkAgreementVersions)
    .where(
      and(
        eq(frameworkAgreementVersions.agreementId, row.id),
        eq(frameworkAgreementVersions.number, row.currentVersion),
      ),
    );
  return version?.terms ?? {};
}

const clearedSignatures = {
  opSignedAt: null,
  opSignedBy: null,
  buyerSignedAt: null,
  buyerSignedBy: null,
};

async function record(
  tx: Transaction,
  row: AgreementRow,
  options: Transition,
  action: string,
  data: Record<string, unknown>,
) {
  await audit(tx, { opId: row.opId, actorId: options.actorId }, action, row.id, data);
}

/** The OP edits the draft before its first written proposal. */
export async function saveAgreementDraft(
  options: Transition & { terms: unknown },
): Promise<{ ok: true } | AgreementFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockAgreement(tx, options, 'op');
    if ('ok' in locked) {
      return locked;
    }
    if (locked.row.status !== 'draft') {
      return fail('La proposition est envoyée : le brouillon ne change plus.');
    }
    await tx
      .update(frameworkAgreements)
      .set({ draftTerms: options.terms })
      .where(eq(frameworkAgreements.id, locked.row.id));
    await record(tx, locked.row, options, 'op.agreement.draft_saved', {});
    return { ok: true as const };
  });
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
  return getDb().transaction(async (tx) => {
    const locked = await lockAgreement(tx, options, 'op');
    if ('ok' in locked) {
      return locked;
    }
    const { row } = locked;
    if (row.status === 'signed') {
      return fail('Cet accord-cadre est signé : il n’est plus en négociation.');
    }
    const terms = options.terms ?? (await currentTerms(tx, row));
    const issues = validateFrameworkTerms(terms, row.egalimCategory as EgalimCategory, 'proposal');
    if (issues.length > 0) {
      return fail(
        `La proposition n’est pas complète : ${issues.length} clause(s) à compléter.`,
        issues,
      );
    }
    const version = row.currentVersion + 1;
    await tx.insert(frameworkAgreementVersions).values({
      agreementId: row.id,
      number: version,
      kind: 'proposal',
      authorSide: 'op',
      authorUserId: options.actorId,
      terms,
    });
    await tx
      .update(frameworkAgreements)
      .set({ status: 'proposed', currentVersion: version, ...clearedSignatures })
      .where(eq(frameworkAgreements.id, row.id));
    await record(tx, row, options, 'op.agreement.proposed', { version });
    return { ok: true as const, version };
  });
}

/** The buyer's counter-proposal, with its mandatory written reason (EG-08). */
export async function counterProposeAgreement(
  options: Transition & { terms: unknown; reason: string },
): Promise<{ ok: true; version: number } | AgreementFailure> {
  const reason = options.reason.trim();
  if (reason.length < 3) {
    return fail(
      'Une contre-proposition est motivée : écrivez les raisons du refus ou des réserves (art. L631-24 II CRPM).',
    );
  }
  return getDb().transaction(async (tx) => {
    const locked = await lockAgreement(tx, options, 'buyer');
    if ('ok' in locked) {
      return locked;
    }
    const { row } = locked;
    if (row.status !== 'proposed' && row.status !== 'counter_proposed') {
      return fail('Cet accord-cadre n’est pas en négociation.');
    }
    const version = row.currentVersion + 1;
    await tx.insert(frameworkAgreementVersions).values({
      agreementId: row.id,
      number: version,
      kind: 'counter_proposal',
      authorSide: 'buyer',
      authorUserId: options.actorId,
      reason,
      terms: options.terms,
    });
    await tx
      .update(frameworkAgreements)
      .set({ status: 'counter_proposed', currentVersion: version, ...clearedSignatures })
      .where(eq(frameworkAgreements.id, row.id));
    await record(tx, row, options, 'op.agreement.countered', { version, reason });
    return { ok: true as const, version };
  });
}

/**
 * One party signs the current version; refused while a clause of L631-24 III or IV is missing.
 * Once both have signed, the agreement runs from its start date for its duration, tacitly
 * renewed unless stipulated otherwise.
 */
export async function signAgreement(
  options: Transition & { now: Date },
): Promise<{ ok: true; signedByBoth: boolean } | AgreementFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockAgreement(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { row, side } = locked;
    if (row.status !== 'proposed' && row.status !== 'counter_proposed') {
      return fail('Cet accord-cadre n’est pas en négociation.');
    }
    if ((side === 'op' ? row.opSignedAt : row.buyerSignedAt) !== null) {
      return fail('Vous avez déjà signé cette version.');
    }
    const raw = await currentTerms(tx, row);
    const issues = validateFrameworkTerms(raw, row.egalimCategory as EgalimCategory, 'signed');
    if (issues.length > 0) {
      return fail(`Signature impossible : ${issues.length} clause(s) manquent encore.`, issues);
    }
    const terms = readFrameworkTerms(raw);
    const signedByBoth = (side === 'op' ? row.buyerSignedAt : row.opSignedAt) !== null;
    const signature =
      side === 'op'
        ? { opSignedAt: options.now, opSignedBy: options.actorId }
        : { buyerSignedAt: options.now, buyerSignedBy: options.actorId };
    await tx
      .update(frameworkAgreements)
      .set({
        ...signature,
        ...(signedByBoth
          ? {
              status: 'signed' as const,
              signedAt: options.now,
              startOn: terms.startOn!,
              endOn: initialEnd(terms.startOn!, terms.durationYears!, terms.renewal?.tacit ?? true),
            }
          : {}),
      })
      .where(eq(frameworkAgreements.id, row.id));
    await record(tx, row, options, 'op.agreement.signed', {
      side,
      version: row.currentVersion,
      signedByBoth,
    });
    return { ok: true as const, signedByBoth };
  });
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

/**
 * Fixes the end of a signed agreement, in one transaction under its lock: the domain plans it
 * from the row and its signed terms (or refuses in French), then the row and the audit log.
 */
async function endAgreement(
  options: Transition,
  action: 'op.agreement.notice' | 'op.agreement.terminated',
  plan: (
    row: AgreementRow,
    terms: FrameworkTerms,
    side: AgreementSide,
  ) =>
    | { ok: true; endOn: string; set: Partial<AgreementRow>; data: Record<string, unknown> }
    | AgreementFailure,
): Promise<{ ok: true; endOn: string } | AgreementFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockAgreement(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { row, side } = locked;
    const planned = plan(row, readFrameworkTerms(await currentTerms(tx, row)), side);
    if (!planned.ok) {
      return planned;
    }
    await tx
      .update(frameworkAgreements)
      .set({ ...planned.set, endOn: planned.endOn })
      .where(eq(frameworkAgreements.id, row.id));
    await record(tx, row, options, action, { side, endOn: planned.endOn, ...planned.data });
    return { ok: true as const, endOn: planned.endOn };
  });
}

/** Either party's non-renewal notice (L631-24 VI): the agreement ends with the term it allows. */
export async function giveAgreementNotice(
  options: Transition & { givenOn: string },
): Promise<{ ok: true; endOn: string } | AgreementFailure> {
  return endAgreement(options, 'op.agreement.notice', (agreement, terms, side) => {
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
  return endAgreement(options, 'op.agreement.terminated', (agreement, terms, side) => {
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
