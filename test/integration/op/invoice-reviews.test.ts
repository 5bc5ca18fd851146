import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  getAgreementSplit,
  saveAgreementSplit,
} from '#app/models/framework-agreement-split.server.ts';
import { listOpDeliveries } from '#app/models/op-delivery.server.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { correctContestedOpInvoice } from '#app/models/op-invoice-correction.server.ts';
import {
  acceptOpInvoice,
  contestOpInvoice,
  getOpInvoiceReview,
  listOpInvoiceReviews,
  rejectOpInvoiceContest,
} from '#app/models/op-invoice-review.server.ts';
import { action as memberInvoiceAction } from '#app/routes/o.$slug.factures.$invoiceId.tsx';
import { loader as reviewsLoader } from '#app/routes/o.$slug.factures-op._index.tsx';
import {
  action as reviewAction,
  loader as reviewLoader,
} from '#app/routes/o.$slug.factures-op.$invoiceId/route.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { deliverAndIssue, makeOpSetup } from './op-helpers.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

/** Two March deliveries of the GAEC to the cheese maker, invoiced by the OP on 31 March. */
async function issuedMarch() {
  const s = await makeOpSetup();
  const [invoice] = await deliverAndIssue(s, {
    deliveries: [
      ['2026-03-04', 12_000],
      ['2026-03-18', 8_000],
    ],
    issueDate: '2026-03-31',
  });
  return { s, invoice: invoice! };
}

const member = (s: Setup) => ({ producerId: s.gaec.organisation.id, actorId: s.gaec.owner.id });

async function snapshotOf(id: string): Promise<InvoiceSnapshot> {
  const [row] = await getSql()<{ snapshot: InvoiceSnapshot }[]>`
    select snapshot from invoices where id = ${id}`;
  return row!.snapshot;
}

async function stateOf(s: Setup, invoiceId: string, today: string) {
  const review = await getOpInvoiceReview({ scope: { opId: s.opId }, invoiceId, today });
  return review?.review?.state;
}

describe('acceptation des factures émises par l’OP au nom du membre (INV-07)', () => {
  it('à accepter dans le délai du mandat, réputée acceptée après ; acceptée une fois pour toutes', async () => {
    const { s, invoice } = await issuedMarch();
    // Mandate: 15 days to contest → until 15 April.
    expect(await stateOf(s, invoice.id, '2026-04-15')).toBe('pending');
    expect(await stateOf(s, invoice.id, '2026-04-16')).toBe('deemed_accepted');
    const late = await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Volume du 18 mars erroné',
      today: '2026-04-16',
    });
    expect(late).toEqual({
      ok: false,
      message: `Le délai de contestation de la facture ${invoice.number} est passé : 15 jours après son émission, soit jusqu’au 15 avril 2026 (mandat ${(await getOpInvoiceReview({ scope: { opId: s.opId }, invoiceId: invoice.id, today: '2026-04-16' }))!.mandateReference}).`,
    });

    expect(
      await acceptOpInvoice({ ...member(s), invoiceId: invoice.id, today: '2026-04-02' }),
    ).toEqual({ ok: true });
    expect(await stateOf(s, invoice.id, '2026-04-03')).toBe('accepted');
    const after = await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Finalement non',
      today: '2026-04-03',
    });
    expect(!after.ok && after.message).toMatch(/Vous avez accepté la facture .* le 2 avril 2026/);
    const [audit] = await getSql()<{ action: string }[]>`
      select action from audit_log where entity_id = ${invoice.id} and action like 'op.invoice.%'`;
    expect(audit?.action).toBe('op.invoice.accepted');
  });

  it('seul le membre concerné répond, seule l’OP émettrice traite la contestation', async () => {
    const { s, invoice } = await issuedMarch();
    const other = await acceptOpInvoice({
      producerId: s.pilat.organisation.id,
      actorId: null,
      invoiceId: invoice.id,
      today: '2026-04-02',
    });
    expect(other).toEqual({ ok: false, message: 'Facture introuvable.' });
    await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Litres',
      today: '2026-04-02',
    });
    const foreign = await rejectOpInvoiceContest({
      opId: s.fromagerie.organisation.id,
      invoiceId: invoice.id,
      reason: 'Non',
      today: '2026-04-03',
      actorId: null,
    });
    expect(foreign).toEqual({ ok: false, message: 'Facture introuvable.' });
    expect(
      await listOpInvoiceReviews({
        scope: { producerId: s.pilat.organisation.id },
        today: '2026-04-03',
      }),
    ).toEqual([]);
  });
});

