import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import {
  auditLog,
  opMemberCertifications,
  opMemberHerds,
  opMembers,
  opMemberVolumes,
  organisations,
} from '#app/db/schema.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import {
  type HerdSpecies,
  isMemberOn,
  type VolumeUnit,
  validateMember,
} from '#app/domain/op/members.ts';

export { isUuid } from './round.server.ts';

import { isUuid } from './round.server.ts';

type Executor = Database | Transaction;
export type OpMemberRow = typeof opMembers.$inferSelect;

export type OpFailure = { ok: false; message: string; issues?: string[] };
const fail = (message: string, issues?: string[]): OpFailure => ({
  ok: false,
  message,
  ...(issues ? { issues } : {}),
});

export type Herd = { species: HerdSpecies; headCount: number; breed: string; recordedOn: string };
export type Certification = {
  id: string;
  label: string;
  title: string;
  certifier: string;
  validFrom: string;
  validUntil: string | null;
};
export type AnnualVolume = {
  year: number;
  egalimCategory: EgalimCategory;
  quantityMilli: number;
  unit: VolumeUnit;
};

export type OpMember = {
  id: string;
  opId: string;
  producerId: string;
  producerName: string;
  producerSlug: string;
  producerSiren: string | null;
  memberNumber: string;
  joinedOn: string;
  leftOn: string | null;
  transferOfOwnership: boolean;
  notes: string;
  herds: Herd[];
  certifications: Certification[];
  volumes: AnnualVolume[];
};

async function loadMembers(executor: Executor, rows: OpMemberRow[]): Promise<OpMember[]> {
  if (rows.length === 0) {
    return [];
  }
  const ids = rows.map((r) => r.id);
  const [producers, herds, certifications, volumes] = await Promise.all([
    executor
      .select({
        id: organisations.id,
        name: organisations.name,
        slug: organisations.slug,
        siren: organisations.siren,
      })
      .from(organisations)
      .where(
        inArray(
          organisations.id,
          rows.map((r) => r.producerId),
        ),
      ),
    executor
      .select()
      .from(opMemberHerds)
      .where(inArray(opMemberHerds.memberId, ids))
      .orderBy(asc(opMemberHerds.species)),
    executor
      .select()
      .from(opMemberCertifications)
      .where(inArray(opMemberCertifications.memberId, ids))
      .orderBy(asc(opMemberCertifications.validFrom)),
    executor
      .select()
      .from(opMemberVolumes)
      .where(inArray(opMemberVolumes.memberId, ids))
      .orderBy(asc(opMemberVolumes.year), asc(opMemberVolumes.egalimCategory)),
  ]);
  const producer = new Map(producers.map((p) => [p.id, p]));
  return rows.map((row) => ({
    id: row.id,
    opId: row.opId,
    producerId: row.producerId,
    producerName: producer.get(row.producerId)?.name ?? '',
    producerSlug: producer.get(row.producerId)?.slug ?? '',
    producerSiren: producer.get(row.producerId)?.siren ?? null,
    memberNumber: row.memberNumber,
    joinedOn: row.joinedOn,
    leftOn: row.leftOn,
    transferOfOwnership: row.transferOfOwnership,
    notes: row.notes,
    herds: herds
      .filter((h) => h.memberId === row.id)
      .map((h) => ({
        species: h.species as HerdSpecies,
        headCount: h.headCount,
        breed: h.breed,
        recordedOn: h.recordedOn,
      })),
    certifications: certifications
      .filter((c) => c.memberId === row.id)
      .map(({ memberId: _m, ...c }) => c),
    volumes: volumes
      .filter((v) => v.memberId === row.id)
      .map((v) => ({
        year: v.year,
        egalimCategory: v.egalimCategory as EgalimCategory,
        quantityMilli: v.quantityMilli,
        unit: v.unit as VolumeUnit,
      })),
  }));
}

/** The OP's register, current members first then former ones, by member number. */
export async function listOpMembers(options: { opId: string }): Promise<OpMember[]> {
  const rows = await getDb()
    .select()
    .from(opMembers)
    .where(eq(opMembers.opId, options.opId))
    .orderBy(sql`${opMembers.leftOn} is not null`, asc(opMembers.memberNumber));
  return loadMembers(getDb(), rows);
}

