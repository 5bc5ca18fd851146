import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { organisations } from '#app/db/schema.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';
import { loader as householdPdfLoader } from '#app/routes/mes-factures.$invoiceId.pdf.tsx';
import { loader as householdListLoader } from '#app/routes/mes-factures.tsx';
import { loader as listLoader } from '#app/routes/o.$slug.factures._index.tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.factures.$invoiceId.pdf.tsx';
import {
  action as invoiceAction,
  loader as invoiceLoader,
} from '#app/routes/o.$slug.factures.$invoiceId.tsx';
import { loader as xmlLoader } from '#app/routes/o.$slug.factures.$invoiceId.xml.tsx';
import { loader as journalLoader } from '#app/routes/o.$slug.factures.journal[.csv].tsx';
import { loader as zipLoader } from '#app/routes/o.$slug.tournees.$roundId.factures[.zip].tsx';
import {
  action as facturationAction,
  loader as facturationLoader,
} from '#app/routes/o.$slug.tournees.$roundId_.facturation/route.tsx';
import { loader as progressLoader } from '#app/routes/o.$slug.tournees.$roundId_.facturation.progression.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { makeGroup, makeProBuyer, makeRound, makeSeller } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

const { db } = setupTestDatabase();
expectEveryStoredInvoiceValid();

type Actor = 'anonymous' | 'outsider' | 'household' | 'manager' | 'owner';
type Outcome = 'login' | 'hidden' | 'allowed';
type Target = { slug: string; roundId: string; invoiceId: string; householdInvoiceId: string };

const cookies = new Map<Actor, string | undefined>();
let target: Target;

