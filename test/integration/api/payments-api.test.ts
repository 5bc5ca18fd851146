import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { createApiToken } from '#app/models/api-token.server.ts';
import { cancelManualPayment, recordManualPayment } from '#app/models/payment.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { householdViews, producerTotals } from '#app/models/payment-views.server.ts';
import { loader as myPaymentsLoader } from '#app/routes/api.v1.me_.payments.ts';
import { loader as openApiLoader } from '#app/routes/api.v1.openapi[.json].ts';
import {
  action as sheetPaymentsAction,
  loader as sheetPaymentsLoader,
} from '#app/routes/api.v1.sheets.$sheetId.payments.ts';
import { action as cancelAction } from '#app/routes/api.v1.sheets.$sheetId.payments_.$paymentId.cancel.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { type ClosedSheet, makeClosedSheet } from '../payments/harness.ts';

setupTestDatabase();

const BASE = 'http://localhost:3000/api/v1';
const DAY = 24 * 60 * 60 * 1000;
const TODAY = parisDayOf(new Date());

type Actor =
  | 'coordinatrice du groupe'
  | 'coordinatrice d’un autre groupe'
  | 'producteur de la feuille'
  | 'producteur hors de la feuille'
  | 'foyer'
  | 'autre foyer du groupe'
  | 'foyer d’un autre groupe'
  | 'sans jeton';

type Json = Record<string, unknown>;
type HouseholdJson = {
  id: string;
  name: string;
  transferReference: string;
  status: string;
  dueCents: number;
  paidCents: number;
  refundedCents: number;
  toPayCents: number;
  toRefundCents: number;
  paidByMethodCents: Record<string, number>;
  parts: { producerId: string; dueCents: number; paidCents: number; balanceCents: number }[];
};
type PaymentJson = {
  id: string;
  householdId: string;
  method: string;
  status: string;
  amountCents: number;
  reference: string | null;
  receivedOn: string | null;
  isCancellable: boolean;
  parts: { producerId: string; amountCents: number }[];
};
type SheetPaymentsJson = {
  viewer: { kind: string; producerId: string | null; householdId: string | null };
  sheet: { id: string; status: string; isPayable: boolean };
  households: HouseholdJson[];
  producers: {
    id: string;
    dueCents: number;
    receivedCents: number;
    toPayCents: number;
    paidByMethodCents: Record<string, number>;
  }[];
  payments: PaymentJson[];
};

let sheet: ClosedSheet;
let other: ClosedSheet;
const tokens = new Map<Actor, string | undefined>();
let ferme: string;
let fournil: string;
let cancelledFermePayment: string;
let otherSheetPayment: string;

function request(path: string, actor: Actor, init: { method?: string; body?: unknown } = {}) {
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const token = tokens.get(actor);
  if (token) {
    headers.set('Authorization', `Bearer ${token}`);
  }
  return new Request(`${BASE}${path}`, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body === undefined
      ? {}
      : { body: typeof init.body === 'string' ? init.body : JSON.stringify(init.body) }),
  });
}

function getPayments(actor: Actor, sheetId = sheet.sheetId) {
  return sheetPaymentsLoader({
    request: request(`/sheets/${sheetId}/payments`, actor),
    params: { sheetId },
    context: {},
  });
}

function postPayment(actor: Actor, body: unknown, sheetId = sheet.sheetId) {
  return sheetPaymentsAction({
    request: request(`/sheets/${sheetId}/payments`, actor, { method: 'POST', body }),
    params: { sheetId },
    context: {},
  });
}

function cancelPayment(actor: Actor, paymentId: string, body: unknown = { reason: 'erreur' }) {
  return cancelAction({
    request: request(`/sheets/${sheet.sheetId}/payments/${paymentId}/cancel`, actor, {
      method: 'POST',
      body,
    }),
    params: { sheetId: sheet.sheetId, paymentId },
    context: {},
  });
}

function getMyPayments(actor: Actor) {
  return myPaymentsLoader({ request: request('/me/payments', actor), params: {}, context: {} });
}

async function json<T = Json>(response: Response): Promise<T> {
  expect(response.headers.get('Content-Type')).toMatch(/application\/json/);
  return (await response.json()) as T;
}

