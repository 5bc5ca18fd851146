// A member's e-mail preferences (ADR 016): the optional kinds it turned off. The legal ones
// (invoice available, credit note, refund) have no switch.
import { getSql } from '#app/db/client.server.ts';
import {
  isOptionalCategory,
  type NotificationKind,
  OPTIONAL_CATEGORIES,
  type OptionalCategory,
} from '#app/domain/notifications/kinds.ts';

export async function getNotificationOptOuts(userId: string): Promise<Set<OptionalCategory>> {
  const rows = await getSql()<{ category: string }[]>`
    select category from notification_opt_outs where user_id = ${userId}`;
  return new Set(rows.map((row) => row.category).filter(isOptionalCategory));
}

/** Replaces the member's opt-outs with `disabled` (the categories it turned off). */
export async function setNotificationOptOuts(options: {
  userId: string;
  disabled: readonly OptionalCategory[];
}): Promise<void> {
  const disabled = OPTIONAL_CATEGORIES.filter((category) => options.disabled.includes(category));
  await getSql().begin(async (tx) => {
    await tx`delete from notification_opt_outs where user_id = ${options.userId}
      and not (category = any(${disabled}::text[]))`;
    if (disabled.length > 0) {
      await tx`insert into notification_opt_outs ${tx(
        disabled.map((category) => ({ user_id: options.userId, category })),
      )} on conflict do nothing`;
    }
  });
}

export type RecentNotification = {
  id: string;
  kind: NotificationKind;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'suppressed';
  subject: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** The member's latest mails (« Mon compte »), newest first. */
export async function listRecentNotifications(
  userId: string,
  limit = 10,
): Promise<RecentNotification[]> {
  const rows = await getSql()<
    {
      id: string;
      kind: NotificationKind;
      status: RecentNotification['status'];
      mail_subject: string | null;
      created_at: string;
      sent_at: string | null;
    }[]
  >`
    select id, kind, status, mail_subject, created_at, sent_at from notifications
    where user_id = ${userId} and status <> 'suppressed'
    order by created_at desc, id limit ${limit}`;
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    status: row.status,
    subject: row.mail_subject,
    createdAt: new Date(row.created_at),
    sentAt: row.sent_at ? new Date(row.sent_at) : null,
  }));
}
