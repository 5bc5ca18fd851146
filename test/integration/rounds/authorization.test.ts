import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { deliveryRounds } from '#app/db/schema.ts';
import type { Organisation } from '#app/models/organisation.server.ts';
import {
  action as listAction,
  loader as listLoader,
} from '#app/routes/o.$slug.tournees._index.tsx';
import {
  action as roundAction,
  loader as roundLoader,
} from '#app/routes/o.$slug.tournees.$roundId/route.tsx';
import { loader as csvLoader } from '#app/routes/o.$slug.tournees.$roundId.preparation[.csv].tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.tournees.$roundId.preparation[.pdf].tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { makeRound, makeRoundProduct, makeStop } from '#test/factories/rounds.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

const { db } = setupTestDatabase();

type Actor = 'anonymous' | 'outsider' | 'household' | 'coordinator' | 'manager' | 'owner';
type Outcome = 'login' | 'hidden' | 'allowed';

let producer: Organisation;
let group: Organisation;
let roundId: string;
let productId: string;
const cookies = new Map<Actor, string | undefined>();

type Target = { slug: string; roundId: string };
const RESOURCES = {
  'liste des tournées': (t: Target, c?: string) =>
    call(listLoader, { request: getRequest(`/o/${t.slug}/tournees`, c), params: { slug: t.slug } }),
  'créer une tournée': (t: Target, c?: string) =>
    call(listAction, {
      request: postRequest(
        `/o/${t.slug}/tournees`,
        { deliveryOn: '2027-09-02', title: `Matrice ${Math.random()}` },
        c,
      ),
      params: { slug: t.slug },
    }),
  'voir une tournée': (t: Target, c?: string) =>
    call(roundLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'modifier une tournée': (t: Target, c?: string) =>
    call(roundAction, {
      request: postRequest(
        `/o/${t.slug}/tournees/${t.roundId}`,
        { intent: 'update-offer', offerId: '00000000-0000-4000-8000-000000000000', stock: '1' },
        c,
      ),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'dupliquer une tournée': (t: Target, c?: string) =>
    call(roundAction, {
      request: postRequest(
        `/o/${t.slug}/tournees/${t.roundId}`,
        { intent: 'duplicate', deliveryOn: '2026-01-01' },
        c,
      ),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'préparation PDF': (t: Target, c?: string) =>
    call(pdfLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}/preparation.pdf?par=produit`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'préparation CSV': (t: Target, c?: string) =>
    call(csvLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}/preparation.csv?par=foyer`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
} as const;
type Resource = keyof typeof RESOURCES;

const L = 'login',
  H = 'hidden',
  A = 'allowed';
const ALL = (outcome: Outcome) =>
  Object.fromEntries(Object.keys(RESOURCES).map((r) => [r, outcome])) as Record<Resource, Outcome>;
// Explicit expectations: only the producer's owner and managers plan rounds. A household or a
// coordinator of a group the round stops at is an outsider to the producer: 404, not 403, so
// nobody can probe which rounds exist.
const MATRIX: Record<Exclude<Actor, 'coordinator'>, Record<Resource, Outcome>> = {
  anonymous: ALL(L),
  outsider: ALL(H),
  household: ALL(H),
  manager: ALL(A),
  owner: ALL(A),
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) {
    return 'hidden';
  }
  // Allowed: the page, the file, a redirect after success, or a field error (400) from the
  // action itself — proof the guard let the request through.
  if ([200, 302, 400].includes(response.status)) {
    return 'allowed';
  }
  throw new Error(`statut inattendu ${response.status}`);
}

beforeAll(async () => {
  const made = await makeOrganisation({ kind: 'producer' });
  producer = made.organisation;
  const madeGroup = await makeOrganisation({ kind: 'group' });
  group = madeGroup.organisation;
  const round = await makeRound({ producerId: producer.id, deliveryOn: '2027-09-02' });
  roundId = round.id;
  await makeStop({
    roundId,
    organisationId: group.id,
    position: 1,
    orderDeadlineAt: new Date('2027-08-31T16:00:00Z'),
  });
  productId = (await makeRoundProduct(producer.id)).id;

  cookies.set('anonymous', undefined);
  cookies.set('owner', await sessionCookieFor(made.owner.id));
  cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
  const manager = await makeUser();
  await addMember({ organisationId: producer.id, user: manager, role: 'manager' });
  cookies.set('manager', await sessionCookieFor(manager.id));
  const household = await makeUser();
  await addMember({ organisationId: group.id, user: household, role: 'household' });
  cookies.set('household', await sessionCookieFor(household.id));
  cookies.set('coordinator', await sessionCookieFor(madeGroup.owner.id));
});

describe('matrice des droits — tournées d’un producteur', () => {
  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const response = await RESOURCES[resource](
      { slug: producer.slug, roundId },
      cookies.get(actor),
    );
    expect(await outcomeOf(response)).toBe(expected);
  });
});

describe('cloisonnement entre producteurs', () => {
  const ROUND_RESOURCES = (Object.keys(RESOURCES) as Resource[]).filter(
    (r) => r !== 'liste des tournées' && r !== 'créer une tournée',
  );
  it.each(ROUND_RESOURCES)(
    'le responsable d’un autre producteur ne voit ni ne touche la tournée — %s (404)',
    async (resource) => {
      const other = await makeOrganisation({ kind: 'producer' });
      const otherCookie = await sessionCookieFor(other.owner.id);
      // Through its own slug (the round is not its own) and through the real owner's slug.
      for (const slug of [other.organisation.slug, producer.slug]) {
        const response = await RESOURCES[resource]({ slug, roundId }, otherCookie);
        expect(response.status).toBe(404);
      }
    },
  );

  it('la liste d’un autre producteur ne montre pas la tournée', async () => {
    const other = await makeOrganisation({ kind: 'producer' });
    const otherCookie = await sessionCookieFor(other.owner.id);
    const response = await RESOURCES['liste des tournées'](
      { slug: other.organisation.slug, roundId },
      otherCookie,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).not.toContain(roundId);
  });

  it('une tournée étrangère n’est pas modifiée par une requête refusée', async () => {
    const other = await makeOrganisation({ kind: 'producer' });
    const otherCookie = await sessionCookieFor(other.owner.id);
    await call(roundAction, {
      request: postRequest(
        `/o/${other.organisation.slug}/tournees/${roundId}`,
        { intent: 'add-offer', productId },
        otherCookie,
      ),
      params: { slug: other.organisation.slug, roundId },
    });
    const [round] = await db().select().from(deliveryRounds).where(eq(deliveryRounds.id, roundId));
    expect(round!.producerId).toBe(producer.id);
  });

  it.each([
    ['identifiant mal formé', 'pas-un-uuid'],
    ['tournée inexistante', '00000000-0000-4000-8000-000000000000'],
  ])('%s : 404, pas d’erreur serveur', async (_label, id) => {
    const response = await RESOURCES['voir une tournée'](
      { slug: producer.slug, roundId: id },
      cookies.get('owner'),
    );
    expect(response.status).toBe(404);
  });

  it('les pages de tournées n’existent pas pour un groupe, même pour son responsable', async () => {
    const response = await RESOURCES['liste des tournées'](
      { slug: group.slug, roundId },
      cookies.get('coordinator'),
    );
    expect(response.status).toBe(404);
  });
});
