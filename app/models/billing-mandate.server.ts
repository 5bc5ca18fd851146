import { and, asc, eq, inArray, isNotNull, or, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import {
  auditLog,
  billingMandateBuyers,
  billingMandates,
  opMembers,
  organisations,
} from '#app/db/schema.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import {
  coversDay,
  defaultMandateSeries,
  endAfterRevocation,
  type MandataryKind,
  type MandateIssue,
  type MandateSide,
  type MandateState,
  mandateStateOn,
  mandatesOverlap,
  scopeCovers,
  validateBillingMandate,
} from '#app/domain/op/billing-mandate.ts';
import { type MessageKey, t } from '#app/i18n/fr.ts';

type Executor = Database | Transaction;
type MandateRow = typeof billingMandates.$inferSelect;

/** A billing mandate with its parties' names and scope (EG-23, INV-07). */
export type BillingMandate = {
  id: string;
  reference: string;
  mandatorId: string;
  mandatorName: string;
  mandataryId: string;
  mandataryName: string;
  mandataryKind: MandataryKind;
  coversAllBuyers: boolean;
  buyers: { id: string; name: string }[];
  egalimCategories: EgalimCategory[];
  operations: string;
  startOn: string;
  contestDays: number;
  invoiceSeries: string;
  mandatorSignedAt: Date | null;
  mandatarySignedAt: Date | null;
  signedOn: string | null;
  revokedOn: string | null;
  revokedBySide: MandateSide | null;
  revocationReason: string | null;
  endsOn: string | null;
};

export type MandateFailure = {
  ok: false;
  code: MessageKey;
  message: string;
  issues?: MandateIssue[];
};

const fail = (code: MessageKey, params: Record<string, string | number> = {}): MandateFailure => ({
  ok: false,
  code,
  message: t(code, params),
});

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function loadMandates(executor: Executor, rows: MandateRow[]): Promise<BillingMandate[]> {
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((r) => r.id);
  const orgIds = [...new Set(rows.flatMap((r) => [r.mandatorId, r.mandataryId]))];
  const [orgs, buyers] = await Promise.all([
    executor
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(inArray(organisations.id, orgIds)),
    executor
      .select({
        mandateId: billingMandateBuyers.mandateId,
        id: organisations.id,
        name: organisations.name,
      })
      .from(billingMandateBuyers)
      .innerJoin(organisations, eq(organisations.id, billingMandateBuyers.buyerId))
      .where(inArray(billingMandateBuyers.mandateId, ids))
      .orderBy(asc(organisations.name)),
  ]);
  const org = new Map(orgs.map((o) => [o.id, o]));
  return rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    mandatorId: row.mandatorId,
    mandatorName: org.get(row.mandatorId)?.name ?? '',
    mandataryId: row.mandataryId,
    mandataryName: org.get(row.mandataryId)?.name ?? '',
    mandataryKind: org.get(row.mandataryId)?.kind === 'buyer' ? 'buyer' : 'op',
    coversAllBuyers: row.coversAllBuyers,
    buyers: buyers.filter((b) => b.mandateId === row.id).map(({ id, name }) => ({ id, name })),
    egalimCategories: row.egalimCategories as EgalimCategory[],
    operations: row.operations,
    startOn: row.startOn,
    contestDays: row.contestDays,
    invoiceSeries: row.invoiceSeries,
    mandatorSignedAt: row.mandatorSignedAt,
    mandatarySignedAt: row.mandatarySignedAt,
    signedOn: row.signedOn,
    revokedOn: row.revokedOn,
    revokedBySide: row.revokedBySide,
    revocationReason: row.revocationReason,
    endsOn: row.endsOn,
  }));
}

function scopeOf(mandate: BillingMandate) {
  return {
    coversAllBuyers: mandate.coversAllBuyers,
    buyerIds: mandate.buyers.map((b) => b.id),
    egalimCategories: mandate.egalimCategories,
  };
}

/** The mandate's state on `day` (Europe/Paris calendar day). */
export function billingMandateState(mandate: BillingMandate, day: string): MandateState {
  return mandateStateOn(mandate, day);
}

/** Which side of the mandate the organisation is; null when it is only a buyer in scope. */
export function sideOf(mandate: BillingMandate, organisationId: string): MandateSide | null {
  if (mandate.mandatorId === organisationId) {
    return 'mandator';
  }
  return mandate.mandataryId === organisationId ? 'mandatary' : null;
}

