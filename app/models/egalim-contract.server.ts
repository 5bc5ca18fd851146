import { aliasedTable, and, asc, desc, eq, gte, isNull, lte, or, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import {
  auditLog,
  deliveryRounds,
  egalimContracts,
  egalimContractVersions,
  orderLines,
  orders,
  organisations,
} from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import {
  endAfterNotice,
  endAfterTermination,
  initialEnd,
} from '#app/domain/egalim/contract-dates.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import {
  type ContractTerms,
  ContractTermsSchema,
  validateContractTerms,
} from '#app/domain/egalim/contract-terms.ts';
import { isBovine } from '#app/domain/egalim/products.ts';
import { type MessageKey, t } from '#app/i18n/fr.ts';

type Executor = Database | Transaction;

export type ContractSide = 'producer' | 'buyer';
export type ContractStatus = 'draft' | 'proposed' | 'counter_proposed' | 'signed';
export type ContractRow = typeof egalimContracts.$inferSelect;
export type ContractVersion = typeof egalimContractVersions.$inferSelect;

export type ContractFailure = {
  ok: false;
  code: MessageKey;
  message: string;
  issues?: ContractIssue[];
};
const fail = (code: MessageKey, params: Record<string, string | number> = {}): ContractFailure => ({
  ok: false,
  code,
  message: t(code, params),
});

const producerOrg = aliasedTable(organisations, 'producer_org');
const buyerOrg = aliasedTable(organisations, 'buyer_org');

/** Lenient read of stored terms: a malformed document reads as empty (validation reports it). */
export function readTerms(value: unknown): ContractTerms {
  const parsed = ContractTermsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : ContractTermsSchema.parse({});
}

export type ContractListItem = {
  id: string;
  reference: string;
  title: string;
  egalimCategory: EgalimCategory;
  isSiqo: boolean;
  status: ContractStatus;
  side: ContractSide;
  producerName: string;
  buyerName: string;
  startOn: string | null;
  endOn: string | null;
  currentVersion: number;
};

/** Contracts where the organisation is the producer or the buyer. */
export async function listContracts(options: {
  organisationId: string;
}): Promise<ContractListItem[]> {
  const rows = await getDb()
    .select({
      contract: egalimContracts,
      producerName: producerOrg.name,
      buyerName: buyerOrg.name,
    })
    .from(egalimContracts)
    .innerJoin(producerOrg, eq(producerOrg.id, egalimContracts.producerId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, egalimContracts.buyerId))
    .where(
      or(
        eq(egalimContracts.producerId, options.organisationId),
        eq(egalimContracts.buyerId, options.organisationId),
      ),
    )
    .orderBy(desc(egalimContracts.createdAt));
  return rows.map(({ contract, producerName, buyerName }) => ({
    id: contract.id,
    reference: contract.reference,
    title: contract.title,
    egalimCategory: contract.egalimCategory as EgalimCategory,
    isSiqo: contract.isSiqo,
    status: contract.status,
    side: contract.producerId === options.organisationId ? 'producer' : 'buyer',
    producerName,
    buyerName,
    startOn: contract.startOn,
    endOn: contract.endOn,
    currentVersion: contract.currentVersion,
  }));
}

export type ContractDetail = {
  contract: ContractRow;
  side: ContractSide;
  producerName: string;
  buyerName: string;
  versions: ContractVersion[];
  /** The terms under negotiation or signed: the latest version, or the draft. */
  terms: ContractTerms;
  /** Issues of `terms` at the signature stage (empty: it can be signed). */
  issues: ContractIssue[];
};

