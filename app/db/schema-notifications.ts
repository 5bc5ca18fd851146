// Typed mirror of supabase/migrations/20261202050000_create_notifications.sql (the SQL is the source).
import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { NotificationKind, OptionalCategory } from '#app/domain/notifications/kinds.ts';

const tz = { withTimezone: true, mode: 'date' } as const;

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: text('kind').$type<NotificationKind>().notNull(),
  subjectId: uuid('subject_id').notNull(),
  householdId: uuid('household_id'),
  userId: uuid('user_id').notNull(),
  status: text('status')
    .$type<'pending' | 'sending' | 'sent' | 'failed' | 'skipped' | 'suppressed'>()
    .notNull()
    .default('pending'),
  attempts: integer('attempts').notNull().default(0),
  nextAttemptAt: timestamp('next_attempt_at', tz).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', tz),
  lastError: text('last_error'),
  linkOrigin: text('link_origin'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  sentAt: timestamp('sent_at', tz),
  toAddress: text('to_address'),
  mailSubject: text('mail_subject'),
  mailText: text('mail_text'),
});

export const notificationOptOuts = pgTable('notification_opt_outs', {
  userId: uuid('user_id').notNull(),
  category: text('category').$type<OptionalCategory>().notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const sheetReminders = pgTable('sheet_reminders', {
  id: uuid('id').primaryKey().defaultRandom(),
  sheetId: uuid('sheet_id').notNull(),
  householdId: uuid('household_id').notNull(),
  kind: text('kind').$type<'manual' | 'deadline'>().notNull(),
  sentBy: uuid('sent_by'),
  recipientCount: integer('recipient_count').notNull().default(0),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});
