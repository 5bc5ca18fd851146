import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { opMembers } from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { createAgreementDraft } from '#app/models/framework-agreement.server.ts';
import { deleteOpDelivery, recordOpDelivery } from '#app/models/op-delivery.server.ts';
import {
  getOpInvoiceDocument,
  issueMemberInvoices,
  listOpInvoices,
} from '#app/models/op-invoicing.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { makeOpSetup } from './op-helpers.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

function deliver(
  s: Setup,
  member: 'gaec' | 'pilat',
  buyer: 'fromagerie' | 'laiterie',
  deliveredOn: string,
  litres: number,
) {
  return recordOpDelivery({
    opId: s.opId,
    memberId: s.memberIds[member],
    agreementId: s.agreements[buyer].id,
    deliveredOn,
    productLabel: 'Lait cru de vache',
    quantityMilli: litres * 1000,
    vatRateBp: 550,
    actorId: null,
  });
}

async function snapshotOf(invoiceId: string): Promise<InvoiceSnapshot> {
  const [row] = await getSql()<{ snapshot: InvoiceSnapshot }[]>`
    select snapshot from invoices where id = ${invoiceId}`;
  return row!.snapshot;
}

describe('livraisons enregistrées par l’OP', () => {
  it('prix de l’accord au jour de livraison, avec sa trace', async () => {
    const s = await makeOpSetup();
    const recorded = await deliver(s, 'gaec', 'fromagerie', '2026-03-04', 12_000);
    // 0,5 × 512,40 + 0,5 × 438,70 + 25 = 500,550 € HT / 1 000 L
    expect(recorded).toMatchObject({
      ok: true,
      unitPriceCents: 50_055,
      priceBaseQuantityMilli: 1_000_000,
    });
    // A market indicator published on 2026-10-01 revises the price from that day on.
    const later = await deliver(s, 'gaec', 'fromagerie', '2026-10-02', 1_000);
    // 0,5 × 518,90 + 0,5 × 446,20 + 25 = 507,550
    expect(later).toMatchObject({ ok: true, unitPriceCents: 50_755 });
  });

  it.each([
    ['avant l’adhésion', 'gaec', '2023-12-31', /n’est pas membre de l’OP au 2023-12-31/],
    [
      'avant l’accord',
      'gaec',
      '2025-12-31',
      /ne couvre pas le 31 décembre 2025 : il prend effet le 1 janvier 2026/,
    ],
  ] as const)('refusée %s', async (_label, member, day, message) => {
    const s = await makeOpSetup({ mandates: false });
    const refused = await deliver(s, member, 'fromagerie', day, 1000);
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.message).toMatch(message);
  });

  it('refusée pour un membre vendant avec transfert de propriété, ou sous un accord non signé', async () => {
    const s = await makeOpSetup({ mandates: false });
    await getDb()
      .update(opMembers)
      .set({ transferOfOwnership: true })
      .where(eq(opMembers.id, s.memberIds.pilat));
    const owned = await deliver(s, 'pilat', 'fromagerie', '2026-03-04', 1000);
    expect(!owned.ok && owned.message).toMatch(/transfert de propriété/);
    const draft = await createAgreementDraft({
      opId: s.opId,
      buyerId: s.fromagerie.organisation.id,
      egalimCategory: 'milk_cow',
      title: 'Brouillon',
      year: 2026,
      actorId: null,
    });
    const unsigned = await recordOpDelivery({
      opId: s.opId,
      memberId: s.memberIds.gaec,
      agreementId: draft.ok ? draft.id : '',
      deliveredOn: '2026-03-04',
      productLabel: 'Lait',
      quantityMilli: 1000,
      vatRateBp: 550,
      actorId: null,
    });
    expect(!unsigned.ok && unsigned.message).toMatch(/n’est pas signé/);
  });
});

