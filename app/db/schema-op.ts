// Typed mirror of the producer-organisation migrations (supabase/migrations/2026120202*.sql):
// billing mandates, member registry, framework agreements, deliveries recorded by the OP.
import { boolean, date, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const billingMandates = pgTable('billing_mandates', {
  id: uuid('id').primaryKey().defaultRandom(),
  mandatorId: uuid('mandator_id').notNull(),
  mandataryId: uuid('mandatary_id').notNull(),
  sequence: integer('sequence').notNull(),
  reference: text('reference').notNull(),
  coversAllBuyers: boolean('covers_all_buyers').notNull().default(false),
  egalimCategories: text('egalim_categories').array().notNull().default([]),
  operations: text('operations').notNull(),
  startOn: date('start_on', { mode: 'string' }).notNull(),
  contestDays: integer('contest_days').notNull(),
  invoiceSeries: text('invoice_series').notNull(),
  mandatorSignedAt: timestamp('mandator_signed_at', tz),
  mandatorSignedBy: uuid('mandator_signed_by'),
  mandatarySignedAt: timestamp('mandatary_signed_at', tz),
  mandatarySignedBy: uuid('mandatary_signed_by'),
  signedOn: date('signed_on', { mode: 'string' }),
  revokedOn: date('revoked_on', { mode: 'string' }),
  revokedBySide: text('revoked_by_side').$type<'mandator' | 'mandatary'>(),
  revokedBy: uuid('revoked_by'),
  revocationReason: text('revocation_reason'),
  endsOn: date('ends_on', { mode: 'string' }),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const billingMandateBuyers = pgTable('billing_mandate_buyers', {
  mandateId: uuid('mandate_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
});
