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
import { endAfterNotice, endAfterTermination } from '#app/domain/egalim/contract-dates.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import {
  type ContractTerms,
  ContractTermsSchema,
  validateContractTerms,
} from '#app/domain/egalim/contract-terms.ts';
import { isBovine } from '#app/domain/egalim/products.ts';
import type { NegotiationRefusalReason } from '#app/domain/negotiation/negotiation.ts';
import { type MessageKey, t } from '#app/i18n/fr.ts';
import { negotiatedAggregate } from './negotiation.server.ts';

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

const REFUSALS: Record<NegotiationRefusalReason, MessageKey> = {
  not_found: 'egalim.contract.notFound',
  not_proposer: 'egalim.contract.notProducer',
  not_buyer: 'egalim.contract.notBuyer',
  not_draft: 'egalim.contract.notDraft',
  signed: 'egalim.contract.notNegotiating',
  not_negotiating: 'egalim.contract.notNegotiating',
  reason_required: 'egalim.contract.reasonRequired',
  already_signed: 'egalim.contract.alreadySigned',
  blocking: 'egalim.contract.blocking',
};

/** The contracts' negotiation (app/domain/negotiation): the producer proposes. */
const negotiation = negotiatedAggregate({
  table: egalimContracts,
  versions: egalimContractVersions,
  versionOwner: 'contractId',
  proposer: 'producer',
  actionPrefix: 'egalim.contract',
  audit: (tx, { row, organisationId, actorId }, action, data) =>
    audit(tx, actorId, organisationId, action, row.id, data),
  readTerms,
  validate: validateContractTerms,
  // The producer may propose incomplete terms (the buyer's counter-proposals complete them),
  // not an empty draft.
  checkProposal: ({ row, given }) =>
    row.status === 'draft' && Object.keys(row.draftTerms ?? {}).length === 0 && !given
      ? fail('egalim.contract.nothingToPropose')
      : null,
  refuse: ({ reason, issues }) => {
    const failure = fail(REFUSALS[reason], { count: issues?.length ?? 0 });
    return issues ? { ...failure, issues } : failure;
  },
});

type Transition = {
  organisationId: string;
  contractId: string;
  actorId: string | null;
};

const on = <O extends Transition>(options: O) => ({ ...options, id: options.contractId });

/** The producer edits the draft before the first written proposal. */
export async function saveDraftTerms(
  options: Transition & { terms: unknown },
): Promise<{ ok: true } | ContractFailure> {
  return negotiation.saveDraft(on(options));
}

/**
 * The producer's written proposal (EG-08): from the draft it becomes version 1, frozen and
 * annexed forever (EG-09); after a counter-proposal, the producer's answer is a new version.
 * Signatures of an earlier version lapse.
 */
export async function sendProposal(
  options: Transition & { terms?: unknown },
): Promise<{ ok: true; version: number } | ContractFailure> {
  return negotiation.propose(on(options));
}

/** The buyer's counter-proposal, with its mandatory written reason (EG-08). */
export async function counterPropose(
  options: Transition & { terms: unknown; reason: string },
): Promise<{ ok: true; version: number } | ContractFailure> {
  return negotiation.counterPropose(on(options));
}

/**
 * One party signs the current version. Refused while the version misses a mandatory clause
 * (validateContract at the signature stage); once both have signed, the contract runs from its
 * start date, for its duration, tacitly renewed unless stipulated otherwise (L631-24 VI).
 */
export async function signContract(
  options: Transition & { now: Date },
): Promise<{ ok: true; signedByBoth: boolean } | ContractFailure> {
  return negotiation.sign(on(options));
}

/** Non-renewal notice (L631-24 VI): the contract ends with the first term the notice allows. */
export async function giveNotice(
  options: Transition & { givenOn: string },
): Promise<{ ok: true; endOn: string } | ContractFailure> {
  return negotiation.end(on(options), 'notice', (row, terms, side) => {
    if (row.status !== 'signed') {
      return fail('egalim.contract.notSigned');
    }
    if (row.endOn !== null && row.endOn < options.givenOn) {
      return fail('egalim.contract.ended');
    }
    if (row.noticeGivenOn !== null) {
      return fail('egalim.contract.noticeAlready');
    }
    if (terms.renewal?.tacit === false) {
      return fail('egalim.contract.noTacitRenewal');
    }
    const months =
      side === 'buyer' ? terms.renewal?.buyerNoticeMonths : terms.renewal?.producerNoticeMonths;
    if (months === undefined) {
      return fail('egalim.contract.noticeMissing');
    }
    return {
      ok: true,
      endOn: endAfterNotice({
        startOn: row.startOn!,
        durationYears: terms.durationYears!,
        givenOn: options.givenOn,
        noticeMonths: months,
      }),
      set: { noticeGivenOn: options.givenOn, noticeBy: side },
      data: { givenOn: options.givenOn },
    };
  });
}

/** Termination for one of the contract's cases (EG-10 7°), effective once its notice has run. */
export async function terminateContract(
  options: Transition & { givenOn: string; caseIndex: number; reason: string },
): Promise<{ ok: true; endOn: string } | ContractFailure> {
  return negotiation.end(on(options), 'terminated', (row, terms) => {
    if (row.status !== 'signed') {
      return fail('egalim.contract.notSigned');
    }
    if ((row.endOn !== null && row.endOn < options.givenOn) || row.terminatedOn !== null) {
      return fail('egalim.contract.ended');
    }
    const entry = terms.termination[options.caseIndex];
    if (!entry) {
      return fail('egalim.contract.caseUnknown');
    }
    const effective = endAfterTermination(options.givenOn, entry.noticeMonths ?? 0);
    const reason = [entry.case, options.reason.trim()].filter(Boolean).join(' — ');
    return {
      ok: true,
      endOn: row.endOn !== null && row.endOn < effective ? row.endOn : effective,
      set: { terminatedOn: options.givenOn, terminationReason: reason },
      data: { givenOn: options.givenOn, reason },
    };
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
