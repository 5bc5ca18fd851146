import { beforeAll, describe, expect, it, vi } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { issueCreditNote } from '#app/models/invoice.server.ts';
import { recordManualPayment } from '#app/models/payment.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { runPaymentOutbox } from '#app/models/payment-outbox.server.ts';
import {
  cancelRefund,
  planCreditNoteRefunds,
  planSettlementRefunds,
  recordManualRefund,
  retryRefund,
  retryTransfer,
} from '#app/models/payment-refund.server.ts';
import { markRoundDelivered, recordDelivery } from '#app/models/round-delivery.server.ts';
import { action as facturationAction } from '#app/routes/o.$slug.tournees.$roundId_.facturation/route.tsx';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';
import { call, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import {
  type ClosedSheet,
  connectProducer,
  deliverAndInvoice,
  ISSUE_DAY,
  makeClosedSheet,
  orderLineOf,
  payShare,
  SECRET_KEY,
  setupStripeFake,
  WEBHOOK_SECRET,
} from './harness.ts';

const database = setupTestDatabase();
const fake = setupStripeFake({ refundMode: 'pending' });

const PRODUCTS = [
  { key: 'panier', name: 'Panier de légumes', grossCents: 1500 },
  {
    key: 'poulet',
    name: 'Poulet fermier',
    grossCents: 1290,
    isVariableWeight: true,
    estimatedWeightGrams: 1800,
  },
  { key: 'oeufs', name: 'Œufs (boîte de 6)', grossCents: 390 },
];

async function makeConnectedSheet(households: number, cells: [number, string, number][]) {
  const sheet = await makeClosedSheet({
    producers: [{ key: 'ferme', products: PRODUCTS }],
    households,
    cells,
  });
  const producer = sheet.producers.get('ferme')!;
  await connectProducer(fake(), producer.producerId, producer.ownerId);
  return sheet;
}

async function payOnline(sheet: ClosedSheet, household: number) {
  await payShare(fake(), sheet, household);
}

async function part(sheet: ClosedSheet, household: number) {
  const ledger = await loadSheetLedger({
    sheetId: sheet.sheetId,
    householdId: sheet.households[household]!.householdId,
  });
  return { ledger: ledger!, part: ledger!.parts[0]! };
}

/** What Stripe moved to the producer's account for this sheet: transfers minus reversals. */
function movedToProducer(chargeIds: Set<string>) {
  const state = fake().state();
  const transfers = state.transfers.filter((t) => chargeIds.has(t.source_transaction as string));
  return transfers.reduce(
    (sum, t) => sum + (t.amount as number) - (t.amount_reversed as number),
    0,
  );
}

async function chargesOf(sheet: ClosedSheet) {
  const rows = await getSql()<{ stripe_charge_id: string }[]>`
    select stripe_charge_id from payments where sheet_id = ${sheet.sheetId} and stripe_charge_id is not null`;
  return new Set(rows.map((row) => row.stripe_charge_id));
}

describe('avoir émis sur une facture payée en ligne', () => {
  let sheet: ClosedSheet;
  beforeAll(async () => {
    sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'poulet', 2000],
      [0, 'oeufs', 2000],
    ]);
  });

  it('sans manquant ni écart de poids, le paiement égale la facture au centime', async () => {
    await payOnline(sheet, 0);
    // The chickens weigh exactly their estimate: 2 × 1 800 g.
    const [invoice] = await deliverAndInvoice(sheet, 'ferme', [
      { household: 0, product: 'poulet', grams: 3600 },
    ]);
    const { part: settled } = await part(sheet, 0);
    expect(settled.due.basis).toBe('invoiced');
    expect(settled.amounts.paidCents).toBe(invoice!.grossTotalCents);
    expect(settled.amounts.dueCents).toBe(invoice!.grossTotalCents);
    expect(await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null })).toEqual([]);
  });

  it('un avoir partiel (manquant constaté après facture) rembourse exactement son montant et le reprend sur le virement du producteur', async () => {
    const producer = sheet.producers.get('ferme')!;
    const [invoice] = await getSql()<
      { id: string; snapshot: { lines: { lineId: string; label: string }[] } }[]
    >`
      select id, snapshot from invoices where household_id = ${sheet.households[0]!.householdId}`;
    const snapshot =
      typeof invoice!.snapshot === 'string' ? JSON.parse(invoice!.snapshot) : invoice!.snapshot;
    const eggs = snapshot.lines.find((line: { label: string }) => line.label.startsWith('Œufs'))!;
    const creditNote = await issueCreditNote({
      invoiceId: invoice!.id,
      producerId: producer.producerId,
      selection: [{ lineId: eggs.lineId, quantityMilli: 1000 }],
      reason: 'une boîte d’œufs manquante',
      actorId: producer.ownerId,
      issueDate: ISSUE_DAY,
    });
    if (!creditNote.ok) throw new Error(creditNote.message);
    const planned = await planCreditNoteRefunds({
      creditNoteId: creditNote.creditNote.id,
      actorId: producer.ownerId,
    });
    expect(planned).toMatchObject({
      refundedOnlineCents: creditNote.creditNote.grossTotalCents,
      toRefundByHandCents: 0,
    });
    expect(creditNote.creditNote.grossTotalCents).toBe(390);
    // Planning twice (a double click) plans nothing more.
    expect(
      (await planCreditNoteRefunds({ creditNoteId: creditNote.creditNote.id, actorId: null }))
        .refundIds,
    ).toEqual([]);
    await runPaymentOutbox({ refundIds: planned.refundIds });
    const state = fake().state();
    expect(state.refunds.map((r) => [r.amount, r.status])).toEqual([[390, 'pending']]);
    expect(state.reversals.map((r) => r.amount)).toEqual([390]);
    const [row] = await getSql()<{ status: string; credit_note_id: string; reason: string }[]>`
      select status, credit_note_id, reason from payment_refunds where id = ${planned.refundIds[0]!}`;
    expect(row).toEqual({
      status: 'processing',
      credit_note_id: creditNote.creditNote.id,
      reason: 'credit_note',
    });
    // The bank confirms: refund.updated (signed webhook) settles it.
    expect(await fake().settleRefund(state.refunds[0]!.id)).toBe(200);
    const [confirmed] = await getSql()<{ status: string }[]>`
      select status from payment_refunds where id = ${planned.refundIds[0]!}`;
    expect(confirmed!.status).toBe('succeeded');
    const { part: after } = await part(sheet, 0);
    expect(after.amounts).toMatchObject({ refundedCents: 390 });
    expect(after.amounts.dueCents).toBe(after.amounts.paidCents - 390);
    expect(movedToProducer(await chargesOf(sheet))).toBe(after.amounts.dueCents);
  });
});