/** Everything a payment write touches. */
async function writes() {
  const [row] = await getSql()<{ payments: number; allocations: number; audit: number }[]>`
    select (select count(*) from payments)::int as payments,
           (select count(*) from payment_allocations)::int as allocations,
           (select count(*) from audit_log where action like 'payment.%')::int as audit`;
  return row!;
}

const household = (index: number) => sheet.households[index]!.householdId;

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [
      { key: 'ferme', products: [{ key: 'panier', name: 'Panier', grossCents: 1500 }] },
      { key: 'fournil', products: [{ key: 'pain', name: 'Pain de campagne', grossCents: 420 }] },
    ],
    households: 2,
    cells: [
      [0, 'panier', 1000],
      [0, 'pain', 2000],
      [1, 'pain', 1000],
    ],
  });
  other = await makeClosedSheet({
    producers: [{ key: 'verger', products: [{ key: 'pommes', name: 'Pommes', grossCents: 600 }] }],
    households: 1,
    cells: [[0, 'pommes', 1000]],
  });
  ferme = sheet.producers.get('ferme')!.producerId;
  fournil = sheet.producers.get('fournil')!.producerId;
  const tokenOf = async (userId: string) =>
    (await createApiToken({ userId, name: 'test', ttlMs: DAY })).token;
  tokens.set('coordinatrice du groupe', await tokenOf(sheet.coordinator.id));
  tokens.set('coordinatrice d’un autre groupe', await tokenOf(other.coordinator.id));
  tokens.set('producteur de la feuille', await tokenOf(sheet.producers.get('ferme')!.ownerId));
  tokens.set(
    'producteur hors de la feuille',
    await tokenOf(other.producers.get('verger')!.ownerId),
  );
  tokens.set('foyer', await tokenOf(sheet.households[0]!.user.id));
  tokens.set('autre foyer du groupe', await tokenOf(sheet.households[1]!.user.id));
  tokens.set('foyer d’un autre groupe', await tokenOf(other.households[0]!.user.id));
  tokens.set('sans jeton', undefined);

  // Through the model: a payment cancelled already (ferme's part only), one on the other sheet.
  const actor = { userId: sheet.coordinator.id, kind: 'group' as const, groupId: sheet.group.id };
  const recorded = await recordManualPayment({
    sheetId: sheet.sheetId,
    actor,
    input: {
      householdId: household(0),
      producerId: ferme,
      method: 'cash',
      amount: 100,
      reference: null,
      receivedOn: TODAY,
    },
    today: TODAY,
  });
  if (!recorded.ok) throw new Error('setup: payment refused');
  cancelledFermePayment = recorded.paymentId;
  const cancelled = await cancelManualPayment({
    paymentId: cancelledFermePayment,
    reason: 'saisie en double',
    actor,
  });
  if (!cancelled.ok) throw new Error(cancelled.message);
  const onOther = await recordManualPayment({
    sheetId: other.sheetId,
    actor: { userId: other.coordinator.id, kind: 'group', groupId: other.group.id },
    input: {
      householdId: other.households[0]!.householdId,
      producerId: 'all',
      method: 'cheque',
      amount: null,
      reference: null,
      receivedOn: TODAY,
    },
    today: TODAY,
  });
  if (!onOther.ok) throw new Error('setup: payment refused');
  otherSheetPayment = onOther.paymentId;
});

