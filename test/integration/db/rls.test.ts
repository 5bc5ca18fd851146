import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

/** Tables `anon` may read through Supabase's Data API (published catalogues, later). */
const PUBLIC_TABLES = new Set<string>();

describe('row level security', () => {
  it('est activée sur chaque table du schéma public, et anon ne lit rien de privé', async () => {
    await seedDemo();
    const sql = getSql();
    const tables = await sql<{ name: string; rls: boolean }[]>`
      select c.relname as name, c.relrowsecurity as rls
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') order by 1`;
    expect(tables.length).toBeGreaterThan(5);
    expect(tables.filter((t) => !t.rls).map((t) => t.name)).toEqual([]);

    const readable: string[] = [];
    for (const { name } of tables) {
      const rows = await sql.begin(async (tx) => {
        await tx`set local role anon`;
        return tx.unsafe<{ n: number }[]>(`select count(*)::int as n from public.${name}`);
      });
      const [counted] = await sql.unsafe<{ n: number }[]>(
        `select count(*)::int as n from public.${name}`,
      );
      const total = counted!.n;
      if (rows[0]!.n > 0) {
        readable.push(name);
      }
      // The test means something only where there is something to hide.
      if (['organisations', 'memberships', 'households', 'audit_log'].includes(name)) {
        expect(total, name).toBeGreaterThan(0);
      }
    }
    expect(readable.filter((t) => !PUBLIC_TABLES.has(t))).toEqual([]);
  });

  it('refuse toute écriture d’anon et d’authenticated', async () => {
    const sql = getSql();
    for (const role of ['anon', 'authenticated']) {
      await expect(
        sql.begin(async (tx) => {
          await tx.unsafe(`set local role ${role}`);
          await tx`insert into public.organisations (kind, slug, name) values ('group', 'pirate', 'Pirate')`;
        }),
      ).rejects.toThrow(/row-level security/);
    }
  });
});
