import { beforeAll, describe, expect, it } from 'vitest';
import { createContractDraft, sendProposal } from '#app/models/egalim-contract.server.ts';
import {
  action as turnoverAction,
  loader as turnoverLoader,
} from '#app/routes/o.$slug.chiffre-affaires.tsx';
import { loader as proOrdersLoader } from '#app/routes/o.$slug.commandes-pro._index.tsx';
import {
  action as orderAction,
  loader as stopLoader,
} from '#app/routes/o.$slug.commandes-pro.$stopId.tsx';
import {
  loader as contractsLoader,
  action as newContractAction,
} from '#app/routes/o.$slug.contrats._index.tsx';
import {
  action as contractAction,
  loader as contractLoader,
} from '#app/routes/o.$slug.contrats.$contractId/route.tsx';
import { loader as contractPdfLoader } from '#app/routes/o.$slug.contrats.$contractId_.contrat[.pdf].tsx';
import {
  action as indicatorsAction,
  loader as indicatorsLoader,
} from '#app/routes/o.$slug.indicateurs.tsx';
import { b1Terms, makeB1Indicators, makeProSetup } from '#test/factories/egalim.ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

type Actor =
  | 'anonymous'
  | 'outsider'
  | 'other producer'
  | 'buyer'
  | 'buyer manager'
  | 'producer owner';
type Outcome = 'login' | 'hidden' | 'forbidden' | 'allowed';

type Context = {
  producer: string;
  buyer: string;
  otherProducer: string;
  contractId: string;
  stopId: string;
  heiferId: string;
};

/** Every Egalim route, as the request a member would send. */
const RESOURCES = {
  'contrats du producteur': (c: Context, cookie?: string) =>
    call(contractsLoader, {
      request: getRequest(`/o/${c.producer}/contrats`, cookie),
      params: { slug: c.producer },
    }),
  'créer un contrat (producteur)': (c: Context, cookie?: string) =>
    call(newContractAction, {
      request: postRequest(
        `/o/${c.producer}/contrats`,
        { buyerSlug: c.buyer, egalimCategory: 'egg', title: 'Œufs' },
        cookie,
      ),
      params: { slug: c.producer },
    }),
  'créer un contrat (page acheteur)': (c: Context, cookie?: string) =>
    call(newContractAction, {
      request: postRequest(
        `/o/${c.buyer}/contrats`,
        { buyerSlug: c.buyer, egalimCategory: 'egg', title: 'x' },
        cookie,
      ),
      params: { slug: c.buyer },
    }),
  'contrat, côté producteur': (c: Context, cookie?: string) =>
    call(contractLoader, {
      request: getRequest(`/o/${c.producer}/contrats/${c.contractId}`, cookie),
      params: { slug: c.producer, contractId: c.contractId },
    }),
  'contrat, côté acheteur': (c: Context, cookie?: string) =>
    call(contractLoader, {
      request: getRequest(`/o/${c.buyer}/contrats/${c.contractId}`, cookie),
      params: { slug: c.buyer, contractId: c.contractId },
    }),
  'contrat par un autre producteur': (c: Context, cookie?: string) =>
    call(contractLoader, {
      request: getRequest(`/o/${c.otherProducer}/contrats/${c.contractId}`, cookie),
      params: { slug: c.otherProducer, contractId: c.contractId },
    }),
  'PDF du contrat': (c: Context, cookie?: string) =>
    call(contractPdfLoader, {
      request: getRequest(`/o/${c.buyer}/contrats/${c.contractId}/contrat.pdf`, cookie),
      params: { slug: c.buyer, contractId: c.contractId },
    }),
  'contre-proposer (acheteur)': (c: Context, cookie?: string) =>
    call(contractAction, {
      request: postRequest(
        `/o/${c.buyer}/contrats/${c.contractId}`,
        { intent: 'counter', reason: '' },
        cookie,
      ),
      params: { slug: c.buyer, contractId: c.contractId },
    }),
  'indicateurs du producteur': (c: Context, cookie?: string) =>
    call(indicatorsLoader, {
      request: getRequest(`/o/${c.producer}/indicateurs`, cookie),
      params: { slug: c.producer },
    }),
  'importer des indicateurs': (c: Context, cookie?: string) =>
    call(indicatorsAction, {
      request: postRequest(
        `/o/${c.producer}/indicateurs`,
        { intent: 'import', csv: 'indicateur;date;valeur\ninconnu;2026-01-01;1' },
        cookie,
      ),
      params: { slug: c.producer },
    }),
  'indicateurs sur la page acheteur': (c: Context, cookie?: string) =>
    call(indicatorsLoader, {
      request: getRequest(`/o/${c.buyer}/indicateurs`, cookie),
      params: { slug: c.buyer },
    }),
  'chiffre d’affaires du producteur': (c: Context, cookie?: string) =>
    call(turnoverLoader, {
      request: getRequest(`/o/${c.producer}/chiffre-affaires`, cookie),
      params: { slug: c.producer },
    }),
  'déclarer le chiffre d’affaires de l’acheteur': (c: Context, cookie?: string) =>
    call(turnoverAction, {
      request: postRequest(`/o/${c.buyer}/chiffre-affaires`, { year: '0' }, cookie),
      params: { slug: c.buyer },
    }),
  'commandes de l’acheteur': (c: Context, cookie?: string) =>
    call(proOrdersLoader, {
      request: getRequest(`/o/${c.buyer}/commandes-pro`, cookie),
      params: { slug: c.buyer },
    }),
  'commandes sur la page producteur': (c: Context, cookie?: string) =>
    call(proOrdersLoader, {
      request: getRequest(`/o/${c.producer}/commandes-pro`, cookie),
      params: { slug: c.producer },
    }),
  'arrêt de l’acheteur': (c: Context, cookie?: string) =>
    call(stopLoader, {
      request: getRequest(`/o/${c.buyer}/commandes-pro/${c.stopId}`, cookie),
      params: { slug: c.buyer, stopId: c.stopId },
    }),
  'commander sur l’arrêt': (c: Context, cookie?: string) =>
    call(orderAction, {
      request: postRequest(
        `/o/${c.buyer}/commandes-pro/${c.stopId}`,
        { [`q.${c.heiferId}`]: '1' },
        cookie,
      ),
      params: { slug: c.buyer, stopId: c.stopId },
    }),
} as const;
type Resource = keyof typeof RESOURCES;

