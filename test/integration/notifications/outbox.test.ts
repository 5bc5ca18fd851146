import { beforeEach, describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import { startNotificationDispatcher } from '#app/models/notification-dispatcher.server.ts';
import { queueSharePayable } from '#app/models/notification-events.server.ts';
import {
  NOTIFICATION_RETENTION_DAYS,
  purgeFinishedNotifications,
  queueNotifications,
  withNotificationsSuppressed,
} from '#app/models/notification-queue.server.ts';
import { confirmSheetPayments, setGroupPaymentSettings } from '#app/models/payment.server.ts';
import { closeSheet } from '#app/models/sheet.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import {
  APP_URL,
  eventually,
  makeNotifiedSheetScenario,
  notificationRows,
  plain,
  setupSmtp,
} from './harness.ts';

setupTestDatabase();
const { smtp, mailer } = setupSmtp();

const MINUTE = 60_000;

beforeEach(async () => {
  await getSql()`delete from notifications`;
});

/** Household 0 orders carrots and eggs, household 1 eggs, household 2 nothing; then closed. */
async function closedScenario() {
  const scenario = await makeNotifiedSheetScenario({ households: 3 });
  await scenario.fill(0, 'carrots', 1500);
  await scenario.fill(0, 'eggs', 1000);
  await scenario.fill(1, 'eggs', 2000);
  await closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id });
  return scenario;
}

describe('feuille close : « votre part est à payer »', () => {
  it('un e-mail par membre d’un foyer qui a commandé, rien pour une ligne vide, envoyé par SMTP', async () => {
    const { households, sheet, group, coordinator } = await closedScenario();
    const rows = await notificationRows({ kind: 'share_payable' });
    expect(rows.map((row) => row.user_id).sort()).toEqual(
      [households[0]!.user.id, households[1]!.user.id].sort(),
    );
    expect(rows.every((row) => row.subject_id === sheet.id && row.status === 'pending')).toBe(true);

    const report = await sendDueNotifications({ mailer: mailer() });
    expect(report).toEqual({ sent: 2, skipped: 0, retrying: 0, failed: 0 });
    const [first] = smtp().mailsTo(households[0]!.user.email);
    // 1,5 kg of carrots at 2,80 € + a dozen eggs at 3,90 € (the offer's price).
    expect(plain(first!.subject)).toBe(
      'Cabas — Votre part est à payer : Commande de la semaine (8,10 €)',
    );
    expect(plain(first!.text)).toContain('Reste à payer : 8,10 €');
    // Online payment is off here: the mail offers only the other ways.
    expect(first!.text).toContain('Payer à la livraison ou par virement (référence CABAS-');
    expect(first!.text).toContain(`${APP_URL}/o/${group.slug}/feuilles/${sheet.id}/paiements`);
    expect(first!.text).toMatch(/^Bonjour /);
    expect(smtp().mailsTo(households[1]!.user.email)).toHaveLength(1);
    expect(smtp().mailsTo(households[2]!.user.email)).toHaveLength(0);
    expect((await notificationRows()).map((row) => row.status)).toEqual(['sent', 'sent']);

    // Closing again (a second click, the deadline timer) changes nothing and queues nothing.
    expect((await closeSheet({ sheetId: sheet.id, closedBy: coordinator.id })).changed).toBe(false);
    expect(await notificationRows()).toHaveLength(2);
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 0 });
  });

  it('un groupe qui confirme d’abord : rien à la clôture, l’e-mail part à la confirmation', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 2 });
    await setGroupPaymentSettings({
      groupId: scenario.group.id,
      requiresConfirmation: true,
      actorId: scenario.coordinator.id,
    });
    await scenario.fill(1, 'eggs', 1000);
    await closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id });
    expect(await notificationRows()).toEqual([]);
    await confirmSheetPayments({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
    });
    await confirmSheetPayments({
      sheetId: scenario.sheet.id,
      groupId: scenario.group.id,
      userId: scenario.coordinator.id,
    });
    const rows = await notificationRows();
    expect(rows.map((row) => [row.kind, row.user_id])).toEqual([
      ['share_payable', scenario.households[1]!.user.id],
    ]);
  });
});

