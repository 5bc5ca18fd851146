import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { DEMO_PAID_SHEET_TITLE } from '#app/seed/demo-payments.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, sessionCookieFor } from '#test/utils/requests.ts';

// « Reprendre ma dernière commande »: the sheet page gives a household its own row of the
// group's latest closed sheet before this one, and nobody else's.

setupTestDatabase();

const slug = 'voisins-de-la-croix-rousse';
type Previous = Record<string, { title: string; quantities: Record<string, number> }>;

let openSheetId: string;
let closedSheetId: string;
let dupont: { cookie: string; householdId: string };

async function pageData(sheetId: string, cookie: string) {
  const response = await call(sheetPage.loader, {
    request: getRequest(`/o/${slug}/feuilles/${sheetId}`, cookie),
    params: { slug, sheetId },
  });
  return (await response.json()) as { previousOrders: Previous; ownHouseholdIds: string[] };
}

async function rowOf(sheetId: string, householdId: string) {
  const rows = await getSql()<{ product_id: string; quantity_milli: number }[]>`
    select product_id, quantity_milli from sheet_cells
    where sheet_id = ${sheetId} and household_id = ${householdId} and quantity_milli > 0`;
  return Object.fromEntries(rows.map((r) => [r.product_id, r.quantity_milli]));
}

/** A closed sheet of the group at `deadline`, with Dupont's previous row times `factor`. */
async function closedCopy(title: string, deadline: string, factor: number) {
  const sql = getSql();
  const [sheet] = await sql<{ id: string }[]>`
    insert into sheets (group_id, title, deadline_at, status, closed_at)
    select group_id, ${title}, ${deadline}::timestamptz, 'closed', ${deadline}::timestamptz
    from sheets where id = ${closedSheetId}
    returning id`;
  await sql`
    insert into sheet_cells (sheet_id, household_id, product_id, offer_id, quantity_milli)
    select ${sheet!.id}::uuid, household_id, product_id, offer_id, quantity_milli * ${factor}
    from sheet_cells where sheet_id = ${closedSheetId} and household_id = ${dupont.householdId}`;
  return sheet!.id;
}

beforeAll(async () => {
  await seedDemo();
  const sql = getSql();
  const sheets = await sql<{ id: string; status: string; title: string }[]>`
    select s.id, s.status, s.title from sheets s join organisations g on g.id = s.group_id
    where g.slug = ${slug}`;
  openSheetId = sheets.find((s) => s.status === 'open')!.id;
  closedSheetId = sheets.find((s) => s.title === DEMO_PAID_SHEET_TITLE)!.id;
  const user = await findUserByEmail('foyer.dupont@demo.cabas.fr');
  const cookie = await sessionCookieFor(user!.id);
  const data = await pageData(openSheetId, cookie);
  dupont = { cookie, householdId: data.ownHouseholdIds[0]! };
});

describe('reprendre ma dernière commande', () => {
  it('un foyer reçoit sa ligne de la dernière feuille close, et seulement la sienne', async () => {
    const expected = await rowOf(closedSheetId, dupont.householdId);
    expect(Object.keys(expected).length).toBeGreaterThan(0);
    const data = await pageData(openSheetId, dupont.cookie);
    expect(data.previousOrders).toEqual({
      [dupont.householdId]: { title: DEMO_PAID_SHEET_TITLE, quantities: expected },
    });
  });

  it('la coordinatrice reçoit la ligne de chaque foyer, pour remplir celle d’un foyer sans téléphone', async () => {
    const user = await findUserByEmail('coordinatrice@demo.cabas.fr');
    const data = await pageData(openSheetId, await sessionCookieFor(user!.id));
    expect(data.previousOrders[dupont.householdId]).toEqual({
      title: DEMO_PAID_SHEET_TITLE,
      quantities: await rowOf(closedSheetId, dupont.householdId),
    });
    // Only households that ordered on that sheet, each with its own row.
    const ordered = await getSql()<{ household_id: string }[]>`
      select distinct household_id from sheet_cells
      where sheet_id = ${closedSheetId} and quantity_milli > 0`;
    expect(Object.keys(data.previousOrders).sort()).toEqual(
      ordered.map((row) => row.household_id).sort(),
    );
    for (const [householdId, previous] of Object.entries(data.previousOrders)) {
      expect(previous.quantities).toEqual(await rowOf(closedSheetId, householdId));
    }
  });

  it('un autre foyer que Dupont ne reçoit jamais la ligne de Dupont', async () => {
    const user = await findUserByEmail('foyer.nguyen@demo.cabas.fr');
    const data = await pageData(openSheetId, await sessionCookieFor(user!.id));
    expect(Object.keys(data.previousOrders)).toEqual(data.ownHouseholdIds);
    expect(Object.keys(data.previousOrders)).not.toContain(dupont.householdId);
  });

  it('prend la plus récente avant celle-ci, jamais une feuille d’après', async () => {
    const [open] = await getSql()<{ deadline_at: Date | string }[]>`
      select deadline_at from sheets where id = ${openSheetId}`;
    const before = new Date(new Date(open!.deadline_at).getTime() - 3_600_000).toISOString();
    const after = new Date(new Date(open!.deadline_at).getTime() + 86_400_000).toISOString();
    const between = await closedCopy('Commande de la veille', before, 2);
    await closedCopy('Commande d’après', after, 3);
    const data = await pageData(openSheetId, dupont.cookie);
    expect(data.previousOrders[dupont.householdId]).toEqual({
      title: 'Commande de la veille',
      quantities: await rowOf(between, dupont.householdId),
    });
  });

  it('rien à reprendre sur une feuille close', async () => {
    const data = await pageData(closedSheetId, dupont.cookie);
    expect(data.previousOrders).toEqual({});
  });
});
