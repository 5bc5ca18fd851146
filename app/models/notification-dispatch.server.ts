// Sends the queued notifications (ADR 016), after the transactions that queued them committed.
// Rows are claimed with a lease (`for update skip locked`), so several processes — the server's
// dispatcher, `npx cabas notifications send` — never send one twice; a sender that dies leaves
// its rows to be claimed again when the lease ends. A failed send is retried with growing delays
// and never reaches the action that queued it.
import { getSql } from '#app/db/client.server.ts';
import {
  isOptionalCategory,
  type NotificationKind,
  type OptionalCategory,
  wantsNotification,
} from '#app/domain/notifications/kinds.ts';
import { nextAttemptAt } from '#app/domain/notifications/schedule.ts';
import { renderNotification } from '#app/domain/notifications/templates.ts';
import { getMailer, type Mailer } from '#app/integrations/mailer.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { loadNotificationContent } from './notification-content.server.ts';

/** A claimed row not finished within this time is claimed again (its sender died). */
const LEASE_MS = 10 * 60_000;

export type DispatchReport = { sent: number; skipped: number; retrying: number; failed: number };

type ClaimedRow = {
  id: string;
  kind: NotificationKind;
  subject_id: string;
  household_id: string | null;
  user_id: string;
  attempts: number;
  link_origin: string | null;
};

async function claim(now: Date, limit: number): Promise<ClaimedRow[]> {
  const at = now.toISOString();
  return getSql()<ClaimedRow[]>`
    update notifications n set status = 'sending', attempts = n.attempts + 1,
      lease_until = ${new Date(now.getTime() + LEASE_MS).toISOString()}::timestamptz
    from (
      select id from notifications
      -- The database's clock too: a row just queued is due even if this server's clock is
      -- a little behind the database's.
      where (status = 'pending' and next_attempt_at <= greatest(${at}::timestamptz, now()))
         or (status = 'sending' and lease_until < greatest(${at}::timestamptz, now()))
      order by next_attempt_at, created_at, id
      limit ${limit}
      for update skip locked
    ) due
    where n.id = due.id
    returning n.id, n.kind, n.subject_id, n.household_id, n.user_id, n.attempts, n.link_origin`;
}

async function finish(
  id: string,
  outcome:
    | { status: 'sent'; to: string; subject: string; text: string; now: Date }
    | { status: 'skipped'; reason: string }
    | { status: 'pending' | 'failed'; error: string; next: Date | null },
) {
  const sql = getSql();
  if (outcome.status === 'sent') {
    await sql`
      update notifications set status = 'sent', sent_at = ${outcome.now.toISOString()}::timestamptz,
        lease_until = null, last_error = null, to_address = ${outcome.to},
        mail_subject = ${outcome.subject}, mail_text = ${outcome.text}
      where id = ${id}`;
  } else if (outcome.status === 'skipped') {
    await sql`
      update notifications set status = 'skipped', lease_until = null, last_error = ${outcome.reason}
      where id = ${id}`;
  } else {
    await sql`
      update notifications set status = ${outcome.status}, lease_until = null,
        last_error = ${outcome.error.slice(0, 500)},
        next_attempt_at = coalesce(${outcome.next?.toISOString() ?? null}::timestamptz, next_attempt_at)
      where id = ${id}`;
  }
}

type Recipient = {
  email: string | null;
  name: string;
  household_name: string | null;
  opt_outs: string[];
};

async function loadRecipient(row: ClaimedRow): Promise<Recipient | undefined> {
  const [recipient] = await getSql()<Recipient[]>`
    select u.email, coalesce(u.raw_user_meta_data ->> 'full_name', u.email) as name,
      (select h.name from households h where h.id = ${row.household_id}) as household_name,
      array(select o.category from notification_opt_outs o where o.user_id = u.id) as opt_outs
    from auth.users u where u.id = ${row.user_id} and u.deleted_at is null`;
  return recipient;
}

/** Links: APP_URL, else the origin of the request that queued the mail, else this server. */
function baseUrlOf(row: ClaimedRow): string {
  const env = getEnv();
  return (env.APP_URL ?? row.link_origin ?? `http://localhost:${env.PORT}`).replace(/\/+$/, '');
}

async function skipRow(id: string, reason: string): Promise<'skipped'> {
  await finish(id, { status: 'skipped', reason });
  return 'skipped';
}

async function deliver(
  row: ClaimedRow,
  options: { now: Date; mailer: Mailer },
): Promise<'sent' | 'skipped'> {
  const recipient = await loadRecipient(row);
  if (!recipient?.email) {
    return skipRow(row.id, 'destinataire sans adresse e-mail');
  }
  const optOuts = new Set(recipient.opt_outs.filter(isOptionalCategory)) as Set<OptionalCategory>;
  if (!wantsNotification(row.kind, optOuts)) {
    return skipRow(row.id, 'désactivé dans « Mon compte »');
  }
  const content = await loadNotificationContent(row, options.now);
  if (!content.ok) {
    return skipRow(row.id, content.reason);
  }
  const mail = renderNotification(content.content, {
    recipientName: recipient.name,
    householdName: recipient.household_name,
    baseUrl: baseUrlOf(row),
  });
  await options.mailer.send({ to: recipient.email, ...mail });
  await finish(row.id, { status: 'sent', to: recipient.email, ...mail, now: options.now });
  return 'sent';
}

/**
 * Sends what is due at `now`, in batches, until nothing due is left. Each row ends sent,
 * skipped (nothing to say any more, or the member opted out), pending with its next attempt,
 * or failed after the last attempt — with the error kept.
 */
export async function sendDueNotifications(
  options: { now?: Date; mailer?: Mailer; batchSize?: number; concurrency?: number } = {},
): Promise<DispatchReport> {
  const now = options.now ?? new Date();
  const mailer = options.mailer ?? getMailer();
  const batchSize = options.batchSize ?? 50;
  const report: DispatchReport = { sent: 0, skipped: 0, retrying: 0, failed: 0 };
  const sendOne = async (row: ClaimedRow) => {
    try {
      report[await deliver(row, { now, mailer })] += 1;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const next = nextAttemptAt({ attempts: row.attempts, now });
      await finish(row.id, { status: next ? 'pending' : 'failed', error: message, next });
      report[next ? 'retrying' : 'failed'] += 1;
      console.warn(
        `[notifications] envoi ${row.kind} ${row.id} en échec (tentative ${row.attempts}) : ${message}`,
      );
    }
  };
  for (;;) {
    const rows = await claim(now, batchSize);
    // A few mails at once (as many as the SMTP pool's connections).
    const waiting = [...rows];
    await Promise.all(
      Array.from({ length: Math.min(options.concurrency ?? 3, rows.length) }, async () => {
        for (let row = waiting.shift(); row; row = waiting.shift()) {
          await sendOne(row);
        }
      }),
    );
    if (rows.length < batchSize) {
      return report;
    }
  }
}
