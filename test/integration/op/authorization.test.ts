import { beforeAll, describe, expect, it } from 'vitest';
import { listBillingMandates } from '#app/models/billing-mandate.server.ts';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import { createMemberRequest } from '#app/models/op-member-request.server.ts';
import {
  loader as agreementsLoader,
  action as newAgreementAction,
} from '#app/routes/o.$slug.accords-cadres._index.tsx';
import {
  action as agreementAction,
  loader as agreementLoader,
} from '#app/routes/o.$slug.accords-cadres.$agreementId/route.tsx';
import { loader as agreementPdfLoader } from '#app/routes/o.$slug.accords-cadres.$agreementId_.accord[.pdf].tsx';
import { loader as exportLoader } from '#app/routes/o.$slug.export-egalim._index.tsx';
import { loader as exportCsvLoader } from '#app/routes/o.$slug.export-egalim[.csv].tsx';
import { loader as exportJsonLoader } from '#app/routes/o.$slug.export-egalim[.json].tsx';
import { loader as opInvoicesLoader } from '#app/routes/o.$slug.factures-op._index.tsx';
import {
  action as opInvoiceAction,
  loader as opInvoiceLoader,
} from '#app/routes/o.$slug.factures-op.$invoiceId/route.tsx';
import { loader as indicatorsLoader } from '#app/routes/o.$slug.indicateurs.tsx';
import {
  action as deliveriesAction,
  loader as deliveriesLoader,
} from '#app/routes/o.$slug.livraisons-op._index.tsx';
import { loader as opInvoicePdfLoader } from '#app/routes/o.$slug.livraisons-op.factures.$invoiceId[.pdf].tsx';
import {
  action as mandatesAction,
  loader as mandatesLoader,
} from '#app/routes/o.$slug.mandats._index.tsx';
import {
  action as mandateAction,
  loader as mandateLoader,
} from '#app/routes/o.$slug.mandats.$mandateId.tsx';
import {
  action as membersAction,
  loader as membersLoader,
} from '#app/routes/o.$slug.membres-op._index.tsx';
import {
  action as memberAction,
  loader as memberLoader,
} from '#app/routes/o.$slug.membres-op.$memberId.tsx';
import {
  action as requestAction,
  loader as requestLoader,
} from '#app/routes/o.$slug.membres-op.demandes.$requestId.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { makeOpSetup } from './op-helpers.ts';

setupTestDatabase();

type Actor =
  | 'anonymous'
  | 'outsider'
  | 'member producer'
  | 'other producer'
  | 'buyer concerned'
  | 'other buyer'
  | 'OP owner'
  | 'OP manager';
type Outcome = 'login' | 'hidden' | 'forbidden' | 'allowed';

type Context = {
  op: string;
  member: string;
  otherProducer: string;
  buyer: string;
  otherBuyer: string;
  memberId: string;
  requestId: string;
  agreementId: string;
  invoiceId: string;
  mandateId: string;
};

const get = (
  loader: (args: never) => Promise<Response>,
  path: string,
  params: Record<string, string>,
  cookie?: string,
) => call(loader, { request: getRequest(path, cookie), params });
const post = (
  action: (args: never) => Promise<Response>,
  path: string,
  fields: Record<string, string>,
  params: Record<string, string>,
  cookie?: string,
) => call(action, { request: postRequest(path, fields, cookie), params });

