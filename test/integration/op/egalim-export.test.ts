import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildInvoiceSnapshot } from '#app/domain/invoicing/build-invoice-snapshot.ts';
import { groupOrdersIntoInvoiceDrafts } from '#app/domain/invoicing/group-orders.ts';
import { toOrganisationBuyer, toSellerParty } from '#app/domain/invoicing/invoice-parties.ts';
import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { selfBillingMandateText } from '#app/domain/op/billing-mandate.ts';
import { eg22ToCsv } from '#app/domain/op/eg22-export.ts';
import { allocateInvoiceNumbers } from '#app/models/invoice-numbering.server.ts';
import { loadOrganisations } from '#app/models/invoice-round-data.server.ts';
import { storeIssuedDocuments } from '#app/models/invoice-store.server.ts';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { LEGAL } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { makeSignedMandate } from './mandate-helpers.ts';
import { makeOpSetup } from './op-helpers.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

/**
 * The dairy's monthly self-billed milk invoice (389) for a member, as the milk module issues
 * it: in the producer's name, in the series of the dairy's mandate, with its price steps.
 */
async function selfBilledMilkInvoice(options: {
  sellerId: string;
  dairyId: string;
  month: string;
  litres: number;
  mandate: { reference: string; series: string };
}) {
  const end = `${options.month}-28`;
  const price = decimalPriceToCents('486.773', 1_000_000);
  if (!price.ok) {
    throw new Error(price.message);
  }
  await getDb().transaction(async (tx) => {
    const orgs = await loadOrganisations(tx, [options.sellerId, options.dairyId]);
    const seller = toSellerParty(orgs.get(options.sellerId)!);
    const buyer = toOrganisationBuyer(orgs.get(options.dairyId)!);
    if (!seller.ok || !buyer.ok) {
      throw new Error('identités incomplètes');
    }
    const grouped = groupOrdersIntoInvoiceDrafts({
      orders: [
        {
          orderId: randomUUID(),
          sellerId: options.sellerId,
          customerId: options.dairyId,
          deliveryDate: end,
          billingPeriod: { start: `${options.month}-01`, end },
          lines: [
            {
              label: `Lait cru de vache, collecte ${options.month}`,
              quantityMilli: options.litres * 1000,
              unitCode: 'LTR',
              ...price,
              vatRateBp: 550,
              productKind: 'perishable',
              contractReference: 'CTR-LAIT-2026-0001',
              priceTrace: ['Prix de base 38/32 : 450,000 €/1000 L', 'Prix payé : 486,773 €/1000 L'],
            },
          ],
        },
      ],
      sellers: [{ sellerId: options.sellerId, vatRegime: seller.vatRegime }],
    });
    if (!grouped.ok) {
      throw new Error(grouped.message);
    }
    const allocation = await allocateInvoiceNumbers(tx, {
      issuerId: options.sellerId,
      series: options.mandate.series,
      issueDate: end,
      count: 1,
    });
    if (!allocation.ok) {
      throw new Error(allocation.message);
    }
    const built = buildInvoiceSnapshot({
      draft: grouped.drafts[0]!,
      number: allocation.numbers[0]!.displayNumber,
      issueDate: end,
      typeCode: '389',
      seller: seller.party,
      buyer: buyer.buyer.party,
      buyerKind: 'b2b',
      billingMandate: selfBillingMandateText({
        reference: options.mandate.reference,
        signedOn: '2026-01-20',
        mandatorName: seller.party.name,
        contestDays: 15,
      }),
    });
    if (!built.ok) {
      throw new Error(built.message);
    }
    const xml = toCii(built.invoice);
    if (!xml.ok) {
      throw new Error(xml.message);
    }
    await storeIssuedDocuments(tx, [
      {
        id: randomUUID(),
        issuerId: options.sellerId,
        allocated: allocation.numbers[0]!,
        snapshot: built.invoice,
        ciiXml: xml.xml,
        roundId: null,
        customer: { householdId: null, customerOrganisationId: options.dairyId },
        precedingInvoiceId: null,
        issuedBy: null,
        orderIds: [],
        orderLineIds: [null],
      },
    ]);
  });
}

