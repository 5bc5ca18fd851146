// Typed mirror of supabase/migrations/*.sql for the query layer. The SQL files are the
// schema's only source of truth; test/integration/db/schema-mirror.test.ts checks that every
// column declared here exists in the migrated database with the same nullability.
import {
  bigint,
  boolean,
  char,
  jsonb,
  pgEnum,
  pgSchema,
  pgTable,
  text,
  timestamp,
  uuid,
  varchar,
} from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const authSchema = pgSchema('auth');

export const users = authSchema.table('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  aud: varchar('aud', { length: 255 }),
  role: varchar('role', { length: 255 }),
  email: varchar('email', { length: 255 }),
  encryptedPassword: varchar('encrypted_password', { length: 255 }),
  emailConfirmedAt: timestamp('email_confirmed_at', tz),
  recoveryToken: varchar('recovery_token', { length: 255 }),
  recoverySentAt: timestamp('recovery_sent_at', tz),
  lastSignInAt: timestamp('last_sign_in_at', tz),
  rawAppMetaData: jsonb('raw_app_meta_data').$type<Record<string, unknown>>(),
  rawUserMetaData: jsonb('raw_user_meta_data').$type<{ full_name?: string }>(),
  createdAt: timestamp('created_at', tz),
  updatedAt: timestamp('updated_at', tz),
  bannedUntil: timestamp('banned_until', tz),
  deletedAt: timestamp('deleted_at', tz),
});

export const organisationKind = pgEnum('organisation_kind', ['producer', 'group', 'buyer', 'op']);
export const membershipRole = pgEnum('membership_role', [
  'owner',
  'manager',
  'coordinator',
  'household',
]);
export const vatRegime = pgEnum('vat_regime', ['liable', 'flat_rate', 'franchise']);

export const organisations = pgTable('organisations', {
  id: uuid('id').primaryKey().defaultRandom(),
  kind: organisationKind('kind').notNull(),
  slug: text('slug').notNull(),
  name: text('name').notNull(),
  legalName: text('legal_name'),
  siren: char('siren', { length: 9 }),
  siret: char('siret', { length: 14 }),
  vatNumber: text('vat_number'),
  vatRegime: vatRegime('vat_regime'),
  addressLine1: text('address_line1'),
  addressLine2: text('address_line2'),
  postalCode: text('postal_code'),
  city: text('city'),
  country: char('country', { length: 2 }).notNull(),
  email: text('email'),
  phone: text('phone'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const households = pgTable('households', {
  id: uuid('id').primaryKey().defaultRandom(),
  groupId: uuid('group_id').notNull(),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const memberships = pgTable('memberships', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  userId: uuid('user_id').notNull(),
  role: membershipRole('role').notNull(),
  householdId: uuid('household_id'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  organisationId: uuid('organisation_id').notNull(),
  role: membershipRole('role').notNull(),
  householdId: uuid('household_id'),
  email: text('email'),
  tokenHash: text('token_hash').notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', tz).notNull(),
  acceptedAt: timestamp('accepted_at', tz),
  acceptedBy: uuid('accepted_by'),
});

export const appSessions = pgTable('app_sessions', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', tz).notNull(),
});

export const signInAttempts = pgTable('sign_in_attempts', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  email: text('email').notNull(),
  ip: text('ip'),
  succeeded: boolean('succeeded').notNull(),
  at: timestamp('at', tz).notNull().defaultNow(),
});

export const auditLog = pgTable('audit_log', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  at: timestamp('at', tz).notNull().defaultNow(),
  actorUserId: uuid('actor_user_id'),
  organisationId: uuid('organisation_id'),
  action: text('action').notNull(),
  entity: text('entity').notNull(),
  entityId: text('entity_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull(),
});
