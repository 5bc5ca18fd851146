import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import {
  queueDeadlineReminders,
  remindSheetHouseholds,
} from '#app/models/notification-reminders.server.ts';
import { closeSheet } from '#app/models/sheet.server.ts';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { run } from '#test/utils/processes.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { APP_URL, MAIL_FROM, makeNotifiedSheetScenario, plain, setupSmtp } from './harness.ts';

const database = setupTestDatabase();
const { smtp, mailer } = setupSmtp();

const HOUR = 3_600_000;

type Scenario = Awaited<ReturnType<typeof makeNotifiedSheetScenario>>;
const slugOf = async (groupId: string) =>
  (await getSql()<{ slug: string }[]>`select slug from organisations where id = ${groupId}`)[0]!
    .slug;

async function remindersCount(sheetId: string) {
  const [row] = await getSql()<{ n: number }[]>`
    select count(*)::int as n from sheet_reminders where sheet_id = ${sheetId}`;
  return row!.n;
}

function remindRequest(slug: string, sheetId: string, cookie?: string) {
  return call(sheetPage.action, {
    request: postRequest(`/o/${slug}/feuilles/${sheetId}`, { intent: 'remind' }, cookie),
    params: { slug, sheetId },
  });
}

beforeEach(async () => {
  await getSql()`delete from notifications`;
});

describe('« Relancer les foyers » : droits (rôles × groupe)', () => {
  type Actor =
    | 'anonyme'
    | 'inconnu'
    | 'foyer'
    | 'coordinatrice'
    | 'responsable du groupe'
    | 'coordinatrice d’un autre groupe'
    | 'producteur';
  const EXPECTED: Record<Actor, 'login' | 'hidden' | 'forbidden' | 'allowed'> = {
    anonyme: 'login',
    inconnu: 'hidden',
    foyer: 'forbidden',
    coordinatrice: 'allowed',
    'responsable du groupe': 'allowed',
    'coordinatrice d’un autre groupe': 'hidden',
    producteur: 'hidden',
  };
  let scenario: Scenario;
  let slug: string;
  const cookies = new Map<Actor, string | undefined>();

  beforeAll(async () => {
    scenario = await makeNotifiedSheetScenario({ households: 2 });
    slug = await slugOf(scenario.group.id);
    const coordinator = await makeUser({ fullName: 'Claire Coordinatrice' });
    await addMember({ organisationId: scenario.group.id, user: coordinator, role: 'coordinator' });
    const otherGroup = await makeOrganisation({ kind: 'group' });
    const otherCoordinator = await makeUser();
    await addMember({
      organisationId: otherGroup.organisation.id,
      user: otherCoordinator,
      role: 'coordinator',
    });
    cookies.set('anonyme', undefined);
    cookies.set('inconnu', await sessionCookieFor((await makeUser()).id));
    cookies.set('foyer', await sessionCookieFor(scenario.households[0]!.user.id));
    cookies.set('coordinatrice', await sessionCookieFor(coordinator.id));
    cookies.set('responsable du groupe', await sessionCookieFor(scenario.coordinator.id));
    cookies.set('coordinatrice d’un autre groupe', await sessionCookieFor(otherCoordinator.id));
    const [producerOwner] = await getSql()<{ user_id: string }[]>`
      select user_id from memberships where organisation_id = ${scenario.offers.producer.id}`;
    cookies.set('producteur', await sessionCookieFor(producerOwner!.user_id));
  });

  it.each(Object.entries(EXPECTED) as [Actor, string][])('%s : %s', async (actor, expected) => {
    const before = await remindersCount(scenario.sheet.id);
    const response = await remindRequest(slug, scenario.sheet.id, cookies.get(actor));
    const outcome =
      response.status === 302 && response.headers.get('Location')?.startsWith('/connexion')
        ? 'login'
        : response.status === 404
          ? 'hidden'
          : response.status === 403
            ? 'forbidden'
            : [200, 400].includes(response.status)
              ? 'allowed'
              : `statut ${response.status}`;
    expect(outcome).toBe(expected);
    if (expected !== 'allowed') {
      expect(await remindersCount(scenario.sheet.id)).toBe(before);
    }
  });

  it('seuls les gestionnaires des feuilles voient les relances sur la page', async () => {
    const data = async (actor: Actor) =>
      (
        await call(sheetPage.loader, {
          request: getRequest(`/o/${slug}/feuilles/${scenario.sheet.id}`, cookies.get(actor)),
          params: { slug, sheetId: scenario.sheet.id },
        })
      ).json();
    expect((await data('foyer')).reminders).toBeNull();
    const rows = (await data('coordinatrice')).reminders as {
      householdName: string;
      reminders: { by: string | null }[];
    }[];
    expect(rows).toHaveLength(2);
    // The coordinators of the matrix reminded both empty rows once (the second was throttled).
    expect(rows.every((row) => row.reminders.length === 1)).toBe(true);
  });
});

