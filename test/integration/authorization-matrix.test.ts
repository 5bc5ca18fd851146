import { beforeAll, describe, expect, it } from 'vitest';
import type { MembershipRole } from '#app/domain/organisations/roles.ts';
import type { Organisation } from '#app/models/organisation.server.ts';
import { loader as dashboardLoader } from '#app/routes/o.$slug._index.tsx';
import {
  action as identityAction,
  loader as identityLoader,
} from '#app/routes/o.$slug.identite.tsx';
import { action as membersAction, loader as membersLoader } from '#app/routes/o.$slug.membres.tsx';
import { loader as layoutLoader } from '#app/routes/o.$slug.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

type Actor = 'anonymous' | 'outsider' | MembershipRole;
type Outcome = 'login' | 'hidden' | 'forbidden' | 'allowed';

/** Every route of an organisation, as a request a member would send. */
const RESOURCES = {
  'voir l’organisation': (slug: string, cookie?: string) =>
    call(layoutLoader, { request: getRequest(`/o/${slug}`, cookie), params: { slug } }),
  'tableau de bord': (slug: string, cookie?: string) =>
    call(dashboardLoader, { request: getRequest(`/o/${slug}`, cookie), params: { slug } }),
  'liste des membres': (slug: string, cookie?: string) =>
    call(membersLoader, { request: getRequest(`/o/${slug}/membres`, cookie), params: { slug } }),
  'inviter un foyer': (slug: string, cookie?: string) =>
    call(membersAction, {
      request: postRequest(
        `/o/${slug}/membres`,
        { role: 'household', householdName: 'Foyer Matrice' },
        cookie,
      ),
      params: { slug },
    }),
  'inviter un gestionnaire': (slug: string, cookie?: string) =>
    call(membersAction, {
      request: postRequest(`/o/${slug}/membres`, { role: 'manager' }, cookie),
      params: { slug },
    }),
  'voir l’identité légale': (slug: string, cookie?: string) =>
    call(identityLoader, { request: getRequest(`/o/${slug}/identite`, cookie), params: { slug } }),
  'modifier l’identité légale': (slug: string, cookie?: string) =>
    call(identityAction, {
      request: postRequest(`/o/${slug}/identite`, { name: 'Nouveau nom' }, cookie),
      params: { slug },
    }),
} as const;
type Resource = keyof typeof RESOURCES;

const L = 'login',
  H = 'hidden',
  F = 'forbidden',
  A = 'allowed';
// Explicit expectations (not derived from the code under test).
const GROUP: Record<Actor, Record<Resource, Outcome>> = {
  anonymous: {
    'voir l’organisation': L,
    'tableau de bord': L,
    'liste des membres': L,
    'inviter un foyer': L,
    'inviter un gestionnaire': L,
    'voir l’identité légale': L,
    'modifier l’identité légale': L,
  },
  outsider: {
    'voir l’organisation': H,
    'tableau de bord': H,
    'liste des membres': H,
    'inviter un foyer': H,
    'inviter un gestionnaire': H,
    'voir l’identité légale': H,
    'modifier l’identité légale': H,
  },
  household: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': F,
    'inviter un foyer': F,
    'inviter un gestionnaire': F,
    'voir l’identité légale': F,
    'modifier l’identité légale': F,
  },
  coordinator: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': A,
    'inviter un foyer': A,
    'inviter un gestionnaire': F,
    'voir l’identité légale': F,
    'modifier l’identité légale': F,
  },
  manager: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': A,
    'inviter un foyer': F,
    'inviter un gestionnaire': F,
    'voir l’identité légale': A,
    'modifier l’identité légale': A,
  },
  owner: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': A,
    'inviter un foyer': A,
    'inviter un gestionnaire': F,
    'voir l’identité légale': A,
    'modifier l’identité légale': A,
  },
};
const PRODUCER: Partial<Record<Actor, Record<Resource, Outcome>>> = {
  outsider: GROUP.outsider,
  manager: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': A,
    'inviter un foyer': F,
    'inviter un gestionnaire': A,
    'voir l’identité légale': A,
    'modifier l’identité légale': A,
  },
  owner: {
    'voir l’organisation': A,
    'tableau de bord': A,
    'liste des membres': A,
    'inviter un foyer': F,
    'inviter un gestionnaire': A,
    'voir l’identité légale': A,
    'modifier l’identité légale': A,
  },
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) {
    return 'hidden';
  }
  if (response.status === 403) {
    return 'forbidden';
  }
  // A refused role choice is a form error (400) naming the field, not a success.
  if (response.status === 400) {
    const body = (await response.json()) as { result?: { error?: Record<string, string[]> } };
    return body.result?.error?.role ? 'forbidden' : 'allowed';
  }
  if (response.status === 200 || response.status === 302) {
    return 'allowed';
  }
  throw new Error(`statut inattendu ${response.status}`);
}

async function cookieFor(
  actor: Actor,
  organisation: Organisation,
  ownerCookie: string,
): Promise<string | undefined> {
  if (actor === 'anonymous') {
    return undefined;
  }
  if (actor === 'owner') {
    return ownerCookie;
  }
  const user = await makeUser();
  if (actor !== 'outsider') {
    await addMember({ organisationId: organisation.id, user, role: actor });
  }
  return sessionCookieFor(user.id);
}

describe.each([
  ['groupe de voisinage', 'group', GROUP],
  ['producteur', 'producer', PRODUCER],
] as const)('matrice des droits — %s', (_label, kind, matrix) => {
  let organisation: Organisation;
  let ownerCookie: string;
  beforeAll(async () => {
    const made = await makeOrganisation({ kind });
    organisation = made.organisation;
    ownerCookie = await sessionCookieFor(made.owner.id);
  });

  const rows = Object.entries(matrix).flatMap(([actor, expected]) =>
    Object.entries(expected!).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const cookie = await cookieFor(actor, organisation, ownerCookie);
    const response = await RESOURCES[resource](organisation.slug, cookie);
    expect(await outcomeOf(response)).toBe(expected);
  });

  it('une organisation inexistante répond comme une organisation étrangère (404)', async () => {
    const response = await RESOURCES['voir l’organisation']('n-existe-pas', ownerCookie);
    expect(response.status).toBe(404);
  });
});