describe('régularisation après facturation', () => {
  let sheet: ClosedSheet;
  beforeAll(async () => {
    sheet = await makeConnectedSheet(3, [
      [0, 'poulet', 2000],
      [1, 'poulet', 1000],
      [2, 'panier', 1000],
      [2, 'oeufs', 1000],
    ]);
    for (const household of [0, 1, 2]) {
      await payOnline(sheet, household);
    }
    await deliverAndInvoice(sheet, 'ferme', [
      // Lighter than estimated (3,6 kg → 3,412 kg): overpaid.
      { household: 0, product: 'poulet', grams: 3412 },
      // Heavier (1,8 kg → 2,104 kg): still owes.
      { household: 1, product: 'poulet', grams: 2104 },
      // Eggs missing, entered before invoicing: never invoiced.
      { household: 2, product: 'oeufs', delivered: 0 },
    ]);
  });

  it('un trop-perçu (poids réel plus léger, manquant) est remboursé, une seule fois ; un poids plus lourd reste à payer', async () => {
    const before = await Promise.all([0, 1, 2].map((h) => part(sheet, h)));
    // Invoices (VAT on the sum of nets, ADR 006): 3,412 kg of chicken 44,01 €; 2,104 kg 27,15 €
    // (2,104 × 12,90 = 27,14 TTC on the sheet: the invoice's VAT gives a cent more); the basket
    // alone 15,00 €, where basket + eggs had been paid 18,91 €.
    expect(before.map(({ part: p }) => [p.amounts.dueCents, p.amounts.paidCents])).toEqual([
      [4401, 4644],
      [2715, 2322],
      [1500, 1891],
    ]);
    const invoiced = await getSql()<{ gross_total_cents: number }[]>`
      select gross_total_cents from invoices where household_id = any(${sheet.households.map((h) => h.householdId)}::uuid[])
      order by gross_total_cents desc`;
    expect(invoiced.map((row) => row.gross_total_cents)).toEqual([4401, 2715, 1500]);
    const refundIds = await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null });
    expect(refundIds).toHaveLength(2);
    expect(await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null })).toEqual([]);
    await runPaymentOutbox({ refundIds });
    const refunds = fake().state().refunds.slice(-2);
    expect(refunds.map((r) => r.amount).sort()).toEqual([243, 391]);
    for (const refund of refunds) {
      expect(await fake().settleRefund(refund.id)).toBe(200);
    }
    const after = await Promise.all([0, 1, 2].map((h) => part(sheet, h)));
    expect(
      after.map(
        ({ part: p }) => p.amounts.dueCents - p.amounts.paidCents + p.amounts.refundedCents,
      ),
    ).toEqual([0, 393, 0]);
    // The heavier chicken's remainder is paid online like the first share.
    await payOnline(sheet, 1);
    const { part: paid } = await part(sheet, 1);
    expect(paid.amounts.paidCents).toBe(paid.amounts.dueCents);
    const { ledger } = await part(sheet, 1);
    expect(ledger.payments.map((p) => p.amountCents)).toEqual([2322, 393]);
    expect(movedToProducer(await chargesOf(sheet))).toBe(4401 + 2715 + 1500);
  });
});