/** Every producer-organisation route, as the request a member would send; posts are invalid. */
const RESOURCES = {
  'registre de l’OP': (c: Context, k?: string) =>
    get(membersLoader, `/o/${c.op}/membres-op`, { slug: c.op }, k),
  'inscrire un membre': (c: Context, k?: string) =>
    post(membersAction, `/o/${c.op}/membres-op`, { intent: 'add-member' }, { slug: c.op }, k),
  'registre sur la page acheteur': (c: Context, k?: string) =>
    get(membersLoader, `/o/${c.buyer}/membres-op`, { slug: c.buyer }, k),
  'fiche d’un membre': (c: Context, k?: string) =>
    get(
      memberLoader,
      `/o/${c.op}/membres-op/${c.memberId}`,
      { slug: c.op, memberId: c.memberId },
      k,
    ),
  'modifier la fiche': (c: Context, k?: string) =>
    post(
      memberAction,
      `/o/${c.op}/membres-op/${c.memberId}`,
      { intent: 'x' },
      { slug: c.op, memberId: c.memberId },
      k,
    ),
  'mon OP (membre)': (c: Context, k?: string) =>
    get(membersLoader, `/o/${c.member}/membres-op`, { slug: c.member }, k),
  'demande, côté membre': (c: Context, k?: string) =>
    get(
      requestLoader,
      `/o/${c.member}/membres-op/demandes/${c.requestId}`,
      { slug: c.member, requestId: c.requestId },
      k,
    ),
  'demande, côté OP': (c: Context, k?: string) =>
    get(
      requestLoader,
      `/o/${c.op}/membres-op/demandes/${c.requestId}`,
      { slug: c.op, requestId: c.requestId },
      k,
    ),
  'répondre à la demande': (c: Context, k?: string) =>
    post(
      requestAction,
      `/o/${c.op}/membres-op/demandes/${c.requestId}`,
      { to: 'nulle' },
      { slug: c.op, requestId: c.requestId },
      k,
    ),
  'accords-cadres de l’OP': (c: Context, k?: string) =>
    get(agreementsLoader, `/o/${c.op}/accords-cadres`, { slug: c.op }, k),
  'proposer un accord': (c: Context, k?: string) =>
    post(newAgreementAction, `/o/${c.op}/accords-cadres`, { title: '' }, { slug: c.op }, k),
  'proposer un accord (page acheteur)': (c: Context, k?: string) =>
    post(newAgreementAction, `/o/${c.buyer}/accords-cadres`, { title: '' }, { slug: c.buyer }, k),
  'accord, côté OP': (c: Context, k?: string) =>
    get(
      agreementLoader,
      `/o/${c.op}/accords-cadres/${c.agreementId}`,
      { slug: c.op, agreementId: c.agreementId },
      k,
    ),
  'accord, côté acheteur': (c: Context, k?: string) =>
    get(
      agreementLoader,
      `/o/${c.buyer}/accords-cadres/${c.agreementId}`,
      { slug: c.buyer, agreementId: c.agreementId },
      k,
    ),
  'accord par un autre acheteur': (c: Context, k?: string) =>
    get(
      agreementLoader,
      `/o/${c.otherBuyer}/accords-cadres/${c.agreementId}`,
      { slug: c.otherBuyer, agreementId: c.agreementId },
      k,
    ),
  'PDF de l’accord': (c: Context, k?: string) =>
    get(
      agreementPdfLoader,
      `/o/${c.buyer}/accords-cadres/${c.agreementId}/accord.pdf`,
      { slug: c.buyer, agreementId: c.agreementId },
      k,
    ),
  'contre-proposer (acheteur)': (c: Context, k?: string) =>
    post(
      agreementAction,
      `/o/${c.buyer}/accords-cadres/${c.agreementId}`,
      { intent: 'counter', reason: '' },
      { slug: c.buyer, agreementId: c.agreementId },
      k,
    ),
  'livraisons de l’OP': (c: Context, k?: string) =>
    get(deliveriesLoader, `/o/${c.op}/livraisons-op`, { slug: c.op }, k),
  'enregistrer une livraison': (c: Context, k?: string) =>
    post(deliveriesAction, `/o/${c.op}/livraisons-op`, { intent: 'record' }, { slug: c.op }, k),
  'livraisons sur la page du membre': (c: Context, k?: string) =>
    get(deliveriesLoader, `/o/${c.member}/livraisons-op`, { slug: c.member }, k),
  'PDF d’une facture émise par l’OP': (c: Context, k?: string) =>
    get(
      opInvoicePdfLoader,
      `/o/${c.op}/livraisons-op/factures/${c.invoiceId}.pdf`,
      { slug: c.op, invoiceId: c.invoiceId },
      k,
    ),
  'export EG-22 de l’OP': (c: Context, k?: string) =>
    get(exportLoader, `/o/${c.op}/export-egalim`, { slug: c.op }, k),
  'export CSV de l’OP': (c: Context, k?: string) =>
    get(
      exportCsvLoader,
      `/o/${c.op}/export-egalim.csv?partenaire=${c.buyer}&mois=2026-03`,
      { slug: c.op },
      k,
    ),
  'export de l’acheteur': (c: Context, k?: string) =>
    get(exportLoader, `/o/${c.buyer}/export-egalim`, { slug: c.buyer }, k),
  'export JSON de l’acheteur': (c: Context, k?: string) =>
    get(
      exportJsonLoader,
      `/o/${c.buyer}/export-egalim.json?partenaire=${c.op}&mois=2026-03`,
      { slug: c.buyer },
      k,
    ),
  'mandats du producteur': (c: Context, k?: string) =>
    get(mandatesLoader, `/o/${c.member}/mandats`, { slug: c.member }, k),
  'mandats de l’OP': (c: Context, k?: string) =>
    get(mandatesLoader, `/o/${c.op}/mandats`, { slug: c.op }, k),
  'établir un mandat': (c: Context, k?: string) =>
    post(mandatesAction, `/o/${c.member}/mandats`, { counterpartId: 'x' }, { slug: c.member }, k),
  'mandat, côté producteur': (c: Context, k?: string) =>
    get(
      mandateLoader,
      `/o/${c.member}/mandats/${c.mandateId}`,
      { slug: c.member, mandateId: c.mandateId },
      k,
    ),
  'mandat, côté acheteur du champ': (c: Context, k?: string) =>
    get(
      mandateLoader,
      `/o/${c.buyer}/mandats/${c.mandateId}`,
      { slug: c.buyer, mandateId: c.mandateId },
      k,
    ),
  'mandat par un autre acheteur': (c: Context, k?: string) =>
    get(
      mandateLoader,
      `/o/${c.otherBuyer}/mandats/${c.mandateId}`,
      { slug: c.otherBuyer, mandateId: c.mandateId },
      k,
    ),
  'indicateurs de l’OP': (c: Context, k?: string) =>
    get(indicatorsLoader, `/o/${c.op}/indicateurs`, { slug: c.op }, k),
  'agir sur le mandat (OP)': (c: Context, k?: string) =>
    post(
      mandateAction,
      `/o/${c.op}/mandats/${c.mandateId}`,
      { intent: 'x' },
      { slug: c.op, mandateId: c.mandateId },
      k,
    ),
  'factures des membres (OP)': (c: Context, k?: string) =>
    get(opInvoicesLoader, `/o/${c.op}/factures-op`, { slug: c.op }, k),
  'factures de l’OP (membre)': (c: Context, k?: string) =>
    get(opInvoicesLoader, `/o/${c.member}/factures-op`, { slug: c.member }, k),
  'factures de l’OP (page acheteur)': (c: Context, k?: string) =>
    get(opInvoicesLoader, `/o/${c.buyer}/factures-op`, { slug: c.buyer }, k),
  'facture OP, côté membre': (c: Context, k?: string) =>
    get(
      opInvoiceLoader,
      `/o/${c.member}/factures-op/${c.invoiceId}`,
      { slug: c.member, invoiceId: c.invoiceId },
      k,
    ),
  'facture OP, côté OP': (c: Context, k?: string) =>
    get(
      opInvoiceLoader,
      `/o/${c.op}/factures-op/${c.invoiceId}`,
      { slug: c.op, invoiceId: c.invoiceId },
      k,
    ),
  'facture OP par un autre producteur': (c: Context, k?: string) =>
    get(
      opInvoiceLoader,
      `/o/${c.otherProducer}/factures-op/${c.invoiceId}`,
      { slug: c.otherProducer, invoiceId: c.invoiceId },
      k,
    ),
  'contester (membre)': (c: Context, k?: string) =>
    post(
      opInvoiceAction,
      `/o/${c.member}/factures-op/${c.invoiceId}`,
      { intent: 'contest', reason: '' },
      { slug: c.member, invoiceId: c.invoiceId },
      k,
    ),
  'contester depuis la page OP': (c: Context, k?: string) =>
    post(
      opInvoiceAction,
      `/o/${c.op}/factures-op/${c.invoiceId}`,
      { intent: 'contest', reason: '' },
      { slug: c.op, invoiceId: c.invoiceId },
      k,
    ),
  'traiter la contestation (OP)': (c: Context, k?: string) =>
    post(
      opInvoiceAction,
      `/o/${c.op}/factures-op/${c.invoiceId}`,
      { intent: 'reject', reason: '' },
      { slug: c.op, invoiceId: c.invoiceId },
      k,
    ),
  'traiter depuis la page membre': (c: Context, k?: string) =>
    post(
      opInvoiceAction,
      `/o/${c.member}/factures-op/${c.invoiceId}`,
      { intent: 'correct', note: '' },
      { slug: c.member, invoiceId: c.invoiceId },
      k,
    ),
} as const;
type Resource = keyof typeof RESOURCES;

