import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

/** Tables `anon` may read through Supabase's Data API (published catalogues, later). */
const PUBLIC_TABLES = new Set<string>(['products']);

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

describe('catalogue public', () => {
  it('anon lit les produits actifs, jamais le prix professionnel ni les produits inactifs', async () => {
    const sql = getSql();
    const [producer] = await sql<
      { id: string }[]
    >`select id from public.organisations where kind = 'producer' limit 1`;
    await sql`insert into public.products (producer_id, sku, name, egalim_category, sale_unit, step_milli,
                consumer_price_gross_cents, pro_price_net_cents, is_active)
              values (${producer!.id}, 'PUB-1', 'Carottes', 'fruit_vegetable', 'kg', 500, 320, 250, true),
                     (${producer!.id}, 'PUB-2', 'Retiré', 'fruit_vegetable', 'kg', 500, 320, 250, false)`;
    const visible = await sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx<{ sku: string; consumer_price_gross_cents: number }[]>`
        select sku, consumer_price_gross_cents from public.products where sku like 'PUB-%' order by sku`;
    });
    expect(visible).toEqual([{ sku: 'PUB-1', consumer_price_gross_cents: 320 }]);
    // The pack size is public, like the step.
    await sql`update public.products set pack_milli = 5000 where sku = 'PUB-1'`;
    const packs = await sql.begin(async (tx) => {
      await tx`set local role anon`;
      return tx<{ pack_milli: number | null }[]>`
        select pack_milli from public.products where sku like 'PUB-%'`;
    });
    expect(packs).toEqual([{ pack_milli: 5000 }]);
    await expect(
      sql.begin(async (tx) => {
        await tx`set local role anon`;
        await tx`select pro_price_net_cents from public.products`;
      }),
    ).rejects.toThrow(/permission denied/);
  });
});