describe('paiements à la main, trop-perçu et avoir', () => {
  it('un foyer qui a trop payé en espèces n’est pas remboursé sur une carte : le reste est à rendre en main propre, puis enregistré', async () => {
    const sheet = await makeConnectedSheet(1, [[0, 'panier', 2000]]);
    const producer = sheet.producers.get('ferme')!;
    const actor = {
      userId: producer.ownerId,
      kind: 'producer' as const,
      producerId: producer.producerId,
    };
    const recorded = await recordManualPayment({
      sheetId: sheet.sheetId,
      actor,
      input: {
        householdId: sheet.households[0]!.householdId,
        producerId: producer.producerId,
        method: 'cash',
        amount: 3000,
        reference: null,
        receivedOn: '2026-12-04',
      },
      today: '2026-12-04',
    });
    expect(recorded).toMatchObject({ ok: true, amountCents: 3000 });
    const [invoice] = await deliverAndInvoice(sheet, 'ferme', []);
    const creditNote = await issueCreditNote({
      invoiceId: invoice!.id,
      producerId: producer.producerId,
      selection: 'full',
      reason: 'paniers non livrés',
      actorId: producer.ownerId,
      issueDate: ISSUE_DAY,
    });
    if (!creditNote.ok) throw new Error(creditNote.message);
    const planned = await planCreditNoteRefunds({
      creditNoteId: creditNote.creditNote.id,
      actorId: null,
    });
    expect(planned).toEqual({ refundIds: [], refundedOnlineCents: 0, toRefundByHandCents: 3000 });
    const manual = {
      householdId: sheet.households[0]!.householdId,
      producerId: producer.producerId,
      method: 'cash' as const,
      note: null,
    };
    expect(
      await recordManualRefund({
        sheetId: sheet.sheetId,
        actor,
        input: { ...manual, amount: 3001 },
      }),
    ).toMatchObject({ ok: false, message: expect.stringContaining('30,00') });
    expect(
      await recordManualRefund({
        sheetId: sheet.sheetId,
        actor,
        input: { ...manual, amount: null },
      }),
    ).toEqual({
      ok: true,
      amountCents: 3000,
    });
    const { part: done } = await part(sheet, 0);
    expect(done.amounts).toMatchObject({ dueCents: 0, paidCents: 3000, refundedCents: 3000 });
    expect(
      await recordManualRefund({
        sheetId: sheet.sheetId,
        actor,
        input: { ...manual, amount: null },
      }),
    ).toMatchObject({ ok: false, message: 'Rien à rembourser : le foyer n’a pas trop payé.' });
  });
});

