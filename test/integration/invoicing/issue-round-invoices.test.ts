import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  getInvoice,
  type InvoiceSummary,
  issueCreditNote,
  issueRoundInvoices,
  listInvoices,
} from '#app/models/invoice.server.ts';
import {
  exportAccountingCsv,
  summarizeB2cEReportingForPeriod,
} from '#app/models/invoice-export.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { prepareValidationChain, validateInvoiceXmls } from '#test/einvoice/validate.ts';
import { makeGroup, makeProBuyer, makeRound, makeSeller } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();
beforeAll(() => prepareValidationChain(), 600_000);

const IMMUTABLE =
  'Facture émise : elle ne peut être ni modifiée ni supprimée ; établissez un avoir.';

type World = {
  sellerId: string;
  forfaitId: string;
  groupId: string;
  households: string[];
  buyerId: string;
  roundId: string;
  invoices: InvoiceSummary[];
};
let world: World;

const byCustomer = (invoices: InvoiceSummary[], issuerId: string, key: string) =>
  invoices.find(
    (invoice) =>
      invoice.issuerId === issuerId &&
      (invoice.householdId === key || invoice.customerOrganisationId === key),
  );

beforeAll(async () => {
  const { producerId: sellerId } = await makeSeller();
  const { producerId: forfaitId } = await makeSeller({ vatRegime: 'flat_rate' });
  const { groupId, householdIds } = await makeGroup(2);
  const { buyerId } = await makeProBuyer();
  const [h1, h2] = householdIds as [string, string];
  const { roundId } = await makeRound({
    producerId: sellerId,
    deliveryOn: '2026-09-14',
    orders: [
      {
        customer: { householdId: h1 },
        stopOrganisationId: groupId,
        lines: [
          { name: 'Carottes', saleUnit: 'kg', quantityMilli: 1500, unitPriceCents: 320 },
          {
            name: 'Poulet fermier',
            isVariableWeight: true,
            egalimCategory: 'other',
            quantityMilli: 1000,
            actualWeightGrams: 1850,
            unitPriceCents: 1190,
          },
          {
            name: 'Fromage blanc',
            quantityMilli: 2000,
            deliveredQuantityMilli: 1000,
            unitPriceCents: 350,
          },
          {
            name: 'Radis',
            saleUnit: 'bunch',
            quantityMilli: 1000,
            deliveredQuantityMilli: 0,
            unitPriceCents: 150,
          },
        ],
      },
      {
        customer: { householdId: h2 },
        stopOrganisationId: groupId,
        lines: [{ name: 'Carottes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 320 }],
      },
      {
        customer: { householdId: h2 },
        stopOrganisationId: groupId,
        sellerId: forfaitId,
        lines: [
          { name: 'Œufs plein air', saleUnit: 'box', quantityMilli: 2000, unitPriceCents: 420 },
        ],
      },
      {
        customer: { organisationId: buyerId },
        stopOrganisationId: buyerId,
        lines: [
          { name: 'Carottes', saleUnit: 'kg', quantityMilli: 10_000, unitPriceCents: 250 },
          {
            name: 'Fleurs coupées',
            quantityMilli: 3000,
            unitPriceCents: 800,
            vatRateBp: 1000,
            egalimCategory: 'other',
          },
          {
            name: 'Faux-filet',
            isVariableWeight: true,
            egalimCategory: 'bovine_heifer',
            quantityMilli: 2000,
            actualWeightGrams: 3125,
            unitPriceCents: 2400,
            contractReference: 'CTR-2026-007',
            priceTrace: [{ kind: 'price', text: 'Prix retenu : 24,000', value: '24' }],
          },
        ],
      },
      {
        customer: { householdId: h1 },
        stopOrganisationId: buyerId,
        status: 'cancelled',
        lines: [{ name: 'Carottes', saleUnit: 'kg', quantityMilli: 9000, unitPriceCents: 320 }],
      },
    ],
  });
  const progress: number[] = [];
  const result = await issueRoundInvoices({
    roundId,
    producerId: sellerId,
    issueDate: '2026-09-15',
    actorId: null,
    onProgress: ({ done, total }) => progress.push(done / total),
  });
  if (!result.ok) {
    throw new Error(result.message);
  }
  expect(result.status).toBe('issued');
  expect(progress.at(-1)).toBe(1);
  world = {
    sellerId,
    forfaitId,
    groupId,
    households: householdIds,
    buyerId,
    roundId,
    invoices: result.invoices,
  };
});

async function snapshotOf(producerId: string, invoiceId: string): Promise<InvoiceSnapshot> {
  const detail = await getInvoice({ producerId, invoiceId });
  if (!detail) {
    throw new Error('facture introuvable');
  }
  return detail.snapshot;
}

describe('issueRoundInvoices — regroupement et montants', () => {
  it('émet une facture par client et par vendeur, sans les commandes annulées', async () => {
    const { invoices, sellerId, forfaitId, households, buyerId } = world;
    expect(invoices).toHaveLength(4);
    expect(byCustomer(invoices, sellerId, households[0]!)).toBeDefined();
    expect(byCustomer(invoices, sellerId, households[1]!)).toBeDefined();
    expect(byCustomer(invoices, sellerId, buyerId)).toBeDefined();
    expect(byCustomer(invoices, forfaitId, households[1]!)).toBeDefined();
    const numbers = invoices
      .filter((invoice) => invoice.issuerId === sellerId)
      .map((invoice) => invoice.displayNumber)
      .sort();
    expect(numbers).toEqual(['F2026-000001', 'F2026-000002', 'F2026-000003']);
    expect(byCustomer(invoices, forfaitId, households[1]!)?.displayNumber).toBe('F2026-000001');
    const [round] = await getSql()`select status from delivery_rounds where id = ${world.roundId}`;
    expect(round?.status).toBe('invoiced');
  });

  it('foyer : rupture déduite, poids réel facturé, prix TTC ramenés en HT au centime près', async () => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.households[0]!)!;
    const snapshot = await snapshotOf(world.sellerId, invoice.id);
    expect(snapshot.buyerKind).toBe('b2c');
    expect(snapshot.buyer.electronicAddress.scheme).toBe('EM');
    expect(snapshot.deliveryAddress?.city).toBe('Nantes');
    expect(
      snapshot.lines.map((line) => [
        line.label,
        line.quantityMilli,
        line.unitCode,
        line.netAmountCents,
      ]),
    ).toEqual([
      ['Carottes', 1500, 'KGM', 455],
      ['Fromage blanc', 1000, 'H87', 332],
      ['Poulet fermier', 1850, 'KGM', 2087],
    ]);
    // 4,80 + 3,50 + 22,02 € TTC paid at the sheet's prices.
    expect(snapshot.totals).toMatchObject({
      taxBasisTotalCents: 2874,
      vatTotalCents: 158,
      grandTotalCents: 3032,
    });
    expect(invoice).toMatchObject({
      netTotalCents: 2874,
      vatTotalCents: 158,
      grossTotalCents: 3032,
    });
    expect(snapshot.payment.dueDate).toBe('2026-10-14');
  });

  it('professionnel : prix HT, deux taux, viande au poids réel, échéance à 20 jours', async () => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.buyerId)!;
    const snapshot = await snapshotOf(world.sellerId, invoice.id);
    expect(snapshot.buyerKind).toBe('b2b');
    expect(snapshot.buyer).toMatchObject({ siren: '900000027', name: 'SARL Le Bistrot du Port' });
    expect(snapshot.seller).toMatchObject({ siren: '900000019', vatNumber: 'FR25900000019' });
    expect(
      snapshot.lines.map((line) => [line.label, line.quantityMilli, line.netAmountCents]),
    ).toEqual([
      ['Carottes', 10_000, 2500],
      ['Faux-filet', 3125, 7500],
      ['Fleurs coupées', 3000, 2400],
    ]);
    expect(snapshot.lines[1]).toMatchObject({
      contractReference: 'CTR-2026-007',
      priceTrace: ['Prix retenu : 24,000'],
    });
    expect(
      snapshot.totals.vatBreakdown.map((row) => [row.rateBp, row.basisCents, row.vatCents]),
    ).toEqual([
      [550, 10_000, 550],
      [1000, 2400, 240],
    ]);
    expect(snapshot.totals.grandTotalCents).toBe(13_190);
    expect(snapshot.payment.dueDate).toBe('2026-10-04');
    expect(invoice.dueOn).toBe('2026-10-04');
  });

  it('producteur au forfait : pas de TVA, mention d’exonération', async () => {
    const invoice = byCustomer(world.invoices, world.forfaitId, world.households[1]!)!;
    const snapshot = await snapshotOf(world.forfaitId, invoice.id);
    expect(snapshot.totals).toMatchObject({ taxBasisTotalCents: 840, vatTotalCents: 0 });
    expect(snapshot.lines[0]).toMatchObject({ unitCode: 'XBX', vat: { category: 'E' } });
  });

  it('dénormalise les lignes et relie chaque ligne à sa ligne de commande', async () => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.buyerId)!;
    const rows = await getSql()<
      { label: string; unit_price_cents: number; net_amount_cents: number; order_line: boolean }[]
    >`select label, unit_price_cents, net_amount_cents, order_line_id is not null as order_line
        from invoice_lines where invoice_id = ${invoice.id} order by position`;
    expect(rows).toEqual([
      { label: 'Carottes', unit_price_cents: 250, net_amount_cents: 2500, order_line: true },
      { label: 'Faux-filet', unit_price_cents: 2400, net_amount_cents: 7500, order_line: true },
      { label: 'Fleurs coupées', unit_price_cents: 800, net_amount_cents: 2400, order_line: true },
    ]);
  });

  it('est idempotente : une seconde émission n’écrit rien et le dit', async () => {
    const again = await issueRoundInvoices({
      roundId: world.roundId,
      producerId: world.sellerId,
      issueDate: '2026-09-16',
      actorId: null,
    });
    expect(again).toMatchObject({ ok: true, status: 'already_issued' });
    if (!again.ok) return;
    expect(again.message).toMatch(/déjà émises/);
    expect(again.invoices.map((invoice) => invoice.id).sort()).toEqual(
      world.invoices.map((invoice) => invoice.id).sort(),
    );
    const [count] = await getSql()`select count(*)::int as n from invoices`;
    expect(count?.n).toBe(4);
  });

  it('ne montre pas la tournée d’un autre producteur', async () => {
    const result = await issueRoundInvoices({
      roundId: world.roundId,
      producerId: world.forfaitId,
      issueDate: '2026-09-16',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'round_not_found' });
  });
});

