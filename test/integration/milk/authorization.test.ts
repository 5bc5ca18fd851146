import { beforeAll, describe, expect, it } from 'vitest';
import { issueMilkMonth } from '#app/models/milk-invoice.server.ts';
import { listMilkStatements } from '#app/models/milk-pay.server.ts';
import { action as homeAction, loader as homeLoader } from '#app/routes/o.$slug.lait._index.tsx';
import {
  action as analysesAction,
  loader as analysesLoader,
} from '#app/routes/o.$slug.lait.analyses.tsx';
import { loader as attestationLoader } from '#app/routes/o.$slug.lait.attestation.$year[.csv].tsx';
import {
  action as bulletinAction,
  loader as bulletinLoader,
} from '#app/routes/o.$slug.lait.bulletins.$statementId.tsx';
import {
  action as collectionsAction,
  loader as collectionsLoader,
} from '#app/routes/o.$slug.lait.collectes.tsx';
import {
  action as contestsAction,
  loader as contestsLoader,
} from '#app/routes/o.$slug.lait.contestations.tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.lait.factures.$invoiceId.pdf.tsx';
import { action as gridAction, loader as gridLoader } from '#app/routes/o.$slug.lait.grille.tsx';
import { action as payAction, loader as payLoader } from '#app/routes/o.$slug.lait.paie.$month.tsx';
import { loader as layoutLoader } from '#app/routes/o.$slug.lait.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { makeMilkSetup } from './setup.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Actor =
  | 'anonymous'
  | 'outsider'
  | 'producteur concerné'
  | 'autre producteur'
  | 'laiterie (responsable)'
  | 'laiterie (gestionnaire)'
  | 'autre acheteur'
  | 'OP';
type Outcome = 'login' | 'hidden' | 'allowed';
type Target = {
  dairy: string;
  producer: string;
  other: string;
  statementId: string;
  invoiceId: string;
};

const get =
  (fn: (args: never) => Promise<Response>, path: string, params: Record<string, string>) =>
  (c?: string) =>
    call(fn, { request: getRequest(path, c), params });
const post =
  (
    fn: (args: never) => Promise<Response>,
    path: string,
    params: Record<string, string>,
    fields: Record<string, string>,
  ) =>
  (c?: string) =>
    call(fn, { request: postRequest(path, fields, c), params });

/** Every milk route, as the request a member would send (posts refused by their forms once past the guard). */
const RESOURCES = {
  'onglet Lait de la laiterie': (t: Target) =>
    get(layoutLoader, `/o/${t.dairy}/lait`, { slug: t.dairy }),
  'fournisseurs et mois': (t: Target) => get(homeLoader, `/o/${t.dairy}/lait`, { slug: t.dairy }),
  'ajouter un fournisseur': (t: Target) =>
    post(
      homeAction,
      `/o/${t.dairy}/lait`,
      { slug: t.dairy },
      { producer: '', code: '', since: '' },
    ),
  collectes: (t: Target) =>
    get(collectionsLoader, `/o/${t.dairy}/lait/collectes`, { slug: t.dairy }),
  'saisir une collecte': (t: Target) =>
    post(
      collectionsAction,
      `/o/${t.dairy}/lait/collectes`,
      { slug: t.dairy },
      { intent: 'add', producerId: '' },
    ),
  analyses: (t: Target) =>
    get(analysesLoader, `/o/${t.dairy}/lait/analyses?mois=2026-08`, { slug: t.dairy }),
  'importer des analyses': (t: Target) =>
    post(analysesAction, `/o/${t.dairy}/lait/analyses`, { slug: t.dairy }, { intent: 'import' }),
  'grille de prix': (t: Target) => get(gridLoader, `/o/${t.dairy}/lait/grille`, { slug: t.dairy }),
  'enregistrer une grille': (t: Target) =>
    post(gridAction, `/o/${t.dairy}/lait/grille`, { slug: t.dairy }, { grid: '{' }),
  'paie du mois': (t: Target) =>
    get(payLoader, `/o/${t.dairy}/lait/paie/2026-08`, { slug: t.dairy, month: '2026-08' }),
  'émettre les factures du mois': (t: Target) =>
    post(
      payAction,
      `/o/${t.dairy}/lait/paie/2026-08`,
      { slug: t.dairy, month: '2026-08' },
      { intent: 'issue' },
    ),
  'PDF d’une autofacture (laiterie)': (t: Target) =>
    get(pdfLoader, `/o/${t.dairy}/lait/factures/${t.invoiceId}/pdf`, {
      slug: t.dairy,
      invoiceId: t.invoiceId,
    }),
  'contestations (laiterie)': (t: Target) =>
    get(contestsLoader, `/o/${t.dairy}/lait/contestations`, { slug: t.dairy }),
  'traiter une contestation': (t: Target) =>
    post(
      contestsAction,
      `/o/${t.dairy}/lait/contestations`,
      { slug: t.dairy },
      { intent: 'reject', contestId: 'x', reason: 'non' },
    ),
  'page collecte sous l’adresse du producteur': (t: Target) =>
    get(collectionsLoader, `/o/${t.producer}/lait/collectes`, { slug: t.producer }),
  'lait du producteur': (t: Target) =>
    get(homeLoader, `/o/${t.producer}/lait`, { slug: t.producer }),
  'bulletin de paie': (t: Target) =>
    get(bulletinLoader, `/o/${t.producer}/lait/bulletins/${t.statementId}`, {
      slug: t.producer,
      statementId: t.statementId,
    }),
  'contester la facture': (t: Target) =>
    post(
      bulletinAction,
      `/o/${t.producer}/lait/bulletins/${t.statementId}`,
      { slug: t.producer, statementId: t.statementId },
      { reason: '' },
    ),
  'contestations (producteur)': (t: Target) =>
    get(contestsLoader, `/o/${t.producer}/lait/contestations`, { slug: t.producer }),
  'bulletin d’un autre sous sa propre adresse': (t: Target) =>
    get(bulletinLoader, `/o/${t.other}/lait/bulletins/${t.statementId}`, {
      slug: t.other,
      statementId: t.statementId,
    }),
  'attestation annuelle (laiterie)': (t: Target) =>
    get(attestationLoader, `/o/${t.dairy}/lait/attestation/2026.csv`, {
      slug: t.dairy,
      year: '2026',
    }),
  'attestation annuelle (producteur)': (t: Target) =>
    get(attestationLoader, `/o/${t.producer}/lait/attestation/2026.csv`, {
      slug: t.producer,
      year: '2026',
    }),
  'PDF sous l’adresse du producteur': (t: Target) =>
    get(pdfLoader, `/o/${t.producer}/lait/factures/${t.invoiceId}/pdf`, {
      slug: t.producer,
      invoiceId: t.invoiceId,
    }),
} as const;
type Resource = keyof typeof RESOURCES;