describe('matrice des droits : rôle × point d’accès', () => {
  // Requests that pass validation but write nothing even when allowed: a payment dated
  // tomorrow (refused by the model, 422), cancelling a payment cancelled already (409).
  const TOMORROW = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
  const ENDPOINTS = {
    'GET paiements de la feuille': (actor: Actor) => getPayments(actor),
    'POST noter un paiement': (actor: Actor) =>
      postPayment(actor, {
        householdId: household(0),
        producerId: ferme,
        method: 'cash',
        amountCents: 500,
        receivedOn: TOMORROW,
      }),
    'POST annuler un paiement': (actor: Actor) => cancelPayment(actor, cancelledFermePayment),
    'GET mes paiements': (actor: Actor) => getMyPayments(actor),
  } as const;
  type EndpointName = keyof typeof ENDPOINTS;
  const MATRIX: Record<Actor, Record<EndpointName, number>> = {
    'coordinatrice du groupe': {
      'GET paiements de la feuille': 200,
      'POST noter un paiement': 422,
      'POST annuler un paiement': 409,
      'GET mes paiements': 200,
    },
    'coordinatrice d’un autre groupe': {
      'GET paiements de la feuille': 404,
      'POST noter un paiement': 404,
      'POST annuler un paiement': 404,
      'GET mes paiements': 200,
    },
    'producteur de la feuille': {
      'GET paiements de la feuille': 200,
      'POST noter un paiement': 422,
      'POST annuler un paiement': 409,
      'GET mes paiements': 200,
    },
    'producteur hors de la feuille': {
      'GET paiements de la feuille': 404,
      'POST noter un paiement': 404,
      'POST annuler un paiement': 404,
      'GET mes paiements': 200,
    },
    foyer: {
      'GET paiements de la feuille': 200,
      'POST noter un paiement': 403,
      'POST annuler un paiement': 403,
      'GET mes paiements': 200,
    },
    'autre foyer du groupe': {
      'GET paiements de la feuille': 200,
      'POST noter un paiement': 403,
      'POST annuler un paiement': 403,
      'GET mes paiements': 200,
    },
    'foyer d’un autre groupe': {
      'GET paiements de la feuille': 404,
      'POST noter un paiement': 404,
      'POST annuler un paiement': 404,
      'GET mes paiements': 200,
    },
    'sans jeton': {
      'GET paiements de la feuille': 401,
      'POST noter un paiement': 401,
      'POST annuler un paiement': 401,
      'GET mes paiements': 401,
    },
  };
  const CODES: Record<number, string> = {
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'not_found',
    409: 'not_cancellable',
    422: 'payment_refused',
  };
  const cases = Object.entries(MATRIX).flatMap(([actor, row]) =>
    Object.entries(row).map(([endpoint, status]) => [actor, endpoint, status] as const),
  );

  it.each(cases)('%s — %s → %i, rien d’écrit', async (actor, endpoint, status) => {
    const before = await writes();
    const response = await ENDPOINTS[endpoint as EndpointName](actor as Actor);
    expect(response.status).toBe(status);
    const body = await json<{ error?: { code: string; message: string } }>(response);
    if (status >= 400) {
      expect(body.error?.code).toBe(CODES[status]);
      // French, never a stack trace or an English default.
      expect(body.error?.message).toMatch(/[éèàùâêîôûç’]|introuvable|Paiement/);
    }
    expect(await writes()).toEqual(before);
  });

  it.each([
    ['feuille inconnue', '00000000-0000-4000-8000-000000000000'],
    ['identifiant mal formé', 'pas-un-uuid'],
  ])('%s → 404 JSON', async (_label, sheetId) => {
    const response = await getPayments('coordinatrice du groupe', sheetId);
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({ error: { code: 'not_found' } });
  });

  it('une autre méthode → 405 JSON', async () => {
    const response = await sheetPaymentsAction({
      request: request(`/sheets/${sheet.sheetId}/payments`, 'coordinatrice du groupe', {
        method: 'PUT',
        body: {},
      }),
      params: { sheetId: sheet.sheetId },
      context: {},
    });
    expect(response.status).toBe(405);
    expect(await json(response)).toMatchObject({ error: { code: 'method_not_allowed' } });
  });
});

