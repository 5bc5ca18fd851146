import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import {
  getMembership,
  getOrganisationBySlug,
  listMembers,
} from '#app/models/organisation.server.ts';
import { action as acceptAction, loader as acceptLoader } from '#app/routes/invitation.$token.tsx';
import { action as membersAction } from '#app/routes/o.$slug.membres.tsx';
import { action as createAction } from '#app/routes/organisations.nouvelle.tsx';
import { makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const VALID_PRODUCER = {
  kind: 'producer',
  name: 'Ferme des Écureuils',
  siret: '841 234 560 00016',
  vatNumber: 'FR 81 841234560',
  vatRegime: 'liable',
  postalCode: '69610',
};

describe('création d’une organisation', () => {
  it('crée la ferme avec son SIREN déduit du SIRET, son créateur responsable, et un slug lisible', async () => {
    const user = await makeUser();
    const cookie = await sessionCookieFor(user.id);
    const response = await call(createAction, {
      request: postRequest('/organisations/nouvelle', VALID_PRODUCER, cookie),
    });
    expect(response.status).toBe(302);
    const slug = response.headers.get('Location')!.replace('/o/', '');
    expect(slug).toMatch(/^ferme-des-ecureuils(-\d+)?$/);
    const org = (await getOrganisationBySlug(slug))!;
    expect(org).toMatchObject({
      kind: 'producer',
      siret: '84123456000016',
      siren: '841234560',
      vatNumber: 'FR81841234560',
    });
    expect(await getMembership({ organisationId: org.id, userId: user.id })).toMatchObject({
      role: 'owner',
    });
  });

  it.each([
    ['SIRET à la clé fausse', { siret: '84123456000017' }, 'siret', 'clé de contrôle'],
    [
      'TVA d’un autre SIREN',
      { vatNumber: 'FR06842345670' },
      'vatNumber',
      'ne correspond pas au SIREN',
    ],
    ['code postal à 4 chiffres', { postalCode: '6961' }, 'postalCode', '5 chiffres'],
    ['type inconnu', { kind: 'banque' }, 'kind', 'type d’organisation'],
    ['nom d’une lettre', { name: 'F' }, 'name', 'Au moins 2'],
  ])(
    'refuse %s avec un message sur le champ, sans rien créer',
    async (_label, override, field, message) => {
      const user = await makeUser();
      const cookie = await sessionCookieFor(user.id);
      const before = await getSql()<
        { n: number }[]
      >`select count(*)::int as n from public.organisations`;
      const response = await call(createAction, {
        request: postRequest('/organisations/nouvelle', { ...VALID_PRODUCER, ...override }, cookie),
      });
      expect(response.status).toBe(400);
      const body = (await response.json()) as { error: Record<string, string[]> };
      expect(body.error[field]?.join(' ')).toContain(message);
      const after = await getSql()<
        { n: number }[]
      >`select count(*)::int as n from public.organisations`;
      expect(after[0]!.n).toBe(before[0]!.n);
    },
  );
});

describe('invitations', () => {
  it('un coordinateur invite un nouveau foyer ; le lien sert une fois et rattache le membre au foyer', async () => {
    const { organisation, owner } = await makeOrganisation({ kind: 'group' });
    const ownerCookie = await sessionCookieFor(owner.id);
    const invited = await call(membersAction, {
      request: postRequest(
        `/o/${organisation.slug}/membres`,
        { role: 'household', householdName: 'Lambert' },
        ownerCookie,
      ),
      params: { slug: organisation.slug },
    });
    expect(invited.status).toBe(200);
    const { link } = (await invited.json()) as { link: string };
    const token = link.split('/invitation/')[1]!;

    const neighbour = await makeUser();
    const neighbourCookie = await sessionCookieFor(neighbour.id);
    const page = await call(acceptLoader, {
      request: getRequest(`/invitation/${token}`, neighbourCookie),
      params: { token },
    });
    expect(await page.json()).toMatchObject({ householdName: 'Lambert', roleLabel: 'Foyer' });

    const accepted = await call(acceptAction, {
      request: postRequest(`/invitation/${token}`, {}, neighbourCookie),
      params: { token },
    });
    expect(accepted.status).toBe(302);
    const members = await listMembers(organisation.id);
    expect(members.find((m) => m.userId === neighbour.id)).toMatchObject({
      role: 'household',
      householdName: 'Lambert',
    });

    const third = await makeUser();
    const reused = await call(acceptAction, {
      request: postRequest(`/invitation/${token}`, {}, await sessionCookieFor(third.id)),
      params: { token },
    });
    expect(reused.status).toBe(409);
  });

  it('refuse un rôle que l’invitant ne peut pas donner, et un foyer d’un autre groupe', async () => {
    const { organisation, owner } = await makeOrganisation({ kind: 'group' });
    const other = await makeOrganisation({ kind: 'group' });
    const cookie = await sessionCookieFor(owner.id);
    const manager = await call(membersAction, {
      request: postRequest(`/o/${organisation.slug}/membres`, { role: 'manager' }, cookie),
      params: { slug: organisation.slug },
    });
    expect(manager.status).toBe(400);
    const otherHouseholds = await getSql()<{ id: string }[]>`
      insert into public.households (group_id, name) values (${other.organisation.id}, 'Étranger') returning id`;
    const foreign = await call(membersAction, {
      request: postRequest(
        `/o/${organisation.slug}/membres`,
        { role: 'household', householdId: otherHouseholds[0]!.id },
        cookie,
      ),
      params: { slug: organisation.slug },
    });
    expect(foreign.status).toBe(400);
    const [count] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from public.invitations where organisation_id = ${organisation.id}`;
    expect(count!.n).toBe(0);
  });

  it('un lien inconnu répond 404 en français', async () => {
    const response = await call(acceptLoader, {
      request: getRequest('/invitation/xyz'),
      params: { token: 'xyz' },
    });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('invalide');
  });
});