/** Members on `day` (for a split or a month of invoices). */
export async function listMembersOn(options: { opId: string; on: string }): Promise<OpMember[]> {
  return (await listOpMembers({ opId: options.opId })).filter((m) => isMemberOn(m, options.on));
}

export async function getOpMember(
  options: { opId: string; memberId: string | undefined },
  executor: Executor = getDb(),
): Promise<OpMember | null> {
  if (!isUuid(options.memberId)) {
    return null;
  }
  const rows = await executor
    .select()
    .from(opMembers)
    .where(and(eq(opMembers.id, options.memberId), eq(opMembers.opId, options.opId)));
  const [member] = await loadMembers(executor, rows);
  return member ?? null;
}

/** The producer's membership of the OP covering `on`; null when it was not a member that day. */
export async function findMembership(
  options: { opId: string; producerId: string; on: string },
  executor: Executor = getDb(),
): Promise<OpMemberRow | null> {
  const rows = await executor
    .select()
    .from(opMembers)
    .where(and(eq(opMembers.opId, options.opId), eq(opMembers.producerId, options.producerId)));
  return rows.find((row) => isMemberOn(row, options.on)) ?? null;
}

/** The OPs a producer belongs to (or belonged to), for its read-only view. */
export async function listMembershipsOfProducer(options: {
  producerId: string;
}): Promise<(OpMember & { opName: string; opSlug: string })[]> {
  const rows = await getDb()
    .select()
    .from(opMembers)
    .where(eq(opMembers.producerId, options.producerId))
    .orderBy(sql`${opMembers.leftOn} is not null`, asc(opMembers.joinedOn));
  const members = await loadMembers(getDb(), rows);
  const ops = members.length
    ? await getDb()
        .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
        .from(organisations)
        .where(
          inArray(
            organisations.id,
            members.map((m) => m.opId),
          ),
        )
    : [];
  return members.map((m) => ({
    ...m,
    opName: ops.find((o) => o.id === m.opId)?.name ?? '',
    opSlug: ops.find((o) => o.id === m.opId)?.slug ?? '',
  }));
}

export type MemberFields = {
  memberNumber: string;
  joinedOn: string;
  leftOn: string | null;
  transferOfOwnership: boolean;
  notes: string;
};

async function checkMemberFields(
  tx: Transaction,
  options: { opId: string; memberId: string | null; fields: MemberFields },
): Promise<OpFailure | null> {
  const issues = validateMember(options.fields);
  if (issues.length > 0) {
    return fail('Fiche d’adhérent à corriger.', issues);
  }
  const [taken] = await tx
    .select({ id: opMembers.id })
    .from(opMembers)
    .where(
      and(
        eq(opMembers.opId, options.opId),
        eq(opMembers.memberNumber, options.fields.memberNumber),
        options.memberId ? sql`${opMembers.id} <> ${options.memberId}` : sql`true`,
      ),
    );
  return taken
    ? fail(`Le numéro d’adhérent ${options.fields.memberNumber} est déjà attribué.`)
    : null;
}

/** Registers a producer as a member (the OP's owner or manager does it). */
export async function addOpMember(
  options: { opId: string; producerId: string; fields: MemberFields; actorId: string | null },
  executor?: Transaction,
): Promise<{ ok: true; memberId: string } | OpFailure> {
  const run = async (tx: Transaction) => {
    const [producer] = await tx
      .select({ kind: organisations.kind, name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, options.producerId));
    if (producer?.kind !== 'producer') {
      return fail('Seul un producteur peut adhérer à une organisation de producteurs.');
    }
    const problem = await checkMemberFields(tx, { ...options, memberId: null });
    if (problem) {
      return problem;
    }
    const [current] = await tx
      .select({ number: opMembers.memberNumber })
      .from(opMembers)
      .where(
        and(
          eq(opMembers.opId, options.opId),
          eq(opMembers.producerId, options.producerId),
          isNull(opMembers.leftOn),
        ),
      );
    if (current) {
      return fail(`${producer.name} est déjà membre (n° ${current.number}).`);
    }
    const [created] = await tx
      .insert(opMembers)
      .values({
        opId: options.opId,
        producerId: options.producerId,
        ...options.fields,
        createdBy: options.actorId,
      })
      .returning({ id: opMembers.id });
    await audit(tx, options, 'op.member.added', created!.id, { producer: producer.name });
    return { ok: true as const, memberId: created!.id };
  };
  return executor ? run(executor) : getDb().transaction(run);
}

