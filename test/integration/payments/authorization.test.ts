import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import {
  action as sheetAction,
  loader as sheetLoader,
} from '#app/routes/o.$slug.feuilles.$sheetId_.paiements.tsx';
import {
  action as indexAction,
  loader as indexLoader,
} from '#app/routes/o.$slug.paiements._index.tsx';
import { loader as reconciliationLoader } from '#app/routes/o.$slug.paiements.rapprochement.tsx';
import { loader as csvLoader } from '#app/routes/o.$slug.paiements.rapprochement[.csv].tsx';
import { loader as stripeReturnLoader } from '#app/routes/o.$slug.paiements.stripe.tsx';
import {
  action as roundAction,
  loader as roundLoader,
} from '#app/routes/o.$slug.paiements.tournees.$roundId.tsx';
import { loader as myPaymentsLoader } from '#app/routes/paiements._index.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import {
  type ClosedSheet,
  connectProducer,
  makeClosedSheet,
  postWebhook,
  setupStripeFake,
} from './harness.ts';

setupTestDatabase();
const fake = setupStripeFake();

type Actor =
  | 'anonyme'
  | 'inconnu'
  | 'foyer'
  | 'autre foyer'
  | 'coordinatrice'
  | 'responsable du groupe'
  | 'responsable du producteur'
  | 'gestionnaire du producteur'
  | 'autre producteur';
type Outcome = 'login' | 'hidden' | 'forbidden' | 'allowed';
type Target = {
  group: string;
  producer: string;
  sheetId: string;
  roundId: string;
  paymentId: string;
  householdId: string;
  producerId: string;
};

let sheet: ClosedSheet;
let target: Target;
const cookies = new Map<Actor, string | undefined>();

const sheetPath = (t: Target) => `/o/${t.group}/feuilles/${t.sheetId}/paiements`;
const roundPath = (t: Target) => `/o/${t.producer}/paiements/tournees/${t.roundId}`;