describe('« Relancer les foyers » : qui, quand, combien de fois', () => {
  it('relance les foyers à la ligne vide, refuse une deuxième relance dans les 12 h, montre qui et quand', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 3, deadlineInHours: 30 });
    await scenario.fill(0, 'eggs', 1000);
    const slug = await slugOf(scenario.group.id);
    const cookie = await sessionCookieFor(scenario.coordinator.id);

    const first = await remindRequest(slug, scenario.sheet.id, cookie);
    expect(first.status).toBe(200);
    expect((await first.json()).message).toBe('2 foyers relancés (2 e-mails).');
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 2 });
    expect(smtp().mailsTo(scenario.households[0]!.user.email)).toEqual([]);
    const [mail] = smtp().mailsTo(scenario.households[1]!.user.email);
    expect(mail!.subject).toBe('Cabas — Rappel : commande groupée « Commande de la semaine »');
    expect(plain(mail!.text)).toContain('Claire Coordinatrice vous rappelle que votre ligne');
    expect(mail!.text).toMatch(/Elle ferme le \S+ \d+ \S+ à \d{2}:\d{2} \(heure de Paris\)\./);
    expect(mail!.text).toContain(`${APP_URL}/o/${slug}/feuilles/${scenario.sheet.id}`);

    const again = await remindRequest(slug, scenario.sheet.id, cookie);
    expect(again.status).toBe(400);
    expect((await again.json()).message).toMatch(
      /^Personne à relancer maintenant\. 2 foyers déjà relancés il y a moins de 12 h \(prochaine relance possible le .+\)\.$/,
    );
    expect(await remindersCount(scenario.sheet.id)).toBe(2);

    const page = await call(sheetPage.loader, {
      request: getRequest(`/o/${slug}/feuilles/${scenario.sheet.id}`, cookie),
      params: { slug, sheetId: scenario.sheet.id },
    });
    const rows = (await page.json()).reminders as {
      householdId: string;
      isEmpty: boolean;
      reminders: { at: string; by: string | null; delivery: string }[];
      nextReminderAt: string | null;
    }[];
    const of = (index: number) =>
      rows.find((row) => row.householdId === scenario.households[index]!.householdId)!;
    expect(of(0)).toMatchObject({ isEmpty: false, reminders: [] });
    expect(of(1)).toMatchObject({
      isEmpty: true,
      reminders: [{ by: 'Claire Coordinatrice', delivery: '1 e-mail : 1 envoyé' }],
    });
    expect(of(1).reminders[0]!.at).toMatch(/\d{4} à \d{2}:\d{2}$/);
    expect(of(1).nextReminderAt).toMatch(/\d{4} à \d{2}:\d{2}$/);
    expect(of(0).nextReminderAt).toBeNull();

    // 12 h later the household may be reminded again; one that filled its row since is not.
    await scenario.fill(2, 'carrots', 500);
    const later = await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(Date.now() + 12 * HOUR),
    });
    expect(later).toEqual({ ok: true, message: '1 foyer relancé (1 e-mail).' });
  });

  it('une relance en file pour une ligne remplie entre-temps n’est pas envoyée', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(),
    });
    await scenario.fill(0, 'eggs', 1000);
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 0, skipped: 1 });
    const [row] = await getSql()<{ status: string; last_error: string }[]>`
      select status, last_error from notifications`;
    expect(row).toEqual({ status: 'skipped', last_error: 'ligne remplie entre-temps' });
  });

  it.each([
    ['feuille close', 'close'],
    ['tout le monde a commandé', 'filled'],
  ] as const)('%s : refusé avec la raison, rien d’écrit', async (_label, state) => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    await scenario.fill(0, 'eggs', 1000);
    if (state === 'close') {
      await closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id });
    }
    const result = await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(),
    });
    expect(result).toEqual({
      ok: false,
      message:
        state === 'close'
          ? 'La feuille est close : plus de relance possible.'
          : 'Tous les foyers ont déjà rempli leur ligne : personne à relancer.',
    });
    expect(await remindersCount(scenario.sheet.id)).toBe(0);
  });
});

