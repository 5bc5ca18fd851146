import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { setIndicatorValues } from '#app/models/egalim-indicator.server.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { correctContestedOpInvoice } from '#app/models/op-invoice-correction.server.ts';
import { contestOpInvoice } from '#app/models/op-invoice-review.server.ts';
import { action as reviewAction } from '#app/routes/o.$slug.factures-op.$invoiceId/route.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { deliverAndIssue, makeOpSetup } from './op-helpers.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

/**
 * Two March deliveries of the GAEC to the cheese maker (12 000 L on the 4th, 8 000 L on the
 * 18th), invoiced by the OP on 31 March at 500,55 € / 1 000 L (½ × 512,40 + ½ × 438,70 + 25),
 * contested by the member on 3 April.
 */
async function contestedMarch() {
  const s = await makeOpSetup();
  const [invoice] = await deliverAndIssue(s, {
    deliveries: [
      ['2026-03-04', 12_000],
      ['2026-03-18', 8_000],
    ],
    issueDate: '2026-03-31',
  });
  const contested = await contestOpInvoice({
    producerId: s.gaec.organisation.id,
    actorId: s.gaec.owner.id,
    invoiceId: invoice!.id,
    reason: 'Le coût de production CNIEL de janvier publié était faux',
    today: '2026-04-03',
  });
  expect(contested).toEqual({ ok: true });
  return { s, invoice: invoice! };
}

async function indicatorId(s: Setup, code: string): Promise<string> {
  const [row] = await getSql()<{ id: string }[]>`
    select id from indicators where owner_id = ${s.opId} and code = ${code}`;
  return row!.id;
}

async function snapshotOf(id: string): Promise<InvoiceSnapshot> {
  const [row] = await getSql()<{ snapshot: InvoiceSnapshot }[]>`
    select snapshot from invoices where id = ${id}`;
  return row!.snapshot;
}

/** Everything a correction writes, to show that a refusal wrote nothing. */
async function writtenFor(s: Setup, invoiceId: string) {
  const [counts] = await getSql()<
    { invoices: number; opInvoices: number; corrections: number; events: string[] }[]
  >`
    select
      (select count(*)::int from invoices where issuer_id = ${s.gaec.organisation.id}) as invoices,
      (select count(*)::int from op_invoices where op_id = ${s.opId}) as "opInvoices",
      (select count(*)::int from op_delivery_corrections c join op_deliveries d on d.id = c.delivery_id
        where d.invoice_id = ${invoiceId}) as corrections,
      (select coalesce(array_agg(kind order by sequence), '{}') from op_invoice_events
        where invoice_id = ${invoiceId}) as events`;
  return counts!;
}

const plain = (text: string | undefined) => text?.replace(/\s/g, ' ');

