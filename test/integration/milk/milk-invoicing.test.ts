import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { invoices, milkPayStatements } from '#app/db/schema.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  contestMilkInvoice,
  correctContestedMilkInvoice,
  listMilkContests,
  rejectMilkContest,
} from '#app/models/milk-contest.server.ts';
import { issueMilkMonth } from '#app/models/milk-invoice.server.ts';
import { listMilkStatements, loadMilkMonth } from '#app/models/milk-pay.server.ts';
import { importMilkCsv, saveMilkCollection } from '#app/models/milk-record.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { augustAnalysesCsv, bytes, giveMilkMandate, makeMilkSetup } from './setup.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

async function snapshotOf(invoiceId: string): Promise<InvoiceSnapshot> {
  const [row] = await getDb()
    .select({ snapshot: invoices.snapshot })
    .from(invoices)
    .where(eq(invoices.id, invoiceId));
  return row!.snapshot as InvoiceSnapshot;
}

describe('paie du lait d’août 2026 et autofacturation (389)', () => {
  it('calcule le mois de chaque fournisseur : M1 pour le GAEC assujetti, remboursement forfaitaire pour l’autre', async () => {
    const setup = await makeMilkSetup();
    const view = await loadMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-20',
    });
    expect(view).toMatchObject({ issueDate: '2026-08-31', isFinished: false });
    const byCode = new Map(view.rows.map((row) => [row.supplier.supplierCode, row]));
    expect(byCode.get('P001')).toMatchObject({
      state: 'ready',
      problems: [],
      pay: {
        litres: 30_000,
        pay: { pricePer1000L: '486.773', cents: { amountExclVat: 1_460_319, vat: 80_318 } },
      },
    });
    expect(byCode.get('P002')).toMatchObject({
      state: 'ready',
      pay: { pay: { cents: { vat: 0, flatRateRefund: 81_632 } } },
    });
  });

  it('refuse d’émettre avant la fin du mois, puis émet une facture 389 par producteur le 31 (I5)', async () => {
    const setup = await makeMilkSetup();
    const early = await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-30',
      actorId: null,
    });
    expect(early).toEqual({
      ok: false,
      code: 'month_not_finished',
      message:
        'Août 2026 n’est pas terminé : ses factures s’émettent à partir du 2026-08-31, après la dernière collecte (facture périodique datée du dernier jour du mois).',
      refused: [],
    });
    const issued = await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: setup.dairy.owner.id,
    });
    expect(issued).toMatchObject({ ok: true, status: 'issued', refused: [] });
    expect(issued.ok && issued.issued.map((i) => i.number)).toEqual([
      'AF2026-000001',
      'AF2026-000001',
    ]);

    const [liableRow] = await getDb()
      .select()
      .from(invoices)
      .where(eq(invoices.issuerId, setup.liable.producerId));
    expect(liableRow).toMatchObject({
      typeCode: '389',
      series: 'AF',
      issuedOn: '2026-08-31',
      dueOn: '2026-09-30',
      customerOrganisationId: setup.dairy.id,
      netTotalCents: 1_460_319,
      vatTotalCents: 80_318,
      grossTotalCents: 1_540_637,
    });
    const snapshot = liableRow!.snapshot as InvoiceSnapshot;
    expect(snapshot).toMatchObject({
      billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
      seller: { siren: '900000019' },
      buyer: { name: 'SAS Laiterie du Bocage', siren: '900000043' },
      lines: [
        {
          label: 'Lait cru de vache, collecte août 2026 (42,0 g/L MG ; 34,0 g/L MP)',
          quantityMilli: 30_000_000,
          unitCode: 'LTR',
          unitPriceCents: 486_773,
          priceBaseQuantityMilli: 10_000_000,
          vat: { category: 'S', rateBp: 550 },
        },
      ],
    });
    expect(snapshot.lines[0]?.priceTrace).toContain('Prix du lait : 486,773 €/1000 L');
    const notes = snapshot.notes.map((note) => note.text);
    expect(notes[0]).toMatch(
      /^Autofacturation : facture émise par l'acheteur au nom et pour le compte du vendeur \(CGI art\. 289 I-2\) ; mandat de facturation MF-2026-0001 du 23 décembre 2025 donné par EARL Ferme du Bocage ; contestation possible dans les 15 jours suivant son émission\.$/,
    );
    expect(notes).toContain(
      'Le producteur peut contester cette facture jusqu’au 15 septembre 2026 inclus (15 jours, mandat MF-2026-0001) ; sans contestation, elle est réputée acceptée.',
    );

    const flat = await getDb()
      .select()
      .from(invoices)
      .where(eq(invoices.issuerId, setup.flat.producerId));
    const flatSnapshot = flat[0]!.snapshot as InvoiceSnapshot;
    expect(flatSnapshot.totals).toMatchObject({
      taxBasisTotalCents: 1_460_319,
      vatTotalCents: 0,
      grandTotalCents: 1_460_319,
    });
    expect(flatSnapshot.lines[0]?.vat).toMatchObject({
      category: 'E',
      exemptionReasonCode: 'VATEX-FR-CNWVAT',
    });
    expect(flatSnapshot.notes.map((note) => note.text)).toContain(
      'Remboursement forfaitaire agricole à demander à l’État par le producteur, non facturé : 816,32 € (5,59 % de 14\u202f603,19 €, CGI art. 298 quater).',
    );
  });

  it('est idempotent : émettre le même mois deux fois n’écrit rien de plus', async () => {
    const setup = await makeMilkSetup();
    const options = {
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-09-02',
      actorId: null,
    };
    expect(await issueMilkMonth(options)).toMatchObject({ ok: true, status: 'issued' });
    const [before] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from invoices where customer_organisation_id = ${setup.dairy.id}`;
    expect(await issueMilkMonth(options)).toMatchObject({
      ok: true,
      status: 'already_issued',
      message: 'Les factures de août 2026 sont déjà émises (2) : rien de nouveau.',
    });
    const [after] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from invoices where customer_organisation_id = ${setup.dairy.id}`;
    expect(after!.n).toBe(before!.n);
    // Issued late, the periodic invoice is still dated the month's last day (INV-05).
    const statements = await listMilkStatements({ dairyId: setup.dairy.id });
    expect(statements.map((s) => s.issuedOn)).toEqual(['2026-08-31', '2026-08-31']);
  });

  it('sans mandat de facturation, refuse ce producteur avec la raison et émet les autres', async () => {
    const setup = await makeMilkSetup({ withMandates: false });
    await giveMilkMandate({ producerId: setup.flat.producerId, dairyId: setup.dairy.id });
    const result = await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: true, status: 'issued' });
    expect(result.ok && result.issued.length).toBe(1);
    expect(result.refused).toEqual([
      {
        producerName: expect.stringContaining('Ferme du Test'),
        problems: [
          expect.stringMatching(
            /^Pas de mandat de facturation signé par .* couvrant tout août 2026 : la laiterie ne peut pas facturer en son nom/,
          ),
        ],
      },
    ]);
  });

  it('un mandat qui ne couvre qu’une partie du mois ne suffit pas ; rien à émettre sans aucun mandat', async () => {
    const setup = await makeMilkSetup({ withMandates: false });
    await giveMilkMandate({
      producerId: setup.liable.producerId,
      dairyId: setup.dairy.id,
      startOn: '2026-08-15',
    });
    const result = await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    expect(result).toMatchObject({
      ok: false,
      code: 'nothing_to_issue',
      message: 'Aucune facture à émettre pour août 2026.',
    });
    expect(result.refused).toHaveLength(2);
    expect(
      await getSql()`select 1 from invoices where customer_organisation_id = ${setup.dairy.id}`,
    ).toHaveLength(0);
  });

  it('un mois facturé est clos : ni saisie, ni import, ni écriture SQL directe', async () => {
    const setup = await makeMilkSetup();
    await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    expect(
      await saveMilkCollection({
        dairyId: setup.dairy.id,
        producerId: setup.liable.producerId,
        collection: { collectedOn: '2026-08-30', litres: 500, tour: 'T2', tank: '' },
        actorId: null,
      }),
    ).toEqual({
      ok: false,
      message:
        'Mois de lait déjà facturé : ses collectes et analyses ne changent plus (contestation du producteur, puis avoir et nouvelle facture).',
    });
    const reimport = await importMilkCsv({
      dairyId: setup.dairy.id,
      kind: 'analyses',
      bytes: bytes(augustAnalysesCsv(['P001'], '43,0')),
      today: '2026-09-01',
      actorId: null,
    });
    expect(reimport.ok).toBe(false);
    expect(!reimport.ok && reimport.errors[0]?.message).toMatch(
      /^Août 2026 est déjà facturé pour /,
    );
    await expect(
      getSql()`update milk_collections set litres = 1 where producer_id = ${setup.liable.producerId}`,
    ).rejects.toThrow(/Mois de lait déjà facturé/);
    await expect(getSql()`update milk_pay_statements set litres = 1`).rejects.toThrow(/figée/);
  });

  it('contestation dans le délai, refusée si rien ne change, puis avoir 261 + facture rectificative 389', async () => {
    const setup = await makeMilkSetup();
    await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    const [statement] = await listMilkStatements({ producerId: setup.liable.producerId });
    const late = await contestMilkInvoice({
      producerId: setup.liable.producerId,
      statementId: statement!.id,
      reason: 'MG trop basse',
      today: '2026-09-16',
      actorId: null,
    });
    expect(late).toEqual({
      ok: false,
      message:
        'Le délai de contestation de la facture AF2026-000001 est passé : 15 jours après son émission, soit jusqu’au 15 septembre 2026 (mandat MF-2026-0001).',
    });
    expect(
      await contestMilkInvoice({
        producerId: setup.flat.producerId,
        statementId: statement!.id,
        reason: 'pas à moi',
        today: '2026-09-02',
        actorId: null,
      }),
    ).toEqual({ ok: false, message: 'Facture introuvable.' });
    expect(
      await contestMilkInvoice({
        producerId: setup.liable.producerId,
        statementId: statement!.id,
        reason: 'Notre laboratoire trouve 43,0 g/L de MG.',
        today: '2026-09-05',
        actorId: null,
      }),
    ).toEqual({ ok: true });
    const [contest] = await listMilkContests({ dairyId: setup.dairy.id });
    expect(contest).toMatchObject({
      status: 'open',
      invoiceNumber: 'AF2026-000001',
      month: '2026-08',
    });

    expect(
      await correctContestedMilkInvoice({
        dairyId: setup.dairy.id,
        contestId: contest!.id,
        today: '2026-09-10',
        actorId: null,
      }),
    ).toEqual({
      ok: false,
      message:
        'La paie recalculée est identique à la facture contestée : corrigez d’abord les collectes ou analyses, ou refusez la contestation en expliquant pourquoi.',
    });
    // The contest reopened the month: the dairy re-imports the corrected lab results.
    const corrected = await importMilkCsv({
      dairyId: setup.dairy.id,
      kind: 'analyses',
      bytes: bytes(augustAnalysesCsv(['P001'], '43,0')),
      today: '2026-09-10',
      actorId: null,
    });
    expect(corrected).toMatchObject({ ok: true, created: 0, updated: 4 });
    const done = await correctContestedMilkInvoice({
      dairyId: setup.dairy.id,
      contestId: contest!.id,
      today: '2026-09-10',
      actorId: null,
    });
    expect(done).toEqual({
      ok: true,
      creditNoteNumber: 'AF2026-000002',
      invoiceNumber: 'AF2026-000003',
    });

    const documents = await getDb()
      .select()
      .from(invoices)
      .where(eq(invoices.issuerId, setup.liable.producerId))
      .orderBy(invoices.number);
    expect(
      documents.map((d) => [d.displayNumber, d.typeCode, d.issuedOn, d.grossTotalCents]),
    ).toEqual([
      ['AF2026-000001', '389', '2026-08-31', 1_540_637],
      ['AF2026-000002', '261', '2026-09-10', 1_540_637],
      // 43,0 g/L: one more gram above 40 (+1,45) → 488,223 × 30 000 L = 14 646,69 + 805,57 VAT
      ['AF2026-000003', '389', '2026-09-10', 1_545_226],
    ]);
    expect(documents[1]!.precedingInvoiceId).toBe(documents[0]!.id);
    const replacement = await snapshotOf(documents[2]!.id);
    expect(replacement).toMatchObject({
      precedingInvoice: { number: 'AF2026-000001', issueDate: '2026-08-31' },
      payment: { dueDate: '2026-09-30' },
    });
    expect(replacement.notes.map((n) => n.text)).toContain(
      'Facture rectificative : remplace la facture AF2026-000001 du 31 août 2026, annulée par l’avoir AF2026-000002.',
    );
    const [current] = await listMilkStatements({ producerId: setup.liable.producerId });
    expect(current).toMatchObject({
      revision: 2,
      invoiceNumber: 'AF2026-000003',
      openContest: null,
    });
    const revisions = await getDb()
      .select({ revision: milkPayStatements.revision })
      .from(milkPayStatements)
      .where(eq(milkPayStatements.producerId, setup.liable.producerId));
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
    // Closed again.
    await expect(
      getSql()`delete from milk_analyses where producer_id = ${setup.liable.producerId}`,
    ).rejects.toThrow(/déjà facturé/);
  });

  it('la laiterie peut refuser une contestation en disant pourquoi', async () => {
    const setup = await makeMilkSetup();
    await issueMilkMonth({
      dairyId: setup.dairy.id,
      month: '2026-08',
      today: '2026-08-31',
      actorId: null,
    });
    const [statement] = await listMilkStatements({ producerId: setup.flat.producerId });
    await contestMilkInvoice({
      producerId: setup.flat.producerId,
      statementId: statement!.id,
      reason: 'Volume faux le 3 août',
      today: '2026-09-01',
      actorId: null,
    });
    const [contest] = await listMilkContests({ producerId: setup.flat.producerId });
    expect(
      await rejectMilkContest({
        dairyId: setup.dairy.id,
        contestId: contest!.id,
        reason: 'x',
        actorId: null,
      }),
    ).toEqual({
      ok: false,
      message: 'Motif du refus : 3 à 1 000 caractères.',
    });
    expect(
      await rejectMilkContest({
        dairyId: setup.dairy.id,
        contestId: contest!.id,
        reason: 'Ticket de pesée du camion joint : 2 000 L.',
        actorId: null,
      }),
    ).toEqual({ ok: true });
    expect(await listMilkContests({ producerId: setup.flat.producerId })).toMatchObject([
      { status: 'rejected', rejectionReason: 'Ticket de pesée du camion joint : 2 000 L.' },
    ]);
  });
});