const RESOURCES = {
  'paiements de la feuille': (t: Target, c?: string) =>
    call(sheetLoader, {
      request: getRequest(sheetPath(t), c),
      params: { slug: t.group, sheetId: t.sheetId },
    }),
  'payer sa part par carte': (t: Target, c?: string) =>
    call(sheetAction, {
      request: postRequest(sheetPath(t), { intent: 'pay' }, c),
      params: { slug: t.group, sheetId: t.sheetId },
    }),
  'noter un paiement (feuille)': (t: Target, c?: string) =>
    call(sheetAction, {
      // A bad amount: refused by the form (400) once past the guard, nothing written.
      request: postRequest(
        sheetPath(t),
        {
          intent: 'record',
          householdId: t.householdId,
          producerId: 'all',
          method: 'cash',
          amount: 'douze',
          receivedOn: '2026-12-04',
        },
        c,
      ),
      params: { slug: t.group, sheetId: t.sheetId },
    }),
  'annuler un paiement (feuille)': (t: Target, c?: string) =>
    call(sheetAction, {
      request: postRequest(sheetPath(t), { intent: 'cancel', id: t.paymentId, reason: '' }, c),
      params: { slug: t.group, sheetId: t.sheetId },
    }),
  'ouvrir les paiements': (t: Target, c?: string) =>
    call(sheetAction, {
      request: postRequest(sheetPath(t), { intent: 'confirm' }, c),
      params: { slug: t.group, sheetId: t.sheetId },
    }),
  'onglet paiements du groupe': (t: Target, c?: string) =>
    call(indexLoader, {
      request: getRequest(`/o/${t.group}/paiements`, c),
      params: { slug: t.group },
    }),
  'réglage du groupe': (t: Target, c?: string) =>
    call(indexAction, {
      request: postRequest(`/o/${t.group}/paiements`, { intent: 'settings' }, c),
      params: { slug: t.group },
    }),
  'rapprochement du groupe': (t: Target, c?: string) =>
    call(reconciliationLoader, {
      request: getRequest(`/o/${t.group}/paiements/rapprochement`, c),
      params: { slug: t.group },
    }),
  'CSV du groupe': (t: Target, c?: string) =>
    call(csvLoader, {
      request: getRequest(`/o/${t.group}/paiements/rapprochement.csv`, c),
      params: { slug: t.group },
    }),
  'onglet paiements du producteur': (t: Target, c?: string) =>
    call(indexLoader, {
      request: getRequest(`/o/${t.producer}/paiements`, c),
      params: { slug: t.producer },
    }),
  'paiements d’une tournée': (t: Target, c?: string) =>
    call(roundLoader, {
      request: getRequest(roundPath(t), c),
      params: { slug: t.producer, roundId: t.roundId },
    }),
  'noter un paiement (tournée)': (t: Target, c?: string) =>
    call(roundAction, {
      request: postRequest(
        roundPath(t),
        {
          intent: 'record',
          sheetId: t.sheetId,
          householdId: t.householdId,
          producerId: t.producerId,
          method: 'cheque',
          amount: '-3',
          receivedOn: '2026-12-04',
        },
        c,
      ),
      params: { slug: t.producer, roundId: t.roundId },
    }),
  'rembourser les trop-perçus': (t: Target, c?: string) =>
    call(roundAction, {
      // The round is not invoiced: refused (400) once past the guard.
      request: postRequest(roundPath(t), { intent: 'settle' }, c),
      params: { slug: t.producer, roundId: t.roundId },
    }),
  'rapprochement du producteur': (t: Target, c?: string) =>
    call(reconciliationLoader, {
      request: getRequest(`/o/${t.producer}/paiements/rapprochement`, c),
      params: { slug: t.producer },
    }),
  'CSV du producteur': (t: Target, c?: string) =>
    call(csvLoader, {
      request: getRequest(`/o/${t.producer}/paiements/rapprochement.csv`, c),
      params: { slug: t.producer },
    }),
  'coordonnées bancaires': (t: Target, c?: string) =>
    call(indexAction, {
      request: postRequest(
        `/o/${t.producer}/paiements`,
        { intent: 'bank', holder: 'X', iban: 'FR00' },
        c,
      ),
      params: { slug: t.producer },
    }),
  'activer le paiement en ligne (Connect)': (t: Target, c?: string) =>
    call(indexAction, {
      request: postRequest(`/o/${t.producer}/paiements`, { intent: 'onboard' }, c),
      params: { slug: t.producer },
    }),
  'retour de l’inscription Stripe': (t: Target, c?: string) =>
    call(stripeReturnLoader, {
      request: getRequest(`/o/${t.producer}/paiements/stripe?retour=1`, c),
      params: { slug: t.producer },
    }),
  'mes paiements': (_t: Target, c?: string) =>
    call(myPaymentsLoader, { request: getRequest('/paiements', c) }),
} as const;
type Resource = keyof typeof RESOURCES;

const L: Outcome = 'login',
  H: Outcome = 'hidden',
  F: Outcome = 'forbidden',
  A: Outcome = 'allowed';
const GROUP_RESOURCES: Resource[] = [
  'paiements de la feuille',
  'payer sa part par carte',
  'noter un paiement (feuille)',
  'annuler un paiement (feuille)',
  'ouvrir les paiements',
  'onglet paiements du groupe',
  'réglage du groupe',
  'rapprochement du groupe',
  'CSV du groupe',
];
const PRODUCER_RESOURCES: Resource[] = [
  'onglet paiements du producteur',
  'paiements d’une tournée',
  'noter un paiement (tournée)',
  'rembourser les trop-perçus',
  'rapprochement du producteur',
  'CSV du producteur',
  'coordonnées bancaires',
  'activer le paiement en ligne (Connect)',
  'retour de l’inscription Stripe',
];
const all = (outcome: Outcome, resources: Resource[]) =>
  Object.fromEntries(resources.map((resource) => [resource, outcome])) as Partial<
    Record<Resource, Outcome>
  >;