const L = 'login',
  H = 'hidden',
  F = 'forbidden',
  A = 'allowed';
const row = (...outcomes: Outcome[]) =>
  Object.fromEntries(
    (Object.keys(RESOURCES) as Resource[]).map((r, i) => [r, outcomes[i]!]),
  ) as Record<Resource, Outcome>;
// Explicit expectations, in the order of RESOURCES (not derived from the code under test):
// contrats, créer (prod.), créer (ach.), contrat prod., contrat ach., autre prod., PDF, contre-prop.,
// indicateurs, import, indic. acheteur, CA prod., CA ach., commandes, commandes prod., arrêt, commander.
const MATRIX: Record<Actor, Record<Resource, Outcome>> = {
  anonymous: row(L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L),
  outsider: row(H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H),
  'other producer': row(H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H, H),
  buyer: row(H, H, F, H, A, H, A, A, H, H, H, H, A, A, H, A, A),
  'buyer manager': row(H, H, F, H, A, H, A, A, H, H, H, H, A, A, H, A, A),
  'producer owner': row(A, A, H, A, H, H, H, H, A, A, H, A, H, H, H, H, H),
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) return 'hidden';
  if (response.status === 403) return 'forbidden';
  // Reached the handler: success, or a business refusal / form error in French.
  if ([200, 302, 400, 409, 422].includes(response.status)) return 'allowed';
  throw new Error(`statut inattendu ${response.status}`);
}

describe('matrice des droits — pages Egalim', () => {
  let context: Context;
  const cookies = new Map<Actor, string | undefined>();
  beforeAll(async () => {
    const setup = await makeProSetup();
    await makeB1Indicators(setup.producer.id);
    const created = await createContractDraft({
      producerId: setup.producer.id,
      buyerSlug: setup.buyer.slug,
      egalimCategory: 'bovine_heifer',
      isSiqo: true,
      title: 'Génisses',
      terms: b1Terms(),
      year: 2026,
      actorId: null,
    });
    if (!created.ok) throw new Error(created.message);
    await sendProposal({
      organisationId: setup.producer.id,
      contractId: created.id,
      actorId: null,
    });
    const other = await makeOrganisation({ kind: 'producer' });
    const manager = await makeUser();
    await addMember({ organisationId: setup.buyer.id, user: manager, role: 'manager' });
    context = {
      producer: setup.producer.slug,
      buyer: setup.buyer.slug,
      otherProducer: other.organisation.slug,
      contractId: created.id,
      stopId: setup.stopId,
      heiferId: setup.heiferId,
    };
    cookies.set('anonymous', undefined);
    cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
    cookies.set('other producer', await sessionCookieFor(other.owner.id));
    cookies.set('buyer', await sessionCookieFor(setup.buyerOwner.id));
    cookies.set('buyer manager', await sessionCookieFor(manager.id));
    cookies.set('producer owner', await sessionCookieFor(setup.producerOwner.id));
  });

  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const response = await RESOURCES[resource](context, cookies.get(actor));
    expect(await outcomeOf(response)).toBe(expected);
  });
});