describe('factures émises par l’OP au nom de ses membres, à deux acheteurs', () => {
  it('une facture par membre et par acheteur, dans la série du mandat de chaque membre', async () => {
    const s = await makeOpSetup();
    for (const [member, buyer, day, litres] of [
      ['gaec', 'fromagerie', '2026-03-04', 12_000],
      ['gaec', 'fromagerie', '2026-03-18', 11_500],
      ['gaec', 'laiterie', '2026-03-10', 20_000],
      ['pilat', 'fromagerie', '2026-03-06', 7_000],
      ['pilat', 'laiterie', '2026-03-12', 9_000],
    ] as const) {
      expect((await deliver(s, member, buyer, day, litres)).ok).toBe(true);
    }
    const issued = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id, s.laiterie.organisation.id],
      month: '2026-03',
      issueDate: '2026-03-31',
      actorId: s.op.owner.id,
    });
    expect(issued).toMatchObject({ ok: true, message: '4 factures émises au nom des membres.' });
    if (!issued.ok) {
      return;
    }
    expect(issued.invoices.map((i) => [i.number, i.memberName, i.buyerName]).sort()).toEqual([
      ['OP2026-000001', 'EARL Ferme du Pilat', 'SARL Fromagerie Chambost'],
      ['OP2026-000001', 'GAEC des Monts', 'SARL Fromagerie Chambost'],
      ['OP2026-000002', 'EARL Ferme du Pilat', 'SAS Laiterie de la Coise'],
      ['OP2026-000002', 'GAEC des Monts', 'SAS Laiterie de la Coise'],
    ]);
    const gaecCheese = issued.invoices.find(
      (i) => i.memberName === 'GAEC des Monts' && i.buyerName.includes('Fromagerie'),
    )!;
    const snapshot = await snapshotOf(gaecCheese.id);
    expect(snapshot).toMatchObject({
      typeCode: '380',
      seller: { name: 'GAEC des Monts', siren: '812456788' },
      billingPeriod: { start: '2026-03-04', end: '2026-03-18' },
      contractReference: 'AC-2026-0001',
    });
    // 23 500 L × 500,550 € / 1 000 L = 11 762,93 € HT; 5,5 % = 646,96 €.
    expect(snapshot.totals).toMatchObject({
      taxBasisTotalCents: 1_176_293,
      vatTotalCents: 64_696,
      grandTotalCents: 1_240_989,
    });
    expect(snapshot.lines.map((l) => [l.label, l.netAmountCents])).toEqual([
      ['Lait cru de vache — livraison du 4 mars 2026', 600_660],
      ['Lait cru de vache — livraison du 18 mars 2026', 575_633],
    ]);
    expect(snapshot.lines[0]!.priceTrace).toContain('Prix retenu : 500,550');
    const mention = snapshot.notes.find((n) => n.text.startsWith('Facture établie par'))!.text;
    expect(mention).toContain(
      'Facture établie par Association OP Lait des Monts du Lyonnais au nom et pour le compte de GAEC des Monts, mandat de facturation MF-2026-0001 du 20 janvier 2026',
    );
    expect(mention).toContain('Date limite de contestation : 15 avril 2026.');
    expect(snapshot.notes.some((n) => n.text.startsWith('Autofacturation'))).toBe(false);
    // The flat-rate member invoices without VAT, with its legal mention.
    const pilat = await snapshotOf(
      issued.invoices.find(
        (i) => i.memberName === 'EARL Ferme du Pilat' && i.buyerName.includes('Laiterie'),
      )!.id,
    );
    expect(pilat.totals.vatTotalCents).toBe(0);
    expect(pilat.lines[0]!.vat.category).toBe('E');
    // 9 000 L × 483,550 € / 1 000 L = 4 351,95 €.
    expect(pilat.totals.grandTotalCents).toBe(435_195);
    // The OP lists them and downloads each one; another OP does not.
    expect((await listOpInvoices({ opId: s.opId })).length).toBe(4);
    expect(await getOpInvoiceDocument({ opId: s.opId, invoiceId: gaecCheese.id })).not.toBeNull();
    const other = await makeOpSetup();
    expect(await getOpInvoiceDocument({ opId: other.opId, invoiceId: gaecCheese.id })).toBeNull();
    // Invoiced deliveries are frozen and not invoiced twice.
    const [delivery] = await getSql()<{ id: string }[]>`
      select id from op_deliveries where invoice_id = ${gaecCheese.id} limit 1`;
    expect(
      await deleteOpDelivery({ opId: s.opId, deliveryId: delivery!.id, actorId: null }),
    ).toMatchObject({
      ok: false,
    });
    await expect(
      getSql()`update op_deliveries set quantity_milli = 1 where id = ${delivery!.id}`,
    ).rejects.toThrow(/Livraison facturée/);
    const again = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-03',
      issueDate: '2026-03-31',
      actorId: null,
    });
    expect(again).toMatchObject({ ok: false });
    expect(!again.ok && again.problems[0]).toMatch(/Rien à facturer/);
  });

  it('sans mandat couvrant le jour : tout est refusé, aucun numéro consommé', async () => {
    const s = await makeOpSetup();
    // The mandates start on 2026-02-01: a January delivery is not covered.
    await deliver(s, 'gaec', 'fromagerie', '2026-01-20', 5_000);
    await deliver(s, 'pilat', 'fromagerie', '2026-01-21', 3_000);
    const refused = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-01',
      issueDate: '2026-01-31',
      actorId: null,
    });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.problems).toEqual([
      'GAEC des Monts → Fromagerie Chambost, livraison du 2026-01-20 : aucun mandat de facturation signé de GAEC des Monts à l’OP ne couvre ce jour, cet acheteur et ce produit (art. L631-24 V CRPM, CGI art. 289 I-2).',
      'Ferme du Pilat → Fromagerie Chambost, livraison du 2026-01-21 : aucun mandat de facturation signé de Ferme du Pilat à l’OP ne couvre ce jour, cet acheteur et ce produit (art. L631-24 V CRPM, CGI art. 289 I-2).',
    ]);
    const sellers = [s.gaec.organisation.id, s.pilat.organisation.id];
    const [counted] = await getSql()<{ invoices: number; series: number }[]>`
      select (select count(*)::int from invoices where issuer_id in ${getSql()(sellers)}) as invoices,
             (select count(*)::int from invoice_series where issuer_id in ${getSql()(sellers)}) as series`;
    expect(counted).toEqual({ invoices: 0, series: 0 });
    await deliver(s, 'gaec', 'fromagerie', '2026-02-03', 5_000);
    const february = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-02',
      issueDate: '2026-02-28',
      actorId: null,
    });
    expect(february.ok && february.invoices.map((i) => i.number)).toEqual(['OP2026-000001']);
  });

  it.each([
    ['mois illisible', { month: '2026-13' }, 'Mois invalide (AAAA-MM).'],
    ['aucun acheteur', { buyerIds: [] }, 'Choisissez au moins un acheteur.'],
  ])('%s', async (_label, change, message) => {
    const refused = await issueMemberInvoices({
      opId: '00000000-0000-0000-0000-000000000000',
      buyerIds: ['00000000-0000-0000-0000-000000000001'],
      month: '2026-03',
      actorId: null,
      ...change,
    });
    expect(refused).toMatchObject({ ok: false, message });
  });
});