describe('pannes et refus de Stripe', () => {
  it('un virement refusé reste visible et relançable ; une panne garde la même clé d’idempotence', async () => {
    const sheet = await makeConnectedSheet(1, [[0, 'panier', 1000]]);
    const producer = sheet.producers.get('ferme')!;
    fake().failNext({
      path: /^\/v1\/transfers$/,
      status: 400,
      message: 'Compte destinataire restreint',
    });
    await payOnline(sheet, 0);
    const [failed] = await getSql()<
      { id: string; status: string; last_error: string; idempotency_generation: number }[]
    >`
      select t.id, t.status, t.last_error, t.idempotency_generation from payment_transfers t
      join payments p on p.id = t.payment_id where p.sheet_id = ${sheet.sheetId}`;
    expect(failed).toMatchObject({ status: 'failed', idempotency_generation: 1 });
    expect(failed!.last_error).toContain('Compte destinataire restreint');
    const scope = { kind: 'producer' as const, producerId: producer.producerId };
    // An outage on the retry: still pending, same key next time.
    // (The client itself retries twice with the same key: the outage outlasts it.)
    fake().failNext({
      path: /^\/v1\/transfers$/,
      status: 503,
      message: 'Stripe indisponible',
      times: 3,
    });
    expect(await retryTransfer({ transferId: failed!.id, scope })).toEqual({ ok: true });
    await runPaymentOutbox();
    const keysTried = fake()
      .requests.filter((r) => r.path === '/v1/transfers')
      .map((r) => r.idempotencyKey);
    expect(keysTried.slice(-3)).toEqual(Array(3).fill(`transfer-${failed!.id}-1`));
    const [waiting] = await getSql()<{ status: string; idempotency_generation: number }[]>`
      select status, idempotency_generation from payment_transfers where id = ${failed!.id}`;
    expect(waiting).toEqual({ status: 'pending', idempotency_generation: 1 });
    await runPaymentOutbox();
    const [done] = await getSql()<{ status: string; attempts: number }[]>`
      select status, attempts from payment_transfers where id = ${failed!.id}`;
    expect(done).toEqual({ status: 'succeeded', attempts: 3 });
    expect(
      fake()
        .requests.filter((r) => r.path === '/v1/transfers')
        .map((r) => r.idempotencyKey)
        .slice(-1),
    ).toEqual([`transfer-${failed!.id}-1`]);
    expect(await retryTransfer({ transferId: failed!.id, scope })).toMatchObject({ ok: false });
  });

  it('un remboursement refusé par la banque passe en échec ; relancé, c’est un nouveau remboursement, sans reprendre deux fois le virement du producteur', async () => {
    const sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'oeufs', 1000],
    ]);
    const producer = sheet.producers.get('ferme')!;
    await payOnline(sheet, 0);
    await deliverAndInvoice(sheet, 'ferme', [{ household: 0, product: 'oeufs', delivered: 0 }]);
    const [refundId] = await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null });
    await runPaymentOutbox({ refundIds: [refundId!] });
    const first = fake().state().refunds.at(-1)!;
    expect(await fake().settleRefund(first.id, 'failed')).toBe(200);
    const statusOf = async () =>
      (
        await getSql()<
          { status: string }[]
        >`select status from payment_refunds where id = ${refundId!}`
      )[0]!.status;
    expect(await statusOf()).toBe('failed');
    const scope = { kind: 'producer' as const, producerId: producer.producerId };
    expect(await retryRefund({ refundId: refundId!, scope })).toEqual({ ok: true });
    await runPaymentOutbox({ refundIds: [refundId!] });
    const second = fake().state().refunds.at(-1)!;
    expect(second.id).not.toBe(first.id);
    // Basket + eggs paid 18,91 €, the basket alone invoiced 15,00 €.
    expect(second.amount).toBe(391);
    // The producer's transfer was reversed once, not twice.
    const [transfer] = await getSql()<{ stripe_transfer_id: string }[]>`
      select t.stripe_transfer_id from payment_transfers t join payments p on p.id = t.payment_id
      where p.sheet_id = ${sheet.sheetId}`;
    expect(
      fake()
        .state()
        .reversals.filter((r) => r.transfer === transfer!.stripe_transfer_id)
        .map((r) => r.amount),
    ).toEqual([391]);
    expect(await statusOf()).toBe('processing');
    const actor = {
      userId: producer.ownerId,
      kind: 'producer' as const,
      producerId: producer.producerId,
    };
    // A refund Stripe has accepted cannot be abandoned.
    expect(
      await cancelRefund({ refundId: refundId!, reason: 'carte fermée', actor }),
    ).toMatchObject({ ok: false });
  });

  it('remboursement accepté mais reprise sur le virement refusée : relancer ne refait que la reprise, et on ne peut pas l’abandonner', async () => {
    const sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'oeufs', 1000],
    ]);
    const producer = sheet.producers.get('ferme')!;
    await payOnline(sheet, 0);
    await deliverAndInvoice(sheet, 'ferme', [{ household: 0, product: 'oeufs', delivered: 0 }]);
    const [refundId] = await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null });
    fake().failNext({ path: /\/reversals$/, status: 400, message: 'Solde du compte insuffisant' });
    const refundsBefore = fake().state().refunds.length;
    await runPaymentOutbox({ refundIds: [refundId!] });
    const [failed] = await getSql()<{ status: string; last_error: string }[]>`
      select status, last_error from payment_refunds where id = ${refundId!}`;
    expect(failed!.status).toBe('failed');
    expect(failed!.last_error).toContain('Solde du compte insuffisant');
    expect(fake().state().refunds.length).toBe(refundsBefore + 1);
    const actor = {
      userId: producer.ownerId,
      kind: 'producer' as const,
      producerId: producer.producerId,
    };
    expect(await cancelRefund({ refundId: refundId!, reason: 'x', actor })).toMatchObject({
      ok: false,
    });
    const scope = { kind: 'producer' as const, producerId: producer.producerId };
    expect(await retryRefund({ refundId: refundId!, scope })).toEqual({ ok: true });
    await runPaymentOutbox({ refundIds: [refundId!] });
    // One refund to the household, one reversal from the farm: nothing twice.
    expect(fake().state().refunds.length).toBe(refundsBefore + 1);
    const [row] = await getSql()<{ stripe_reversal_id: string | null; status: string }[]>`
      select stripe_reversal_id, status from payment_refunds where id = ${refundId!}`;
    expect(row!.stripe_reversal_id).toMatch(/^trr_/);
    expect(row!.status).toBe('processing');
  });

  it('tant que le virement au producteur n’est pas fait, le remboursement attend ; abandonné, le trop-perçu revient à rendre à la main', async () => {
    const sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'oeufs', 1000],
    ]);
    const producer = sheet.producers.get('ferme')!;
    fake().failNext({
      path: /^\/v1\/transfers$/,
      status: 400,
      message: 'Compte destinataire restreint',
    });
    await payOnline(sheet, 0);
    await deliverAndInvoice(sheet, 'ferme', [{ household: 0, product: 'oeufs', delivered: 0 }]);
    const [refundId] = await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null });
    const refundsBefore = fake().state().refunds.length;
    await runPaymentOutbox({ refundIds: [refundId!] });
    expect(fake().state().refunds.length).toBe(refundsBefore);
    const [waiting] = await getSql()<{ status: string; last_error: string }[]>`
      select status, last_error from payment_refunds where id = ${refundId!}`;
    expect(waiting).toEqual({
      status: 'pending',
      last_error: 'En attente du virement au producteur.',
    });
    const actor = {
      userId: producer.ownerId,
      kind: 'producer' as const,
      producerId: producer.producerId,
    };
    const other = { ...actor, producerId: sheet.households[0]!.householdId };
    expect(await cancelRefund({ refundId: refundId!, reason: 'x', actor: other })).toMatchObject({
      ok: false,
    });
    expect(await cancelRefund({ refundId: refundId!, reason: 'rendu en espèces', actor })).toEqual({
      ok: true,
    });
    const { part: back } = await part(sheet, 0);
    expect(back.amounts.dueCents - back.amounts.paidCents + back.amounts.refundedCents).toBe(-391);
    expect(
      await recordManualRefund({
        sheetId: sheet.sheetId,
        actor,
        input: {
          householdId: sheet.households[0]!.householdId,
          producerId: producer.producerId,
          method: 'cash',
          amount: null,
          note: 'rendu à la livraison',
        },
      }),
    ).toEqual({ ok: true, amountCents: 391 });
  });
});