const CODES: Record<string, Outcome> = { L: 'login', H: 'hidden', F: 'forbidden', A: 'allowed' };
/** One letter per resource, in the order of RESOURCES (spaces group them, as commented below). */
const row = (letters: string) => {
  const keys = Object.keys(RESOURCES) as Resource[];
  const outcomes = [...letters.replace(/ /g, '')].map((letter) => CODES[letter]!);
  if (outcomes.length !== keys.length) {
    throw new Error(`${outcomes.length} issues pour ${keys.length} ressources`);
  }
  return Object.fromEntries(keys.map((r, i) => [r, outcomes[i]!])) as Record<Resource, Outcome>;
};
const all = (letter: string) => row(letter.repeat(Object.keys(RESOURCES).length));
// Explicit expectations (not derived from the code under test), grouped as:
//   registre, inscrire, registre ach., fiche, modifier | mon OP, demande membre, demande OP,
//   répondre | accords OP, proposer, proposer ach., accord OP, accord ach., accord autre, PDF,
//   contre-prop. | livraisons, enregistrer, livraisons membre, PDF facture | export OP, CSV OP,
//   export ach., JSON ach. | mandats prod., mandats OP, établir, mandat prod., mandat ach.,
//   mandat autre | indicateurs OP, agir mandat | factures OP, factures membre, factures ach.,
//   facture membre, facture OP, facture autre prod., contester, contester OP, traiter, traiter
//   membre.
const OP = row('AAHAA HHAA AAHAHHHH AAHA AAHH HAHHHH AA AHH HAH HFAH');
const MATRIX: Record<Actor, Record<Resource, Outcome>> = {
  anonymous: all('L'),
  outsider: all('H'),
  'member producer': row('HHHHH AAHH HHHHHHHH HHHH HHHH AHAAHH HH HAH AHH AHHF'),
  'other producer': all('H'),
  'buyer concerned': row('HHHHH HHHH HHFHAHAA HHHH HHAA HHHHAH HH HHH HHH HHHH'),
  'other buyer': all('H'),
  'OP owner': OP,
  'OP manager': OP,
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) return 'hidden';
  if (response.status === 403) return 'forbidden';
  // Reached the handler: success, or a business refusal / form error in French.
  if ([200, 302, 400, 409].includes(response.status)) return 'allowed';
  throw new Error(`statut inattendu ${response.status}`);
}

