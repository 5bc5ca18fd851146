import { describe, expect, it } from 'vitest';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';

const database = setupTestDatabase();
const cabas = (args: string[], input?: string) =>
  run('node', ['bin/cabas.js', ...args], { env: { DATABASE_URL: database.url() }, input });

describe('npx cabas', () => {
  it('--help liste les commandes en français', async () => {
    const result = await cabas(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('db migrate');
    expect(result.stdout).toContain('db seed');
  });

  it('db migrate répond en JSON (rien à appliquer sur une base à jour)', async () => {
    const result = await cabas(['db', 'migrate']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ applied: [] });
  });

  it('db seed --demo installe la démo une fois, puis la laisse telle quelle', async () => {
    const first = await cabas(['db', 'seed', '--demo']);
    expect(first.code).toBe(0);
    expect(JSON.parse(first.stdout)).toEqual({ demo: 'installée' });
    expect(first.stderr).toContain('cabas-demo-2026');
    const again = await cabas(['db', 'seed', '--demo']);
    expect(JSON.parse(again.stdout)).toEqual({ demo: 'déjà présente' });
  });

  it.each([
    ['commande inconnue', ['facturer', 'tout']],
    ['seed sans --demo', ['db', 'seed']],
  ])('%s : code 2 et message français', async (_label, args) => {
    const result = await cabas(args);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Commande inconnue|Précisez/);
  });
});