async function setupMonth(): Promise<Setup> {
  // Members' mandates to the OP cover the cheese maker only; the dairy self-bills.
  const s = await makeOpSetup({ mandates: false });
  for (const member of [s.gaec, s.pilat]) {
    await makeSignedMandate({
      mandatorId: member.organisation.id,
      mandataryId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      coversAllBuyers: false,
      egalimCategories: ['milk_cow'],
      operations: 'Lait livré à la Fromagerie Chambost',
      startOn: '2026-02-01',
      contestDays: 15,
    });
    await makeSignedMandate({
      mandatorId: member.organisation.id,
      mandataryId: s.laiterie.organisation.id,
      buyerIds: [s.laiterie.organisation.id],
      coversAllBuyers: false,
      egalimCategories: ['milk_cow'],
      operations: 'Autofacturation mensuelle du lait collecté',
      startOn: '2026-02-01',
      contestDays: 15,
      invoiceSeries: 'AF',
    });
  }
  for (const [member, day, litres] of [
    ['gaec', '2026-03-04', 12_000],
    ['pilat', '2026-03-06', 7_000],
  ] as const) {
    const recorded = await recordOpDelivery({
      opId: s.opId,
      memberId: s.memberIds[member],
      agreementId: s.agreements.fromagerie.id,
      deliveredOn: day,
      productLabel: 'Lait cru de vache',
      quantityMilli: litres * 1000,
      vatRateBp: 550,
      actorId: null,
    });
    expect(recorded.ok).toBe(true);
  }
  const issued = await issueMemberInvoices({
    opId: s.opId,
    buyerIds: [s.fromagerie.organisation.id],
    month: '2026-03',
    issueDate: '2026-03-31',
    actorId: null,
  });
  expect(issued.ok).toBe(true);
  for (const [member, litres] of [
    [s.gaec, 30_000],
    [s.pilat, 18_000],
  ] as const) {
    await selfBilledMilkInvoice({
      sellerId: member.organisation.id,
      dairyId: s.laiterie.organisation.id,
      month: '2026-03',
      litres,
      mandate: { reference: 'MF-2026-0002', series: 'AF' },
    });
  }
  // The dairy's April invoice is another month.
  await selfBilledMilkInvoice({
    sellerId: s.gaec.organisation.id,
    dairyId: s.laiterie.organisation.id,
    month: '2026-04',
    litres: 29_000,
    mandate: { reference: 'MF-2026-0002', series: 'AF' },
  });
  return s;
}