describe('GET /sheets/{sheetId}/payments', () => {
  it('coordinatrice : chaque foyer et chaque producteur, au centime près des chiffres du modèle', async () => {
    const data = await json<SheetPaymentsJson>(await getPayments('coordinatrice du groupe'));
    expect(data.viewer).toEqual({ kind: 'group', producerId: null, householdId: null });
    expect(data.sheet).toMatchObject({ id: sheet.sheetId, status: 'closed', isPayable: true });
    // 1 panier à 15,00 € + 2 pains à 4,20 €; 1 pain.
    const byId = new Map(data.households.map((h) => [h.id, h]));
    expect(byId.get(household(0))).toMatchObject({
      dueCents: 2340,
      paidCents: 0,
      toPayCents: 2340,
      status: 'unpaid',
    });
    expect(byId.get(household(1))).toMatchObject({ dueCents: 420, toPayCents: 420 });
    const ledger = (await loadSheetLedger({ sheetId: sheet.sheetId }))!;
    for (const view of householdViews(ledger)) {
      expect(byId.get(view.id)).toMatchObject({
        dueCents: view.amounts.dueCents,
        paidCents: view.amounts.paidCents,
        refundedCents: view.amounts.refundedCents,
        toPayCents: view.toPayCents,
        toRefundCents: view.toRefundCents,
        status: view.status,
      });
    }
    expect(
      data.producers.map((p) => [p.id, p.dueCents, p.receivedCents, p.toPayCents]).sort(),
    ).toEqual(
      producerTotals(ledger)
        .map((p) => [p.id, p.amounts.dueCents, p.receivedCents, p.toPayCents])
        .sort(),
    );
    expect(data.producers.find((p) => p.id === ferme)?.dueCents).toBe(1500);
    expect(data.producers.find((p) => p.id === fournil)?.dueCents).toBe(1260);
    // The payment cancelled in the setup stays in the history and counts for nothing.
    expect(data.payments.find((p) => p.id === cancelledFermePayment)).toMatchObject({
      status: 'cancelled',
      amountCents: 100,
      isCancellable: false,
    });
    expect(data.payments.some((p) => p.id === otherSheetPayment)).toBe(false);
  });

  it('producteur : sa part seulement (ses foyers, ses totaux, ses paiements)', async () => {
    const data = await json<SheetPaymentsJson>(await getPayments('producteur de la feuille'));
    expect(data.viewer).toEqual({ kind: 'producer', producerId: ferme, householdId: null });
    expect(data.households.map((h) => h.id)).toEqual([household(0)]);
    expect(data.households[0]!.parts.map((p) => p.producerId)).toEqual([ferme]);
    expect(data.households[0]).toMatchObject({ dueCents: 1500, toPayCents: 1500 });
    expect(data.producers.map((p) => p.id)).toEqual([ferme]);
    expect(data.payments.every((p) => p.parts.every((part) => part.producerId === ferme))).toBe(
      true,
    );
  });

  it.each([
    ['foyer', 0, 2340],
    ['autre foyer du groupe', 1, 420],
  ] as const)(
    '%s : sa part seulement, sans les totaux des producteurs',
    async (actor, index, due) => {
      const data = await json<SheetPaymentsJson>(await getPayments(actor));
      expect(data.viewer).toEqual({
        kind: 'household',
        producerId: null,
        householdId: household(index),
      });
      expect(data.households.map((h) => h.id)).toEqual([household(index)]);
      expect(data.households[0]!.dueCents).toBe(due);
      expect(data.producers).toEqual([]);
      expect(data.payments.every((p) => p.householdId === household(index))).toBe(true);
    },
  );
});

