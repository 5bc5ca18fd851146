import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Sql } from 'postgres';

export const MIGRATIONS_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../supabase/migrations',
);

export type Migration = { version: string; name: string; file: string };

/** Supabase CLI naming: `<14-digit timestamp>_<name>.sql`; the timestamp is the version. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d{14})_(.+)\.sql$/.exec(file);
    if (!match) {
      throw new Error(`Nom de migration invalide « ${file} » (attendu : AAAAMMJJHHMMSS_nom.sql).`);
    }
    return { version: match[1]!, name: match[2]!, file: path.join(dir, file) };
  });
}

/**
 * Applies pending migrations and records them in `supabase_migrations.schema_migrations`,
 * the table the Supabase CLI reads and writes, so `supabase db push` and the app agree on
 * what has been applied. Runs in one transaction under an advisory lock: two processes
 * starting together apply each migration once, and a failing migration leaves nothing.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<string[]> {
  const migrations = await listMigrations(dir);
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext('cabas:migrate'))`;
    await tx.unsafe(`
      create schema if not exists supabase_migrations;
      create table if not exists supabase_migrations.schema_migrations (version text not null primary key);
      alter table supabase_migrations.schema_migrations add column if not exists statements text[];
      alter table supabase_migrations.schema_migrations add column if not exists name text;
    `);
    const rows = await tx<
      { version: string }[]
    >`select version from supabase_migrations.schema_migrations`;
    const applied = new Set(rows.map((r) => r.version));
    const done: string[] = [];
    for (const migration of migrations) {
      if (applied.has(migration.version)) {
        continue;
      }
      const body = await readFile(migration.file, 'utf8');
      await tx.unsafe(body);
      await tx`insert into supabase_migrations.schema_migrations (version, name, statements)
               values (${migration.version}, ${migration.name}, ${[body]})`;
      done.push(`${migration.version}_${migration.name}`);
    }
    return done;
  });
}
