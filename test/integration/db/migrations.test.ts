import { describe, expect, it } from 'vitest';
import { createSql } from '#app/db/client.server.ts';
import { listMigrations, migrate } from '#app/db/migrate.server.ts';
import { createTestDatabase } from '#test/setup/db.ts';

describe('migrate', () => {
  it('applique chaque migration une fois et l’enregistre comme la CLI Supabase', async () => {
    const handle = await createTestDatabase();
    const sql = createSql(handle.url, { max: 2 });
    try {
      // The template is already migrated: a second run applies nothing.
      expect(await migrate(sql)).toEqual([]);
      const rows = await sql<{ version: string; name: string; statements: string[] }[]>`
        select version, name, statements from supabase_migrations.schema_migrations order by version`;
      const files = await listMigrations();
      expect(rows.map((r) => `${r.version}_${r.name}`)).toEqual(
        files.map((f) => `${f.version}_${f.name}`),
      );
      expect(rows.every((r) => r.statements.length === 1 && r.statements[0]!.length > 0)).toBe(
        true,
      );
    } finally {
      await sql.end();
      await handle.drop();
    }
  });

  it('ne remplace pas ce que Supabase fournit déjà (auth.uid, rôles)', async () => {
    const handle = await createTestDatabase();
    const sql = createSql(handle.url, { max: 1 });
    try {
      // Simulate a Supabase project: auth.uid() already defined, with its own body.
      await sql.unsafe(`
        delete from supabase_migrations.schema_migrations;
        create or replace function auth.uid() returns uuid language sql stable
          as 'select ''00000000-0000-0000-0000-00000000cafe''::uuid';
        drop schema public cascade; create schema public;`);
      await migrate(sql);
      const [row] = await sql<{ uid: string }[]>`select auth.uid() as uid`;
      expect(row!.uid).toBe('00000000-0000-0000-0000-00000000cafe');
    } finally {
      await sql.end();
      await handle.drop();
    }
  });

  it('annule tout si une migration échoue (rien d’appliqué à moitié)', async () => {
    const handle = await createTestDatabase();
    const sql = createSql(handle.url, { max: 1 });
    const { mkdtemp, writeFile, cp } = await import('node:fs/promises');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cabas-mig-'));
    try {
      await cp((await listMigrations())[0]!.file.replace(/[^/]+$/, ''), dir, { recursive: true });
      await writeFile(
        path.join(dir, '29990101000000_create_ok.sql'),
        'create table public.will_vanish (id int);',
      );
      await writeFile(
        path.join(dir, '29990101000001_broken.sql'),
        'create table public.broken (id int;',
      );
      await expect(migrate(sql, dir)).rejects.toThrow();
      const [exists] = await sql<
        { t: string | null }[]
      >`select to_regclass('public.will_vanish')::text as t`;
      expect(exists!.t).toBeNull();
    } finally {
      await sql.end();
      await handle.drop();
    }
  });
});
