// Reminders of an open sheet (ADR 016): the coordinator's « Relancer les foyers » and the
// automatic one the day before the deadline, to the households whose row is still empty. Each
// runs under a lock of the sheet row, so two clicks (or two processes) cannot both remind.
import type { TransactionSql } from 'postgres';
import { getSql } from '#app/db/client.server.ts';
import {
  planReminders,
  type ReminderCandidate,
  type ReminderDelivery,
} from '#app/domain/notifications/reminders.ts';
import { isDeadlineReminderDue, reminderThrottle } from '#app/domain/notifications/schedule.ts';
import { formatDeadline } from '#app/domain/notifications/templates.ts';
import { queueNotifications } from './notification-queue.server.ts';

async function loadCandidates(tx: TransactionSql, sheetId: string): Promise<ReminderCandidate[]> {
  const rows = await tx<
    {
      household_id: string;
      ordered_milli: number;
      member_count: number;
      last_reminded_at: string | null;
      has_deadline_reminder: boolean;
    }[]
  >`
    select h.id as household_id,
      (select coalesce(sum(c.quantity_milli), 0)::int from sheet_cells c
        where c.sheet_id = s.id and c.household_id = h.id) as ordered_milli,
      (select count(*)::int from memberships m where m.household_id = h.id) as member_count,
      (select max(r.created_at) from sheet_reminders r
        where r.sheet_id = s.id and r.household_id = h.id) as last_reminded_at,
      exists (select 1 from sheet_reminders r where r.sheet_id = s.id and r.household_id = h.id
        and r.kind = 'deadline') as has_deadline_reminder
    from sheets s join households h on h.group_id = s.group_id
    where s.id = ${sheetId}
    order by h.name`;
  return rows.map((row) => ({
    householdId: row.household_id,
    orderedMilli: row.ordered_milli,
    memberCount: row.member_count,
    lastRemindedAt: row.last_reminded_at ? new Date(row.last_reminded_at) : null,
    hasDeadlineReminder: row.has_deadline_reminder,
  }));
}

/** One reminder row per household and its mails; returns how many mails were queued. */
async function writeReminders(
  tx: TransactionSql,
  options: {
    sheetId: string;
    householdIds: readonly string[];
    kind: 'manual' | 'deadline';
    sentBy: string | null;
    now: Date;
    origin?: string;
  },
): Promise<number> {
  let mails = 0;
  for (const householdId of options.householdIds) {
    const [reminder] = await tx<{ id: string }[]>`
      insert into sheet_reminders (sheet_id, household_id, kind, sent_by, created_at)
      values (${options.sheetId}, ${householdId}, ${options.kind}, ${options.sentBy},
              ${options.now.toISOString()}::timestamptz)
      on conflict (sheet_id, household_id) where kind = 'deadline' do nothing
      returning id`;
    if (!reminder) {
      continue;
    }
    const queued = await queueNotifications(tx, {
      kind: options.kind === 'manual' ? 'sheet_reminder' : 'deadline_reminder',
      subjects: [{ subjectId: reminder.id, householdId }],
      ...(options.origin ? { origin: options.origin } : {}),
    });
    await tx`update sheet_reminders set recipient_count = ${queued} where id = ${reminder.id}`;
    mails += queued;
  }
  return mails;
}

export type RemindResult = { ok: true; message: string } | { ok: false; message: string };

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

/**
 * The coordinator's « Relancer les foyers »: every household of the group whose row is empty
 * and that was not reminded in the last 12 h. Refused (nothing written) on a closed sheet or
 * when nobody can be reminded now, with the reason.
 */
