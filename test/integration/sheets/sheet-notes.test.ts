import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import { loader as distributionCsv } from '#app/routes/o.$slug.feuilles.$sheetId.distribution[.csv].tsx';
import { loader as distributionPdf } from '#app/routes/o.$slug.feuilles.$sheetId.distribution[.pdf].tsx';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { makeGroupWithHouseholds } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { extractPdfText } from '#test/utils/pdf.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

// A household's note on a sheet (the comment column of the old spreadsheet): each household
// writes its own while the sheet is open, the coordinator any; everyone of the group reads
// them; bad input changes nothing; the distribution list prints them.

setupTestDatabase();

const slug = 'voisins-de-la-croix-rousse';
let sheetId: string;
const cookies: Record<string, string> = {};
const householdOf: Record<string, string> = {};

async function page(cookie: string) {
  const response = await call(sheetPage.loader, {
    request: getRequest(`/o/${slug}/feuilles/${sheetId}`, cookie),
    params: { slug, sheetId },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    notes: Record<string, string>;
    noteHouseholdIds: string[];
    ownHouseholdIds: string[];
  };
}

async function writeNote(cookie: string, householdId: string, note: string) {
  const response = await call(sheetPage.action, {
    request: postRequest(
      `/o/${slug}/feuilles/${sheetId}`,
      { intent: 'note', householdId, note },
      cookie,
    ),
    params: { slug, sheetId },
  });
  return {
    status: response.status,
    message: ((await response.json()) as { message: string }).message,
  };
}

const stored = async () =>
  Object.fromEntries(
    (
      await getSql()<{ household_id: string; note: string }[]>`
        select household_id, note from sheet_notes where sheet_id = ${sheetId}`
    ).map((row) => [row.household_id, row.note]),
  );

beforeAll(async () => {
  await seedDemo();
  const [sheet] = await getSql()<{ id: string }[]>`
    select s.id from sheets s join organisations g on g.id = s.group_id
    where g.slug = ${slug} and s.status = 'open'`;
  sheetId = sheet!.id;
  for (const name of ['dupont', 'nguyen', 'garcia']) {
    const user = await findUserByEmail(`foyer.${name}@demo.cabas.fr`);
    cookies[name] = await sessionCookieFor(user!.id);
    householdOf[name] = (await page(cookies[name]!)).ownHouseholdIds[0]!;
  }
  cookies.coordinator = await sessionCookieFor(
    (await findUserByEmail('coordinatrice@demo.cabas.fr'))!.id,
  );
}, 120_000);

describe('notes des foyers sur une feuille', () => {
  it('un foyer écrit la sienne ; les autres foyers du groupe la lisent', async () => {
    expect(await writeNote(cookies.dupont!, householdOf.dupont!, '  Je passe\nvers 19 h ')).toEqual(
      {
        status: 200,
        message: 'Note enregistrée.',
      },
    );
    expect(await stored()).toEqual({ [householdOf.dupont!]: 'Je passe vers 19 h' });
    const nguyen = await page(cookies.nguyen!);
    expect(nguyen.notes).toEqual({ [householdOf.dupont!]: 'Je passe vers 19 h' });
    expect(nguyen.noteHouseholdIds).toEqual([householdOf.nguyen]);
  });

  it('un foyer ne peut écrire celle d’un autre ; trop longue ou illisible : refusée, rien ne change', async () => {
    expect(await writeNote(cookies.nguyen!, householdOf.dupont!, 'Effacé !')).toEqual({
      status: 403,
      message: 'Vous ne pouvez écrire que la note de votre foyer.',
    });
    const tooLong = await writeNote(cookies.dupont!, householdOf.dupont!, 'x'.repeat(281));
    expect(tooLong).toEqual({ status: 400, message: 'La note fait 281 caractères : 280 au plus.' });
    expect((await writeNote(cookies.dupont!, householdOf.dupont!, 'bip\u0007')).status).toBe(400);
    expect(await stored()).toEqual({ [householdOf.dupont!]: 'Je passe vers 19 h' });
  });

  it('la coordinatrice écrit celle de n’importe quel foyer du groupe, pas d’un foyer d’ailleurs', async () => {
    expect(await writeNote(cookies.coordinator!, householdOf.garcia!, 'Sans sac, merci')).toEqual({
      status: 200,
      message: 'Note enregistrée.',
    });
    const coordinator = await page(cookies.coordinator!);
    expect(coordinator.noteHouseholdIds).toEqual(
      expect.arrayContaining([householdOf.dupont, householdOf.nguyen, householdOf.garcia]),
    );
    const elsewhere = await makeGroupWithHouseholds({ households: 1 });
    expect(
      await writeNote(cookies.coordinator!, elsewhere.households[0]!.householdId, 'Intrus'),
    ).toEqual({ status: 400, message: 'Ce foyer n’est pas dans ce groupe.' });
    expect((await writeNote(cookies.coordinator!, 'pas-un-id', 'Intrus')).status).toBe(400);
    expect(Object.keys(await stored()).sort()).toEqual(
      [householdOf.dupont!, householdOf.garcia!].sort(),
    );
  });

  it('sans session : vers la connexion ; membre d’un autre groupe : feuille introuvable ; rien n’est écrit', async () => {
    const anonymous = await call(sheetPage.action, {
      request: postRequest(`/o/${slug}/feuilles/${sheetId}`, {
        intent: 'note',
        householdId: householdOf.dupont!,
        note: 'Anonyme',
      }),
      params: { slug, sheetId },
    });
    expect(anonymous.status).toBe(302);
    expect(anonymous.headers.get('Location')).toMatch(/^\/connexion/);
    const other = await makeGroupWithHouseholds({ households: 1 });
    const outsider = await call(sheetPage.action, {
      request: postRequest(
        `/o/${slug}/feuilles/${sheetId}`,
        { intent: 'note', householdId: householdOf.dupont!, note: 'Intrus' },
        await sessionCookieFor(other.households[0]!.user.id),
      ),
      params: { slug, sheetId },
    });
    expect(outsider.status).toBe(404);
    expect((await stored())[householdOf.dupont!]).toBe('Je passe vers 19 h');
  });

  it('une note vide la retire', async () => {
    await writeNote(cookies.nguyen!, householdOf.nguyen!, 'Provisoire');
    expect(await writeNote(cookies.nguyen!, householdOf.nguyen!, '   ')).toEqual({
      status: 200,
      message: 'Note retirée.',
    });
    expect(Object.keys(await stored())).not.toContain(householdOf.nguyen);
  });

  it('feuille close : les notes ne changent plus, et la liste de distribution les imprime', async () => {
    const closed = await call(sheetPage.action, {
      request: postRequest(
        `/o/${slug}/feuilles/${sheetId}`,
        { intent: 'close' },
        cookies.coordinator,
      ),
      params: { slug, sheetId },
    });
    expect(closed.status).toBe(200);
    expect(await writeNote(cookies.dupont!, householdOf.dupont!, 'Trop tard')).toEqual({
      status: 409,
      message: 'La feuille est close : les notes ne se modifient plus.',
    });
    expect((await stored())[householdOf.dupont!]).toBe('Je passe vers 19 h');
    expect((await page(cookies.dupont!)).noteHouseholdIds).toEqual([]);

    const pdf = await call(distributionPdf, {
      request: getRequest(`/o/${slug}/feuilles/${sheetId}/distribution.pdf`, cookies.coordinator),
      params: { slug, sheetId },
    });
    expect(pdf.status).toBe(200);
    const text = (await extractPdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Note du foyer : « Je passe vers 19 h »');
    expect(text).toContain('Note du foyer : « Sans sac, merci »');

    const csv = await call(distributionCsv, {
      request: getRequest(`/o/${slug}/feuilles/${sheetId}/distribution.csv`, cookies.coordinator),
      params: { slug, sheetId },
    });
    const rows = parse(await csv.text(), { delimiter: ';', bom: true, columns: true }) as Record<
      string,
      string
    >[];
    const noteOf = (name: string) =>
      rows.find((row) => row.Foyer === name && row.Type === 'Total foyer')?.['Note du foyer'];
    expect(noteOf('Dupont')).toBe('Je passe vers 19 h');
    expect(noteOf('Garcia')).toBe('Sans sac, merci');
    expect(
      rows.filter((row) => row.Type !== 'Total foyer').every((row) => row['Note du foyer'] === ''),
    ).toBe(true);
  });
});