describe('npx cabas payments', () => {
  it('settle rembourse les trop-perçus d’une tournée facturée, une seule fois ; outbox n’a ensuite rien à renvoyer', async () => {
    const sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'oeufs', 1000],
    ]);
    await payOnline(sheet, 0);
    await deliverAndInvoice(sheet, 'ferme', [{ household: 0, product: 'oeufs', delivered: 0 }]);
    const env = {
      DATABASE_URL: database.url(),
      STRIPE_SECRET_KEY: SECRET_KEY,
      STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      STRIPE_API_BASE_URL: fake().url,
    };
    const roundId = sheet.producers.get('ferme')!.roundId;
    const first = await run('node', ['bin/cabas.js', 'payments', 'settle', '--round', roundId], {
      env,
    });
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout)).toEqual({
      roundId,
      planned: 1,
      transfers: 0,
      refunds: 1,
      failures: [],
    });
    const again = await run('node', ['bin/cabas.js', 'payments', 'settle', '--round', roundId], {
      env,
    });
    expect(JSON.parse(again.stdout)).toMatchObject({ planned: 0 });
    const outbox = await run('node', ['bin/cabas.js', 'payments', 'outbox'], { env });
    expect(outbox.code).toBe(0);
    expect(JSON.parse(outbox.stdout)).toEqual({ transfers: 0, refunds: 0, failures: [] });
    const { part: settled } = await part(sheet, 0);
    expect(settled.amounts.paidCents - settled.amounts.refundedCents).toBe(
      settled.amounts.dueCents,
    );
  });
});