const HOUSEHOLD = {
  ...all(F, GROUP_RESOURCES),
  'paiements de la feuille': A,
  'payer sa part par carte': A,
  ...all(H, PRODUCER_RESOURCES),
  'mes paiements': A,
};
const GROUP_MANAGER = {
  ...all(A, GROUP_RESOURCES),
  // Only a household pays its own share.
  'payer sa part par carte': F,
  ...all(H, PRODUCER_RESOURCES),
  'mes paiements': A,
};
const PRODUCER_OWNER = {
  ...all(H, GROUP_RESOURCES),
  ...all(A, PRODUCER_RESOURCES),
  'mes paiements': A,
};
// Explicit expectations (not derived from the permission table under test). A missing or
// foreign organisation is 404, a member without the right 403; the webhook is public but signed.
const MATRIX: Record<Actor, Partial<Record<Resource, Outcome>>> = {
  anonyme: { ...all(L, GROUP_RESOURCES), ...all(L, PRODUCER_RESOURCES), 'mes paiements': L },
  inconnu: { ...all(H, GROUP_RESOURCES), ...all(H, PRODUCER_RESOURCES), 'mes paiements': A },
  foyer: HOUSEHOLD,
  'autre foyer': HOUSEHOLD,
  coordinatrice: GROUP_MANAGER,
  'responsable du groupe': GROUP_MANAGER,
  'responsable du producteur': PRODUCER_OWNER,
  'gestionnaire du producteur': {
    ...PRODUCER_OWNER,
    // Where the producer's money goes is its owner's decision.
    'coordonnées bancaires': F,
    'activer le paiement en ligne (Connect)': F,
    'retour de l’inscription Stripe': F,
  },
  'autre producteur': {
    ...all(H, GROUP_RESOURCES),
    ...all(H, PRODUCER_RESOURCES),
    'mes paiements': A,
  },
};

/** Requests of the matrix that really write when allowed (the others send a bad form). */
const SUCCEEDING_WRITES: Resource[] = [
  'payer sa part par carte',
  'ouvrir les paiements',
  'réglage du groupe',
  'activer le paiement en ligne (Connect)',
];

function outcomeOf(response: Response): Outcome {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) {
    return 'hidden';
  }
  if (response.status === 403) {
    return 'forbidden';
  }
  // The page, a file, a redirect (to Stripe, or after success) or a refusal of the form or the
  // model (400): the guard let the request through.
  if ([200, 302, 400].includes(response.status)) {
    return 'allowed';
  }
  throw new Error(`statut inattendu ${response.status}`);
}

async function writes() {
  const [row] = await getSql()<{ n: number }[]>`
    select (select count(*) from payments)::int + (select count(*) from payment_refunds)::int
      + (select count(*) from group_payment_settings)::int + (select count(*) from sheet_payment_confirmations)::int
      + (select count(*) from producer_payment_settings where transfer_iban is not null)::int as n`;
  return row!.n;
}

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [{ key: 'ferme', products: [{ key: 'panier', name: 'Panier', grossCents: 1500 }] }],
    households: 2,
    cells: [
      [0, 'panier', 1000],
      [1, 'panier', 2000],
    ],
  });
  const producer = sheet.producers.get('ferme')!;
  await connectProducer(fake(), producer.producerId, producer.ownerId);
  const [payment] = await getSql()<{ id: string }[]>`
    insert into payments (sheet_id, household_id, method, status, amount_cents, received_on, paid_at)
    values (${sheet.sheetId}, ${sheet.households[0]!.householdId}, 'cash', 'succeeded', 500, '2026-12-04', now())
    returning id`;
  await getSql()`insert into payment_allocations (payment_id, producer_id, amount_cents)
    values (${payment!.id}, ${producer.producerId}, 500)`;
  const [slugs] = await getSql()<{ group: string; producer: string }[]>`
    select (select slug from organisations where id = ${sheet.group.id}) as group,
           (select slug from organisations where id = ${producer.producerId}) as producer`;
  target = {
    group: slugs!.group,
    producer: slugs!.producer,
    sheetId: sheet.sheetId,
    roundId: producer.roundId,
    paymentId: payment!.id,
    householdId: sheet.households[0]!.householdId,
    producerId: producer.producerId,
  };
  const coordinator = await makeUser();
  await addMember({ organisationId: sheet.group.id, user: coordinator, role: 'coordinator' });
  const manager = await makeUser();
  await addMember({ organisationId: producer.producerId, user: manager, role: 'manager' });
  const other = await makeOrganisation({ kind: 'producer' });
  cookies.set('anonyme', undefined);
  cookies.set('inconnu', await sessionCookieFor((await makeUser()).id));
  cookies.set('foyer', await sessionCookieFor(sheet.households[0]!.user.id));
  cookies.set('autre foyer', await sessionCookieFor(sheet.households[1]!.user.id));
  cookies.set('coordinatrice', await sessionCookieFor(coordinator.id));
  cookies.set('responsable du groupe', await sessionCookieFor(sheet.coordinator.id));
  cookies.set('responsable du producteur', await sessionCookieFor(producer.ownerId));
  cookies.set('gestionnaire du producteur', await sessionCookieFor(manager.id));
  cookies.set('autre producteur', await sessionCookieFor(other.owner.id));
});