export async function remindSheetHouseholds(options: {
  sheetId: string;
  groupId: string;
  userId: string;
  now: Date;
  origin?: string;
}): Promise<RemindResult> {
  return getSql().begin(async (tx) => {
    const [sheet] = await tx<{ status: string; deadline_at: string }[]>`
      select status, deadline_at from sheets
      where id = ${options.sheetId} and group_id = ${options.groupId} for update`;
    if (sheet?.status !== 'open' || new Date(sheet.deadline_at) <= options.now) {
      return { ok: false, message: 'La feuille est close : plus de relance possible.' } as const;
    }
    const plan = planReminders({
      households: await loadCandidates(tx, options.sheetId),
      kind: 'manual',
      now: options.now,
    });
    const notes = [
      ...(plan.throttled.length > 0
        ? [
            `${plural(plan.throttled.length, 'foyer déjà relancé', 'foyers déjà relancés')} il y a moins de 12 h (prochaine relance possible le ${formatDeadline(
              new Date(Math.min(...plan.throttled.map((entry) => entry.nextAt.getTime()))),
            )}).`,
          ]
        : []),
      ...(plan.withoutMembers.length > 0
        ? [
            `${plural(plan.withoutMembers.length, 'foyer sans compte', 'foyers sans compte')} : à prévenir autrement.`,
          ]
        : []),
    ];
    if (plan.remind.length === 0) {
      const reason =
        plan.throttled.length + plan.withoutMembers.length === 0
          ? 'Tous les foyers ont déjà rempli leur ligne : personne à relancer.'
          : 'Personne à relancer maintenant.';
      return { ok: false, message: [reason, ...notes].join(' ') } as const;
    }
    const mails = await writeReminders(tx, {
      sheetId: options.sheetId,
      householdIds: plan.remind,
      kind: 'manual',
      sentBy: options.userId,
      now: options.now,
      ...(options.origin ? { origin: options.origin } : {}),
    });
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.userId}, ${options.groupId}, 'sheet.reminded', 'sheet', ${options.sheetId},
              ${JSON.stringify({ households: plan.remind, mails })}::jsonb)`;
    return {
      ok: true,
      message: [
        `${plural(plan.remind.length, 'foyer relancé', 'foyers relancés')} (${plural(mails, 'e-mail', 'e-mails')}).`,
        ...notes,
      ].join(' '),
    } as const;
  }) as Promise<RemindResult>;
}

/**
 * The automatic reminders due at `now` (the dispatcher's timer): for each open sheet whose
 * deadline is tomorrow at this time or sooner (but more than an hour away), the households with
 * an empty row not yet reminded by it nor by the coordinator in the last 12 h. Returns the
 * number of mails queued.
 */
export async function queueDeadlineReminders(options: { now: Date }): Promise<number> {
  const now = options.now.getTime();
  // A superset (the day before is 23 to 25 h before); the rule decides.
  const sheets = await getSql()<{ id: string; deadline_at: string }[]>`
    select id, deadline_at from sheets
    where status = 'open'
      and deadline_at > ${new Date(now).toISOString()}::timestamptz
      and deadline_at <= ${new Date(now + 26 * 3_600_000).toISOString()}::timestamptz`;
  let mails = 0;
  for (const sheet of sheets) {
    if (!isDeadlineReminderDue({ deadlineAt: new Date(sheet.deadline_at), now: options.now })) {
      continue;
    }
    mails += (await getSql().begin(async (tx) => {
      const [locked] = await tx<{ status: string }[]>`
        select status from sheets where id = ${sheet.id} for update`;
      if (locked?.status !== 'open') {
        return 0;
      }
      const plan = planReminders({
        households: await loadCandidates(tx, sheet.id),
        kind: 'deadline',
        now: options.now,
      });
      return writeReminders(tx, {
        sheetId: sheet.id,
        householdIds: plan.remind,
        kind: 'deadline',
        sentBy: null,
        now: options.now,
      });
    })) as number;
  }
  return mails;
}

type StoredReminder = { at: string; by: string | null; delivery: ReminderDelivery };

export type SheetReminderView = {
  householdId: string;
  householdName: string;
  isEmpty: boolean;
  memberCount: number;
  reminders: { at: Date; by: string | null; delivery: ReminderDelivery }[];
  /** Reminded less than 12 h ago: the coordinator may remind it again from then. */
  nextReminderAt: Date | null;
};

/**
 * The page's « Relances » table: each household, its row state, its reminders (newest first)
 * and when it may be reminded again.
 */
export async function listSheetReminders(options: {
  sheetId: string;
  now: Date;
}): Promise<SheetReminderView[]> {
  const { sheetId } = options;
  const rows = await getSql()<
    {
      household_id: string;
      household_name: string;
      is_empty: boolean;
      member_count: number;
      reminders: StoredReminder[] | string;
    }[]
  >`
    select h.id as household_id, h.name as household_name,
      not exists (select 1 from sheet_cells c where c.sheet_id = s.id and c.household_id = h.id
        and c.quantity_milli > 0) as is_empty,
      (select count(*)::int from memberships m where m.household_id = h.id) as member_count,
      coalesce((select jsonb_agg(jsonb_build_object('at', r.created_at,
          'by', case when r.kind = 'deadline' then null
                     else coalesce(u.raw_user_meta_data ->> 'full_name', u.email, '?') end,
          'delivery', (select jsonb_build_object(
              'sent', count(*) filter (where n.status = 'sent'),
              'pending', count(*) filter (where n.status in ('pending', 'sending')),
              'failed', count(*) filter (where n.status = 'failed'),
              'skipped', count(*) filter (where n.status in ('skipped', 'suppressed')))
            from notifications n where n.subject_id = r.id)) order by r.created_at desc)
        from sheet_reminders r left join auth.users u on u.id = r.sent_by
        where r.sheet_id = s.id and r.household_id = h.id), '[]'::jsonb)::text as reminders
    from sheets s join households h on h.group_id = s.group_id
    where s.id = ${sheetId}
    order by h.name`;
  return rows.map((row) => {
    const reminders = (
      typeof row.reminders === 'string' ? JSON.parse(row.reminders) : row.reminders
    ) as StoredReminder[];
    const latest = reminders[0] ? new Date(reminders[0].at) : null;
    const throttle = reminderThrottle({ lastRemindedAt: latest, now: options.now });
    return {
      householdId: row.household_id,
      householdName: row.household_name,
      isEmpty: row.is_empty,
      memberCount: row.member_count,
      reminders: reminders.map((reminder) => ({
        at: new Date(reminder.at),
        by: reminder.by,
        delivery: reminder.delivery,
      })),
      nextReminderAt: throttle.ok ? null : throttle.nextAt,
    };
  });
}