/**
 * The signed mandate by which `mandataryId` may invoice, in `producerId`'s name, a sale to
 * `buyerId` supplied on `on`; null when none covers that day. With `egalimCategory`, the
 * mandate must also cover that product; without it, the product scope is the caller's to check.
 * Pass the issuing transaction as `executor` to read inside it.
 */
export async function findActiveBillingMandate(
  options: {
    producerId: string;
    mandataryId: string;
    buyerId: string;
    on: string;
    egalimCategory?: EgalimCategory;
  },
  executor: Executor = getDb(),
): Promise<BillingMandate | null> {
  const rows = await executor
    .select()
    .from(billingMandates)
    .where(
      and(
        eq(billingMandates.mandatorId, options.producerId),
        eq(billingMandates.mandataryId, options.mandataryId),
        isNotNull(billingMandates.signedOn),
        sql`${billingMandates.startOn} <= ${options.on}::date`,
        sql`(${billingMandates.endsOn} is null or ${billingMandates.endsOn} >= ${options.on}::date)`,
      ),
    )
    .orderBy(asc(billingMandates.startOn));
  const mandates = await loadMandates(executor, rows);
  return (
    mandates.find(
      (m) =>
        coversDay(m, options.on) &&
        scopeCovers(scopeOf(m), {
          buyerId: options.buyerId,
          egalimCategory: options.egalimCategory,
        }),
    ) ?? null
  );
}

/** Mandates the organisation gave, holds, or whose invoices it receives as a buyer in scope. */
export async function listBillingMandates(options: {
  organisationId: string;
}): Promise<BillingMandate[]> {
  const rows = await getDb()
    .select()
    .from(billingMandates)
    .where(
      or(
        eq(billingMandates.mandatorId, options.organisationId),
        eq(billingMandates.mandataryId, options.organisationId),
        sql`exists (select 1 from billing_mandate_buyers b where b.mandate_id = ${billingMandates.id}
                    and b.buyer_id = ${options.organisationId})`,
      ),
    )
    .orderBy(asc(billingMandates.createdAt));
  return loadMandates(getDb(), rows);
}

/** The mandate if the organisation is a party to it or a buyer in its scope; null otherwise. */
export async function getBillingMandate(options: {
  organisationId: string;
  mandateId: string | undefined;
}): Promise<BillingMandate | null> {
  if (!options.mandateId || !UUID.test(options.mandateId)) {
    return null;
  }
  const [row] = await getDb()
    .select()
    .from(billingMandates)
    .where(eq(billingMandates.id, options.mandateId));
  if (!row) {
    return null;
  }
  const [mandate] = await loadMandates(getDb(), [row]);
  const visible =
    sideOf(mandate!, options.organisationId) !== null ||
    mandate!.buyers.some((b) => b.id === options.organisationId);
  return visible ? mandate! : null;
}

export type CreateMandateInput = {
  /** The organisation creating it: the mandator or the mandatary. */
  organisationId: string;
  mandatorId: string;
  mandataryId: string;
  buyerIds: string[];
  coversAllBuyers: boolean;
  egalimCategories: EgalimCategory[];
  operations: string;
  startOn: string;
  contestDays: number;
  invoiceSeries?: string;
  actorId: string | null;
};

/**
 * A new mandate, unsigned, proposed by one of its parties. Its reference is `MF-<year>-<n>`
 * per mandator (year of the start date). Refused with every issue of validateBillingMandate.
 */
