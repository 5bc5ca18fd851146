import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { DEMO_INVOICED_ROUND, seedDemoInvoices } from '#app/seed/demo-invoices.server.ts';
import { prepareValidationChain, validateInvoiceXmls } from '#test/einvoice/validate.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';

const database = setupTestDatabase();
const cabas = (args: string[]) =>
  run('node', ['bin/cabas.js', ...args], { env: { DATABASE_URL: database.url() } });

let roundId = '';
let outDir = '';

beforeAll(async () => {
  await prepareValidationChain();
  await seedDemo();
  const [round] = await getSql()<{ id: string; status: string }[]>`
    select id, status from delivery_rounds where title = ${DEMO_INVOICED_ROUND.title}`;
  roundId = round!.id;
  outDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-invoices-'));
}, 600_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('seedDemoInvoices', () => {
  it('émet les factures des 4 foyers et du restaurant, et un avoir', async () => {
    const rows = await getSql()<
      { display_number: string; type_code: string; buyer_kind: string; buyer_name: string }[]
    >`select display_number, type_code, buyer_kind, buyer_name from invoices
       where issuer_id = (select id from organisations where slug = 'ferme-des-quatre-saisons')
       order by series desc, number`;
    expect(rows.map((row) => row.display_number)).toEqual([
      'F2026-000001',
      'F2026-000002',
      'F2026-000003',
      'F2026-000004',
      'F2026-000005',
      'A2026-000001',
    ]);
    expect(rows.filter((row) => row.buyer_kind === 'b2c')).toHaveLength(4);
    expect(rows.find((row) => row.buyer_kind === 'b2b')?.buyer_name).toBe(
      'SARL Les Canuts Gourmands',
    );
    expect(rows.map((row) => row.buyer_name)).toContain('Foyer Benali');
    // Panier 15,00 + poulet 1,840 kg × 12,90 + 2 × 3,90 € TTC (docs/cli.md example).
    const [dupont] = await getSql()`
      select net_total_cents, vat_total_cents, gross_total_cents from invoices
       where buyer_name = 'Claire Dupont'`;
    expect(dupont).toEqual({
      net_total_cents: 4411,
      vat_total_cents: 243,
      gross_total_cents: 4654,
    });
    const [round] = await getSql()`select status from delivery_rounds where id = ${roundId}`;
    expect(round?.status).toBe('invoiced');
  });

  it('est idempotente', async () => {
    expect(await seedDemoInvoices()).toEqual({ created: false, numbers: [] });
  });

  it('chaque pièce de la démo passe la chaîne de validation officielle', async () => {
    const rows = await getSql()<{ display_number: string; cii_xml: string }[]>`
      select display_number, cii_xml from invoices order by display_number`;
    const reports = await validateInvoiceXmls(rows.map((row) => row.cii_xml));
    const failures = reports.flatMap((report, index) =>
      report.failures.map((f) => `${rows[index]?.display_number} ${f.id} ${f.text}`),
    );
    expect(failures).toEqual([]);
  });
});

describe('npx cabas invoices', () => {
  it('issue sur une tournée déjà facturée : JSON, rien de nouveau', async () => {
    const result = await cabas(['invoices', 'issue', '--round', roundId]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ status: 'already_issued', roundId, totals: { count: 6 } });
    expect(output.invoices[0]).toMatchObject({ number: 'F2026-000001', type: '380' });
    expect(output.totals.total).toMatch(/^\d+\.\d{2}$/);
  });

  it('export --format facturx-xml : un fichier par numéro, le XML stocké', async () => {
    const result = await cabas([
      'invoices',
      'export',
      '--round',
      roundId,
      '--format',
      'facturx-xml',
      '--out',
      path.join(outDir, 'xml'),
    ]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ format: 'facturx-xml', count: 6 });
    const files = (await readdir(path.join(outDir, 'xml'))).sort();
    expect(files).toEqual([
      'A2026-000001.xml',
      'F2026-000001.xml',
      'F2026-000002.xml',
      'F2026-000003.xml',
      'F2026-000004.xml',
      'F2026-000005.xml',
    ]);
    const [stored] = await getSql()<{ cii_xml: string }[]>`
      select cii_xml from invoices where display_number = 'A2026-000001'`;
    expect(await readFile(path.join(outDir, 'xml', 'A2026-000001.xml'), 'utf8')).toBe(
      stored!.cii_xml,
    );
  });

  it('export --all --format pdf : un dossier par vendeur, un PDF par pièce nommé d’après son numéro', async () => {
    const result = await cabas([
      'invoices',
      'export',
      '--all',
      '--format',
      'pdf',
      '--out',
      path.join(outDir, 'pdf'),
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const files = (await readdir(path.join(outDir, 'pdf'), { recursive: true }))
      .filter((name) => name.endsWith('.pdf'))
      .sort();
    // Every document has its file: the demo's sellers (the farm, the milk farms…) each number
    // their own documents from 1, so the same number stands in several sellers' folders.
    const rows = await getSql()<{ slug: string; display_number: string }[]>`
      select o.slug, i.display_number from invoices i join organisations o on o.id = i.issuer_id`;
    expect(files).toEqual(rows.map((row) => `${row.slug}/${row.display_number}.pdf`).sort());
    expect(files).toContain('ferme-des-quatre-saisons/F2026-000001.pdf');
    expect(new Set(rows.map((row) => row.display_number)).size).toBeLessThan(rows.length);
    const pdf = await readFile(
      path.join(outDir, 'pdf', 'ferme-des-quatre-saisons', 'F2026-000001.pdf'),
    );
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  });

  it.each([
    [['invoices', 'issue'], /--round/],
    [['invoices', 'issue', '--round', 'abc'], /n’est pas un identifiant/],
    [
      [
        'invoices',
        'export',
        '--all',
        '--round',
        '00000000-0000-0000-0000-000000000000',
        '--format',
        'pdf',
        '--out',
        'x',
      ],
      /soit « --round <id> », soit « --all »/,
    ],
    [['invoices', 'export', '--all', '--format', 'docx', '--out', 'x'], /--format/],
  ])('%j : code 2, message français', async (args, message) => {
    const result = await cabas(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(message);
  });
});