describe('immuabilité des factures émises (trigger)', () => {
  it.each([
    ['modifier une facture', 'update invoices set buyer_name = $$Autre$$'],
    ['supprimer une facture', 'delete from invoices'],
    ['modifier une ligne', 'update invoice_lines set net_amount_cents = 1'],
    ['supprimer une ligne', 'delete from invoice_lines'],
    ['vider la table des factures', 'truncate invoices cascade'],
  ])('refuse de %s avec le message français', async (_label, statement) => {
    await expect(getSql().unsafe(statement)).rejects.toThrow(IMMUTABLE);
  });
});

describe('issueCreditNote', () => {
  const creditNoteIds: string[] = [];

  it('avoir partiel sur la viande : série A, référence la facture, TVA recalculée', async () => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.buyerId)!;
    const result = await issueCreditNote({
      invoiceId: invoice.id,
      producerId: world.sellerId,
      selection: [{ lineId: '2', quantityMilli: 500 }],
      reason: 'erreur de pesée',
      actorId: null,
      issueDate: '2026-09-20',
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.creditNote).toMatchObject({
      displayNumber: 'A2026-000001',
      typeCode: '381',
      precedingInvoiceId: invoice.id,
      netTotalCents: 1200,
      vatTotalCents: 66,
      grossTotalCents: 1266,
      customerOrganisationId: world.buyerId,
    });
    const detail = await getInvoice({ producerId: world.sellerId, invoiceId: invoice.id });
    expect(detail?.creditNotes.map((note) => note.displayNumber)).toEqual(['A2026-000001']);
    const note = await getInvoice({ producerId: world.sellerId, invoiceId: result.creditNote.id });
    expect(note?.snapshot.precedingInvoice).toEqual({
      number: invoice.displayNumber,
      issueDate: '2026-09-15',
    });
    creditNoteIds.push(result.creditNote.id);
  });

  it('avoir total d’une facture de foyer, puis plus rien à créditer', async () => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.households[1]!)!;
    const full = await issueCreditNote({
      invoiceId: invoice.id,
      producerId: world.sellerId,
      selection: 'full',
      reason: 'livraison non effectuée',
      actorId: null,
      issueDate: '2026-09-21',
    });
    if (!full.ok) throw new Error(full.message);
    expect(full.creditNote).toMatchObject({
      displayNumber: 'A2026-000002',
      grossTotalCents: invoice.grossTotalCents,
    });
    creditNoteIds.push(full.creditNote.id);
    const again = await issueCreditNote({
      invoiceId: invoice.id,
      producerId: world.sellerId,
      selection: 'full',
      reason: 'doublon',
      actorId: null,
      issueDate: '2026-09-21',
    });
    expect(again).toMatchObject({ ok: false, code: 'nothing_left_to_credit' });
  });

  it.each([
    [
      'quantité supérieure au reste',
      [{ lineId: '2', quantityMilli: 3000 }],
      'exceeds_invoiced_quantity',
    ],
    ['ligne inconnue', [{ lineId: '9' }], 'unknown_line'],
  ])('refuse un avoir (%s) sans consommer de numéro', async (_label, selection, code) => {
    const invoice = byCustomer(world.invoices, world.sellerId, world.buyerId)!;
    const result = await issueCreditNote({
      invoiceId: invoice.id,
      producerId: world.sellerId,
      selection,
      reason: '',
      actorId: null,
      issueDate: '2026-09-22',
    });
    expect(result).toMatchObject({ ok: false, code });
    const [series] = await getSql()`
      select next_number from invoice_series where issuer_id = ${world.sellerId} and series = 'A'`;
    expect(series?.next_number).toBe(3);
  });

  it('refuse l’avoir d’une facture d’un autre vendeur', async () => {
    const invoice = byCustomer(world.invoices, world.forfaitId, world.households[1]!)!;
    const result = await issueCreditNote({
      invoiceId: invoice.id,
      producerId: world.sellerId,
      selection: 'full',
      reason: '',
      actorId: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'invoice_not_found' });
    expect(creditNoteIds).toHaveLength(2);
  });
});

