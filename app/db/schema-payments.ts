// Typed mirror of supabase/migrations/20261202010000_create_payments.sql (the SQL is the source).
import {
  boolean,
  date,
  integer,
  jsonb,
  pgEnum,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const paymentMethod = pgEnum('payment_method', ['card', 'cash', 'cheque', 'transfer']);
export const paymentStatus = pgEnum('payment_status', [
  'pending',
  'succeeded',
  'failed',
  'expired',
  'cancelled',
]);

export const producerPaymentSettings = pgTable('producer_payment_settings', {
  producerId: uuid('producer_id').primaryKey(),
  stripeAccountId: text('stripe_account_id'),
  chargesEnabled: boolean('charges_enabled').notNull().default(false),
  payoutsEnabled: boolean('payouts_enabled').notNull().default(false),
  detailsSubmitted: boolean('details_submitted').notNull().default(false),
  accountSyncedAt: timestamp('account_synced_at', tz),
  transferHolder: text('transfer_holder'),
  transferIban: text('transfer_iban'),
  transferBic: text('transfer_bic'),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const groupPaymentSettings = pgTable('group_payment_settings', {
  groupId: uuid('group_id').primaryKey(),
  requiresConfirmation: boolean('requires_confirmation').notNull().default(false),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const sheetPaymentConfirmations = pgTable('sheet_payment_confirmations', {
  sheetId: uuid('sheet_id').primaryKey(),
  confirmedAt: timestamp('confirmed_at', tz).notNull().defaultNow(),
  confirmedBy: uuid('confirmed_by'),
});

export const payments = pgTable('payments', {
  id: uuid('id').primaryKey().defaultRandom(),
  sheetId: uuid('sheet_id').notNull(),
  householdId: uuid('household_id').notNull(),
  method: paymentMethod('method').notNull(),
  status: paymentStatus('status').notNull(),
  amountCents: integer('amount_cents').notNull(),
  feeCents: integer('fee_cents').notNull().default(0),
  reference: text('reference'),
  receivedOn: date('received_on'),
  stripeCheckoutSessionId: text('stripe_checkout_session_id'),
  stripeCheckoutUrl: text('stripe_checkout_url'),
  stripeCheckoutExpiresAt: timestamp('stripe_checkout_expires_at', tz),
  stripePaymentIntentId: text('stripe_payment_intent_id'),
  stripeChargeId: text('stripe_charge_id'),
  stripeRefundedCents: integer('stripe_refunded_cents').notNull().default(0),
  failureMessage: text('failure_message'),
  recordedBy: uuid('recorded_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  paidAt: timestamp('paid_at', tz),
  cancelledAt: timestamp('cancelled_at', tz),
  cancelledBy: uuid('cancelled_by'),
  cancelReason: text('cancel_reason'),
});

export const paymentAllocations = pgTable('payment_allocations', {
  paymentId: uuid('payment_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
  stripeAccountId: text('stripe_account_id'),
});

export const paymentTransfers = pgTable('payment_transfers', {
  id: uuid('id').primaryKey().defaultRandom(),
  paymentId: uuid('payment_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  amountCents: integer('amount_cents').notNull(),
  stripeAccountId: text('stripe_account_id').notNull(),
  status: text('status').$type<'pending' | 'succeeded' | 'failed'>().notNull().default('pending'),
  stripeTransferId: text('stripe_transfer_id'),
  idempotencyGeneration: integer('idempotency_generation').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export type RefundStatus = 'pending' | 'processing' | 'succeeded' | 'failed' | 'cancelled';
export type RefundReason = 'settlement' | 'credit_note' | 'manual';

export const paymentRefunds = pgTable('payment_refunds', {
  id: uuid('id').primaryKey().defaultRandom(),
  sheetId: uuid('sheet_id').notNull(),
  householdId: uuid('household_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  paymentId: uuid('payment_id'),
  method: paymentMethod('method').notNull(),
  amountCents: integer('amount_cents').notNull(),
  reason: text('reason').$type<RefundReason>().notNull(),
  creditNoteId: uuid('credit_note_id'),
  note: text('note'),
  status: text('status').$type<RefundStatus>().notNull(),
  stripeRefundId: text('stripe_refund_id'),
  stripeRefundStatus: text('stripe_refund_status'),
  stripeReversalId: text('stripe_reversal_id'),
  idempotencyGeneration: integer('idempotency_generation').notNull().default(0),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  cancelledAt: timestamp('cancelled_at', tz),
  cancelledBy: uuid('cancelled_by'),
  cancelReason: text('cancel_reason'),
});

export const stripeEvents = pgTable('stripe_events', {
  id: text('id').primaryKey(),
  type: text('type').notNull(),
  livemode: boolean('livemode').notNull(),
  stripeCreatedAt: timestamp('stripe_created_at', tz).notNull(),
  receivedAt: timestamp('received_at', tz).notNull().defaultNow(),
  outcome: text('outcome').notNull(),
  detail: text('detail'),
  payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
});