export async function updateOpMember(options: {
  opId: string;
  memberId: string;
  fields: MemberFields;
  actorId: string | null;
}): Promise<{ ok: true } | OpFailure> {
  return getDb().transaction(async (tx) => {
    const member = await getOpMember(options, tx);
    if (!member) {
      return fail('Membre introuvable.');
    }
    const problem = await checkMemberFields(tx, options);
    if (problem) {
      return problem;
    }
    await tx.update(opMembers).set(options.fields).where(eq(opMembers.id, member.id));
    await audit(tx, options, 'op.member.updated', member.id, { ...options.fields });
    return { ok: true as const };
  });
}

export type FarmData = {
  herds: Herd[];
  certifications: Omit<Certification, 'id'>[];
  volumes: AnnualVolume[];
};

/** Replaces the member's farm data as a whole (the form sends every row), all or nothing. */
export async function saveFarmData(options: {
  opId: string;
  memberId: string;
  data: FarmData;
  actorId: string | null;
}): Promise<{ ok: true } | OpFailure> {
  return getDb().transaction(async (tx) => {
    const member = await getOpMember(options, tx);
    if (!member) {
      return fail('Membre introuvable.');
    }
    const { herds, certifications, volumes } = options.data;
    const species = herds.map((h) => h.species);
    if (new Set(species).size !== species.length) {
      return fail('Une espèce figure deux fois dans le cheptel.');
    }
    const volumeKeys = volumes.map((v) => `${v.year}:${v.egalimCategory}`);
    if (new Set(volumeKeys).size !== volumeKeys.length) {
      return fail('Un produit figure deux fois pour la même année dans les volumes.');
    }
    if (certifications.some((c) => c.validUntil !== null && c.validUntil < c.validFrom)) {
      return fail('Une certification se termine avant de commencer.');
    }
    await tx.delete(opMemberHerds).where(eq(opMemberHerds.memberId, member.id));
    await tx.delete(opMemberCertifications).where(eq(opMemberCertifications.memberId, member.id));
    await tx.delete(opMemberVolumes).where(eq(opMemberVolumes.memberId, member.id));
    if (herds.length > 0) {
      await tx.insert(opMemberHerds).values(herds.map((h) => ({ ...h, memberId: member.id })));
    }
    if (certifications.length > 0) {
      await tx
        .insert(opMemberCertifications)
        .values(certifications.map((c) => ({ ...c, memberId: member.id })));
    }
    if (volumes.length > 0) {
      await tx.insert(opMemberVolumes).values(volumes.map((v) => ({ ...v, memberId: member.id })));
    }
    await audit(tx, options, 'op.member.farm_data', member.id, {
      herds: herds.length,
      certifications: certifications.length,
      volumes: volumes.length,
    });
    return { ok: true as const };
  });
}

/** Producer organisations that could join (not current members), for the add-member form. */
export async function listCandidateProducers(options: { opId: string }) {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(
      and(
        eq(organisations.kind, 'producer'),
        sql`not exists (select 1 from op_members m where m.op_id = ${options.opId}
                        and m.producer_id = ${organisations.id} and m.left_on is null)`,
      ),
    )
    .orderBy(asc(organisations.name));
}

export async function audit(
  tx: Transaction,
  options: { opId: string; actorId: string | null },
  action: string,
  entityId: string,
  data: Record<string, unknown>,
) {
  await tx.insert(auditLog).values({
    actorUserId: options.actorId,
    organisationId: options.opId,
    action,
    entity: 'op',
    entityId,
    data,
  });
}
