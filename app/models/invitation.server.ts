import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, TransactionRollbackError } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, households, invitations, memberships, organisations } from '#app/db/schema.ts';
import type { MembershipRole } from '#app/domain/organisations/roles.ts';

const INVITATION_TTL_MS = 14 * 24 * 60 * 60 * 1000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** Returns the raw token (shown once in the link); only its hash is stored. */
export async function createInvitation(options: {
  organisationId: string;
  role: MembershipRole;
  householdId?: string | null;
  email?: string | null;
  createdBy: string;
}): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(Date.now() + INVITATION_TTL_MS);
  await getDb().transaction(async (tx) => {
    const [inv] = await tx
      .insert(invitations)
      .values({
        organisationId: options.organisationId,
        role: options.role,
        householdId: options.householdId ?? null,
        email: options.email ?? null,
        tokenHash: hashToken(token),
        createdBy: options.createdBy,
        expiresAt,
      })
      .returning({ id: invitations.id });
    await tx.insert(auditLog).values({
      actorUserId: options.createdBy,
      organisationId: options.organisationId,
      action: 'invitation.created',
      entity: 'invitation',
      entityId: inv!.id,
      data: { role: options.role, email: options.email ?? null },
    });
  });
  return { token, expiresAt };
}

export async function findPendingInvitation(token: string) {
  const rows = await getDb()
    .select({
      id: invitations.id,
      role: invitations.role,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationSlug: organisations.slug,
      organisationKind: organisations.kind,
      householdId: invitations.householdId,
      householdName: households.name,
    })
    .from(invitations)
    .innerJoin(organisations, eq(organisations.id, invitations.organisationId))
    .leftJoin(households, eq(households.id, invitations.householdId))
    .where(
      and(
        eq(invitations.tokenHash, hashToken(token)),
        isNull(invitations.acceptedAt),
        gt(invitations.expiresAt, new Date()),
      ),
    );
  return rows[0] ?? null;
}

export type AcceptResult =
  | { ok: true; organisationSlug: string; organisationName: string }
  | { ok: false; code: 'invalid' | 'already_member'; message: string };

/** Marks the invitation used and adds the membership, atomically (a link works once). */
export async function acceptInvitation(options: {
  token: string;
  userId: string;
}): Promise<AcceptResult> {
  const invitation = await findPendingInvitation(options.token);
  if (!invitation) {
    return {
      ok: false,
      code: 'invalid',
      message: 'Cette invitation est invalide, déjà utilisée ou expirée.',
    };
  }
  return getDb()
    .transaction(async (tx) => {
      const claimed = await tx
        .update(invitations)
        .set({ acceptedAt: new Date(), acceptedBy: options.userId })
        .where(and(eq(invitations.id, invitation.id), isNull(invitations.acceptedAt)))
        .returning({ id: invitations.id });
      if (claimed.length === 0) {
        return {
          ok: false,
          code: 'invalid',
          message: 'Cette invitation a déjà été utilisée.',
        } as const;
      }
      const inserted = await tx
        .insert(memberships)
        .values({
          organisationId: invitation.organisationId,
          userId: options.userId,
          role: invitation.role,
          householdId: invitation.householdId,
        })
        .onConflictDoNothing()
        .returning({ id: memberships.id });
      if (inserted.length === 0) {
        tx.rollback();
      }
      await tx.insert(auditLog).values({
        actorUserId: options.userId,
        organisationId: invitation.organisationId,
        action: 'invitation.accepted',
        entity: 'invitation',
        entityId: invitation.id,
        data: { role: invitation.role },
      });
      return {
        ok: true,
        organisationSlug: invitation.organisationSlug,
        organisationName: invitation.organisationName,
      } as const;
    })
    .catch((error: unknown) => {
      if (error instanceof TransactionRollbackError) {
        return {
          ok: false,
          code: 'already_member',
          message: 'Vous êtes déjà membre de cette organisation.',
        } as const;
      }
      throw error;
    });
}
