import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const slug = 'voisins-de-la-croix-rousse';
const cookieOf = async (email: string) => sessionCookieFor((await findUserByEmail(email))!.id);

describe('produits vendus par colis sur une feuille (démo)', () => {
  it('la page donne la taille des colis ; à la clôture, la coordinatrice lit les colis entamés', async () => {
    await seedDemo();
    const sql = getSql();
    const [sheet] = await sql<{ id: string }[]>`
      select s.id from sheets s join organisations g on g.id = s.group_id
      where g.slug = ${slug} and s.status = 'open'`;
    // Two products the households ordered: one whose pack their total leaves a step short,
    // one whose pack it fills exactly.
    const ordered = await sql<{ id: string; name: string; total: number; step: number }[]>`
      select p.id, p.name, sum(c.quantity_milli)::int as total, p.step_milli as step
      from sheet_cells c join products p on p.id = c.product_id
      where c.sheet_id = ${sheet!.id} group by p.id order by p.name limit 2`;
    expect(ordered).toHaveLength(2);
    const [short, full] = [ordered[0]!, ordered[1]!];
    await sql`update products set pack_milli = ${short.total + short.step} where id = ${short.id}`;
    await sql`update products set pack_milli = ${full.total} where id = ${full.id}`;

    const page = await call(sheetPage.loader, {
      request: getRequest(
        `/o/${slug}/feuilles/${sheet!.id}`,
        await cookieOf('foyer.dupont@demo.cabas.fr'),
      ),
      params: { slug, sheetId: sheet!.id },
    });
    const products: { id: string; packMilli: number | null }[] = (await page.json()).products;
    const packs = new Map(products.map((p) => [p.id, p.packMilli]));
    expect(packs.get(short.id)).toBe(short.total + short.step);
    expect(packs.get(full.id)).toBe(full.total);
    // Every other product carries its catalogue pack (the demo sells its apples by crates).
    const catalogue = await sql<{ id: string; pack_milli: number | null }[]>`
      select id, pack_milli from products where id = any(${[...packs.keys()]}::uuid[])`;
    expect(Object.fromEntries(packs)).toEqual(
      Object.fromEntries(catalogue.map((p) => [p.id, p.pack_milli])),
    );

    const closed = await call(sheetPage.action, {
      request: postRequest(
        `/o/${slug}/feuilles/${sheet!.id}`,
        { intent: 'close' },
        await cookieOf('coordinatrice@demo.cabas.fr'),
      ),
      params: { slug, sheetId: sheet!.id },
    });
    const message: string = (await closed.json()).message;
    expect(message).toMatch(
      /^Feuille close : \d+ commandes enregistrées\. Colis entamés, à voir avec le producteur : /,
    );
    expect(message).toContain(`${short.name} : il manque ${formatQuantityMilli(short.step)} `);
    expect(message).not.toContain(`${full.name} :`);
  });
});
