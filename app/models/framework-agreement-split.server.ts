import { and, eq, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { frameworkAgreementSplits, opDeliveries } from '#app/db/schema.ts';
import { addDays } from '#app/domain/calendar/paris-time.ts';
import { termEnd } from '#app/domain/egalim/contract-dates.ts';
import { toleranceBp, totalQuantityMilli } from '#app/domain/op/framework-terms.ts';
import { isMemberOn, type VolumeUnit } from '#app/domain/op/members.ts';
import { formatQuantity } from '#app/domain/op/quantities.ts';
import {
  checkSplit,
  compareDeliveredToSplit,
  type MemberGap,
  type SplitIssue,
  type SplitShare,
  splitVolume,
} from '#app/domain/op/volume-split.ts';
import { getAgreement } from './framework-agreement.server.ts';
import { audit, listOpMembers, type OpMember } from './op-member.server.ts';

export type SplitRow = {
  memberId: string;
  memberNumber: string;
  producerName: string;
  referenceMilli: number;
  quantityMilli: number;
};

export type AgreementSplit = {
  totalMilli: number | null;
  unit: VolumeUnit | undefined;
  /** Stored split (empty until the OP saves one). */
  saved: SplitRow[];
  /** Proportional split of the current members' reference volumes (largest remainder). */
  proposed: SplitRow[];
  period: { start: string; end: string } | null;
  gaps: (MemberGap & { memberNumber: string; producerName: string })[];
  toleranceBp: number;
};

/**
 * A member's reference volume for the agreement's product: its declared annual volume of the
 * latest year up to `year` (0 when it declared none).
 */
function referenceOf(member: OpMember, category: string, year: number): number {
  const volumes = member.volumes
    .filter((v) => v.egalimCategory === category && v.year <= year)
    .sort((a, b) => b.year - a.year);
  return volumes[0]?.quantityMilli ?? 0;
}

/** The agreement year (12 months from its start) running on `on`. */
export function agreementPeriod(startOn: string, on: string): { start: string; end: string } {
  let period = 1;
  while (termEnd(startOn, 1, period) < on) {
    period += 1;
  }
  const end = termEnd(startOn, 1, period);
  return { start: period === 1 ? startOn : addDays(termEnd(startOn, 1, period - 1), 1), end };
}

/** Split, proposal and delivered-vs-split of an agreement, as seen by its OP or buyer. */
export async function getAgreementSplit(options: {
  organisationId: string;
  agreementId: string;
  on: string;
}): Promise<AgreementSplit | null> {
  const detail = await getAgreement(options);
  if (!detail) {
    return null;
  }
  const { agreement, terms } = detail;
  const members = (await listOpMembers({ opId: agreement.opId })).filter((m) =>
    isMemberOn(m, options.on),
  );
  const year = Number(options.on.slice(0, 4));
  const totalMilli = totalQuantityMilli(terms);
  const saved = await getDb()
    .select()
    .from(frameworkAgreementSplits)
    .where(eq(frameworkAgreementSplits.agreementId, agreement.id));
  const everyone = await listOpMembers({ opId: agreement.opId });
  const describe = (memberId: string) => everyone.find((m) => m.id === memberId);
  const references = members.map((m) => ({
    memberId: m.id,
    referenceMilli: referenceOf(m, agreement.egalimCategory, year),
  }));
  const proposed =
    totalMilli === null
      ? []
      : splitVolume(totalMilli, references).map((share, index) => ({
          ...share,
          referenceMilli: references[index]!.referenceMilli,
          memberNumber: members[index]!.memberNumber,
          producerName: members[index]!.producerName,
        }));
  const savedRows = saved.map((row) => ({
    memberId: row.memberId,
    memberNumber: describe(row.memberId)?.memberNumber ?? '',
    producerName: describe(row.memberId)?.producerName ?? '',
    referenceMilli: row.referenceMilli,
    quantityMilli: row.quantityMilli,
  }));
  const period = agreement.startOn ? agreementPeriod(agreement.startOn, options.on) : null;
  const tolerance = toleranceBp(terms);
  let gaps: AgreementSplit['gaps'] = [];
  if (period && savedRows.length > 0) {
    const delivered = await getDb()
      .select({
        memberId: opDeliveries.memberId,
        // A correction after a contest (op_delivery_corrections) replaces what was recorded.
        quantityMilli: sql<number>`sum(coalesce((select c.quantity_milli from op_delivery_corrections c
          where c.delivery_id = ${opDeliveries.id} order by c.created_at desc limit 1), ${opDeliveries.quantityMilli}))::bigint`,
      })
      .from(opDeliveries)
      .where(
        and(
          eq(opDeliveries.agreementId, agreement.id),
          sql`${opDeliveries.deliveredOn} between ${period.start}::date and ${period.end}::date`,
        ),
      )
      .groupBy(opDeliveries.memberId);
    gaps = compareDeliveredToSplit({
      shares: savedRows,
      delivered: new Map(delivered.map((d) => [d.memberId, Number(d.quantityMilli)])),
      toleranceBp: tolerance,
    }).map((gap) => ({
      ...gap,
      memberNumber: describe(gap.memberId)?.memberNumber ?? '',
      producerName: describe(gap.memberId)?.producerName ?? '',
    }));
  }
  return {
    totalMilli,
    unit: terms.deliveryUnit,
    saved: savedRows,
    proposed,
    period,
    gaps,
    toleranceBp: tolerance,
  };
}

/**
 * The OP saves the split as a whole (EG-21 2°): current members only, each at most once, the
 * sum exactly the agreement's total. All or nothing.
 */
export async function saveAgreementSplit(options: {
  opId: string;
  agreementId: string;
  shares: SplitShare[];
  on: string;
  actorId: string | null;
}): Promise<{ ok: true } | { ok: false; message: string; issues: SplitIssue[] }> {
  const split = await getAgreementSplit({ ...options, organisationId: options.opId });
  const detail = await getAgreement({
    organisationId: options.opId,
    agreementId: options.agreementId,
  });
  if (!split || detail?.side !== 'op') {
    return { ok: false, message: 'Accord-cadre introuvable.', issues: [] };
  }
  if (split.totalMilli === null) {
    return {
      ok: false,
      message: 'L’accord ne fixe pas encore sa quantité totale : rien à répartir.',
      issues: [],
    };
  }
  const issues = checkSplit({
    totalMilli: split.totalMilli,
    shares: options.shares,
    memberIds: split.proposed.map((p) => p.memberId),
    formatQuantity: (milli) => formatQuantity(milli, split.unit),
  });
  if (issues.length > 0) {
    return { ok: false, message: 'Répartition à corriger.', issues };
  }
  const reference = new Map(split.proposed.map((p) => [p.memberId, p.referenceMilli]));
  await getDb().transaction(async (tx) => {
    await tx
      .delete(frameworkAgreementSplits)
      .where(eq(frameworkAgreementSplits.agreementId, options.agreementId));
    await tx.insert(frameworkAgreementSplits).values(
      options.shares.map((share) => ({
        agreementId: options.agreementId,
        memberId: share.memberId,
        quantityMilli: share.quantityMilli,
        referenceMilli: reference.get(share.memberId) ?? 0,
        updatedBy: options.actorId,
      })),
    );
    await audit(tx, options, 'op.agreement.split_saved', options.agreementId, {
      shares: options.shares,
    });
  });
  return { ok: true };
}