describe('correction d’une facture contestée : prix recalculé avec la formule de l’accord', () => {
  it('indicateur corrigé après l’émission : le recalcul donne le nouveau prix au centime, avec sa trace', async () => {
    const { s, invoice } = await contestedMarch();
    // The OP corrects January's production cost: 513,45, not 512,40.
    await setIndicatorValues({
      indicatorId: await indicatorId(s, 'cout-production-lait'),
      points: [{ date: '2026-01-01', value: 513.45 }],
    });

    const corrected = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [
        { lineId: '1', quantityMilli: 12_000_000, reprice: true },
        // The other line keeps the typed path: quantity corrected, price as billed.
        { lineId: '2', quantityMilli: 7_500_000, unitPriceCents: 50_055 },
      ],
      note: 'Coût de production CNIEL de janvier corrigé à 513,45',
      today: '2026-04-08',
      actorId: s.op.owner.id,
    });
    if (!corrected.ok) {
      throw new Error(corrected.message);
    }

    const rectifying = await snapshotOf(corrected.invoice!.id);
    // ½ × 513,45 + ½ × 438,70 + 25 = 501,075 € / 1 000 L: every decimal kept (per 10 000 L).
    expect(
      rectifying.lines.map((l) => [
        l.quantityMilli,
        l.unitPriceCents,
        l.priceBaseQuantityMilli,
        l.netAmountCents,
      ]),
    ).toEqual([
      // 12 000 × 0,501075 = 6 012,90 €
      [12_000_000, 501_075, 10_000_000, 601_290],
      // 7 500 × 0,50055 = 3 754,125 → 3 754,13 € (half-up, once, on the line)
      [7_500_000, 50_055, 1_000_000, 375_413],
    ]);
    const trace = rectifying.lines[0]!.priceTrace!.map(plain);
    expect(trace).toContain(
      'Coût de production (CNIEL) : valeur publiée le 2026-01-01, en vigueur au 2026-03-04 : 513,45',
    );
    expect(trace).toContain('Prix retenu : 501,075');
    expect(trace.at(-1)).toBe(
      `Prix recalculé par OP Lait des Monts du Lyonnais le 8 avril 2026 après contestation, avec la formule de l’accord-cadre ${s.agreements.fromagerie.reference} et les indicateurs connus à cette date pour la livraison du 4 mars 2026 : 501,075 € / 1 000 L au lieu de 500,55 € / 1 000 L (Coût de production CNIEL de janvier corrigé à 513,45).`,
    );
    // The old computation (512,40) is not carried over to the rectifying line.
    expect(trace.join(' ')).not.toMatch(/512,40/);
    expect(rectifying.lines[1]!.priceTrace!.map(plain).join(' ')).toMatch(/512,40/);

    // Totals: the credit note cancels the invoice exactly, the rectifying invoice adds up.
    const original = await snapshotOf(invoice.id);
    const credit = await snapshotOf(corrected.creditNote.id);
    expect(credit.totals).toMatchObject({
      taxBasisTotalCents: original.totals.taxBasisTotalCents,
      vatTotalCents: original.totals.vatTotalCents,
      grandTotalCents: original.totals.grandTotalCents,
    });
    expect(rectifying.totals.taxBasisTotalCents).toBe(601_290 + 375_413);
    // VAT 5,5 % on the sum of the lines: 976 703 × 5,5 % = 53 718,665 → 53 719 cents.
    expect(rectifying.totals.vatTotalCents).toBe(53_719);
    expect(rectifying.totals.grandTotalCents).toBe(976_703 + 53_719);

    // What is kept per delivery carries the new price and trace.
    const kept = await getSql()<
      { unitPriceCents: number; trace: { text: string }[] }[]
    >`select c.unit_price_cents as "unitPriceCents", c.price_trace as trace
        from op_delivery_corrections c join op_deliveries d on d.id = c.delivery_id
       where c.replacement_invoice_id = ${corrected.invoice!.id} order by d.delivered_on`;
    expect(kept.map((k) => k.unitPriceCents)).toEqual([501_075, 50_055]);
    expect(plain(kept[0]!.trace.at(-1)?.text)).toBe(trace.at(-1));
    const [audit] = await getSql()<{ data: { repricedLines?: string[] } }[]>`
      select data from audit_log where entity_id = ${invoice.id} and action = 'op.invoice.corrected'`;
    expect(audit?.data.repricedLines).toEqual(['1']);

    // EG-22: credit note negative, the month nets to the rectifying invoice.
    const exported = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.fromagerie.organisation.id,
      month: '2026-03',
      now: new Date('2026-04-09T08:00:00Z'),
    });
    expect(exported.ok && exported.data.totals.netCents).toBe(976_703);
  });

  it('indicateur sans valeur au jour de la livraison : refusé en français, rien n’est écrit', async () => {
    const { s, invoice } = await contestedMarch();
    // January's butter-powder valuation withdrawn; the next one is dated 10 March.
    const butter = await indicatorId(s, 'valorisation-beurre-poudre');
    await getSql()`delete from indicator_values where indicator_id = ${butter} and value_on = '2026-01-01'`;
    await setIndicatorValues({ indicatorId: butter, points: [{ date: '2026-03-10', value: 440 }] });
    const before = await writtenFor(s, invoice.id);

    const refused = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [
        { lineId: '2', quantityMilli: 8_000_000, reprice: true },
        { lineId: '1', quantityMilli: 12_000_000, reprice: true },
      ],
      note: 'Recalcul avec les indicateurs publiés',
      today: '2026-04-08',
      actorId: s.op.owner.id,
    });
    expect(refused).toEqual({
      ok: false,
      message: `Ligne 1 : recalcul impossible avec la formule de l’accord-cadre ${s.agreements.fromagerie.reference} — l’indicateur « Valorisation beurre-poudre » (valorisation-beurre-poudre) n’a aucune valeur en vigueur au 4 mars 2026, jour de la livraison. Publiez sa valeur ou saisissez le prix corrigé.`,
    });
    expect(await writtenFor(s, invoice.id)).toEqual(before);
    expect(before).toMatchObject({ invoices: 1, opInvoices: 1, corrections: 0 });
    expect(before.events).toEqual(['contested']);

    // No number was consumed: the typed correction that follows takes the next ones.
    const typed = await correctContestedOpInvoice({
      opId: s.opId,
      invoiceId: invoice.id,
      corrections: [{ lineId: '1', quantityMilli: 11_000_000, unitPriceCents: 50_055 }],
      note: 'Volume du 4 mars corrigé',
      today: '2026-04-08',
      actorId: null,
    });
    const series = invoice.number.replace(/\d+$/, '');
    expect(typed).toMatchObject({
      ok: true,
      creditNote: { number: `${series}000002` },
      invoice: { number: `${series}000003` },
    });
  });
});

