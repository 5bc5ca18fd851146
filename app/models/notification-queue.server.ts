// The notification outbox (ADR 016): rows written in the caller's transaction, one per (kind,
// subject, recipient), so a rolled-back change queues nothing and an event applied twice (a
// replayed webhook) queues one mail. `pg_notify` in the same transaction wakes the dispatchers
// once it commits — Postgres delivers notifications on commit only, never for a rollback.
import { AsyncLocalStorage } from 'node:async_hooks';
import { type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { TransactionSql } from 'postgres';
import { getSql, type Transaction } from '#app/db/client.server.ts';
import { CATEGORY_OF, type NotificationKind } from '#app/domain/notifications/kinds.ts';
import type { MembershipRole } from '#app/domain/organisations/roles.ts';

export const NOTIFICATION_CHANNEL = 'cabas_notifications';

/** A postgres.js transaction (`getSql().begin`) or a Drizzle one (`getDb().transaction`). */
export type NotificationTx = TransactionSql | Transaction;

const dialect = new PgDialect();

/** Runs one Drizzle `sql` query on either kind of transaction. */
export async function runInTx<T>(tx: NotificationTx, query: SQL): Promise<T[]> {
  if (typeof tx === 'function') {
    const compiled = dialect.sqlToQuery(query);
    return (await tx.unsafe(compiled.sql, compiled.params as never[])) as unknown as T[];
  }
  return (await tx.execute(query)) as unknown as T[];
}

const suppression = new AsyncLocalStorage<true>();

/**
 * Runs `fn` with notifications off: what it queues is written `suppressed` (kept, so that the
 * same event later queues nothing more) and never sent. The demo seed runs under it.
 */
export function withNotificationsSuppressed<T>(fn: () => Promise<T>): Promise<T> {
  return suppression.run(true, fn);
}

export type NotificationSubject = {
  subjectId: string;
  householdId: string;
  /** Only this member of the household (a payment's payer); default: every member. */
  userId?: string | null;
};

/**
 * The end of a queueing statement whose `queued` CTE returns the inserted rows' status: their
 * count, and one wake-up of the dispatcher when any is pending (delivered at commit).
 */
const countAndWake = sql`select (select count(*)::int from queued) as queued,
  (select count(*)::int from (
    select pg_notify(${NOTIFICATION_CHANNEL}, '') from queued where status = 'pending' limit 1
  ) kick) as kicked`;

/**
 * Queues `kind` about each subject to the members of its household, except those who turned
 * that kind off. Returns how many rows were written (0 when already queued).
 */
export async function queueNotifications(
  tx: NotificationTx,
  options: { kind: NotificationKind; subjects: readonly NotificationSubject[]; origin?: string },
): Promise<number> {
  if (options.subjects.length === 0) {
    return 0;
  }
  const subjects = JSON.stringify(
    options.subjects.map((subject) => ({
      subject_id: subject.subjectId,
      household_id: subject.householdId,
      user_id: subject.userId ?? null,
    })),
  );
  const category = CATEGORY_OF[options.kind];
  const status = suppression.getStore() ? 'suppressed' : 'pending';
  const [row] = await runInTx<{ queued: number }>(
    tx,
    sql`
      with subjects as (
        select * from jsonb_to_recordset(${subjects}::jsonb)
          as s(subject_id uuid, household_id uuid, user_id uuid)
      ), queued as (
        insert into notifications (kind, subject_id, household_id, user_id, status, link_origin)
        select distinct ${options.kind}::text, s.subject_id, m.household_id, m.user_id,
               ${status}::text, ${options.origin ?? null}::text
        from subjects s
        join memberships m on m.household_id = s.household_id
          and (s.user_id is null or m.user_id = s.user_id)
        where ${category}::text is null or not exists (
          select 1 from notification_opt_outs o
          where o.user_id = m.user_id and o.category = ${category}::text)
        on conflict (kind, subject_id, user_id) do nothing
        returning status
      )
      ${countAndWake}`,
  );
  return row?.queued ?? 0;
}

export type OrganisationSubject = {
  subjectId: string;
  /** Its owners and managers (`roles`) receive the mail. */
  organisationId: string;
};

/**
 * Queues `kind` about each subject to the people of an organisation holding one of `roles`
 * (no household: a buyer's, a producer's or an OP's owners and managers), except those who
 * turned that kind off. Same key and wake-up as `queueNotifications`.
 */
export async function queueOrganisationNotifications(
  tx: NotificationTx,
  options: {
    kind: NotificationKind;
    subjects: readonly OrganisationSubject[];
    roles: readonly MembershipRole[];
  },
): Promise<number> {
  if (options.subjects.length === 0 || options.roles.length === 0) {
    return 0;
  }
  const subjects = JSON.stringify(
    options.subjects.map((s) => ({ subject_id: s.subjectId, organisation_id: s.organisationId })),
  );
  const category = CATEGORY_OF[options.kind];
  const status = suppression.getStore() ? 'suppressed' : 'pending';
  const [row] = await runInTx<{ queued: number }>(
    tx,
    sql`
      with subjects as (
        select * from jsonb_to_recordset(${subjects}::jsonb) as s(subject_id uuid, organisation_id uuid)
      ), queued as (
        insert into notifications (kind, subject_id, user_id, status)
        select distinct ${options.kind}::text, s.subject_id, m.user_id, ${status}::text
        from subjects s
        join memberships m on m.organisation_id = s.organisation_id
          and m.role::text in (select jsonb_array_elements_text(${JSON.stringify(options.roles)}::jsonb))
        where ${category}::text is null or not exists (
          select 1 from notification_opt_outs o
          where o.user_id = m.user_id and o.category = ${category}::text)
        on conflict (kind, subject_id, user_id) do nothing
        returning status
      )
      ${countAndWake}`,
  );
  return row?.queued ?? 0;
}

/** How long a finished mail (sent, skipped, suppressed, failed) is kept: 13 months. */
export const NOTIFICATION_RETENTION_DAYS = 395;

/**
 * Deletes the finished mails older than the retention (their address, subject and text are
 * personal data, kept for the record, not forever). Pending and in-flight rows stay whatever
 * their age. An event replayed after that long (none is: Stripe retries for 3 days) could
 * queue its mail again. Returns how many rows went.
 */
export async function purgeFinishedNotifications(options: { now: Date }): Promise<number> {
  const before = new Date(options.now.getTime() - NOTIFICATION_RETENTION_DAYS * 86_400_000);
  const rows = await getSql()<{ id: string }[]>`
    delete from notifications
    where status in ('sent', 'skipped', 'suppressed', 'failed')
      and created_at < ${before.toISOString()}::timestamptz
    returning id`;
  return rows.length;
}