describe('matrice des droits — paiements', () => {
  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const before = await writes();
    const response = await RESOURCES[resource](target, cookies.get(actor));
    expect(outcomeOf(response)).toBe(expected);
    if (expected !== 'allowed' || !SUCCEEDING_WRITES.includes(resource)) {
      // Refused by the guard, or by the form once past it: nothing changes.
      expect(await writes()).toBe(before);
    }
  });

  it('le webhook est public mais signé : sans signature, 400 pour tous, rien d’écrit', async () => {
    const before = await writes();
    const response = await postWebhook('{"id":"evt_x","type":"checkout.session.completed"}', null);
    expect(response.status).toBe(400);
    expect(await writes()).toBe(before);
  });
});

describe('cloisonnement', () => {
  it('un foyer ne voit que sa part : ni le nom ni le montant d’un autre foyer, ni la vue du coordinateur', async () => {
    const response = await RESOURCES['paiements de la feuille'](target, cookies.get('foyer'));
    const data = (await response.json()) as {
      manager: unknown;
      share: { household: { id: string } };
    };
    expect(data.manager).toBeNull();
    expect(data.share.household.id).toBe(sheet.households[0]!.householdId);
    const text = JSON.stringify(data);
    expect(text).not.toContain(sheet.households[1]!.householdId);
    expect(text).not.toContain('30,00');
  });

  it('le foyer paie sa propre part, jamais celle d’un autre', async () => {
    const response = await RESOURCES['payer sa part par carte'](target, cookies.get('autre foyer'));
    expect(response.status).toBe(302);
    const sessionId = response.headers.get('Location')!.split('/').pop()!;
    const session = fake()
      .state()
      .sessions.find((s) => s.id === sessionId)!;
    expect(session.amount_total).toBe(3000);
    expect((session.metadata as Record<string, string>).cabas_household_id).toBe(
      sheet.households[1]!.householdId,
    );
  });

  it('un autre producteur ne voit pas la tournée, même par son propre espace', async () => {
    const other = await makeOrganisation({ kind: 'producer' });
    const response = await RESOURCES['paiements d’une tournée'](
      { ...target, producer: other.organisation.slug },
      await sessionCookieFor(other.owner.id),
    );
    expect(response.status).toBe(404);
  });

  it('un coordinateur d’un autre groupe n’annule pas un paiement de ce groupe par son groupe', async () => {
    const otherGroup = await makeOrganisation({ kind: 'group' });
    const ownSheet = await makeClosedSheet({
      producers: [{ key: 'f', products: [{ key: 'p', name: 'Pain', grossCents: 400 }] }],
      households: 1,
      cells: [[0, 'p', 1000]],
    });
    const [slug] = await getSql()<
      { slug: string }[]
    >`select slug from organisations where id = ${ownSheet.group.id}`;
    void otherGroup;
    const response = await call(sheetAction, {
      request: postRequest(
        `/o/${slug!.slug}/feuilles/${ownSheet.sheetId}/paiements`,
        { intent: 'cancel', id: target.paymentId, reason: 'erreur' },
        await sessionCookieFor(ownSheet.coordinator.id),
      ),
      params: { slug: slug!.slug, sheetId: ownSheet.sheetId },
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: string[] }).errors).toEqual([
      'Paiement introuvable.',
    ]);
    const [payment] = await getSql()<
      { status: string }[]
    >`select status from payments where id = ${target.paymentId}`;
    expect(payment!.status).toBe('succeeded');
  });

  it.each([
    ['identifiant de feuille mal formé', 'pas-un-uuid'],
    ['feuille inexistante', '00000000-0000-4000-8000-000000000000'],
  ])('%s : 404, pas d’erreur serveur', async (_label, sheetId) => {
    const response = await RESOURCES['paiements de la feuille'](
      { ...target, sheetId },
      cookies.get('foyer'),
    );
    expect(response.status).toBe(404);
    const round = await RESOURCES['paiements d’une tournée'](
      { ...target, roundId: sheetId },
      cookies.get('responsable du producteur'),
    );
    expect(round.status).toBe(404);
  });
});
