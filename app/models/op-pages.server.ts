import { and, asc, eq, isNull } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { opMembers, organisations } from '#app/db/schema.ts';
import { EGALIM_CATEGORY_LABELS } from '#app/domain/catalogue/egalim-categories.ts';
import { mandateScopeText as scopeText } from '#app/domain/op/billing-mandate.ts';
import { HERD_SPECIES_LABELS, isCertificationValidOn } from '#app/domain/op/members.ts';
import { formatQuantity } from '#app/domain/op/quantities.ts';
import { formatDay } from '#app/i18n/format.ts';
import type { BillingMandate } from './billing-mandate.server.ts';
import { listBuyersOfOp } from './op-egalim-export.server.ts';
import type { OpMember } from './op-member.server.ts';

export type Counterpart = {
  id: string;
  label: string;
  kind: 'producer' | 'op' | 'buyer';
  /** 'party': the other side of a new mandate; 'scope': a buyer the mandate may cover. */
  role: 'party' | 'scope';
};

async function byKind(kind: 'producer' | 'buyer') {
  return getDb()
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.kind, kind))
    .orderBy(asc(organisations.name));
}

/**
 * Who an organisation may write a billing mandate with: a producer gives one to an OP it
 * belongs to or to a buyer (self-billing); an OP holds them from its current members; a buyer
 * from producers. The buyers an OP mandate may cover come with them.
 */
export async function listMandateCounterparts(organisation: {
  id: string;
  kind: string;
}): Promise<Counterpart[]> {
  const buyers = await byKind('buyer');
  if (organisation.kind === 'producer') {
    const ops = await getDb()
      .select({ id: organisations.id, name: organisations.name })
      .from(opMembers)
      .innerJoin(organisations, eq(organisations.id, opMembers.opId))
      .where(and(eq(opMembers.producerId, organisation.id), isNull(opMembers.leftOn)))
      .orderBy(asc(organisations.name));
    return [
      ...ops.map((o) => ({
        id: o.id,
        label: `${o.name} (OP)`,
        kind: 'op' as const,
        role: 'party' as const,
      })),
      ...buyers.map((b) => ({
        id: b.id,
        label: `${b.name} (autofacturation)`,
        kind: 'buyer' as const,
        role: 'party' as const,
      })),
      ...buyers.map((b) => ({
        id: b.id,
        label: b.name,
        kind: 'buyer' as const,
        role: 'scope' as const,
      })),
    ];
  }
  if (organisation.kind === 'op') {
    const members = await getDb()
      .select({ id: organisations.id, name: organisations.name, number: opMembers.memberNumber })
      .from(opMembers)
      .innerJoin(organisations, eq(organisations.id, opMembers.producerId))
      .where(and(eq(opMembers.opId, organisation.id), isNull(opMembers.leftOn)))
      .orderBy(asc(opMembers.memberNumber));
    const partners = await listBuyersOfOp({ opId: organisation.id });
    return [
      ...members.map((m) => ({
        id: m.id,
        label: `${m.number} — ${m.name}`,
        kind: 'producer' as const,
        role: 'party' as const,
      })),
      ...(partners.length > 0 ? partners : buyers).map((b) => ({
        id: b.id,
        label: b.name,
        kind: 'buyer' as const,
        role: 'scope' as const,
      })),
    ];
  }
  if (organisation.kind === 'buyer') {
    return (await byKind('producer')).map((p) => ({
      id: p.id,
      label: p.name,
      kind: 'producer' as const,
      role: 'party' as const,
    }));
  }
  return [];
}

export function mandateScopeText(mandate: BillingMandate): string {
  return scopeText({
    coversAllBuyers: mandate.coversAllBuyers,
    buyerNames: mandate.buyers.map((b) => b.name),
    categoryLabels: mandate.egalimCategories.map((c) => EGALIM_CATEGORY_LABELS[c]),
  });
}

/** A register entry as the tables print it. */
export function describeMember(member: OpMember, today: string) {
  const latestYear = Math.max(0, ...member.volumes.map((v) => v.year));
  return {
    memberNumber: member.memberNumber,
    producerName: member.producerName,
    membership: `depuis le ${formatDay(member.joinedOn)}${member.leftOn ? `, jusqu’au ${formatDay(member.leftOn)}` : ''}`,
    herd:
      member.herds
        .map((h) => `${h.headCount} ${HERD_SPECIES_LABELS[h.species].toLowerCase()}`)
        .join(', ') || '—',
    certifications:
      member.certifications
        .filter((c) => isCertificationValidOn(c, today))
        .map((c) => `${c.title}${c.validUntil ? ` (jusqu’au ${formatDay(c.validUntil)})` : ''}`)
        .join(', ') || '—',
    volumes:
      member.volumes
        .filter((v) => v.year === latestYear)
        .map(
          (v) =>
            `${EGALIM_CATEGORY_LABELS[v.egalimCategory]} : ${formatQuantity(v.quantityMilli, v.unit)} (${v.year})`,
        )
        .join(', ') || '—',
    transfer: member.transferOfOwnership ? 'oui' : 'non',
  };
}
