import { beforeAll, describe, expect, it } from 'vitest';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';
import { makeOpSetup } from './op-helpers.ts';

const database = setupTestDatabase();
const cabas = (args: string[]) =>
  run('node', ['bin/cabas.js', ...args], { env: { DATABASE_URL: database.url() } });

let setup: Awaited<ReturnType<typeof makeOpSetup>>;

beforeAll(async () => {
  setup = await makeOpSetup();
  const recorded = await recordOpDelivery({
    opId: setup.opId,
    memberId: setup.memberIds.gaec,
    agreementId: setup.agreements.fromagerie.id,
    deliveredOn: '2026-03-04',
    productLabel: 'Lait cru de vache',
    quantityMilli: 12_000_000,
    vatRateBp: 550,
    actorId: null,
  });
  expect(recorded.ok).toBe(true);
  const issued = await issueMemberInvoices({
    opId: setup.opId,
    buyerIds: [setup.fromagerie.organisation.id],
    month: '2026-03',
    issueDate: '2026-03-31',
    actorId: null,
  });
  expect(issued.ok).toBe(true);
}, 120_000);

describe('npx cabas op export', () => {
  it('JSON sur la sortie standard : membres, numéros, montants et critères de prix', async () => {
    const result = await cabas([
      'op',
      'export',
      '--op',
      setup.op.organisation.slug,
      '--buyer',
      setup.fromagerie.organisation.slug,
      '--month',
      '2026-03',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({
      format: 'cabas-eg22/1',
      month: '2026-03',
      buyer: { name: 'SARL Fromagerie Chambost', siren: '815789128' },
      totals: { invoices: 1, net: '6006.60', vat: '330.36', total: '6336.96' },
    });
    expect(output.invoices[0]).toMatchObject({
      number: 'OP2026-000001',
      issuedBy: 'op',
      member: { number: 'ML-001', name: 'GAEC des Monts' },
      mandate: { reference: 'MF-2026-0001', signedOn: '2026-01-20' },
    });
    expect(output.invoices[0].lines[0]).toMatchObject({
      quantity: 12_000,
      unitPrice: '500.55',
      priceBaseQuantity: 1000,
      contractReference: setup.agreements.fromagerie.reference,
    });
    expect(output.priceCriteria[0].clauses.join(' ')).toContain('Prix déterminé par formule');
  });

  it('options manquantes ou mal formées : code 2, une ligne par option, rien sur stdout', async () => {
    const result = await cabas(['op', 'export', '--month', 'mars', '--pdf']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      'Argument inattendu : « --pdf ».',
      'Option « --op » : adresse (slug) de l’organisation de producteurs attendue.',
      'Option « --buyer » : adresse (slug) de l’acheteur attendue.',
      'Option « --month » : mois AAAA-MM attendu, reçu « mars ».',
    ]);
  });

  it('organisations inconnues : code 2, chaque option nommée', async () => {
    const result = await cabas([
      'op',
      'export',
      '--op',
      'inconnue',
      '--buyer',
      'inconnu',
      '--month',
      '2026-03',
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      'Option « --op » : aucune organisation de producteurs « inconnue ».',
      'Option « --buyer » : aucun acheteur « inconnu ».',
    ]);
  });
});
