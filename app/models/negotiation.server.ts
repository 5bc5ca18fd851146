import { and, eq, getTableColumns, or } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import {
  type DecidedVersion,
  decideDraftSave,
  decideSignature,
  decideVersion,
  type NegotiationParty,
  type NegotiationRefusal,
  type NegotiationState,
  type NegotiationStatus,
  type PeriodTerms,
  readCounterReason,
  signedPeriod,
} from '#app/domain/negotiation/negotiation.ts';
import { isUuid } from './round.server.ts';

/**
 * The IO of the written negotiation (app/domain/negotiation) shared by Egalim contracts and
 * framework agreements: lock the document for one of its parties, freeze a version, clear or
 * record signatures, fix the end of a signed document, and the audit row, each transition in
 * one transaction. Each aggregate keeps its own tables, side names, audit and wording; `P`
 * names its proposing side ('producer', 'op'), which prefixes its columns (`producerId`,
 * `opSignedAt`…) as 'buyer' prefixes the buyer's.
 */

type Side<P extends string> = P | 'buyer';

/** The columns (drizzle keys) of a negotiated document that the shared transitions use. */
export type NegotiatedRow<P extends string> = {
  id: string;
  buyerId: string;
  egalimCategory: string;
  status: NegotiationStatus;
  draftTerms: unknown;
  currentVersion: number;
} & { [K in `${P}Id`]: string } & { [K in `${Side<P>}SignedAt`]: Date | null };

type Transition = { organisationId: string; id: string; actorId: string | null };

export type Locked<Row, P extends string> = {
  row: Row;
  party: NegotiationParty;
  /** The acting party by the aggregate's own name ('producer', 'op', 'buyer'). */
  side: Side<P>;
};

export type EndPlan<Row> = {
  ok: true;
  endOn: string;
  /** Columns set with `endOn` (notice or termination day, by whom, why). */
  set: Partial<Row>;
  /** Audited with `side` and `endOn`. */
  data: Record<string, unknown>;
};

export type NegotiatedAggregate<
  Row extends NegotiatedRow<P>,
  P extends string,
  Terms extends PeriodTerms,
  F extends { ok: false },
> = {
  table: PgTable & { $inferSelect: Row };
  /** The frozen versions (number, kind, author_side, author_user_id, reason, terms). */
  versions: PgTable;
  /** Key of the versions' column holding the document id (`contractId`, `agreementId`). */
  versionOwner: string;
  proposer: P;
  /** Audit actions are `<prefix>.draft_saved`, `.proposed`, `.countered`, `.signed`… */
  actionPrefix: string;
  audit: (
    tx: Transaction,
    input: { row: Row; organisationId: string; actorId: string | null },
    action: string,
    data: Record<string, unknown>,
  ) => Promise<void>;
  readTerms: (raw: unknown) => Terms;
  /** The aggregate's validator (mandatory clauses) at a stage. */
  validate: (
    raw: unknown,
    category: EgalimCategory,
    stage: 'proposal' | 'signed',
  ) => ContractIssue[];
  /** The aggregate's own refusal of a proposal's terms, after the state machine's checks. */
  checkProposal: (input: { row: Row; terms: unknown; given: unknown }) => F | null;
  /** The aggregate's wording of a refusal of the state machine. */
  refuse: (refusal: NegotiationRefusal) => F;
};

/** The shared transitions of one negotiated aggregate. */
export function negotiatedAggregate<
  Row extends NegotiatedRow<P>,
  P extends string,
  Terms extends PeriodTerms,
  F extends { ok: false },
