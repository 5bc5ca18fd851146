import { and, asc, desc, eq, inArray, isNull } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import {
  opMemberRequestEvents,
  opMemberRequests,
  opMembers,
  organisations,
} from '#app/db/schema.ts';
import {
  checkRequestTransition,
  REQUEST_KINDS,
  type RequestKind,
  type RequestStatus,
} from '#app/domain/op/members.ts';
import {
  addOpMember,
  audit,
  isUuid,
  type MemberFields,
  type OpFailure,
} from './op-member.server.ts';

export type RequestEvent = {
  id: number;
  at: Date;
  actorSide: 'op' | 'member';
  fromStatus: RequestStatus | null;
  toStatus: RequestStatus;
  comment: string;
};

export type MemberRequest = {
  id: string;
  opId: string;
  opName: string;
  producerId: string;
  producerName: string;
  memberId: string | null;
  kind: RequestKind;
  subject: string;
  body: string;
  status: RequestStatus;
  createdAt: Date;
  updatedAt: Date;
  events: RequestEvent[];
};

const fail = (message: string): OpFailure => ({ ok: false, message });

async function load(rows: (typeof opMemberRequests.$inferSelect)[]): Promise<MemberRequest[]> {
  if (rows.length === 0) {
    return [];
  }
  const orgIds = [...new Set(rows.flatMap((r) => [r.opId, r.producerId]))];
  const [orgs, events] = await Promise.all([
    getDb()
      .select({ id: organisations.id, name: organisations.name })
      .from(organisations)
      .where(inArray(organisations.id, orgIds)),
    getDb()
      .select()
      .from(opMemberRequestEvents)
      .where(
        inArray(
          opMemberRequestEvents.requestId,
          rows.map((r) => r.id),
        ),
      )
      .orderBy(asc(opMemberRequestEvents.id)),
  ]);
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? '';
  return rows.map((row) => ({
    id: row.id,
    opId: row.opId,
    opName: name(row.opId),
    producerId: row.producerId,
    producerName: name(row.producerId),
    memberId: row.memberId,
    kind: row.kind as RequestKind,
    subject: row.subject,
    body: row.body,
    status: row.status as RequestStatus,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    events: events
      .filter((e) => e.requestId === row.id)
      .map((e) => ({
        id: e.id,
        at: e.at,
        actorSide: e.actorSide,
        fromStatus: e.fromStatus as RequestStatus | null,
        toStatus: e.toStatus as RequestStatus,
        comment: e.comment,
      })),
  }));
}

/** The OP's requests (open ones first) or a producer's own requests. */
export async function listMemberRequests(
  options: { opId: string } | { producerId: string },
): Promise<MemberRequest[]> {
  const rows = await getDb()
    .select()
    .from(opMemberRequests)
    .where(
      'opId' in options
        ? eq(opMemberRequests.opId, options.opId)
        : eq(opMemberRequests.producerId, options.producerId),
    )
    .orderBy(desc(opMemberRequests.updatedAt));
  return load(rows);
}

export type NewRequest = {
  opId: string;
  producerId: string;
  kind: string;
  subject: string;
  body: string;
  /** Who files it: the member itself, or the OP recording a request received otherwise. */
  side: 'op' | 'member';
  actorId: string | null;
};

/**
 * A new request. Only a current member may ask for anything but joining; a producer that is
 * already a member does not ask to join.
 */
export async function createMemberRequest(
  input: NewRequest,
): Promise<{ ok: true; id: string } | OpFailure> {
  if (!(REQUEST_KINDS as readonly string[]).includes(input.kind)) {
    return fail('Choisissez le type de demande.');
  }
  const subject = input.subject.trim();
  if (subject.length < 3 || subject.length > 120) {
    return fail('Objet de la demande : 3 à 120 caractères.');
  }
  if (input.body.length > 4000) {
    return fail('Message : 4 000 caractères au plus.');
  }
  return getDb().transaction(async (tx) => {
    const [op] = await tx
      .select({ kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.id, input.opId));
    if (op?.kind !== 'op') {
      return fail('Organisation de producteurs introuvable.');
    }
    const [member] = await tx
      .select({ id: opMembers.id })
      .from(opMembers)
      .where(
        and(
          eq(opMembers.opId, input.opId),
          eq(opMembers.producerId, input.producerId),
          isNull(opMembers.leftOn),
        ),
      );
    if (input.kind === 'join' && member) {
      return fail('Vous êtes déjà membre de cette organisation de producteurs.');
    }
    if (input.kind !== 'join' && !member) {
      return fail('Seul un membre de l’OP peut faire cette demande ; demandez d’abord l’adhésion.');
    }
    const [created] = await tx
      .insert(opMemberRequests)
      .values({
        opId: input.opId,
        producerId: input.producerId,
        memberId: member?.id ?? null,
        kind: input.kind,
        subject,
        body: input.body.trim(),
        createdBy: input.actorId,
      })
      .returning({ id: opMemberRequests.id });
    await tx.insert(opMemberRequestEvents).values({
      requestId: created!.id,
      actorUserId: input.actorId,
      actorSide: input.side,
      fromStatus: null,
      toStatus: 'open',
      comment: '',
    });
    await audit(
      tx,
      { opId: input.opId, actorId: input.actorId },
      'op.request.created',
      created!.id,
      {
        kind: input.kind,
      },
    );
    return { ok: true as const, id: created!.id };
  });
}

