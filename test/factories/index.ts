import { randomUUID } from 'node:crypto';
import { getDb } from '#app/db/client.server.ts';
import { memberships } from '#app/db/schema.ts';
import type { MembershipRole, OrganisationKind } from '#app/domain/organisations/roles.ts';
import { createHousehold, createOrganisation } from '#app/models/organisation.server.ts';
import { createLocalUser, type User } from '#app/models/user.server.ts';

const FIRST_NAMES = [
  'Camille',
  'Léa',
  'Hugo',
  'Chloé',
  'Louis',
  'Inès',
  'Jules',
  'Manon',
  'Théo',
  'Zoé',
];
let sequence = 0;

export function uniqueSuffix(): string {
  sequence += 1;
  return `${sequence}-${randomUUID().slice(0, 8)}`;
}

export const TEST_PASSWORD = 'mot-de-passe-solide';

export async function makeUser(
  overrides: Partial<{ email: string; fullName: string; password: string }> = {},
): Promise<User> {
  const suffix = uniqueSuffix();
  const first = FIRST_NAMES[sequence % FIRST_NAMES.length]!;
  const created = await createLocalUser({
    email:
      overrides.email ??
      `${first
        .normalize('NFD')
        .replace(/[\u0300-\u036f]/g, '')
        .toLowerCase()}.${suffix}@exemple.fr`,
    fullName: overrides.fullName ?? `${first} Testeur`,
    password: overrides.password ?? TEST_PASSWORD,
  });
  if (!created.ok) {
    throw new Error('makeUser: e-mail déjà pris');
  }
  return created.user;
}

export async function makeOrganisation(options: {
  kind: OrganisationKind;
  owner?: User;
  name?: string;
}) {
  const owner = options.owner ?? (await makeUser());
  const names: Record<OrganisationKind, string> = {
    producer: 'Ferme du Test',
    group: 'Voisins du Test',
    buyer: 'Restaurant du Test',
    op: 'OP du Test',
  };
  const organisation = await createOrganisation(
    { kind: options.kind, name: options.name ?? `${names[options.kind]} ${uniqueSuffix()}` },
    owner.id,
  );
  return { organisation, owner };
}

export async function addMember(options: {
  organisationId: string;
  user: User;
  role: MembershipRole;
}) {
  let householdId: string | null = null;
  if (options.role === 'household') {
    householdId = (await createHousehold({
      groupId: options.organisationId,
      name: `Foyer ${uniqueSuffix()}`,
    }))!.id;
  }
  await getDb().insert(memberships).values({
    organisationId: options.organisationId,
    userId: options.user.id,
    role: options.role,
    householdId,
  });
  return { householdId };
}
