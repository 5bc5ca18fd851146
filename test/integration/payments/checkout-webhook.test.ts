import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import {
  type ClosedSheet,
  connectProducer,
  makeClosedSheet,
  openCheckout,
  postWebhook,
  setupStripeFake,
  WEBHOOK_SECRET,
} from './harness.ts';

setupTestDatabase();
const fake = setupStripeFake({ fee: { bp: 150, fixedCents: 0 } });

let sheet: ClosedSheet;
const accounts = new Map<string, string>();

async function checkout(household: number) {
  const opened = await openCheckout(sheet, household);
  if (!opened.ok) {
    throw new Error(opened.message);
  }
  return opened.sessionId;
}

async function counts() {
  const [row] = await getSql()<
    { events: number; succeeded: number; transfers: number; payments: number }[]
  >`select (select count(*)::int from stripe_events) as events,
           (select count(*)::int from payments where status = 'succeeded') as succeeded,
           (select count(*)::int from payment_transfers) as transfers,
           (select count(*)::int from payments) as payments`;
  return row!;
}

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [
      {
        key: 'ferme',
        products: [
          { key: 'panier', name: 'Panier de légumes', grossCents: 1500 },
          {
            key: 'poulet',
            name: 'Poulet fermier',
            grossCents: 1290,
            isVariableWeight: true,
            estimatedWeightGrams: 1800,
          },
        ],
      },
      {
        key: 'chevrerie',
        vatRegime: 'flat_rate',
        products: [{ key: 'crottin', name: 'Crottin de chèvre', grossCents: 350 }],
      },
      {
        key: 'verger',
        products: [
          { key: 'pommes', name: 'Pommes', saleUnit: 'kg', grossCents: 290, stepMilli: 500 },
        ],
      },
    ],
    households: 3,
    cells: [
      [0, 'panier', 1000],
      [0, 'poulet', 2000],
      [0, 'crottin', 3000],
      [0, 'pommes', 1500],
      [1, 'panier', 1000],
      [2, 'crottin', 2000],
    ],
  });
  for (const key of ['ferme', 'chevrerie']) {
    const producer = sheet.producers.get(key)!;
    accounts.set(key, await connectProducer(fake(), producer.producerId, producer.ownerId));
  }
});