describe('POST /sheets/{sheetId}/payments', () => {
  const valid = () => ({
    householdId: household(0),
    producerId: 'all',
    method: 'cash',
    receivedOn: TODAY,
  });

  it.each([
    ['montant décimal', { producerId: 'FERME', amountCents: 12.5 }, 'amountCents', 'centimes'],
    ['montant en texte', { producerId: 'FERME', amountCents: '12,50' }, 'amountCents', 'centimes'],
    ['montant nul', { producerId: 'FERME', amountCents: 0 }, 'amountCents', 'supérieur à zéro'],
    [
      'montant négatif',
      { producerId: 'FERME', amountCents: -500 },
      'amountCents',
      'supérieur à zéro',
    ],
    [
      'montant démesuré',
      { producerId: 'FERME', amountCents: 2_000_000 },
      'amountCents',
      'trop élevé',
    ],
    ['foyer absent', { householdId: undefined }, 'householdId', 'Choisissez un foyer'],
    [
      'foyer hors de la feuille',
      { householdId: '00000000-0000-4000-8000-000000000000' },
      'householdId',
      'Choisissez un foyer de la feuille.',
    ],
    [
      'producteur hors de la feuille',
      { producerId: '00000000-0000-4000-8000-000000000000' },
      'producerId',
      'Choisissez un producteur de la feuille.',
    ],
    ['moyen inconnu', { method: 'bitcoin' }, 'method', 'Choisissez un moyen de paiement'],
    ['moyen carte', { method: 'card' }, 'method', 'Choisissez un moyen de paiement'],
    ['date dans le futur', { receivedOn: '2099-01-01' }, 'receivedOn', 'dans le futur'],
    ['date impossible', { receivedOn: '2026-02-30' }, 'receivedOn', 'Date de réception invalide.'],
    [
      'tous les producteurs mais un autre montant',
      { amountCents: 1000 },
      'amountCents',
      'ne correspond pas au reste à payer (23,40',
    ],
    [
      'référence de virement d’un autre foyer',
      { method: 'transfer', reference: 'OTHER' },
      'reference',
      'Cette référence est celle du foyer',
    ],
    ['référence trop longue', { reference: 'x'.repeat(81) }, 'reference', 'trop longue'],
  ] as const)(
    'refuse (%s) : 422, message en français sur le champ, rien d’écrit',
    async (_label, overrides, field, message) => {
      const before = await writes();
      const body: Record<string, unknown> = { ...valid(), ...overrides };
      if (body.producerId === 'FERME') body.producerId = ferme;
      if (body.reference === 'OTHER') {
        const coordinator = await json<SheetPaymentsJson>(
          await getPayments('coordinatrice du groupe'),
        );
        body.reference = coordinator.households.find(
          (h) => h.id === household(1),
        )!.transferReference;
      }
      const response = await postPayment('coordinatrice du groupe', body);
      expect(response.status).toBe(422);
      const error = (await json<{ error: { fields: Record<string, string[]> } }>(response)).error;
      expect(error.fields[`body.${field}`]?.join(' ')).toContain(message);
      expect(await writes()).toEqual(before);
    },
  );

  it.each([
    ['JSON illisible', '{pas du json', 400, { code: 'invalid_json' }],
    [
      'un tableau',
      '[]',
      422,
      { code: 'invalid_request', fields: { body: ['Corps invalide : un objet JSON attendu.'] } },
    ],
  ])('refuse un corps %s sans rien écrire', async (_label, body, status, error) => {
    const before = await writes();
    const response = await postPayment('coordinatrice du groupe', body);
    expect(response.status).toBe(status);
    expect(await json(response)).toMatchObject({ error });
    expect(await writes()).toEqual(before);
  });

  it('tous les champs manquants : un message français par champ', async () => {
    const response = await postPayment('coordinatrice du groupe', {});
    expect(response.status).toBe(422);
    const { fields } = (await json<{ error: { fields: Record<string, string[]> } }>(response))
      .error;
    expect(fields).toEqual({
      'body.householdId': ['Choisissez un foyer de la feuille.'],
      'body.producerId': ['Choisissez un producteur de la feuille.'],
      'body.method': ['Choisissez un moyen de paiement : espèces, chèque ou virement.'],
      'body.receivedOn': ['Date de réception invalide.'],
    });
  });

  it('coordinatrice : un paiement partiel en espèces → 201, puis la feuille le montre au centime', async () => {
    const response = await postPayment('coordinatrice du groupe', {
      ...valid(),
      producerId: ferme,
      amountCents: 1000,
      reference: '  reçu n° 12  ',
    });
    expect(response.status).toBe(201);
    const payment = await json<PaymentJson>(response);
    expect(payment).toMatchObject({
      householdId: household(0),
      method: 'cash',
      status: 'succeeded',
      amountCents: 1000,
      reference: 'reçu n° 12',
      receivedOn: TODAY,
      isCancellable: true,
      parts: [{ producerId: ferme, amountCents: 1000 }],
    });
    const data = await json<SheetPaymentsJson>(await getPayments('coordinatrice du groupe'));
    const h0 = data.households.find((h) => h.id === household(0))!;
    expect(h0).toMatchObject({
      paidCents: 1000,
      toPayCents: 1340,
      status: 'partial',
      paidByMethodCents: { card: 0, cash: 1000, cheque: 0, transfer: 0 },
    });
    expect(h0.parts.find((p) => p.producerId === ferme)).toMatchObject({
      paidCents: 1000,
      balanceCents: 500,
    });
    expect(data.producers.find((p) => p.id === ferme)).toMatchObject({
      receivedCents: 1000,
      toPayCents: 500,
      paidByMethodCents: { card: 0, cash: 1000, cheque: 0, transfer: 0 },
    });
    const own = await json<SheetPaymentsJson>(await getPayments('foyer'));
    expect(own.households[0]).toMatchObject({ paidCents: 1000, toPayCents: 1340 });
  });

  it('producteur : « all » sans montant note le reste de sa part seulement', async () => {
    const response = await postPayment('producteur de la feuille', {
      ...valid(),
      method: 'cheque',
      reference: 'chèque 0042',
    });
    expect(response.status).toBe(201);
    const payment = await json<PaymentJson>(response);
    expect(payment).toMatchObject({
      amountCents: 500,
      parts: [{ producerId: ferme, amountCents: 500 }],
    });
    const data = await json<SheetPaymentsJson>(await getPayments('coordinatrice du groupe'));
    const h0 = data.households.find((h) => h.id === household(0))!;
    expect(h0).toMatchObject({ paidCents: 1500, toPayCents: 840, status: 'partial' });
    const [ledgerView] = householdViews(
      (await loadSheetLedger({ sheetId: sheet.sheetId, householdId: household(0) }))!,
    );
    expect(h0.toPayCents).toBe(ledgerView!.toPayCents);
    expect(h0.paidByMethodCents).toEqual({ card: 0, cash: 1000, cheque: 500, transfer: 0 });
  });

  it('coordinatrice : « all » règle le reste de chaque producteur par virement, référence du foyer', async () => {
    const response = await postPayment('coordinatrice du groupe', {
      ...valid(),
      householdId: household(1),
      method: 'transfer',
    });
    expect(response.status).toBe(201);
    const payment = await json<PaymentJson>(response);
    expect(payment.amountCents).toBe(420);
    expect(payment.reference).toMatch(/^CABAS-/);
    const mine = await json<SheetPaymentsJson>(await getPayments('autre foyer du groupe'));
    expect(mine.households[0]).toMatchObject({ paidCents: 420, toPayCents: 0, status: 'paid' });
  });
});