describe('export mensuel EG-22 des éléments de facturation des membres', () => {
  it('pour la laiterie : les autofactures du mois de chaque membre, avec le mandat et le calcul du prix', async () => {
    const s = await setupMonth();
    // A non-member's self-billed invoice to the same dairy is not the OP's business.
    const { organisation: outsider } = await makeOrganisation({ kind: 'producer' });
    await getDb()
      .update(organisations)
      .set({ ...LEGAL.ferme, siren: LEGAL.ferme.siret.slice(0, 9), vatRegime: 'liable' })
      .where(eq(organisations.id, outsider.id));
    await selfBilledMilkInvoice({
      sellerId: outsider.id,
      dairyId: s.laiterie.organisation.id,
      month: '2026-03',
      litres: 10_000,
      mandate: { reference: 'MF-2026-0001', series: 'AF' },
    });
    const exported = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.laiterie.organisation.id,
      month: '2026-03',
      now: new Date('2026-04-05T08:00:00Z'),
    });
    expect(exported.ok).toBe(true);
    if (!exported.ok) {
      return;
    }
    const { data } = exported;
    expect(data.invoices.map((i) => [i.member.number, i.number, i.typeCode, i.issuedBy])).toEqual([
      ['ML-001', 'AF2026-000001', '389', 'buyer'],
      ['ML-002', 'AF2026-000001', '389', 'buyer'],
    ]);
    expect(data.invoices[0]!.mandate).toEqual({
      reference: 'MF-2026-0002',
      signedOn: '2026-01-20',
    });
    // 30 000 L × 486,773 € = 14 603,19 € HT + 5,5 % = 15 406,37 €; the flat-rate farm: no VAT,
    // 18 000 L × 486,773 € = 8 761,91 €.
    expect(data.invoices.map((i) => i.grossCents)).toEqual([1_540_637, 876_191]);
    expect(data.totals).toEqual({
      invoices: 2,
      netCents: 1_460_319 + 876_191,
      vatCents: 80_318,
      grossCents: 1_540_637 + 876_191,
    });
    expect(data.invoices[0]!.lines[0]!.priceTrace).toContain('Prix payé : 486,773 €/1000 L');
    expect(data.op).toEqual({
      name: 'Association OP Lait des Monts du Lyonnais',
      siren: '794567891',
    });
  });

  it('pour la fromagerie : les factures émises par l’OP au nom des membres et les critères de l’accord', async () => {
    const s = await setupMonth();
    const exported = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.fromagerie.organisation.id,
      month: '2026-03',
      now: new Date('2026-04-05T08:00:00Z'),
    });
    if (!exported.ok) {
      throw new Error(exported.message);
    }
    const { data } = exported;
    expect(data.invoices.map((i) => [i.member.name, i.number, i.issuedBy, i.grossCents])).toEqual([
      // 12 000 L × 500,550 € = 6 006,60 € + 5,5 % (330,36 €).
      ['GAEC des Monts', 'OP2026-000001', 'op', 633_696],
      // 7 000 L × 500,550 € = 3 503,85 €, no VAT.
      ['Ferme du Pilat', 'OP2026-000001', 'op', 350_385],
    ]);
    expect(data.priceCriteria.map((c) => c.reference)).toEqual([s.agreements.fromagerie.reference]);
    expect(data.priceCriteria[0]!.clauses.join(' ')).toContain('Prix déterminé par formule');
    const rows = parse(eg22ToCsv(data).slice(1), { delimiter: ';' }) as string[][];
    expect(rows.slice(1).map((r) => [r[3], r[6], r[8], r[13], r[15], r[16], r[21], r[22]])).toEqual(
      [
        [
          'ML-001',
          'OP2026-000001',
          'OP (mandataire)',
          '12000',
          '500,55',
          '1000',
          '6336,96',
          s.agreements.fromagerie.reference,
        ],
        [
          'ML-002',
          'OP2026-000001',
          'OP (mandataire)',
          '7000',
          '500,55',
          '1000',
          '3503,85',
          s.agreements.fromagerie.reference,
        ],
      ],
    );
    expect(rows[1]![23]).toContain('Prix déterminé par formule');
    expect(rows[1]![24]).toContain('Prix retenu : 500,550');
  });

  it.each([
    ['mois illisible', { month: '2026-3' }, 'month', 'Mois « 2026-3 » invalide : AAAA-MM attendu.'],
    ['acheteur inconnu', { buyerId: randomUUID() }, 'buyer', 'Acheteur introuvable.'],
  ] as const)('refusé : %s', async (_label, change, field, message) => {
    const s = await makeOpSetup({ mandates: false });
    const refused = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: s.laiterie.organisation.id,
      month: '2026-03',
      now: new Date(),
      ...change,
    });
    expect(refused).toEqual({ ok: false, field, message });
  });

  it('refusé pour un acheteur sans accord-cadre avec l’OP', async () => {
    const s = await makeOpSetup({ mandates: false });
    const { organisation: stranger } = await makeOrganisation({ kind: 'buyer' });
    const refused = await buildOpEgalimExport({
      opId: s.opId,
      buyerId: stranger.id,
      month: '2026-03',
      now: new Date(),
    });
    expect(refused).toMatchObject({ ok: false, field: 'buyer' });
  });
});