describe('paiement en ligne d’une part (Checkout + Connect)', () => {
  it('une session par paiement : une ligne par producteur en ligne, les frais à part, le reste hors ligne', async () => {
    const sessionId = await checkout(0);
    const request = fake().requests.find(
      (r) => r.path === '/v1/checkout/sessions' && r.method === 'POST',
    )!;
    const lines = (
      request.body.line_items as {
        price_data: { unit_amount: string; product_data: { name: string } };
      }[]
    ).map((item) => [item.price_data.product_data.name, Number(item.price_data.unit_amount)]);
    // Ferme: 15,00 + 2 × 1,8 kg × 12,90 = 46,44 → 61,44; chèvrerie (forfait): 3 × 3,50; le
    // verger n’a pas de compte Stripe : réglé à part.
    expect(lines).toEqual([
      [expect.stringMatching(/^Ferme du Test .* — Commande de la semaine$/), 6144],
      [expect.stringMatching(/ — Commande de la semaine$/), 1050],
      ['Frais de paiement en ligne', 108],
    ]);
    expect(request.idempotencyKey).toMatch(/^checkout-/);
    expect(request.body.payment_intent_data).toMatchObject({
      transfer_group: expect.stringMatching(/^cabas-payment-/),
    });
    const ledger = await loadSheetLedger({
      sheetId: sheet.sheetId,
      householdId: sheet.households[0]!.householdId,
    });
    const [payment] = ledger!.payments;
    expect(payment).toMatchObject({
      method: 'card',
      status: 'pending',
      amountCents: 7302,
      feeCents: 108,
    });
    expect(ledger!.parts.map((part) => part.amounts.pendingCents).sort()).toEqual([0, 1050, 6144]);
    // A second click before paying reuses the same open session.
    expect(await checkout(0)).toBe(sessionId);
  });

  it('payé sur Stripe : le webhook signé marque le paiement reçu et vire à chaque producteur exactement sa part', async () => {
    const sessionId = await checkout(0);
    expect(await fake().pay(sessionId)).toBe(200);
    const ledger = await loadSheetLedger({
      sheetId: sheet.sheetId,
      householdId: sheet.households[0]!.householdId,
    });
    expect(ledger!.payments[0]).toMatchObject({ status: 'succeeded', amountCents: 7302 });
    const state = fake().state();
    const charge = state.charges[0]!;
    expect(
      state.transfers.map((t) => [t.destination, t.amount, t.source_transaction]).sort(),
    ).toEqual(
      [
        [accounts.get('ferme'), 6144, charge.id],
        [accounts.get('chevrerie'), 1050, charge.id],
      ].sort(),
    );
    // The fee stays on the platform: never part of a producer's transfer.
    expect(state.transfers.reduce((sum, t) => sum + (t.amount as number), 0)).toBe(7302 - 108);
    const byProducer = new Map(ledger!.parts.map((part) => [part.producerId, part]));
    const ferme = byProducer.get(sheet.producers.get('ferme')!.producerId)!;
    expect(ferme.amounts).toMatchObject({ dueCents: 6144, paidCents: 6144, pendingCents: 0 });
    expect(ferme.transferredCents).toBe(6144);
    const verger = byProducer.get(sheet.producers.get('verger')!.producerId)!;
    expect(verger.amounts).toMatchObject({ dueCents: 435, paidCents: 0 });
  });

  it('une signature fausse est refusée (400) et ne change rien', async () => {
    const sessionId = await checkout(1);
    const before = await counts();
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      data: {
        object: {
          id: sessionId,
          object: 'checkout.session',
          payment_status: 'paid',
          amount_total: 1522,
          currency: 'eur',
        },
      },
    });
    const other = new (await import('stripe')).default(
      'sk_test_x',
    ).webhooks.generateTestHeaderString({
      payload,
      secret: 'whsec_pas_le_bon_secret',
    });
    const good = new (await import('stripe')).default(
      'sk_test_x',
    ).webhooks.generateTestHeaderString({
      payload,
      secret: WEBHOOK_SECRET,
    });
    for (const [label, body, signature] of [
      ['mauvais secret', payload, other],
      ['corps modifié après signature', payload.replace('1522', '1'), good],
      ['sans signature', payload, null],
      ['signature illisible', payload, 't=1,v1=zz'],
    ] as const) {
      const response = await postWebhook(body, signature);
      expect(response.status, label).toBe(400);
      expect(((await response.json()) as { error: string }).error).toMatch(/Signature Stripe/);
    }
    expect(await counts()).toEqual(before);
  });

  it('le même évènement livré trois fois donne un seul paiement et un seul virement par producteur', async () => {
    const sessionId = await checkout(2);
    expect(await fake().pay(sessionId)).toBe(200);
    const completed = fake()
      .state()
      .events.filter((e) => e.type === 'checkout.session.completed')
      .at(-1)!;
    const before = await counts();
    const transfersBefore = fake().state().transfers.length;
    for (let attempt = 0; attempt < 3; attempt++) {
      expect(await fake().redeliver(completed.id)).toBe(200);
    }
    // Concurrently too: the second insert of the event id waits for the first and finds it.
    const statuses = await Promise.all([0, 1, 2].map(() => fake().redeliver(completed.id)));
    expect(statuses).toEqual([200, 200, 200]);
    expect(await counts()).toEqual(before);
    expect(fake().state().transfers.length).toBe(transfersBefore);
    const [stored] = await getSql()<{ n: number }[]>`
      select count(*)::int as n from stripe_events where id = ${completed.id}`;
    expect(stored!.n).toBe(1);
    const ledger = await loadSheetLedger({
      sheetId: sheet.sheetId,
      householdId: sheet.households[2]!.householdId,
    });
    expect(ledger!.payments.filter((p) => p.status === 'succeeded')).toHaveLength(1);
  });
});
