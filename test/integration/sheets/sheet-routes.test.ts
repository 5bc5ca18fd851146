import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import * as sheetList from '#app/routes/o.$slug.feuilles._index.tsx';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import * as sheetHistory from '#app/routes/o.$slug.feuilles.$sheetId_.historique.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const slug = 'voisins-de-la-croix-rousse';
const cookieOf = async (email: string) => sessionCookieFor((await findUserByEmail(email))!.id);

describe('pages des feuilles (démo « Voisins de la Croix-Rousse »)', () => {
  it('la démo ouvre une feuille sur les arrêts des deux producteurs, préremplie', async () => {
    await seedDemo();
    const sql = getSql();
    const [sheet] = await sql<{ id: string; status: string; stops: number; cells: number }[]>`
      select s.id, s.status,
        (select count(*)::int from sheet_stops ss where ss.sheet_id = s.id) as stops,
        (select count(*)::int from sheet_cells c where c.sheet_id = s.id) as cells
      from sheets s join organisations g on g.id = s.group_id
      where g.slug = ${slug} and s.status = 'open'`;
    expect(sheet).toMatchObject({ status: 'open', stops: 2 });
    expect(sheet!.cells).toBeGreaterThan(3);

    const household = await cookieOf('foyer.dupont@demo.cabas.fr');
    const list = await call(sheetList.loader, {
      request: getRequest(`/o/${slug}/feuilles`, household),
      params: { slug },
    });
    // The open sheet, and the closed one of the invoiced round (payments demo).
    const listed: { id: string; status: string }[] = (await list.json()).sheets;
    expect(listed.map((s) => s.status).sort()).toEqual(['closed', 'open']);
    expect(listed.find((s) => s.status === 'open')?.id).toBe(sheet!.id);
    const page = await call(sheetPage.loader, {
      request: getRequest(`/o/${slug}/feuilles/${sheet!.id}`, household),
      params: { slug, sheetId: sheet!.id },
    });
    const data = await page.json();
    expect(data.isCoordinator).toBe(false);
    expect(data.ownHouseholdIds).toHaveLength(1);
    expect(new Set(data.products.map((p: { producerName: string }) => p.producerName)).size).toBe(
      2,
    );
    // A household may neither close the sheet nor read the audit trail.
    const close = await call(sheetPage.action, {
      request: postRequest(`/o/${slug}/feuilles/${sheet!.id}`, { intent: 'close' }, household),
      params: { slug, sheetId: sheet!.id },
    });
    expect(close.status).toBe(403);
    const history = await call(sheetHistory.loader, {
      request: getRequest(`/o/${slug}/feuilles/${sheet!.id}/historique`, household),
      params: { slug, sheetId: sheet!.id },
    });
    expect(history.status).toBe(403);

    const coordinator = await cookieOf('coordinatrice@demo.cabas.fr');
    const closed = await call(sheetPage.action, {
      request: postRequest(`/o/${slug}/feuilles/${sheet!.id}`, { intent: 'close' }, coordinator),
      params: { slug, sheetId: sheet!.id },
    });
    expect((await closed.json()).message).toMatch(/Feuille close : \d+ commandes enregistrées/);
    const orders = await sql<{ status: string; lines: number }[]>`
      select o.status, count(l.id)::int as lines from orders o
      join sheet_stops ss on ss.stop_id = o.stop_id and ss.sheet_id = ${sheet!.id}
      left join order_lines l on l.order_id = o.id
      where o.household_id is not null group by o.id`;
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((o) => o.status === 'confirmed' && o.lines > 0)).toBe(true);
  });
});
