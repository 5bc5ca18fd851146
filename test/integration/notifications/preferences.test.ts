import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import { remindSheetHouseholds } from '#app/models/notification-reminders.server.ts';
import { action, loader } from '#app/routes/compte.tsx';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { makeNotifiedSheetScenario, setupSmtp } from './harness.ts';

setupTestDatabase();
const { smtp, mailer } = setupSmtp();

function savePreferences(receive: string[], cookie?: string) {
  const body = new URLSearchParams([
    ['intent', 'notifications'],
    ...receive.map((value) => ['receive', value]),
  ]);
  return call(action, {
    request: new Request('http://localhost:3000/compte', {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded',
        ...(cookie ? { Cookie: cookie } : {}),
      },
      body: body.toString(),
    }),
  });
}

async function preferencesOf(cookie: string) {
  const response = await call(loader, { request: getRequest('/compte', cookie) });
  return (await response.json()).notifications as {
    received: string[];
    recent: { subject: string | null; status: string }[];
  };
}

const optOutsOf = async (userId: string) =>
  (
    await getSql()<{ category: string }[]>`
      select category from notification_opt_outs where user_id = ${userId} order by category`
  ).map((row) => row.category);

describe('« Mon compte » : e-mails reçus', () => {
  it('tout est reçu par défaut ; décocher coupe les rappels, les obligatoires n’ont pas de case', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    const user = scenario.households[0]!.user;
    const cookie = await sessionCookieFor(user.id);
    expect((await preferencesOf(cookie)).received).toEqual([
      'share_payable',
      'reminders',
      'payment_receipt',
    ]);

    const saved = await savePreferences(['share_payable', 'payment_receipt'], cookie);
    expect(saved.status).toBe(200);
    expect((await saved.json()).notice).toBe('Préférences d’e-mails enregistrées.');
    expect(await optOutsOf(user.id)).toEqual(['reminders']);
    expect((await preferencesOf(cookie)).received).toEqual(['share_payable', 'payment_receipt']);

    // The coordinator's reminder reaches the household's row, but no mail is queued for it.
    const reminded = await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(),
    });
    expect(reminded).toEqual({ ok: true, message: '1 foyer relancé (0 e-mail).' });
    expect(await getSql()`select 1 from notifications`).toHaveLength(0);
  });

  it('désactivé après la mise en file : pas envoyé (« non envoyé » dans ses derniers e-mails)', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    const user = scenario.households[0]!.user;
    const cookie = await sessionCookieFor(user.id);
    await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(),
    });
    await savePreferences([], cookie);
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 0, skipped: 1 });
    expect(smtp().mails).toEqual([]);
    const [row] = await getSql()<{ last_error: string }[]>`
      select last_error from notifications where user_id = ${user.id}`;
    expect(row!.last_error).toBe('désactivé dans « Mon compte »');
    expect((await preferencesOf(cookie)).recent).toEqual([
      expect.objectContaining({ subject: null, status: 'skipped' }),
    ]);

    // Turned back on, the next reminder goes, and shows with its subject.
    await savePreferences(['reminders'], cookie);
    await remindSheetHouseholds({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
      now: new Date(Date.now() + 13 * 3_600_000),
    });
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 1 });
    expect((await preferencesOf(cookie)).recent[0]).toMatchObject({
      subject: 'Cabas — Rappel : commande groupée « Commande de la semaine »',
      status: 'sent',
    });
  });

  it.each([
    ['un e-mail obligatoire', ['invoice_available']],
    ['une catégorie inconnue', ['reminders', 'tout']],
  ])('%s : refusé (400, message français), rien ne change', async (_label, receive) => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    const user = scenario.households[0]!.user;
    const cookie = await sessionCookieFor(user.id);
    await savePreferences(['share_payable'], cookie);
    const response = await savePreferences(receive, cookie);
    expect(response.status).toBe(400);
    expect((await response.json()).notice).toBe(
      'Choix d’e-mails invalide : rechargez la page et réessayez.',
    );
    expect(await optOutsOf(user.id)).toEqual(['payment_receipt', 'reminders']);
  });

  it('sans session : renvoyé vers la connexion, rien d’écrit', async () => {
    const count = async () => (await getSql()`select 1 from notification_opt_outs`).length;
    const before = await count();
    const response = await savePreferences([]);
    expect(response.status).toBe(302);
    expect(response.headers.get('Location')).toMatch(/^\/connexion/);
    expect(await count()).toBe(before);
  });
});