describe('exports', () => {
  it('CSV comptable : une ligne par pièce et par taux, « ; », virgule décimale, BOM', async () => {
    const csv = await exportAccountingCsv({ producerId: world.sellerId });
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'Numéro;Type;Date;Échéance;Facture d’origine;SIREN vendeur;Client;SIREN client;Type de client;Catégorie TVA;Taux TVA (%);Montant HT;TVA;Montant TTC',
    );
    expect(lines).toContain(
      'F2026-000003;Facture;2026-09-15;2026-10-04;;900000019;SARL Le Bistrot du Port;900000027;professionnel;S;10;24,00;2,40;26,40',
    );
    expect(lines).toContain(
      'F2026-000003;Facture;2026-09-15;2026-10-04;;900000019;SARL Le Bistrot du Port;900000027;professionnel;S;5,5;100,00;5,50;105,50',
    );
    expect(lines).toContain(
      'A2026-000001;Avoir;2026-09-20;;F2026-000003;900000019;SARL Le Bistrot du Port;900000027;professionnel;S;5,5;-12,00;-0,66;-12,66',
    );
    // 3 invoices (the pro one has two rates) + 2 credit notes, after the header.
    expect(lines).toHaveLength(1 + 4 + 2);
  });

  it('e-reporting B2C : seules les pièces aux particuliers, avoirs en négatif', async () => {
    const result = await summarizeB2cEReportingForPeriod({
      producerId: world.sellerId,
      periodStart: '2026-09-01',
      periodEnd: '2026-09-30',
    });
    if (!result.ok) throw new Error(result.message);
    const h2 = byCustomer(world.invoices, world.sellerId, world.households[1]!)!;
    // Foyer 1 (28,74 HT) + foyer 2 (h2) − its full credit note = foyer 1 alone.
    expect(h2.netTotalCents).toBeGreaterThan(0);
    expect(result.summary.perRate).toEqual([
      { category: 'S', rateBp: 550, netCents: 2874, vatCents: 158 },
    ]);
    expect(result.summary.days).toEqual([
      { date: '2026-09-14', transactionCount: 3, netCents: 2874, vatCents: 158 },
    ]);
    expect(result.summary.sellerSiren).toBe('900000019');
  });

  it('listInvoices : par producteur, par tournée', async () => {
    const all = await listInvoices({ producerId: world.sellerId });
    expect(all.map((invoice) => invoice.displayNumber)).toEqual([
      'F2026-000001',
      'F2026-000002',
      'F2026-000003',
      'A2026-000001',
      'A2026-000002',
    ]);
    const none = await listInvoices({ producerId: world.buyerId });
    expect(none).toEqual([]);
  });
});

describe('chaîne de validation officielle', () => {
  it('chaque facture et chaque avoir stockés passent XSD, EN 16931, Factur-X et BR-FR', async () => {
    const rows = await getSql()<{ display_number: string; cii_xml: string }[]>`
      select display_number, cii_xml from invoices order by issuer_id, display_number`;
    expect(rows).toHaveLength(6);
    const reports = await validateInvoiceXmls(rows.map((row) => row.cii_xml));
    const failures = reports.flatMap((report, index) =>
      report.failures.map(
        (failure) => `${rows[index]?.display_number} ${failure.id} ${failure.text}`,
      ),
    );
    expect(failures).toEqual([]);
  });
});