export async function createBillingMandate(
  input: CreateMandateInput,
): Promise<{ ok: true; id: string; reference: string } | MandateFailure> {
  if (input.organisationId !== input.mandatorId && input.organisationId !== input.mandataryId) {
    return fail('mandate.notParty');
  }
  const parties = await getDb()
    .select({ id: organisations.id, kind: organisations.kind })
    .from(organisations)
    .where(inArray(organisations.id, [input.mandatorId, input.mandataryId, ...input.buyerIds]));
  const kindOf = (id: string) => parties.find((p) => p.id === id)?.kind ?? 'unknown';
  if (input.buyerIds.some((id) => kindOf(id) !== 'buyer')) {
    return fail('mandate.buyerUnknown');
  }
  const mandataryKind = kindOf(input.mandataryId);
  const buyerIds = [...new Set(input.buyerIds)];
  const invoiceSeries =
    input.invoiceSeries?.trim().toUpperCase() ||
    defaultMandateSeries(mandataryKind === 'buyer' ? 'buyer' : 'op');
  const issues = validateBillingMandate({
    ...input,
    buyerIds,
    mandatorKind: kindOf(input.mandatorId),
    mandataryKind,
    invoiceSeries,
  });
  if (issues.length > 0) {
    return { ...fail('mandate.invalid', { count: issues.length }), issues };
  }
  if (mandataryKind === 'op') {
    // The invoicing delegated to the OP is that of the products it markets (L631-24 V).
    const [member] = await getDb()
      .select({ id: opMembers.id })
      .from(opMembers)
      .where(
        and(
          eq(opMembers.opId, input.mandataryId),
          eq(opMembers.producerId, input.mandatorId),
          sql`${opMembers.joinedOn} <= ${input.startOn}::date`,
          sql`(${opMembers.leftOn} is null or ${opMembers.leftOn} >= ${input.startOn}::date)`,
        ),
      );
    if (!member) {
      return fail('mandate.notMember', { start: input.startOn });
    }
  }
  return getDb().transaction(async (tx) => {
    // The mandator row serialises reference allocation and signatures of its mandates.
    await tx.execute(sql`select 1 from organisations where id = ${input.mandatorId} for update`);
    const seriesTaken = await tx
      .select({ id: billingMandates.id })
      .from(billingMandates)
      .where(
        and(
          eq(billingMandates.mandatorId, input.mandatorId),
          eq(billingMandates.invoiceSeries, invoiceSeries),
          sql`${billingMandates.mandataryId} <> ${input.mandataryId}`,
        ),
      )
      .limit(1);
    if (seriesTaken.length > 0) {
      return fail('mandate.seriesTaken', { series: invoiceSeries });
    }
    const [last] = await tx
      .select({ n: sql<number>`coalesce(max(${billingMandates.sequence}), 0)::int` })
      .from(billingMandates)
      .where(eq(billingMandates.mandatorId, input.mandatorId));
    const sequence = (last?.n ?? 0) + 1;
    const reference = `MF-${input.startOn.slice(0, 4)}-${String(sequence).padStart(4, '0')}`;
    const [created] = await tx
      .insert(billingMandates)
      .values({
        mandatorId: input.mandatorId,
        mandataryId: input.mandataryId,
        sequence,
        reference,
        coversAllBuyers: input.coversAllBuyers,
        egalimCategories: [...new Set(input.egalimCategories)],
        operations: input.operations.trim(),
        startOn: input.startOn,
        contestDays: input.contestDays,
        invoiceSeries,
        createdBy: input.actorId,
      })
      .returning({ id: billingMandates.id });
    if (buyerIds.length > 0) {
      await tx
        .insert(billingMandateBuyers)
        .values(buyerIds.map((buyerId) => ({ mandateId: created!.id, buyerId })));
    }
    await audit(tx, input, 'billing_mandate.created', created!.id, { reference });
    return { ok: true as const, id: created!.id, reference };
  });
}

type MandateAction = { organisationId: string; mandateId: string; actorId: string | null };

async function lockMandate(
  tx: Transaction,
  options: MandateAction,
): Promise<{ mandate: BillingMandate; side: MandateSide } | MandateFailure> {
  if (!UUID.test(options.mandateId)) {
    return fail('mandate.notFound');
  }
  const [head] = await tx
    .select({ mandatorId: billingMandates.mandatorId })
    .from(billingMandates)
    .where(eq(billingMandates.id, options.mandateId));
  if (!head) {
    return fail('mandate.notFound');
  }
  await tx.execute(sql`select 1 from organisations where id = ${head.mandatorId} for update`);
  const rows = await tx
    .select()
    .from(billingMandates)
    .where(eq(billingMandates.id, options.mandateId))
    .for('update');
  const [mandate] = await loadMandates(tx, rows);
  const side = mandate ? sideOf(mandate, options.organisationId) : null;
  if (!mandate || !side) {
    return fail('mandate.notFound');
  }
  return { mandate, side };
}

/**
 * One party signs (the producer gives the mandate, the mandatary accepts it). With both
 * signatures the mandate is written: `signed_on` is today in Paris, and a mandate is prior to
 * the invoices it covers, so it must not start before (INV-07). Only one mandate may invoice a
 * given sale: a signed mandate of the same producer covering the same buyer, products and days
 * blocks the second signature.
 */