describe('POST /sheets/{sheetId}/payments/{paymentId}/cancel', () => {
  async function paymentOf(actor: Actor, predicate: (p: PaymentJson) => boolean) {
    const data = await json<SheetPaymentsJson>(await getPayments(actor));
    return data.payments.find(predicate)!;
  }

  it('sans motif → 422, rien d’écrit', async () => {
    const payment = await paymentOf(
      'coordinatrice du groupe',
      (p) => p.method === 'cash' && p.status === 'succeeded',
    );
    const before = await writes();
    const response = await cancelPayment('coordinatrice du groupe', payment.id, { reason: '  ' });
    expect(response.status).toBe(422);
    expect(await json(response)).toMatchObject({
      error: { fields: { 'body.reason': ['Indiquez le motif de l’annulation.'] } },
    });
    expect(await writes()).toEqual(before);
  });

  it.each([
    ['paiement inconnu', '00000000-0000-4000-8000-000000000000'],
    ['identifiant mal formé', 'abc'],
    ['paiement d’une autre feuille', 'OTHER'],
  ])('%s → 404', async (_label, id) => {
    const response = await cancelPayment(
      'coordinatrice du groupe',
      id === 'OTHER' ? otherSheetPayment : id,
    );
    expect(response.status).toBe(404);
    expect(await json(response)).toMatchObject({
      error: { code: 'not_found', message: 'Paiement introuvable.' },
    });
  });

  it('coordinatrice : annulé, il reste dans l’historique et ne compte plus ; une seconde fois → 409', async () => {
    const payment = await paymentOf(
      'coordinatrice du groupe',
      (p) => p.method === 'cash' && p.status === 'succeeded' && p.amountCents === 1000,
    );
    const response = await cancelPayment('coordinatrice du groupe', payment.id, {
      reason: 'compté deux fois',
    });
    expect(response.status).toBe(200);
    expect(await json(response)).toMatchObject({
      id: payment.id,
      status: 'cancelled',
      isCancellable: false,
    });
    const data = await json<SheetPaymentsJson>(await getPayments('coordinatrice du groupe'));
    const h0 = data.households.find((h) => h.id === household(0))!;
    expect(h0).toMatchObject({
      paidCents: 500,
      toPayCents: 1840,
      paidByMethodCents: { card: 0, cash: 0, cheque: 500, transfer: 0 },
    });
    expect(data.payments.find((p) => p.id === payment.id)?.status).toBe('cancelled');
    const again = await cancelPayment('coordinatrice du groupe', payment.id);
    expect(again.status).toBe(409);
    expect(await json(again)).toMatchObject({
      error: { code: 'not_cancellable', message: 'Ce paiement est déjà annulé.' },
    });
  });

  it('producteur : pas un paiement partagé avec un autre producteur (403) ; le sien, oui', async () => {
    const before = await writes();
    const shared = await postPayment('coordinatrice du groupe', {
      householdId: household(0),
      producerId: 'all',
      method: 'cash',
      receivedOn: TODAY,
    });
    expect(shared.status).toBe(201);
    const sharedPayment = await json<PaymentJson>(shared);
    expect(sharedPayment.parts.map((p) => [p.producerId, p.amountCents]).sort()).toEqual(
      [
        [ferme, 1000],
        [fournil, 840],
      ].sort(),
    );
    const refused = await cancelPayment('producteur de la feuille', sharedPayment.id);
    expect(refused.status).toBe(403);
    expect((await json<{ error: { message: string } }>(refused)).error.message).toMatch(
      /ne concerne pas votre part/,
    );
    const own = await paymentOf('producteur de la feuille', (p) => p.method === 'cheque');
    const cancelled = await cancelPayment('producteur de la feuille', own.id);
    expect(cancelled.status).toBe(200);
    const mine = await json<SheetPaymentsJson>(await getPayments('foyer'));
    expect(mine.households[0]).toMatchObject({ paidCents: 1840, toPayCents: 500 });
    expect((await writes()).payments).toBe(before.payments + 1);
  });
});