describe('contestation et correction par l’OP', () => {
  it('refus motivé, nouvelle contestation, puis avoir 381 et facture rectificative 380 dans la série du mandat', async () => {
    const { s, invoice } = await issuedMarch();
    const contested = await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Le 18 mars : 7 500 L relevés au tank, pas 8 000',
      today: '2026-04-03',
    });
    expect(contested).toEqual({ ok: true });
    expect(await stateOf(s, invoice.id, '2026-04-30')).toBe('contested');
    const again = await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Encore',
      today: '2026-04-04',
    });
    expect(!again.ok && again.message).toMatch(/déjà contestée depuis le 3 avril 2026/);

    expect(
      await rejectOpInvoiceContest({
        opId: s.opId,
        invoiceId: invoice.id,
        reason: 'Le bon de collecte signé indique 8 000 L',
        today: '2026-04-05',
        actorId: s.op.owner.id,
      }),
    ).toEqual({ ok: true });
    expect(await stateOf(s, invoice.id, '2026-04-05')).toBe('pending');
    await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Ticket de pesée du laboratoire joint : 7 500 L',
      today: '2026-04-06',
    });

    const unchanged = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [{ lineId: '2', quantityMilli: 8_000_000, unitPriceCents: 50_055 }],
      note: 'Rien',
      today: '2026-04-08',
      actorId: null,
    });
    expect(!unchanged.ok && unchanged.message).toMatch(/ne change ni quantité ni prix/);

    const corrected = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [
        { lineId: '2', quantityMilli: 7_500_000, unitPriceCents: 50_055 },
        { lineId: '1', quantityMilli: 12_000_000, unitPriceCents: 50_100 },
      ],
      note: 'Pesée du laboratoire retenue ; prime fromagère du 4 mars recalculée',
      today: '2026-04-08',
      actorId: s.op.owner.id,
    });
    if (!corrected.ok) {
      throw new Error(corrected.message);
    }
    // Continuous numbering in the mandate's series: the refused attempt consumed nothing.
    const series = invoice.number.replace(/\d+$/, '');
    const next = (n: number) => `${series}${String(n).padStart(6, '0')}`;
    expect(corrected.creditNote.number).toBe(next(2));
    expect(corrected.invoice?.number).toBe(next(3));

    const credit = await snapshotOf(corrected.creditNote.id);
    expect(credit).toMatchObject({
      typeCode: '381',
      issueDate: '2026-04-08',
      seller: { name: expect.stringContaining('GAEC') },
      precedingInvoice: { number: invoice.number, issueDate: '2026-03-31' },
      totals: { grandTotalCents: invoice.grossCents },
    });
    expect(credit.notes.map((n) => n.text).join(' ')).toMatch(
      /Avoir établi par .* au nom et pour le compte de .*mandat de facturation/,
    );
    const rectifying = await snapshotOf(corrected.invoice!.id);
    expect(rectifying).toMatchObject({
      typeCode: '380',
      issueDate: '2026-04-08',
      precedingInvoice: { number: invoice.number, issueDate: '2026-03-31' },
      billingPeriod: { start: '2026-03-04', end: '2026-03-18' },
    });
    expect(rectifying.lines.map((l) => [l.quantityMilli, l.unitPriceCents])).toEqual([
      [12_000_000, 50_100],
      [7_500_000, 50_055],
    ]);
    // 12 000 × 0,50100 + 7 500 × 0,50055 = 6 012,00 + 3 754,13 = 9 766,13 € HT
    expect(rectifying.totals.taxBasisTotalCents).toBe(976_613);
    expect(rectifying.lines[0]!.priceTrace?.at(-1)).toMatch(
      /Prix corrigé par .* le 8 avril 2026 après contestation : 501,00.€.*au lieu de 500,55.€/,
    );
    const notes = rectifying.notes.map((n) => n.text).join(' ');
    expect(notes).toMatch(/Date limite de contestation : 23 avril 2026/);
    expect(notes).toMatch(
      new RegExp(
        `Facture rectificative de la facture ${invoice.number} du 31 mars 2026, annulée par l’avoir ${corrected.creditNote.number}`,
      ),
    );

    // The member sees the three documents, the contested one corrected, the new one to accept.
    const seen = await listOpInvoiceReviews({
      scope: { producerId: s.gaec.organisation.id },
      today: '2026-04-09',
    });
    expect(seen.map((r) => [r.number, r.typeCode, r.review?.state ?? null])).toEqual([
      [next(3), '380', 'pending'],
      [next(2), '381', null],
      [invoice.number, '380', 'corrected'],
    ]);
    expect(seen[0]!.replaces?.number).toBe(invoice.number);
    expect(seen[2]!.events.map((e) => e.kind)).toEqual([
      'contested',
      'contest_rejected',
      'contested',
      'corrected',
    ]);
    const settled = await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Encore une fois',
      today: '2026-04-09',
    });
    expect(!settled.ok && settled.message).toMatch(/annulée par un avoir le 8 avril 2026/);

    // The rectifying invoice has its own period, and is corrected the same way.
    await contestOpInvoice({
      ...member(s),
      invoiceId: corrected.invoice!.id,
      reason: 'La livraison du 4 mars était pour la laiterie',
      today: '2026-04-10',
    });
    const dropped = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: corrected.invoice!.id,
      corrections: [{ lineId: '1', quantityMilli: 0, unitPriceCents: 50_100 }],
      note: 'Livraison du 4 mars retirée',
      today: '2026-04-11',
      actorId: null,
    });
    if (!dropped.ok) {
      throw new Error(dropped.message);
    }
    const third = await snapshotOf(dropped.invoice!.id);
    expect(third.lines.map((l) => [l.quantityMilli, l.unitPriceCents])).toEqual([
      [7_500_000, 50_055],
    ]);
    expect(third.deliveryDate).toBe('2026-03-18');

    // The deliveries page shows what the documents in force bill.
    const deliveries = await listOpDeliveries({
      opId: s.opId,
      from: '2026-03-01',
      to: '2026-03-31',
    });
    expect(deliveries.map((d) => [d.deliveredOn, d.invoiceNumber, d.correction])).toEqual([
      ['2026-03-04', invoice.number, { quantityMilli: 0, invoiceNumber: null }],
      ['2026-03-18', invoice.number, { quantityMilli: 7_500_000, invoiceNumber: next(5) }],
    ]);

    // Delivered volume against the split follows the corrected documents.
    await saveAgreementSplit({
      opId: s.opId,
      agreementId: s.agreements.fromagerie.id,
      shares: [
        { memberId: s.memberIds.gaec, quantityMilli: 380_000_000 },
        { memberId: s.memberIds.pilat, quantityMilli: 220_000_000 },
      ],
      on: '2026-04-11',
      actorId: null,
    });
    const split = await getAgreementSplit({
      organisationId: s.opId,
      agreementId: s.agreements.fromagerie.id,
      on: '2026-04-11',
    });
    expect(split?.gaps.find((g) => g.memberId === s.memberIds.gaec)?.deliveredMilli).toBe(
      7_500_000,
    );

    // EG-22: March carries the invoice, its credit notes and the rectifying invoices.
    const exported = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.fromagerie.organisation.id,
      month: '2026-03',
      now: new Date('2026-04-12T08:00:00Z'),
    });
    expect(exported.ok && exported.data.invoices.map((i) => i.number).sort()).toEqual(
      [invoice.number, next(2), next(3), next(4), next(5)].sort(),
    );
    // Credit notes count negative: the month nets to what the last rectifying invoice bills.
    expect(exported.ok && exported.data.totals.netCents).toBe(third.totals.taxBasisTotalCents);
  });

  it('toutes les lignes retirées : l’avoir seul, la facture est annulée', async () => {
    const { s, invoice } = await issuedMarch();
    await contestOpInvoice({
      ...member(s),
      invoiceId: invoice.id,
      reason: 'Ce lait a été livré à la laiterie',
      today: '2026-04-02',
    });
    const cancelled = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [
        { lineId: '1', quantityMilli: 0, unitPriceCents: 50_055 },
        { lineId: '2', quantityMilli: 0, unitPriceCents: 50_055 },
      ],
      note: 'Livraisons enregistrées pour le mauvais acheteur',
      today: '2026-04-03',
      actorId: null,
    });
    expect(cancelled).toMatchObject({ ok: true, invoice: null });
    expect(await stateOf(s, invoice.id, '2026-04-04')).toBe('cancelled');
  });

  it('deux réponses simultanées : une seule passe, l’autre est refusée en français', async () => {
    const { s, invoice } = await issuedMarch();
    const answers = await Promise.all([
      contestOpInvoice({
        ...member(s),
        invoiceId: invoice.id,
        reason: 'Litres',
        today: '2026-04-02',
      }),
      acceptOpInvoice({ ...member(s), invoiceId: invoice.id, today: '2026-04-02' }),
    ]);
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.find((a) => !a.ok)).toMatchObject({
      ok: false,
      message: expect.stringMatching(/déjà contestée|Vous avez accepté/),
    });
    const [events] = await getSql()<{ count: number }[]>`
      select count(*)::int as count from op_invoice_events where invoice_id = ${invoice.id}`;
    expect(events?.count).toBe(1);
  });

  it('l’historique est en écriture seule', async () => {
    const { s, invoice } = await issuedMarch();
    await acceptOpInvoice({ ...member(s), invoiceId: invoice.id, today: '2026-04-02' });
    await expect(
      getSql()`update op_invoice_events set kind = 'contested', reason = 'xxx' where invoice_id = ${invoice.id}`,
    ).rejects.toThrow(/écriture seule/);
    await expect(
      getSql()`delete from op_invoice_events where invoice_id = ${invoice.id}`,
    ).rejects.toThrow(/écriture seule/);
  });
});