describe('matrice des droits — organisation de producteurs', () => {
  let context: Context;
  const cookies = new Map<Actor, string | undefined>();
  beforeAll(async () => {
    const s = await makeOpSetup();
    const recorded = await recordOpDelivery({
      opId: s.opId,
      memberId: s.memberIds.gaec,
      agreementId: s.agreements.fromagerie.id,
      deliveredOn: '2026-03-04',
      productLabel: 'Lait cru de vache',
      quantityMilli: 1_000_000,
      vatRateBp: 550,
      actorId: null,
    });
    const issued = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-03',
      issueDate: '2026-03-31',
      actorId: null,
    });
    const request = await createMemberRequest({
      opId: s.opId,
      producerId: s.gaec.organisation.id,
      kind: 'question',
      subject: 'Prime de saisonnalité',
      body: '',
      side: 'member',
      actorId: null,
    });
    if (!recorded.ok || !issued.ok || !request.ok) {
      throw new Error('matrice OP : préparation');
    }
    const [mandate] = await listBillingMandates({ organisationId: s.gaec.organisation.id });
    const otherProducer = await makeOrganisation({ kind: 'producer' });
    const otherBuyer = await makeOrganisation({ kind: 'buyer' });
    const manager = await makeUser();
    await addMember({ organisationId: s.opId, user: manager, role: 'manager' });
    context = {
      op: s.op.organisation.slug,
      member: s.gaec.organisation.slug,
      otherProducer: otherProducer.organisation.slug,
      buyer: s.fromagerie.organisation.slug,
      otherBuyer: otherBuyer.organisation.slug,
      memberId: s.memberIds.gaec,
      requestId: request.id,
      agreementId: s.agreements.fromagerie.id,
      invoiceId: issued.invoices[0]!.id,
      mandateId: mandate!.id,
    };
    cookies.set('anonymous', undefined);
    cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
    cookies.set('member producer', await sessionCookieFor(s.gaec.owner.id));
    cookies.set('other producer', await sessionCookieFor(otherProducer.owner.id));
    cookies.set('buyer concerned', await sessionCookieFor(s.fromagerie.owner.id));
    cookies.set('other buyer', await sessionCookieFor(otherBuyer.owner.id));
    cookies.set('OP owner', await sessionCookieFor(s.op.owner.id));
    cookies.set('OP manager', await sessionCookieFor(manager.id));
  }, 120_000);

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
