import { and, asc, eq, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { auditLog, households, memberships, organisations, users } from '#app/db/schema.ts';
import {
  type MembershipRole,
  type OrganisationKind,
  slugify,
} from '#app/domain/organisations/roles.ts';

export type Organisation = typeof organisations.$inferSelect;
export type OrganisationInput = {
  kind: OrganisationKind;
  name: string;
  legalName?: string | null;
  siren?: string | null;
  siret?: string | null;
  vatNumber?: string | null;
  vatRegime?: 'liable' | 'flat_rate' | 'franchise' | null;
  addressLine1?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  email?: string | null;
  phone?: string | null;
};

async function uniqueSlug(name: string): Promise<string> {
  const base = slugify(name) || 'organisation';
  const rows = await getDb()
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(sql`${organisations.slug} = ${base} or ${organisations.slug} like ${`${base}-%`}`);
  const taken = new Set(rows.map((r) => r.slug));
  if (!taken.has(base)) {
    return base;
  }
  let n = 2;
  while (taken.has(`${base}-${n}`)) {
    n++;
  }
  return `${base}-${n}`;
}

/** Creates the organisation with its creator as owner, in one transaction. */
export async function createOrganisation(
  input: OrganisationInput,
  creatorId: string,
): Promise<Organisation> {
  const slug = await uniqueSlug(input.name);
  return getDb().transaction(async (tx) => {
    const siren = input.siren ?? (input.siret ? input.siret.slice(0, 9) : null);
    const [org] = await tx
      .insert(organisations)
      .values({ ...input, siren, slug, country: 'FR', createdBy: creatorId })
      .returning();
    await tx
      .insert(memberships)
      .values({ organisationId: org!.id, userId: creatorId, role: 'owner' });
    await tx.insert(auditLog).values({
      actorUserId: creatorId,
      organisationId: org!.id,
      action: 'organisation.created',
      entity: 'organisation',
      entityId: org!.id,
      data: { kind: input.kind, name: input.name },
    });
    return org!;
  });
}

export async function updateOrganisationIdentity(options: {
  organisationId: string;
  actorId: string;
  input: Omit<OrganisationInput, 'kind'>;
}): Promise<void> {
  const { organisationId, actorId, input } = options;
  const siren = input.siren ?? (input.siret ? input.siret.slice(0, 9) : null);
  await getDb().transaction(async (tx) => {
    await tx
      .update(organisations)
      .set({ ...input, siren })
      .where(eq(organisations.id, organisationId));
    await tx.insert(auditLog).values({
      actorUserId: actorId,
      organisationId,
      action: 'organisation.identity_updated',
      entity: 'organisation',
      entityId: organisationId,
      data: input,
    });
  });
}

export async function getOrganisationBySlug(slug: string): Promise<Organisation | null> {
  const rows = await getDb().select().from(organisations).where(eq(organisations.slug, slug));
  return rows[0] ?? null;
}

export type MembershipView = {
  organisation: Pick<Organisation, 'id' | 'slug' | 'name' | 'kind'>;
  role: MembershipRole;
  householdId: string | null;
};

export async function listMembershipsForUser(userId: string): Promise<MembershipView[]> {
  const rows = await getDb()
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      kind: organisations.kind,
      role: memberships.role,
      householdId: memberships.householdId,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name));
  return rows.map(({ role, householdId, ...organisation }) => ({
    organisation,
    role,
    householdId,
  }));
}

export async function getMembership(options: {
  organisationId: string;
  userId: string;
}): Promise<{ role: MembershipRole; householdId: string | null } | null> {
  const rows = await getDb()
    .select({ role: memberships.role, householdId: memberships.householdId })
    .from(memberships)
    .where(
      and(
        eq(memberships.organisationId, options.organisationId),
        eq(memberships.userId, options.userId),
      ),
    );
  return rows[0] ?? null;
}

export async function listMembers(organisationId: string) {
  return getDb()
    .select({
      userId: memberships.userId,
      role: memberships.role,
      email: users.email,
      fullName: sql<string>`coalesce(${users.rawUserMetaData} ->> 'full_name', ${users.email})`,
      householdName: households.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(households, eq(households.id, memberships.householdId))
    .where(eq(memberships.organisationId, organisationId))
    .orderBy(asc(memberships.role), asc(users.email));
}

export async function listHouseholds(groupId: string) {
  return getDb()
    .select({ id: households.id, name: households.name })
    .from(households)
    .where(eq(households.groupId, groupId))
    .orderBy(asc(households.name));
}

export async function createHousehold(options: { groupId: string; name: string }) {
  const rows = await getDb()
    .insert(households)
    .values({ groupId: options.groupId, name: options.name.trim() })
    .onConflictDoNothing()
    .returning({ id: households.id, name: households.name });
  return rows[0] ?? null;
}