describe('émission des factures depuis la page de facturation', () => {
  it('rembourse aussitôt sur la carte ce que le foyer a trop payé (manquant), une seule fois', async () => {
    const sheet = await makeConnectedSheet(1, [
      [0, 'panier', 1000],
      [0, 'oeufs', 1000],
    ]);
    await payOnline(sheet, 0);
    const producer = sheet.producers.get('ferme')!;
    const scope = { roundId: producer.roundId, producerId: producer.producerId };
    // The eggs were missing: entered before issuing, so never invoiced.
    const recorded = await recordDelivery({
      ...scope,
      lines: [{ orderLineId: await orderLineOf(sheet, 0, 'oeufs'), deliveredQuantityMilli: 0 }],
    });
    expect(recorded.ok).toBe(true);
    expect(await markRoundDelivered(scope)).toEqual({ ok: true });
    const [row] = await getSql()<{ slug: string }[]>`
      select slug from organisations where id = ${producer.producerId}`;
    const slug = row!.slug;
    const cookie = await sessionCookieFor(producer.ownerId);
    const issue = () =>
      call(facturationAction, {
        request: postRequest(
          `/o/${slug}/tournees/${producer.roundId}/facturation`,
          { intent: 'issue' },
          cookie,
        ),
        params: { slug, roundId: producer.roundId },
      });
    const before = fake().state().refunds.length;
    // The page issues with today's date, which may not precede the delivery day.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(`${ISSUE_DAY}T10:00:00+01:00`));
    try {
      expect((await issue()).status).toBe(302);
      const refunds = fake().state().refunds.slice(before);
      // Paid 18,91 € (basket 15,00 + eggs 3,90, VAT on the sum of nets); invoiced 15,00 €.
      expect(refunds.map((refund) => refund.amount)).toEqual([391]);
      for (const refund of refunds) {
        expect(await fake().settleRefund(refund.id)).toBe(200);
      }
      // Issuing again (already issued) refunds nothing more.
      expect((await issue()).status).toBe(302);
      expect(fake().state().refunds.length).toBe(before + 1);
    } finally {
      vi.useRealTimers();
    }
    const { part: settled } = await part(sheet, 0);
    expect(settled.amounts.paidCents - settled.amounts.refundedCents).toBe(
      settled.amounts.dueCents,
    );
  });
});