describe('formulaire de correction de l’OP', () => {
  it('case « recalculer avec la formule de l’accord » : prix recalculé ; valeur inconnue : 400 en français', async () => {
    const s = await makeOpSetup();
    const today = parisDayOf(new Date());
    const [issued] = await deliverAndIssue(s, { deliveries: [[today, 10_000]], issueDate: today });
    const invoiceId = issued!.id;
    await contestOpInvoice({
      producerId: s.gaec.organisation.id,
      actorId: s.gaec.owner.id,
      invoiceId,
      reason: 'Indicateur de coût révisé par le CNIEL',
      today,
    });
    // Every published production cost revised by +2,10 €: the price rises by 1,05 €.
    const cost = await indicatorId(s, 'cout-production-lait');
    const points = await getSql()<{ date: string; value: string }[]>`
      select value_on::text as date, value from indicator_values where indicator_id = ${cost}`;
    await setIndicatorValues({
      indicatorId: cost,
      points: points.map((p) => ({ date: p.date, value: Number(p.value) + 2.1 })),
    });
    const op = { slug: s.op.organisation.slug, cookie: await sessionCookieFor(s.op.owner.id) };
    const post = (fields: Record<string, string>) =>
      call(reviewAction, {
        request: postRequest(`/o/${op.slug}/factures-op/${invoiceId}`, fields, op.cookie),
        params: { slug: op.slug, invoiceId },
      });

    const unknown = await post({
      intent: 'correct',
      'quantity.1': '10 000',
      'priceMode.1': 'deviner',
      note: 'Recalcul',
    });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()).errors).toEqual([
      'Ligne 1, prix : mode de prix inconnu : prix saisi ou « recalculer avec la formule de l’accord ».',
    ]);

    const billed = (await snapshotOf(invoiceId)).lines[0]!;
    const corrected = await post({
      intent: 'correct',
      'quantity.1': '10 000',
      // The typed price is not read when the formula is asked for.
      'price.1': '',
      'priceMode.1': 'formula',
      note: 'Coût de production révisé',
    });
    expect(corrected.status).toBe(302);
    const rectifyingId = corrected.headers.get('Location')!.split('/').at(-1)!;
    const line = (await snapshotOf(rectifyingId)).lines[0]!;
    expect(line.unitPriceCents * billed.priceBaseQuantityMilli).toBe(
      (billed.unitPriceCents + 105) * line.priceBaseQuantityMilli,
    );
    expect(plain(line.priceTrace?.at(-1))).toMatch(
      /^Prix recalculé par OP Lait des Monts du Lyonnais le .* après contestation, avec la formule de l’accord-cadre .* au lieu de .*\(Coût de production révisé\)\.$/,
    );
  });
});
