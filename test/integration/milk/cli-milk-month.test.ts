import { describe, expect, it } from 'vitest';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';
import { makeMilkSetup } from './setup.ts';

const database = setupTestDatabase();
expectEveryStoredInvoiceValid();
const cabas = (args: string[]) =>
  run('node', ['bin/cabas.js', ...args], { env: { DATABASE_URL: database.url() } });

describe('npx cabas milk month', () => {
  it('donne la paie du mois par producteur, puis --issue émet les autofactures une seule fois', async () => {
    const setup = await makeMilkSetup();
    const view = await cabas(['milk', 'month', '--dairy', setup.dairy.slug, '--month', '2026-08']);
    expect(view.stderr).toBe('');
    expect(view.code).toBe(0);
    const month = JSON.parse(view.stdout);
    expect(month).toMatchObject({
      dairy: expect.stringContaining('Laiterie du Bocage'),
      month: '2026-08',
      isFinished: true,
      issueDate: '2026-08-31',
    });
    expect(month.producers).toMatchObject([
      {
        supplierCode: 'P001',
        state: 'ready',
        litres: 30_000,
        fat: '42.0',
        protein: '34.0',
        pricePer1000L: '486.773',
        amountExclVat: '14603.19',
        vat: '803.18',
        total: '15406.37',
        flatRateRefund: null,
        invoice: null,
      },
      { supplierCode: 'P002', state: 'ready', vat: '0.00', flatRateRefund: '816.32' },
    ]);
    const issued = await cabas([
      'milk',
      'month',
      '--dairy',
      setup.dairy.slug,
      '--month',
      '2026-08',
      '--issue',
    ]);
    expect(issued.code).toBe(0);
    expect(JSON.parse(issued.stdout)).toMatchObject({
      status: 'issued',
      issued: [{ number: 'AF2026-000001' }, { number: 'AF2026-000001' }],
      refused: [],
    });
    const again = await cabas([
      'milk',
      'month',
      '--dairy',
      setup.dairy.slug,
      '--month',
      '2026-08',
      '--issue',
    ]);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'already_issued', issued: [] });
  }, 120_000);

  it.each([
    [
      'sans option',
      2,
      [],
      'Option « --dairy » : adresse (slug) de la laiterie attendue.\nOption « --month » : mois AAAA-MM attendu.\n',
    ],
    [
      'laiterie inconnue',
      2,
      ['--dairy', 'nulle-part', '--month', '2026-08'],
      'Option « --dairy » : aucune laiterie (acheteur) à l’adresse « nulle-part ».\n',
    ],
  ] as const)(
    '%s : code %i et message français, rien sur la sortie',
    async (_label, code, args, message) => {
      const result = await cabas(['milk', 'month', ...args]);
      expect(result).toMatchObject({ code, stdout: '', stderr: message });
    },
    60_000,
  );
});