const RESOURCES = {
  'liste des factures': (t: Target, c?: string) =>
    call(listLoader, { request: getRequest(`/o/${t.slug}/factures`, c), params: { slug: t.slug } }),
  'détail d’une facture': (t: Target, c?: string) =>
    call(invoiceLoader, {
      request: getRequest(`/o/${t.slug}/factures/${t.invoiceId}`, c),
      params: { slug: t.slug, invoiceId: t.invoiceId },
    }),
  'établir un avoir': (t: Target, c?: string) =>
    call(invoiceAction, {
      // No reason: refused by the form (400) once past the guard, so nothing is written.
      request: postRequest(`/o/${t.slug}/factures/${t.invoiceId}`, { mode: 'full' }, c),
      params: { slug: t.slug, invoiceId: t.invoiceId },
    }),
  'PDF d’une facture': (t: Target, c?: string) =>
    call(pdfLoader, {
      request: getRequest(`/o/${t.slug}/factures/${t.invoiceId}/pdf`, c),
      params: { slug: t.slug, invoiceId: t.invoiceId },
    }),
  'XML d’une facture': (t: Target, c?: string) =>
    call(xmlLoader, {
      request: getRequest(`/o/${t.slug}/factures/${t.invoiceId}/xml`, c),
      params: { slug: t.slug, invoiceId: t.invoiceId },
    }),
  'journal des ventes CSV': (t: Target, c?: string) =>
    call(journalLoader, {
      request: getRequest(`/o/${t.slug}/factures/journal.csv?tournee=${t.roundId}`, c),
      params: { slug: t.slug },
    }),
  'ZIP des factures de la tournée': (t: Target, c?: string) =>
    call(zipLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}/factures.zip`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'page livraison et facturation': (t: Target, c?: string) =>
    call(facturationLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}/facturation`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'saisir la livraison': (t: Target, c?: string) =>
    call(facturationAction, {
      // The round is invoiced: past the guard the model refuses (400), nothing changes.
      request: postRequest(
        `/o/${t.slug}/tournees/${t.roundId}/facturation`,
        { intent: 'save-delivery' },
        c,
      ),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'émettre les factures': (t: Target, c?: string) =>
    call(facturationAction, {
      // Already issued: idempotent, answers a redirect without writing.
      request: postRequest(
        `/o/${t.slug}/tournees/${t.roundId}/facturation`,
        { intent: 'issue' },
        c,
      ),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'progression de l’émission': (t: Target, c?: string) =>
    call(progressLoader, {
      request: getRequest(`/o/${t.slug}/tournees/${t.roundId}/facturation/progression`, c),
      params: { slug: t.slug, roundId: t.roundId },
    }),
  'mes factures (foyer)': (_t: Target, c?: string) =>
    call(householdListLoader, { request: getRequest('/mes-factures', c) }),
  'PDF d’une facture du foyer': (t: Target, c?: string) =>
    call(householdPdfLoader, {
      request: getRequest(`/mes-factures/${t.householdInvoiceId}/pdf`, c),
      params: { invoiceId: t.householdInvoiceId },
    }),
} as const;
type Resource = keyof typeof RESOURCES;

const L = 'login',
  H = 'hidden',
  A = 'allowed';
const PRODUCER_ONLY = (outcome: Outcome) =>
  Object.fromEntries(
    (Object.keys(RESOURCES) as Resource[])
      .filter((r) => r !== 'mes factures (foyer)' && r !== 'PDF d’une facture du foyer')
      .map((r) => [r, outcome]),
  ) as Record<Exclude<Resource, 'mes factures (foyer)' | 'PDF d’une facture du foyer'>, Outcome>;
// Explicit expectations. Only the producer's owner and managers see its invoices; anybody
// else gets 404 (not 403), so nobody can probe which invoices exist. A household reaches only
// its own documents, through « Mes factures »; the list of an outsider is simply empty.
const MATRIX: Record<Actor, Record<Resource, Outcome>> = {
  anonymous: { ...PRODUCER_ONLY(L), 'mes factures (foyer)': L, 'PDF d’une facture du foyer': L },
  outsider: { ...PRODUCER_ONLY(H), 'mes factures (foyer)': A, 'PDF d’une facture du foyer': H },
  household: { ...PRODUCER_ONLY(H), 'mes factures (foyer)': A, 'PDF d’une facture du foyer': A },
  manager: { ...PRODUCER_ONLY(A), 'mes factures (foyer)': A, 'PDF d’une facture du foyer': H },
  owner: { ...PRODUCER_ONLY(A), 'mes factures (foyer)': A, 'PDF d’une facture du foyer': H },
};

async function outcomeOf(response: Response): Promise<Outcome> {
  if (response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) {
    return 'hidden';
  }
  // The page, the file, a redirect after success, or a refusal of the form/model (400) —
  // proof the guard let the request through.
  if ([200, 302, 400].includes(response.status)) {
    return 'allowed';
  }
  throw new Error(`statut inattendu ${response.status}`);
}

beforeAll(async () => {
  const { producerId, owner } = await makeSeller();
  const [producer] = await db()
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, producerId));
  const { groupId } = await makeGroup(0);
  const household = await makeUser();
  const { householdId } = await addMember({
    organisationId: groupId,
    user: household,
    role: 'household',
  });
  const { buyerId } = await makeProBuyer();
  const { roundId } = await makeRound({
    producerId,
    deliveryOn: parisDayOf(new Date()),
    orders: [
      {
        customer: { householdId: householdId! },
        stopOrganisationId: groupId,
        lines: [{ name: 'Carottes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 320 }],
      },
      {
        customer: { organisationId: buyerId },
        stopOrganisationId: buyerId,
        lines: [{ name: 'Carottes', saleUnit: 'kg', quantityMilli: 5000, unitPriceCents: 250 }],
      },
    ],
  });
  const issued = await issueRoundInvoices({ roundId, producerId, actorId: owner.id });
  if (!issued.ok) throw new Error(issued.message);
  const pro = issued.invoices.find((invoice) => invoice.customerOrganisationId === buyerId)!;
  const mine = issued.invoices.find((invoice) => invoice.householdId === householdId)!;
  target = {
    slug: producer!.slug,
    roundId,
    invoiceId: pro.id,
    householdInvoiceId: mine.id,
  };

  cookies.set('anonymous', undefined);
  cookies.set('owner', await sessionCookieFor(owner.id));
  cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
  const manager = await makeUser();
  await addMember({ organisationId: producerId, user: manager, role: 'manager' });
  cookies.set('manager', await sessionCookieFor(manager.id));
  cookies.set('household', await sessionCookieFor(household.id));
});

describe('matrice des droits — factures d’un producteur et d’un foyer', () => {
  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const response = await RESOURCES[resource](target, cookies.get(actor));
    expect(await outcomeOf(response)).toBe(expected);
  });

  it('la liste d’un inconnu dans « Mes factures » est vide', async () => {
    const response = await RESOURCES['mes factures (foyer)'](target, cookies.get('outsider'));
    expect(((await response.json()) as { invoices: unknown[] }).invoices).toEqual([]);
  });
});

describe('cloisonnement entre producteurs', () => {
  const SCOPED = (Object.keys(RESOURCES) as Resource[]).filter(
    (r) =>
      r !== 'liste des factures' &&
      r !== 'journal des ventes CSV' &&
      r !== 'mes factures (foyer)' &&
      r !== 'PDF d’une facture du foyer',
  );
  it.each(SCOPED)(
    'le responsable d’un autre producteur ne voit pas les factures — %s (404)',
    async (resource) => {
      const other = await makeOrganisation({ kind: 'producer' });
      const otherCookie = await sessionCookieFor(other.owner.id);
      // Through its own slug (the invoice is not its own) and through the real owner's slug.
      for (const slug of [other.organisation.slug, target.slug]) {
        const response = await RESOURCES[resource]({ ...target, slug }, otherCookie);
        expect(response.status).toBe(404);
      }
    },
  );

  it('la liste et le journal d’un autre producteur ne contiennent pas ses factures', async () => {
    const other = await makeOrganisation({ kind: 'producer' });
    const otherCookie = await sessionCookieFor(other.owner.id);
    const list = await RESOURCES['liste des factures'](
      { ...target, slug: other.organisation.slug },
      otherCookie,
    );
    expect(((await list.json()) as { invoices: unknown[] }).invoices).toEqual([]);
    const journal = await RESOURCES['journal des ventes CSV'](
      { ...target, slug: other.organisation.slug },
      otherCookie,
    );
    expect((await journal.text()).split('\r\n').filter(Boolean)).toHaveLength(1);
  });

  it.each([
    ['identifiant mal formé', 'pas-un-uuid'],
    ['facture inexistante', '00000000-0000-4000-8000-000000000000'],
  ])('%s : 404, pas d’erreur serveur', async (_label, invoiceId) => {
    for (const resource of [
      'détail d’une facture',
      'PDF d’une facture',
      'XML d’une facture',
    ] as const) {
      const response = await RESOURCES[resource]({ ...target, invoiceId }, cookies.get('owner'));
      expect(response.status).toBe(404);
    }
    const household = await RESOURCES['PDF d’une facture du foyer'](
      { ...target, householdInvoiceId: invoiceId },
      cookies.get('household'),
    );
    expect(household.status).toBe(404);
  });
});