async function lockRequest(
  tx: Transaction,
  options: { requestId: string; side: 'op' | 'member'; organisationId: string },
) {
  if (!isUuid(options.requestId)) {
    return null;
  }
  const [row] = await tx
    .select()
    .from(opMemberRequests)
    .where(
      and(
        eq(opMemberRequests.id, options.requestId),
        options.side === 'op'
          ? eq(opMemberRequests.opId, options.organisationId)
          : eq(opMemberRequests.producerId, options.organisationId),
      ),
    )
    .for('update');
  return row ?? null;
}

export type RequestDecision = {
  requestId: string;
  /** The OP (side 'op') or the requesting producer (side 'member'). */
  organisationId: string;
  side: 'op' | 'member';
  to: RequestStatus;
  comment: string;
  actorId: string | null;
  /** Accepting a join request registers the member with these fields. */
  member?: Omit<MemberFields, 'leftOn'>;
  /** Accepting a leave request records the last day of membership. */
  leftOn?: string;
};

/**
 * Moves a request (history kept). Accepting a join request admits the producer (member number,
 * date) and accepting a leave request records the departure, in the same transaction.
 */
export async function decideMemberRequest(
  decision: RequestDecision,
): Promise<{ ok: true } | OpFailure> {
  return getDb().transaction(async (tx) => {
    const row = await lockRequest(tx, decision);
    if (!row) {
      return fail('Demande introuvable.');
    }
    const from = row.status as RequestStatus;
    const allowed = checkRequestTransition({ ...decision, from });
    if (!allowed.ok) {
      return fail(allowed.message);
    }
    let memberId = row.memberId;
    if (decision.to === 'accepted' && row.kind === 'join') {
      if (!decision.member) {
        return fail(
          'Pour accepter une adhésion, donnez le numéro d’adhérent et la date d’adhésion.',
        );
      }
      const added = await addOpMember(
        {
          opId: row.opId,
          producerId: row.producerId,
          fields: { ...decision.member, leftOn: null },
          actorId: decision.actorId,
        },
        tx,
      );
      if (!added.ok) {
        return fail([added.message, ...(added.issues ?? [])].join(' '));
      }
      memberId = added.memberId;
    }
    if (decision.to === 'accepted' && row.kind === 'leave') {
      const [member] = await tx.select().from(opMembers).where(eq(opMembers.id, row.memberId!));
      if (!decision.leftOn || !member || decision.leftOn < member.joinedOn) {
        return fail(
          'Pour accepter un départ, donnez le dernier jour d’adhésion (après l’adhésion).',
        );
      }
      await tx
        .update(opMembers)
        .set({ leftOn: decision.leftOn })
        .where(eq(opMembers.id, member.id));
    }
    await tx
      .update(opMemberRequests)
      .set({ status: decision.to, memberId })
      .where(eq(opMemberRequests.id, row.id));
    await tx.insert(opMemberRequestEvents).values({
      requestId: row.id,
      actorUserId: decision.actorId,
      actorSide: decision.side,
      fromStatus: from,
      toStatus: decision.to,
      comment: decision.comment.trim(),
    });
    await audit(tx, { opId: row.opId, actorId: decision.actorId }, 'op.request.decided', row.id, {
      from,
      to: decision.to,
    });
    return { ok: true as const };
  });
}

/** Producer-side: the OPs a producer may ask to join. */
export async function listProducerOrganisations() {
  return getDb()
    .select({ id: organisations.id, name: organisations.name, slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.kind, 'op'))
    .orderBy(asc(organisations.name));
}