export async function signBillingMandate(
  options: MandateAction & { now: Date },
): Promise<{ ok: true; signedByBoth: boolean } | MandateFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockMandate(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { mandate, side } = locked;
    if ((side === 'mandator' ? mandate.mandatorSignedAt : mandate.mandatarySignedAt) !== null) {
      return fail('mandate.alreadySigned');
    }
    const today = parisDayOf(options.now);
    const signedByBoth =
      (side === 'mandator' ? mandate.mandatarySignedAt : mandate.mandatorSignedAt) !== null;
    if (today > mandate.startOn) {
      return fail('mandate.notPrior', { start: mandate.startOn });
    }
    if (signedByBoth) {
      const others = await loadMandates(
        tx,
        await tx
          .select()
          .from(billingMandates)
          .where(
            and(
              eq(billingMandates.mandatorId, mandate.mandatorId),
              isNotNull(billingMandates.signedOn),
            ),
          ),
      );
      const conflict = others.find((other) =>
        mandatesOverlap(
          { ...scopeOf(mandate), ...mandate, signedOn: today },
          { ...scopeOf(other), ...other },
        ),
      );
      if (conflict) {
        return fail('mandate.overlap', {
          reference: conflict.reference,
          mandatary: conflict.mandataryName,
        });
      }
    }
    const signature =
      side === 'mandator'
        ? { mandatorSignedAt: options.now, mandatorSignedBy: options.actorId }
        : { mandatarySignedAt: options.now, mandatarySignedBy: options.actorId };
    await tx
      .update(billingMandates)
      .set({ ...signature, ...(signedByBoth ? { signedOn: today } : {}) })
      .where(eq(billingMandates.id, mandate.id));
    await audit(tx, options, 'billing_mandate.signed', mandate.id, { side, signedByBoth });
    return { ok: true as const, signedByBoth };
  });
}

/**
 * Revocation by the producer, or renunciation by the mandatary, at any time: the mandate still
 * covers supplies up to one month after the notice (L631-24 V), then ends.
 */
export async function revokeBillingMandate(
  options: MandateAction & { givenOn: string; reason: string },
): Promise<{ ok: true; endsOn: string } | MandateFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockMandate(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { mandate, side } = locked;
    if (mandate.signedOn === null) {
      return fail('mandate.notSigned');
    }
    if (mandate.revokedOn !== null) {
      return fail('mandate.alreadyRevoked', { end: mandate.endsOn ?? '' });
    }
    if (options.givenOn < mandate.signedOn) {
      return fail('mandate.revokeBeforeSignature');
    }
    const endsOn = endAfterRevocation(options.givenOn);
    const reason = options.reason.trim().slice(0, 500);
    await tx
      .update(billingMandates)
      .set({
        revokedOn: options.givenOn,
        revokedBySide: side,
        revokedBy: options.actorId,
        revocationReason: reason || null,
        endsOn,
      })
      .where(eq(billingMandates.id, mandate.id));
    await audit(tx, options, 'billing_mandate.revoked', mandate.id, {
      side,
      givenOn: options.givenOn,
      endsOn,
    });
    return { ok: true as const, endsOn };
  });
}

/** A proposal nobody has signed yet can be withdrawn by either party. */
export async function withdrawBillingMandate(
  options: MandateAction,
): Promise<{ ok: true } | MandateFailure> {
  return getDb().transaction(async (tx) => {
    const locked = await lockMandate(tx, options);
    if ('ok' in locked) {
      return locked;
    }
    const { mandate } = locked;
    if (mandate.mandatorSignedAt !== null || mandate.mandatarySignedAt !== null) {
      return fail('mandate.signedKept');
    }
    await tx.delete(billingMandates).where(eq(billingMandates.id, mandate.id));
    await audit(tx, options, 'billing_mandate.withdrawn', mandate.id, {
      reference: mandate.reference,
    });
    return { ok: true as const };
  });
}

async function audit(
  tx: Transaction,
  options: { organisationId: string; actorId: string | null },
  action: string,
  mandateId: string,
  data: Record<string, unknown>,
) {
  await tx.insert(auditLog).values({
    actorUserId: options.actorId,
    organisationId: options.organisationId,
    action,
    entity: 'billing_mandates',
    entityId: mandateId,
    data,
  });
}