describe('rappel automatique la veille de l’échéance', () => {
  // Sunday 28 March 2027, 18:00 in Paris (summer time from 02:00 that day): the day before at
  // 18:00 is winter time, 23 h earlier.
  const deadlineAt = new Date('2027-03-28T16:00:00Z');
  const dueAt = new Date('2027-03-27T17:00:00Z');

  it('une seule fois, à l’heure de la veille (changement d’heure compris), aux lignes vides', async () => {
    const opened = new Date(deadlineAt.getTime() - 48 * HOUR);
    const scenario = await makeNotifiedSheetScenario({
      households: 3,
      deadlineInHours: 48,
      now: opened,
    });
    expect(scenario.sheet.deadlineAt.toISOString()).toBe(deadlineAt.toISOString());
    await scenario.fill(0, 'carrots', 500);
    // Household 2 was reminded by the coordinator two hours before: not again so soon.
    await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(dueAt.getTime() - 2 * HOUR),
    });
    await getSql()`delete from sheet_reminders where household_id = ${scenario.households[1]!.householdId}`;
    await getSql()`delete from notifications`;

    expect(await queueDeadlineReminders({ now: new Date(dueAt.getTime() - 60_000) })).toBe(0);
    expect(await queueDeadlineReminders({ now: dueAt })).toBe(1);
    expect(await queueDeadlineReminders({ now: new Date(dueAt.getTime() + HOUR) })).toBe(0);
    // Twelve hours after the coordinator's reminder, household 2 gets the automatic one too.
    expect(await queueDeadlineReminders({ now: new Date(dueAt.getTime() + 10 * HOUR) })).toBe(1);
    expect(await queueDeadlineReminders({ now: new Date(dueAt.getTime() + 11 * HOUR) })).toBe(0);

    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 2 });
    const [mail] = smtp().mailsTo(scenario.households[1]!.user.email);
    expect(mail!.subject).toBe('Cabas — Dernier jour pour commander : Commande de la semaine');
    expect(plain(mail!.text)).toContain(
      'ferme le dimanche 28 mars à 18:00 (heure de Paris), et votre ligne est encore vide.',
    );
    expect(smtp().mailsTo(scenario.households[0]!.user.email)).toEqual([]);
  });

  it('npx cabas notifications send : met en file les rappels dus et envoie par SMTP', async () => {
    const opened = new Date(deadlineAt.getTime() - 48 * HOUR);
    const scenario = await makeNotifiedSheetScenario({
      households: 1,
      deadlineInHours: 48,
      now: opened,
    });
    await getSql()`update sheets set status = 'closed', closed_at = now() where id <> ${scenario.sheet.id}`;
    const env = {
      DATABASE_URL: database.url(),
      SMTP_URL: smtp().url,
      MAIL_FROM,
      APP_URL,
    };
    const result = await run(
      'node',
      ['bin/cabas.js', 'notifications', 'send', '--now', dueAt.toISOString()],
      { env },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      reminders: 1,
      sent: 1,
      skipped: 0,
      retrying: 0,
      failed: 0,
    });
    expect(smtp().mailsTo(scenario.households[0]!.user.email)).toHaveLength(1);

    const bad = await run('node', ['bin/cabas.js', 'notifications', 'send', '--now', 'demain'], {
      env,
    });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Option « --now » : « demain » n’est pas une date ISO');
  });
});