describe('dans la transaction de l’évènement', () => {
  it.each([
    [
      'postgres.js (getSql().begin)',
      async (subject: { sheetId: string }) => {
        await getSql().begin(async (tx) => {
          await queueSharePayable(tx, { sheetId: subject.sheetId, when: 'confirmed' });
          throw new Error('annulé');
        });
      },
    ],
    [
      'Drizzle (getDb().transaction)',
      async (subject: { sheetId: string }) => {
        await getDb().transaction(async (tx) => {
          await queueSharePayable(tx, { sheetId: subject.sheetId, when: 'confirmed' });
          tx.rollback();
        });
      },
    ],
  ])('%s : annulée, rien n’est en file ni envoyé', async (_label, rollBack) => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    await scenario.fill(0, 'eggs', 1000);
    const dispatcher = await startNotificationDispatcher({
      intervalMs: 3_600_000,
      mailer: mailer(),
    });
    try {
      await expect(rollBack({ sheetId: scenario.sheet.id })).rejects.toThrow();
      dispatcher.kick();
      await dispatcher.idle();
      expect(await notificationRows()).toEqual([]);
      expect(smtp().mails).toEqual([]);
    } finally {
      await dispatcher.stop();
    }
  });

  it('le dispatcher démarré est réveillé par le commit qui met en file, sans attendre sa minuterie', async () => {
    const dispatcher = await startNotificationDispatcher({
      intervalMs: 3_600_000,
      mailer: mailer(),
    });
    try {
      await dispatcher.idle();
      const { households } = await closedScenario();
      await eventually(() => {
        expect(smtp().mailsTo(households[0]!.user.email)).toHaveLength(1);
        expect(smtp().mailsTo(households[1]!.user.email)).toHaveLength(1);
      });
    } finally {
      await dispatcher.stop();
    }
  });

  it('sa minuterie renvoie ce qui a échoué, une fois le délai passé', async () => {
    // Its clock a little ahead, so that the rows queued below are due at once.
    let clock = new Date(Date.now() + 30_000);
    const dispatcher = await startNotificationDispatcher({
      intervalMs: 50,
      mailer: mailer(),
      now: () => clock,
    });
    try {
      await dispatcher.idle();
      smtp().refuseNext(2);
      const { households } = await closedScenario();
      await eventually(async () =>
        expect((await notificationRows()).map((row) => [row.status, row.attempts])).toEqual([
          ['pending', 1],
          ['pending', 1],
        ]),
      );
      expect(smtp().mails).toEqual([]);
      clock = new Date(clock.getTime() + 2 * MINUTE);
      await eventually(() => {
        expect(smtp().mailsTo(households[0]!.user.email)).toHaveLength(1);
        expect(smtp().mailsTo(households[1]!.user.email)).toHaveLength(1);
      });
    } finally {
      await dispatcher.stop();
    }
  });

  it('la démo (withNotificationsSuppressed) garde ses lignes « suppressed », jamais envoyées', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    await scenario.fill(0, 'eggs', 1000);
    await withNotificationsSuppressed(() =>
      closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id }),
    );
    expect((await notificationRows()).map((row) => row.status)).toEqual(['suppressed']);
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 0 });
    expect(smtp().mails).toEqual([]);
  });
});