>(config: NegotiatedAggregate<Row, P, Terms, F>) {
  const columns = getTableColumns(config.table) as Record<string, PgColumn>;
  const versionColumns = getTableColumns(config.versions) as Record<string, PgColumn>;
  const col = (key: string) => columns[key]!;
  const sideOf = (party: NegotiationParty): Side<P> =>
    party === 'proposer' ? config.proposer : 'buyer';
  const keyOf = (side: Side<P>, suffix: 'SignedAt' | 'SignedBy') => `${side}${suffix}`;

  const stateOf = (row: Row): NegotiationState => {
    const cells = row as unknown as Record<string, Date | null>;
    return {
      status: row.status,
      currentVersion: row.currentVersion,
      signedAt: {
        proposer: cells[keyOf(config.proposer, 'SignedAt')] ?? null,
        buyer: cells[keyOf('buyer', 'SignedAt')] ?? null,
      },
    };
  };

  const update = (tx: Transaction, row: Row, set: Record<string, unknown>) =>
    tx
      .update(config.table)
      .set(set as never)
      .where(eq(col('id'), row.id));

  const record = (
    tx: Transaction,
    row: Row,
    options: Transition,
    action: string,
    data: Record<string, unknown>,
  ) => config.audit(tx, { row, ...options }, `${config.actionPrefix}.${action}`, data);

  /** Locks the document for one of its parties; unknown or foreign: not found. */
  async function lock(tx: Transaction, options: Transition): Promise<Locked<Row, P> | F> {
    if (!isUuid(options.id)) {
      return config.refuse({ ok: false, reason: 'not_found' });
    }
    const [row] = (await tx
      .select()
      .from(config.table)
      .where(
        and(
          eq(col('id'), options.id),
          or(
            eq(col(`${config.proposer}Id`), options.organisationId),
            eq(col('buyerId'), options.organisationId),
          ),
        ),
      )
      .for('update')) as unknown as Row[];
    if (!row) {
      return config.refuse({ ok: false, reason: 'not_found' });
    }
    const proposerId = (row as unknown as Record<string, string>)[`${config.proposer}Id`];
    const party: NegotiationParty = proposerId === options.organisationId ? 'proposer' : 'buyer';
    return { row, party, side: sideOf(party) };
  }

  /** The terms under negotiation or signed: the current version's, or the draft's. */
  async function currentTerms(tx: Transaction, row: Row): Promise<unknown> {
    if (row.currentVersion === 0) {
      return row.draftTerms;
    }
    const [version] = (await tx
      .select({ terms: versionColumns.terms! })
      .from(config.versions)
      .where(
        and(
          eq(versionColumns[config.versionOwner]!, row.id),
          eq(versionColumns.number!, row.currentVersion),
        ),
      )) as { terms: unknown }[];
    return version?.terms ?? {};
  }

  /** Runs a transition in one transaction, under the document's lock. */
  function transition<R>(
    options: Transition,
    step: (tx: Transaction, locked: Locked<Row, P>) => Promise<R | F>,
  ): Promise<R | F> {
    return getDb().transaction(async (tx) => {
      const locked = await lock(tx, options);
      return 'row' in locked ? step(tx, locked) : locked;
    });
  }

  /** Inserts the decided frozen version; the signatures of the previous one lapse. */
  async function freezeVersion(
    tx: Transaction,
    row: Row,
    version: DecidedVersion,
    values: { actorId: string | null; terms: unknown; reason?: string },
  ) {
    await tx.insert(config.versions).values({
      [config.versionOwner]: row.id,
      number: version.number,
      kind: version.kind,
      authorSide: sideOf(version.author),
      authorUserId: values.actorId,
      ...(values.reason === undefined ? {} : { reason: values.reason }),
      terms: values.terms,
    } as never);
    await update(tx, row, {
      status: version.status,
      currentVersion: version.number,
      [keyOf(config.proposer, 'SignedAt')]: null,
      [keyOf(config.proposer, 'SignedBy')]: null,
      buyerSignedAt: null,
      buyerSignedBy: null,
    });
  }

  return {
    lock,
    currentTerms,

    /** The proposer edits the draft before its first written proposal. */
    saveDraft(options: Transition & { terms: unknown }): Promise<{ ok: true } | F> {
      return transition(options, async (tx, locked) => {
        const decided = decideDraftSave(stateOf(locked.row), locked.party);
        if (!decided.ok) {
          return config.refuse(decided);
        }
        await update(tx, locked.row, { draftTerms: options.terms });
        await record(tx, locked.row, options, 'draft_saved', {});
        return { ok: true as const };
      });
    },

    /**
     * The proposer's written proposal: from the draft, version 1; after a counter-proposal, its
     * answer. Without new terms, the draft's or the current version's are frozen again.
     */
    propose(options: Transition & { terms?: unknown }): Promise<{ ok: true; version: number } | F> {
      return transition(options, async (tx, { row, party }) => {
        const decided = decideVersion(stateOf(row), party, 'proposal');
        if (!decided.ok) {
          return config.refuse(decided);
        }
        const terms = options.terms ?? (await currentTerms(tx, row));
        const refused = config.checkProposal({ row, terms, given: options.terms });
        if (refused) {
          return refused;
        }
        await freezeVersion(tx, row, decided, { actorId: options.actorId, terms });
        await record(tx, row, options, 'proposed', { version: decided.number });
        return { ok: true as const, version: decided.number };
      });
    },

    /** The buyer's counter-proposal, with its mandatory written reason (EG-08). */
    async counterPropose(
      options: Transition & { terms: unknown; reason: string },
    ): Promise<{ ok: true; version: number } | F> {
      const read = readCounterReason(options.reason);
      if (!read.ok) {
        return config.refuse(read);
      }
      const { reason } = read;
      return transition(options, async (tx, { row, party }) => {
        const decided = decideVersion(stateOf(row), party, 'counter_proposal');
        if (!decided.ok) {
          return config.refuse(decided);
        }
        await freezeVersion(tx, row, decided, { ...options, reason });
        await record(tx, row, options, 'countered', { version: decided.number, reason });
        return { ok: true as const, version: decided.number };
      });
    },

    /**
     * One party signs the current version, refused while the validator at the signature stage
     * reports a missing clause; once both have signed, the document's period is fixed.
     */
    sign(options: Transition & { now: Date }): Promise<{ ok: true; signedByBoth: boolean } | F> {
      return transition(options, async (tx, locked) => {
        const { row, party, side } = locked;
        const raw = await currentTerms(tx, row);
        const decided = decideSignature(
          stateOf(row),
          party,
          config.validate(raw, row.egalimCategory as EgalimCategory, 'signed'),
        );
        if (!decided.ok) {
          return config.refuse(decided);
        }
        const { signedByBoth } = decided;
        await update(tx, row, {
          [keyOf(side, 'SignedAt')]: options.now,
          [keyOf(side, 'SignedBy')]: options.actorId,
          ...(signedByBoth
            ? {
                status: 'signed' as const,
                signedAt: options.now,
                ...signedPeriod(config.readTerms(raw)),
              }
            : {}),
        });
        await record(tx, row, options, 'signed', {
          side,
          version: row.currentVersion,
          signedByBoth,
        });
        return { ok: true as const, signedByBoth };
      });
    },

    /**
     * Fixes the end of a signed document (non-renewal notice, termination): `plan` decides from
     * the row and its signed terms, or refuses in French.
     */
    end(
      options: Transition,
      action: 'notice' | 'terminated',
      plan: (row: Row, terms: Terms, side: Side<P>) => EndPlan<Row> | F,
    ): Promise<{ ok: true; endOn: string } | F> {
      return transition(options, async (tx, { row, side }) => {
        const planned = plan(row, config.readTerms(await currentTerms(tx, row)), side);
        if (!planned.ok) {
          return planned;
        }
        await update(tx, row, { ...planned.set, endOn: planned.endOn });
        await record(tx, row, options, action, { side, endOn: planned.endOn, ...planned.data });
        return { ok: true as const, endOn: planned.endOn };
      });
    },
  };
}