/** The contract if the organisation is a party to it; null otherwise (answer 404). */
export async function getContract(options: {
  organisationId: string;
  contractId: string | undefined;
}): Promise<ContractDetail | null> {
  if (!options.contractId || !/^[0-9a-f-]{36}$/i.test(options.contractId)) {
    return null;
  }
  const [row] = await getDb()
    .select({ contract: egalimContracts, producerName: producerOrg.name, buyerName: buyerOrg.name })
    .from(egalimContracts)
    .innerJoin(producerOrg, eq(producerOrg.id, egalimContracts.producerId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, egalimContracts.buyerId))
    .where(
      and(
        eq(egalimContracts.id, options.contractId),
        or(
          eq(egalimContracts.producerId, options.organisationId),
          eq(egalimContracts.buyerId, options.organisationId),
        ),
      ),
    );
  if (!row) {
    return null;
  }
  const versions = await getDb()
    .select()
    .from(egalimContractVersions)
    .where(eq(egalimContractVersions.contractId, row.contract.id))
    .orderBy(asc(egalimContractVersions.number));
  const current = versions.at(-1);
  const terms = readTerms(current ? current.terms : row.contract.draftTerms);
  return {
    contract: row.contract,
    side: row.contract.producerId === options.organisationId ? 'producer' : 'buyer',
    producerName: row.producerName,
    buyerName: row.buyerName,
    versions,
    terms,
    issues: validateContractTerms(
      current ? current.terms : row.contract.draftTerms,
      row.contract.egalimCategory as EgalimCategory,
      'signed',
    ),
  };
}

/** Buyer organisations the producer delivers (stops of its rounds), for the new-contract form. */
export async function listKnownBuyers(options: { producerId: string }) {
  return getDb()
    .selectDistinct({ slug: organisations.slug, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, 'buyer'),
        sql`exists (select 1 from round_stops s join delivery_rounds r on r.id = s.round_id
                    where s.organisation_id = ${organisations.id} and r.producer_id = ${options.producerId})`,
      ),
    )
    .orderBy(asc(organisations.name));
}