const L: Outcome = 'login';
const H: Outcome = 'hidden';
const A: Outcome = 'allowed';
const row = (...outcomes: Outcome[]) =>
  Object.fromEntries(
    (Object.keys(RESOURCES) as Resource[]).map((r, i) => [r, outcomes[i]!]),
  ) as Record<Resource, Outcome>;
// Explicit expectations in the order of RESOURCES: 14 dairy routes, then the dairy page under the
// producer's address, 4 producer routes, another producer's statement, the two annual
// attestations (dairy's, producer's) and the dairy PDF route under the producer's address.
const DAIRY = [A, A, A, A, A, A, A, A, A, A, A, A, A, A] as const;
const NONE = [H, H, H, H, H, H, H, H, H, H, H, H, H, H] as const;
const MATRIX: Record<Actor, Record<Resource, Outcome>> = {
  anonymous: row(...DAIRY.map(() => L), L, L, L, L, L, L, L, L, L),
  outsider: row(...NONE, H, H, H, H, H, H, H, H, H),
  'producteur concerné': row(...NONE, H, A, A, A, A, H, H, A, H),
  'autre producteur': row(...NONE, H, H, H, H, H, H, H, H, H),
  'laiterie (responsable)': row(...DAIRY, H, H, H, H, H, H, A, H, H),
  'laiterie (gestionnaire)': row(...DAIRY, H, H, H, H, H, H, A, H, H),
  'autre acheteur': row(...NONE, H, H, H, H, H, H, H, H, H),
  OP: row(...NONE, H, H, H, H, H, H, H, H, H),
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) return 'hidden';
  // Reached the handler: success, or a business refusal / form error in French.
  if ([200, 302, 400, 409, 422].includes(response.status)) return 'allowed';
  throw new Error(`statut inattendu ${response.status} : ${await response.text()}`);
}

describe('matrice des droits — pages du lait', () => {
  let target: Target;
  const cookies = new Map<Actor, string | undefined>();
  beforeAll(async () => {
    const setup = await makeMilkSetup();
    const issued = await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    if (!issued.ok) throw new Error(issued.message);
    const [statement] = await listMilkStatements({ producerId: setup.liable.producerId });
    target = {
      dairy: setup.dairy.slug,
      producer: setup.liable.slug,
      other: setup.flat.slug,
      statementId: statement!.id,
      invoiceId: statement!.invoiceId,
    };
    const manager = await makeUser();
    await addMember({ organisationId: setup.dairy.id, user: manager, role: 'manager' });
    cookies.set('anonymous', undefined);
    cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
    cookies.set('producteur concerné', await sessionCookieFor(setup.liable.owner.id));
    cookies.set('autre producteur', await sessionCookieFor(setup.flat.owner.id));
    cookies.set('laiterie (responsable)', await sessionCookieFor(setup.dairy.owner.id));
    cookies.set('laiterie (gestionnaire)', await sessionCookieFor(manager.id));
    cookies.set(
      'autre acheteur',
      await sessionCookieFor((await makeOrganisation({ kind: 'buyer' })).owner.id),
    );
    cookies.set('OP', await sessionCookieFor((await makeOrganisation({ kind: 'op' })).owner.id));
  });

  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const response = await RESOURCES[resource](target)(cookies.get(actor));
    expect(await outcomeOf(response)).toBe(expected);
  });
});