describe('pages « Factures émises par l’OP » (membre et OP)', () => {
  it('le membre conteste, l’OP corrige, le membre voit l’avoir et la facture rectificative', async () => {
    const s = await makeOpSetup();
    const today = parisDayOf(new Date());
    const [issuedInvoice] = await deliverAndIssue(s, {
      deliveries: [[today, 10_000]],
      issueDate: today,
    });
    const issued = { invoices: [issuedInvoice!] };
    const invoiceId = issued.invoices[0]!.id;
    const member = {
      slug: s.gaec.organisation.slug,
      cookie: await sessionCookieFor(s.gaec.owner.id),
    };
    const op = { slug: s.op.organisation.slug, cookie: await sessionCookieFor(s.op.owner.id) };
    const page = (who: typeof member, id = invoiceId) =>
      call(reviewLoader, {
        request: getRequest(`/o/${who.slug}/factures-op/${id}`, who.cookie),
        params: { slug: who.slug, invoiceId: id },
      });
    const post = (who: typeof member, fields: Record<string, string>, id = invoiceId) =>
      call(reviewAction, {
        request: postRequest(`/o/${who.slug}/factures-op/${id}`, fields, who.cookie),
        params: { slug: who.slug, invoiceId: id },
      });

    const list = await call(reviewsLoader, {
      request: getRequest(`/o/${member.slug}/factures-op`, member.cookie),
      params: { slug: member.slug },
    });
    expect((await list.json()).rows).toMatchObject([
      { id: invoiceId, counterpart: 'OP Lait des Monts du Lyonnais', state: 'À accepter' },
    ]);

    const empty = await post(member, { intent: 'contest', reason: ' ' });
    expect(empty.status).toBe(409);
    expect((await empty.json()).errors).toEqual([
      'Motif de la contestation : 3 à 1 000 caractères.',
    ]);
    const contested = await post(member, {
      intent: 'contest',
      reason: 'Compteur du tank : 9 800 L',
    });
    expect(contested.status).toBe(302);
    expect((await (await page(op)).json()).state).toMatchObject({
      label: 'Contestée',
      contest: { reason: 'Compteur du tank : 9 800 L' },
    });

    // The member cannot issue its own credit note on it: the OP corrects.
    const ownCredit = await call(memberInvoiceAction, {
      request: postRequest(
        `/o/${member.slug}/factures/${invoiceId}`,
        { mode: 'full', reason: 'Erreur' },
        member.cookie,
      ),
      params: { slug: member.slug, invoiceId },
    });
    expect(ownCredit.status).toBe(409);

    const unreadable = await post(op, {
      intent: 'correct',
      'quantity.1': 'neuf mille',
      'price.1': '500,55',
      note: 'Compteur',
    });
    expect(unreadable.status).toBe(400);
    expect((await unreadable.json()).errors[0]).toMatch(/^Ligne 1, quantité : /);
    const detail = await (await page(op)).json();
    const corrected = await post(op, {
      intent: 'correct',
      'quantity.1': '9 800',
      'price.1': detail.lines[0].priceValue,
      note: 'Relevé du compteur retenu',
    });
    expect(corrected.status).toBe(302);
    const rectifyingId = corrected.headers.get('Location')!.split('/').at(-1)!;
    expect(rectifyingId).not.toBe(invoiceId);

    const rectifying = await (await page(member, rectifyingId)).json();
    expect(rectifying).toMatchObject({
      title: expect.stringMatching(/^Facture /),
      state: { label: 'À accepter', canContest: true },
      replaces: { number: issued.invoices[0]!.number },
      lines: [{ quantity: expect.stringMatching(/^9\s?800/) }],
    });
    const original = await (await page(member)).json();
    expect(original.state.label).toBe('Corrigée (avoir et facture rectificative)');
    expect(original.creditNote.number).toMatch(/^OP/);
    expect(original.history.map((h: { label: string }) => h.label)).toEqual([
      'Contestée par le membre',
      'Corrigée par l’OP',
    ]);
    const all = await call(reviewsLoader, {
      request: getRequest(`/o/${member.slug}/factures-op`, member.cookie),
      params: { slug: member.slug },
    });
    expect((await all.json()).rows.map((r: { state: string }) => r.state)).toEqual([
      'À accepter',
      `Avoir sur ${issued.invoices[0]!.number}`,
      'Corrigée (avoir et facture rectificative)',
    ]);
    const accepted = await post(member, { intent: 'accept' }, rectifyingId);
    expect(accepted.status).toBe(302);
    expect((await (await page(op, rectifyingId)).json()).state.label).toBe('Acceptée');
  });
});
