import { createMailer } from '#app/integrations/mailer.server.ts';
import { sendDueNotifications } from '#app/models/notification-dispatch.server.ts';
import { queueDeadlineReminders } from '#app/models/notification-reminders.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand } from '../types.ts';
import { parseOptions } from './invoices.ts';

/**
 * For a scheduled job (ADR 016), beside or instead of the server's own dispatcher: queues the
 * reminders due the day before a deadline and sends every notification due. Several runs at
 * once never send a mail twice (rows are claimed).
 */
export const notificationsSendCommand: CliCommand = {
  path: ['notifications', 'send'],
  summary:
    'Envoie les e-mails en attente (parts à payer, rappels, reçus, factures…) et les rappels de la veille (tâche planifiée).',
  usage: 'npx cabas notifications send [--now <date ISO>]',
  async run(args, io) {
    const { options, problems } = parseOptions(args, { values: ['--now'], flags: [] });
    const nowOption = options.get('--now');
    const now = nowOption ? new Date(nowOption) : new Date();
    if (nowOption && (!/^\d{4}-\d{2}-\d{2}T/.test(nowOption) || Number.isNaN(now.getTime()))) {
      problems.push(
        `Option « --now » : « ${nowOption} » n’est pas une date ISO (par exemple 2026-12-03T17:00:00Z).`,
      );
    }
    if (problems.length > 0) {
      io.stderr(`${problems.join('\n')}\n`);
      return 2;
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const reminders = await queueDeadlineReminders({ now });
      const mailer = createMailer(env);
      const report = await sendDueNotifications({ now, mailer }).finally(() => mailer.close?.());
      if (report.retrying + report.failed > 0) {
        // Nothing on stdout on code 1 (docs/cli.md); the counts are in the message.
        io.stderr(
          `${report.retrying + report.failed} e-mail(s) non envoyé(s) (${report.retrying} à réessayer, ${report.failed} abandonné(s)) : le serveur de courrier refuse ou ne répond pas (erreur dans notifications.last_error) ; ${report.sent} envoyé(s), ${reminders} rappel(s) mis en file.\n`,
        );
        return 1;
      }
      io.stdout(`${JSON.stringify({ reminders, ...report }, null, 2)}\n`);
      return 0;
    });
  },
};