/** A producer's new contract, in draft; its reference is `CTR-<year>-<n>` per producer. */
export async function createContractDraft(options: {
  producerId: string;
  buyerSlug: string;
  egalimCategory: EgalimCategory;
  isSiqo: boolean;
  title: string;
  terms?: unknown;
  year: number;
  actorId: string | null;
}): Promise<{ ok: true; id: string; reference: string } | ContractFailure> {
  const [buyer] = await getDb()
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.slug, options.buyerSlug), eq(organisations.kind, 'buyer')));
  if (!buyer) {
    return fail('egalim.contract.buyerUnknown');
  }
  if (buyer.id === options.producerId) {
    return fail('egalim.contract.sameParties');
  }
  return getDb().transaction(async (tx) => {
    // The producer row serialises reference allocation.
    await tx.execute(sql`select 1 from organisations where id = ${options.producerId} for update`);
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${egalimContracts.sequence}), 0)::int` })
      .from(egalimContracts)
      .where(eq(egalimContracts.producerId, options.producerId));
    const sequence = (last?.n ?? 0) + 1;
    const reference = `CTR-${options.year}-${String(sequence).padStart(4, '0')}`;
    const [created] = await tx
      .insert(egalimContracts)
      .values({
        producerId: options.producerId,
        buyerId: buyer.id,
        sequence,
        reference,
        egalimCategory: options.egalimCategory,
        isSiqo: options.isSiqo && isBovine(options.egalimCategory),
        title: options.title,
        draftTerms: options.terms ?? {},
        createdBy: options.actorId,
      })
      .returning({ id: egalimContracts.id });
    await audit(tx, options.actorId, options.producerId, 'egalim.contract.created', created!.id, {
      reference,
    });
    return { ok: true as const, id: created!.id, reference };
  });
}

async function lockContract(tx: Transaction, organisationId: string, contractId: string) {
  const [row] = await tx
    .select()
    .from(egalimContracts)
    .where(
      and(
        eq(egalimContracts.id, contractId),
        or(
          eq(egalimContracts.producerId, organisationId),
          eq(egalimContracts.buyerId, organisationId),
        ),
      ),
    )
    .for('update');
  if (!row) {
    return null;
  }
  return { row, side: (row.producerId === organisationId ? 'producer' : 'buyer') as ContractSide };
}

/**
 * Locks the contract for a transition by one of its parties; a foreign or unknown contract and,
 * when `side` is given, the other party answer with the matching failure.
 */
async function lockForTransition(
  tx: Transaction,
  options: Pick<Transition, 'organisationId' | 'contractId'>,
  side?: ContractSide,
): Promise<{ row: ContractRow; side: ContractSide } | ContractFailure> {
  const locked = await lockContract(tx, options.organisationId, options.contractId);
  if (!locked) {
    return fail('egalim.contract.notFound');
  }
  if (side && locked.side !== side) {
    return fail(side === 'producer' ? 'egalim.contract.notProducer' : 'egalim.contract.notBuyer');
  }
  return locked;
}

async function currentTerms(tx: Transaction, contract: ContractRow): Promise<unknown> {
  if (contract.currentVersion === 0) {
    return contract.draftTerms;
  }
  const [version] = await tx
    .select({ terms: egalimContractVersions.terms })
    .from(egalimContractVersions)
    .where(
      and(
        eq(egalimContractVersions.contractId, contract.id),
        eq(egalimContractVersions.number, contract.currentVersion),
      ),
    );
  return version?.terms ?? {};
}

type Transition = {
  organisationId: string;
  contractId: string;
  actorId: string | null;
};

/** The producer edits the draft before the first written proposal. */
export async function saveDraftTerms(
  options: Transition & { terms: unknown },
): Promise<{ ok: true } | ContractFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options, 'producer');
    if ('ok' in locked) {
      return locked;
    }
    if (locked.row.status !== 'draft') {
      return fail('egalim.contract.notDraft');
    }
    await tx
      .update(egalimContracts)
      .set({ draftTerms: options.terms })
      .where(eq(egalimContracts.id, locked.row.id));
    await audit(
      tx,
      options.actorId,
      options.organisationId,
      'egalim.contract.draft_saved',
      locked.row.id,
      {},
    );
    return { ok: true as const };
  });
}

/**
 * The producer's written proposal (EG-08): from the draft it becomes version 1, frozen and
 * annexed forever (EG-09); after a counter-proposal, the producer's answer is a new version.
 * Signatures of an earlier version lapse.
 */
export async function sendProposal(
  options: Transition & { terms?: unknown },
): Promise<{ ok: true; version: number } | ContractFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options, 'producer');
    if ('ok' in locked) {
      return locked;
    }
    const { row } = locked;
    if (row.status === 'signed') {
      return fail('egalim.contract.notNegotiating');
    }
    if (
      row.status === 'draft' &&
      Object.keys(row.draftTerms ?? {}).length === 0 &&
      !options.terms
    ) {
      return fail('egalim.contract.nothingToPropose');
    }
    const terms =
      options.terms ?? (row.status === 'draft' ? row.draftTerms : await currentTerms(tx, row));
    const version = row.currentVersion + 1;
    await tx.insert(egalimContractVersions).values({
      contractId: row.id,
      number: version,
      kind: 'proposal',
      authorSide: 'producer',
      authorUserId: options.actorId,
      terms,
    });
    await tx
      .update(egalimContracts)
      .set({ status: 'proposed', currentVersion: version, ...clearedSignatures })
      .where(eq(egalimContracts.id, row.id));
    await audit(tx, options.actorId, options.organisationId, 'egalim.contract.proposed', row.id, {
      version,
    });
    return { ok: true as const, version };
  });
}

const clearedSignatures = {
  producerSignedAt: null,
  producerSignedBy: null,
  buyerSignedAt: null,
  buyerSignedBy: null,
};

/** The buyer's counter-proposal, with its mandatory written reason (EG-08). */
export async function counterPropose(
  options: Transition & { terms: unknown; reason: string },
): Promise<{ ok: true; version: number } | ContractFailure> {
  const reason = options.reason.trim();
  if (reason.length < 3) {
    return fail('egalim.contract.reasonRequired');
  }
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options, 'buyer');
    if ('ok' in locked) {
      return locked;
    }
    const { row } = locked;
    if (row.status !== 'proposed' && row.status !== 'counter_proposed') {
      return fail('egalim.contract.notNegotiating');
    }
    const version = row.currentVersion + 1;
    await tx.insert(egalimContractVersions).values({
      contractId: row.id,
      number: version,
      kind: 'counter_proposal',
      authorSide: 'buyer',
      authorUserId: options.actorId,
      reason,
      terms: options.terms,
    });
    await tx
      .update(egalimContracts)
      .set({ status: 'counter_proposed', currentVersion: version, ...clearedSignatures })
      .where(eq(egalimContracts.id, row.id));
    await audit(tx, options.actorId, options.organisationId, 'egalim.contract.countered', row.id, {
      version,
      reason,
    });
    return { ok: true as const, version };
  });
}

/**
 * One party signs the current version. Refused while the version misses a mandatory clause
 * (validateContract at the signature stage); once both have signed, the contract runs from its
 * start date, for its duration, tacitly renewed unless stipulated otherwise (L631-24 VI).
 */
export async function signContract(
  options: Transition & { now: Date },
): Promise<{ ok: true; signedByBoth: boolean } | ContractFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { row, side } = locked;
    if (row.status !== 'proposed' && row.status !== 'counter_proposed') {
      return fail('egalim.contract.notNegotiating');
    }
    if ((side === 'producer' ? row.producerSignedAt : row.buyerSignedAt) !== null) {
      return fail('egalim.contract.alreadySigned');
    }
    const rawTerms = await currentTerms(tx, row);
    const issues = validateContractTerms(rawTerms, row.egalimCategory as EgalimCategory, 'signed');
    if (issues.length > 0) {
      return { ...fail('egalim.contract.blocking', { count: issues.length }), issues };
    }
    const terms = readTerms(rawTerms);
    const signature =
      side === 'producer'
        ? { producerSignedAt: options.now, producerSignedBy: options.actorId }
        : { buyerSignedAt: options.now, buyerSignedBy: options.actorId };
    const signedByBoth = (side === 'producer' ? row.buyerSignedAt : row.producerSignedAt) !== null;
    const startOn = terms.startOn!;
    const durationYears = terms.durationYears!;
    await tx
      .update(egalimContracts)
      .set({
        ...signature,
        ...(signedByBoth
          ? {
              status: 'signed' as const,
              signedAt: options.now,
              startOn,
              endOn: initialEnd(startOn, durationYears, terms.renewal?.tacit ?? true),
            }
          : {}),
      })
      .where(eq(egalimContracts.id, row.id));
    await audit(tx, options.actorId, options.organisationId, 'egalim.contract.signed', row.id, {
      side,
      version: row.currentVersion,
      signedByBoth,
    });
    return { ok: true as const, signedByBoth };
  });
}

async function signedTerms(tx: Transaction, row: ContractRow): Promise<ContractTerms> {
  return readTerms(await currentTerms(tx, row));
}

/** Non-renewal notice (L631-24 VI): the contract ends with the first term the notice allows. */
export async function giveNotice(
  options: Transition & { givenOn: string },
): Promise<{ ok: true; endOn: string } | ContractFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { row, side } = locked;
    if (row.status !== 'signed') {
      return fail('egalim.contract.notSigned');
    }
    if (row.endOn !== null && row.endOn < options.givenOn) {
      return fail('egalim.contract.ended');
    }
    if (row.noticeGivenOn !== null) {
      return fail('egalim.contract.noticeAlready');
    }
    const terms = await signedTerms(tx, row);
    if (terms.renewal?.tacit === false) {
      return fail('egalim.contract.noTacitRenewal');
    }
    const months =
      side === 'buyer' ? terms.renewal?.buyerNoticeMonths : terms.renewal?.producerNoticeMonths;
    if (months === undefined) {
      return fail('egalim.contract.noticeMissing');
    }
    const endOn = endAfterNotice({
      startOn: row.startOn!,
      durationYears: terms.durationYears!,
      givenOn: options.givenOn,
      noticeMonths: months,
    });
    await tx
      .update(egalimContracts)
      .set({ noticeGivenOn: options.givenOn, noticeBy: side, endOn })
      .where(eq(egalimContracts.id, row.id));
    await audit(tx, options.actorId, options.organisationId, 'egalim.contract.notice', row.id, {
      side,
      givenOn: options.givenOn,
      endOn,
    });
    return { ok: true as const, endOn };
  });
}

/** Termination for one of the contract's cases (EG-10 7°), effective once its notice has run. */
export async function terminateContract(
  options: Transition & { givenOn: string; caseIndex: number; reason: string },
): Promise<{ ok: true; endOn: string } | ContractFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockForTransition(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { row, side } = locked;
    if (row.status !== 'signed') {
      return fail('egalim.contract.notSigned');
    }
    if ((row.endOn !== null && row.endOn < options.givenOn) || row.terminatedOn !== null) {
      return fail('egalim.contract.ended');
    }
    const terms = await signedTerms(tx, row);
    const entry = terms.termination[options.caseIndex];
    if (!entry) {
      return fail('egalim.contract.caseUnknown');
    }
    const effective = endAfterTermination(options.givenOn, entry.noticeMonths ?? 0);
    const endOn = row.endOn !== null && row.endOn < effective ? row.endOn : effective;
    const reason = [entry.case, options.reason.trim()].filter(Boolean).join(' — ');
    await tx
      .update(egalimContracts)
      .set({ terminatedOn: options.givenOn, terminationReason: reason, endOn })
      .where(eq(egalimContracts.id, row.id));
    await audit(tx, options.actorId, options.organisationId, 'egalim.contract.terminated', row.id, {
      side,
      givenOn: options.givenOn,
      endOn,
      reason,
    });
    return { ok: true as const, endOn };
  });
}

export type CoveringContractRow = { id: string; reference: string; terms: ContractTerms };

/**
 * The signed contract between the producer and the buyer for this production that covers the
 * delivery day (the most recently signed when several do).
 */
export async function findCoveringContract(
  executor: Executor,
  options: {
    producerId: string;
    buyerId: string;
    egalimCategory: string;
    isSiqo: boolean;
    day: string;
  },
): Promise<CoveringContractRow | null> {
  const [row] = await executor
    .select({
      id: egalimContracts.id,
      reference: egalimContracts.reference,
      terms: egalimContractVersions.terms,
    })
    .from(egalimContracts)
    .innerJoin(
      egalimContractVersions,
      and(
        eq(egalimContractVersions.contractId, egalimContracts.id),
        eq(egalimContractVersions.number, egalimContracts.currentVersion),
      ),
    )
    .where(
      and(
        eq(egalimContracts.producerId, options.producerId),
        eq(egalimContracts.buyerId, options.buyerId),
        eq(egalimContracts.egalimCategory, options.egalimCategory),
        eq(
          egalimContracts.isSiqo,
          options.isSiqo && isBovine(options.egalimCategory as EgalimCategory),
        ),
        eq(egalimContracts.status, 'signed'),
        lte(egalimContracts.startOn, options.day),
        or(isNull(egalimContracts.endOn), gte(egalimContracts.endOn, options.day)),
      ),
    )
    .orderBy(desc(egalimContracts.signedAt))
    .limit(1);
  return row ? { id: row.id, reference: row.reference, terms: readTerms(row.terms) } : null;
}

export type DeliveredMonth = { month: string; quantityMilli: number; saleUnit: string };

/**
 * Volume delivered under the contract, per delivery month: professional order lines carrying
 * its reference (delivered quantity when recorded, the weighed weight for variable weight).
 */
export async function getDeliveredVolume(options: {
  contract: ContractRow;
}): Promise<DeliveredMonth[]> {
  const { contract } = options;
  const rows = await getDb()
    .select({
      month: sql<string>`to_char(${deliveryRounds.deliveryOn}, 'YYYY-MM')`,
      saleUnit: sql<string>`max(${orderLines.saleUnit})`,
      quantityMilli: sql<number>`sum(case when ${orderLines.isVariableWeight} and ${orderLines.actualWeightGrams} is not null
        then ${orderLines.actualWeightGrams}
        else coalesce(${orderLines.deliveredQuantityMilli}, ${orderLines.quantityMilli}) end)::int`,
    })
    .from(orderLines)
    .innerJoin(orders, eq(orders.id, orderLines.orderId))
    .innerJoin(deliveryRounds, eq(deliveryRounds.id, orders.roundId))
    .where(
      and(
        eq(orderLines.contractReference, contract.reference),
        eq(orders.sellerId, contract.producerId),
        eq(orders.customerOrganisationId, contract.buyerId),
        eq(orders.source, 'pro'),
        sql`${orders.status} <> 'cancelled'`,
      ),
    )
    .groupBy(sql`1`)
    .orderBy(sql`1`);
  return rows;
}

async function audit(
  tx: Transaction,
  actorId: string | null,
  organisationId: string,
  action: string,
  contractId: string,
  data: Record<string, unknown>,
) {
  await tx.insert(auditLog).values({
    actorUserId: actorId,
    organisationId,
    action,
    entity: 'egalim_contracts',
    entityId: contractId,
    data,
  });
}