describe('envoi : nouvel essai, bail, concurrence', () => {
  it('un serveur SMTP qui refuse : nouvel essai après 1 min, puis envoyé une seule fois', async () => {
    const { households } = await closedScenario();
    const now = new Date();
    smtp().refuseNext(1);
    const first = await sendDueNotifications({ mailer: mailer(), now, batchSize: 1 });
    expect(first).toMatchObject({ retrying: 1, sent: 1 });
    const pending = (await notificationRows()).filter((row) => row.status === 'pending');
    expect(pending).toHaveLength(1);
    expect(pending[0]).toMatchObject({ attempts: 1, last_error: expect.stringContaining('451') });

    const early = await sendDueNotifications({
      mailer: mailer(),
      now: new Date(now.getTime() + 30_000),
    });
    expect(early).toEqual({ sent: 0, skipped: 0, retrying: 0, failed: 0 });
    const later = await sendDueNotifications({
      mailer: mailer(),
      now: new Date(now.getTime() + MINUTE + 1000),
    });
    expect(later).toMatchObject({ sent: 1 });
    expect(smtp().mailsTo(households[0]!.user.email)).toHaveLength(1);
    expect(smtp().mailsTo(households[1]!.user.email)).toHaveLength(1);
    expect((await notificationRows()).map((row) => [row.status, row.last_error])).toEqual([
      ['sent', null],
      ['sent', null],
    ]);
  });

  it('après 10 échecs (environ deux jours), l’e-mail passe en échec avec l’erreur', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    await scenario.fill(0, 'eggs', 1000);
    await closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id });
    smtp().refuseNext(100, 550, 'Boîte aux lettres inexistante');
    let now = new Date();
    const reports = [];
    for (let attempt = 0; attempt < 10; attempt++) {
      reports.push(await sendDueNotifications({ mailer: mailer(), now }));
      now = new Date(now.getTime() + 13 * 3_600_000);
    }
    smtp().refuseNext(0);
    expect(reports.slice(0, 9).every((report) => report.retrying === 1)).toBe(true);
    expect(reports[9]).toMatchObject({ failed: 1 });
    expect(await notificationRows()).toEqual([
      expect.objectContaining({
        status: 'failed',
        attempts: 10,
        last_error: expect.stringContaining('550'),
      }),
    ]);
    expect(await sendDueNotifications({ mailer: mailer(), now })).toMatchObject({ sent: 0 });
  });

  it('une ligne prise par un expéditeur mort est reprise à la fin de son bail', async () => {
    const { households } = await closedScenario();
    await getSql()`update notifications set status = 'sending', lease_until = now() + interval '10 minutes'`;
    expect(await sendDueNotifications({ mailer: mailer() })).toMatchObject({ sent: 0 });
    const report = await sendDueNotifications({
      mailer: mailer(),
      now: new Date(Date.now() + 11 * MINUTE),
    });
    expect(report).toMatchObject({ sent: 2 });
    expect(smtp().mailsTo(households[0]!.user.email)).toHaveLength(1);
  });

  it('deux expéditeurs en même temps n’envoient chaque e-mail qu’une fois', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 6 });
    for (let index = 0; index < 6; index++) {
      await scenario.fill(index, 'eggs', 1000);
    }
    await closeSheet({ sheetId: scenario.sheet.id, closedBy: scenario.coordinator.id });
    const [a, b] = await Promise.all([
      sendDueNotifications({ mailer: mailer(), batchSize: 2 }),
      sendDueNotifications({ mailer: mailer(), batchSize: 2 }),
    ]);
    expect(a!.sent + b!.sent).toBe(6);
    expect(smtp().mails).toHaveLength(6);
    expect(new Set(smtp().mails.map((mail) => mail.to[0])).size).toBe(6);
  });

  it('un e-mail mis en file deux fois (même genre, même sujet, même personne) n’en fait qu’un', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    const subject = {
      subjectId: scenario.sheet.id,
      householdId: scenario.households[0]!.householdId,
    };
    const queued = await getSql().begin(async (tx) => [
      await queueNotifications(tx, { kind: 'share_payable', subjects: [subject] }),
      await queueNotifications(tx, { kind: 'share_payable', subjects: [subject, subject] }),
    ]);
    expect(queued).toEqual([1, 0]);
  });

  it('les e-mails terminés de plus de 13 mois sont purgés par le dispatcher ; ceux en attente restent', async () => {
    const scenario = await makeNotifiedSheetScenario({ households: 1 });
    const householdId = scenario.households[0]!.householdId;
    const userId = scenario.households[0]!.user.id;
    const row = async (status: string, ageDays: number) => {
      const [inserted] = await getSql()<{ id: string }[]>`
        insert into notifications (kind, subject_id, household_id, user_id, status, created_at,
                                   next_attempt_at, lease_until)
        values ('payment_receipt', gen_random_uuid(), ${householdId}, ${userId}, ${status},
                now() - make_interval(days => ${ageDays}), now() + interval '1 day',
                case when ${status} = 'sending' then now() + interval '1 day' end)
        returning id`;
      return inserted!.id;
    };
    const kept = [
      await row('sent', NOTIFICATION_RETENTION_DAYS - 1),
      await row('pending', NOTIFICATION_RETENTION_DAYS + 30),
      await row('sending', NOTIFICATION_RETENTION_DAYS + 30),
    ];
    const purged = [
      await row('sent', NOTIFICATION_RETENTION_DAYS + 1),
      await row('skipped', NOTIFICATION_RETENTION_DAYS + 1),
      await row('failed', 900),
      await row('suppressed', 900),
    ];
    const passes: number[] = [];
    const dispatcher = await startNotificationDispatcher({
      intervalMs: 3_600_000,
      mailer: mailer(),
      onPass: (report) => passes.push(report.purged),
    });
    try {
      await dispatcher.idle();
      expect(passes[0]).toBe(purged.length);
      const left = await getSql()<{ id: string }[]>`select id from notifications`;
      expect(left.map((r) => r.id).sort()).toEqual([...kept].sort());
      // Not again on the next pass (six hours between purges).
      dispatcher.kick();
      await dispatcher.idle();
      expect(passes.at(-1)).toBe(0);
      expect(await purgeFinishedNotifications({ now: new Date() })).toBe(0);
    } finally {
      await dispatcher.stop();
    }
  });
});