describe('GET /me/payments', () => {
  it('le foyer : ses parts des feuilles closes, en centimes, celles des autres non', async () => {
    const data = await json<{
      shares: { sheet: { id: string; isPayable: boolean }; household: HouseholdJson }[];
    }>(await getMyPayments('foyer'));
    expect(data.shares).toHaveLength(1);
    expect(data.shares[0]!.sheet).toMatchObject({ id: sheet.sheetId, isPayable: true });
    const [view] = householdViews(
      (await loadSheetLedger({ sheetId: sheet.sheetId, householdId: household(0) }))!,
    );
    expect(data.shares[0]!.household).toMatchObject({
      id: household(0),
      dueCents: view!.amounts.dueCents,
      paidCents: view!.amounts.paidCents,
      toPayCents: view!.toPayCents,
    });
    expect(data.shares[0]!.household.toPayCents).toBe(500);
  });

  it('une coordinatrice sans foyer : aucune part', async () => {
    const data = await json<{ shares: unknown[] }>(await getMyPayments('coordinatrice du groupe'));
    expect(data.shares).toEqual([]);
  });
});

describe('document OpenAPI', () => {
  it('décrit les points d’accès des paiements', async () => {
    const response = await openApiLoader({
      request: new Request(`${BASE}/openapi.json`),
      params: {},
      context: {},
    });
    const doc = (await response.json()) as {
      paths: Record<string, Record<string, { responses: Json; requestBody?: unknown }>>;
    };
    const sheetPayments = doc.paths['/sheets/{sheetId}/payments']!;
    expect(Object.keys(sheetPayments.get!.responses)).toEqual(
      expect.arrayContaining(['200', '401', '404']),
    );
    expect(sheetPayments.post!.requestBody).toBeDefined();
    expect(Object.keys(sheetPayments.post!.responses)).toEqual(
      expect.arrayContaining(['201', '403', '404', '422']),
    );
    const cancel = doc.paths['/sheets/{sheetId}/payments/{paymentId}/cancel']!.post!;
    expect(Object.keys(cancel.responses)).toEqual(expect.arrayContaining(['200', '409']));
    expect(doc.paths['/me/payments']!.get).toBeDefined();
  });
});
