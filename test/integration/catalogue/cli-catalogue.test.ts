import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { listProducerProducts } from '#app/models/catalogue.server.ts';
import { makeProducer } from '#test/factories/catalogue.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';

const database = setupTestDatabase();
const cabas = (args: string[]) =>
  run('node', ['bin/cabas.js', ...args], { env: { DATABASE_URL: database.url() } });

const FIXTURES = 'test/fixtures/catalogue';

describe('npx cabas catalogue', () => {
  it('import du fichier LibreOffice (Windows-1252, ;) : code 0, puis export et réimport sans changement', async () => {
    const { producer } = await makeProducer();
    const first = await cabas([
      'catalogue',
      'import',
      '--producer',
      producer.slug,
      `${FIXTURES}/libreoffice-fr-200.csv`,
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({
      imported: true,
      created: 200,
      updated: 0,
      unchanged: 0,
      encoding: 'windows-1252',
      separator: ';',
    });
    expect(await listProducerProducts(producer.id)).toHaveLength(200);

    const exported = await cabas(['catalogue', 'export', '--producer', producer.id]);
    expect(exported.code).toBe(0);
    expect(exported.stdout.startsWith('\uFEFFRéférence;Nom;')).toBe(true);
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cabas-cli-'));
    const file = path.join(dir, 'export.csv');
    const utf8 = await cabas([
      'catalogue',
      'export',
      '--producer',
      producer.slug,
      '--format',
      'utf8',
      '--output',
      file,
    ]);
    expect(utf8.code).toBe(0);
    expect((await readFile(file, 'utf8')).split('\r\n')[0]).toMatch(/^Référence,Nom,/);
    const again = await cabas(['catalogue', 'import', '--producer', producer.slug, file]);
    expect(JSON.parse(again.stdout)).toMatchObject({ created: 0, updated: 0, unchanged: 200 });
  });

  it('fichier avec erreurs : code non nul, rapport en français par ligne et colonne, rien importé', async () => {
    const { producer } = await makeProducer();
    const result = await cabas([
      'catalogue',
      'import',
      '--producer',
      producer.slug,
      `${FIXTURES}/libreoffice-fr-broken.csv`,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Rien n’a été importé');
    expect(result.stderr).toMatch(
      /Ligne 3, colonne « Prix consommateur TTC » \(« -2,80.€ »\) : .*négative/,
    );
    expect(result.stderr).toMatch(/Ligne 5, colonne « Unité » \(« cageot »\)/);
    expect(JSON.parse(result.stdout).imported).toBe(false);
    expect(await listProducerProducts(producer.id)).toHaveLength(0);
  });

  it.each([
    ['sans producteur', ['catalogue', 'import', 'x.csv'], /--producer/],
    [
      'producteur inconnu',
      ['catalogue', 'import', '--producer', 'nulle-part', `${FIXTURES}/utf8-bom-comma.csv`],
      /Producteur introuvable/,
    ],
    [
      'fichier absent',
      ['catalogue', 'import', '--producer', 'x', 'absent.csv'],
      /Fichier introuvable/,
    ],
    [
      'format inconnu',
      ['catalogue', 'export', '--producer', 'x', '--format', 'xlsx'],
      /Format « xlsx »/,
    ],
  ])('%s : code 2 et message français', async (_label, args, message) => {
    const result = await cabas(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('un producteur au remboursement forfaitaire importe un fichier sans TVA (UTF-8 avec BOM, virgule)', async () => {
    const { producer } = await makeProducer({ vatRegime: 'flat_rate' });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cabas-cli-'));
    const file = path.join(dir, 'copie.csv');
    await writeFile(file, await readFile(`${FIXTURES}/utf8-bom-comma.csv`));
    const result = await cabas(['catalogue', 'import', '--producer', producer.slug, file]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ created: 5, encoding: 'utf-8' });
  });
});
