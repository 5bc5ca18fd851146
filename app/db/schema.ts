// Typed mirror of supabase/migrations/*.sql for the query layer. The SQL files are the
// schema's only source of truth; test/integration/db/schema-mirror.test.ts checks that every
// column declared here exists in the migrated database with the same nullability.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  char,
  customType,
  date,
  integer,
  jsonb,
  numeric,
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

export const products = pgTable('products', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull(),
  sku: text('sku').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  egalimCategory: text('egalim_category').notNull(),
  isSiqo: boolean('is_siqo').notNull().default(false),
  shelf: text('shelf').notNull().default(''),
  saleUnit: text('sale_unit').notNull(),
  isVariableWeight: boolean('is_variable_weight').notNull().default(false),
  estimatedWeightGrams: integer('estimated_weight_grams'),
  stepMilli: integer('step_milli').notNull(),
  maxPerHouseholdMilli: integer('max_per_household_milli'),
  packMilli: integer('pack_milli'),
  vatRateBp: integer('vat_rate_bp'),
  consumerPriceGrossCents: integer('consumer_price_gross_cents').notNull(),
  proPriceNetCents: integer('pro_price_net_cents'),
  labels: text('labels').array().notNull().default([]),
  isActive: boolean('is_active').notNull().default(true),
  photoPath: text('photo_path'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
  /** Generated by Postgres: the expression lives in 20261122020000_add_product_search.sql. */
  searchText: text('search_text').generatedAlwaysAs(sql`search_text`),
});

export const productPriceChanges = pgTable('product_price_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  productId: uuid('product_id').notNull(),
  changedAt: timestamp('changed_at', tz).notNull().defaultNow(),
  changedBy: uuid('changed_by'),
  consumerPriceGrossCents: integer('consumer_price_gross_cents').notNull(),
  proPriceNetCents: integer('pro_price_net_cents'),
  vatRateBp: integer('vat_rate_bp'),
});

export const roundStatus = pgEnum('round_status', [
  'planned',
  'delivered',
  'invoiced',
  'cancelled',
]);

export const deliveryRounds = pgTable('delivery_rounds', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull(),
  /** Calendar day 'YYYY-MM-DD' (Europe/Paris business calendar). */
  deliveryOn: date('delivery_on', { mode: 'string' }).notNull(),
  title: text('title').notNull().default(''),
  status: roundStatus('status').notNull().default('planned'),
  notes: text('notes').notNull().default(''),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const roundStops = pgTable('round_stops', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull(),
  position: integer('position').notNull(),
  organisationId: uuid('organisation_id').notNull(),
  address: text('address').notNull().default(''),
  windowStartAt: timestamp('window_start_at', tz),
  windowEndAt: timestamp('window_end_at', tz),
  orderDeadlineAt: timestamp('order_deadline_at', tz).notNull(),
  notes: text('notes').notNull().default(''),
  /** Null: no minimum. At the prices the stop's customers pay (TTC households, HT pros). */
  minimumOrderCents: integer('minimum_order_cents'),
});

export const roundOffers = pgTable('round_offers', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull(),
  productId: uuid('product_id').notNull(),
  /** Null: unlimited. Shared by every stop of the round. */
  stockMilli: integer('stock_milli'),
  consumerPriceOverrideCents: integer('consumer_price_override_cents'),
  proPriceOverrideCents: integer('pro_price_override_cents'),
});

export const orderStatus = pgEnum('order_status', ['open', 'confirmed', 'cancelled']);
export const orderSource = pgEnum('order_source', ['sheet', 'pro', 'manual']);

export const orders = pgTable('orders', {
  id: uuid('id').primaryKey().defaultRandom(),
  roundId: uuid('round_id').notNull(),
  stopId: uuid('stop_id').notNull(),
  sellerId: uuid('seller_id').notNull(),
  householdId: uuid('household_id'),
  customerOrganisationId: uuid('customer_organisation_id'),
  source: orderSource('source').notNull(),
  status: orderStatus('status').notNull().default('open'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const orderLines = pgTable('order_lines', {
  id: uuid('id').primaryKey().defaultRandom(),
  orderId: uuid('order_id').notNull(),
  productId: uuid('product_id').notNull(),
  offerId: uuid('offer_id'),
  productName: text('product_name').notNull(),
  saleUnit: text('sale_unit').notNull(),
  isVariableWeight: boolean('is_variable_weight').notNull(),
  estimatedWeightGrams: integer('estimated_weight_grams'),
  quantityMilli: integer('quantity_milli').notNull(),
  deliveredQuantityMilli: integer('delivered_quantity_milli'),
  actualWeightGrams: integer('actual_weight_grams'),
  priceBasis: text('price_basis').$type<'gross' | 'net'>().notNull(),
  unitPriceCents: integer('unit_price_cents').notNull(),
  /** Quantity (thousandths of the unit) `unitPriceCents` is the price of (1 000 = one unit). */
  priceBaseQuantityMilli: integer('price_base_quantity_milli').notNull().default(1000),
  vatRateBp: integer('vat_rate_bp'),
  egalimCategory: text('egalim_category').notNull(),
  contractReference: text('contract_reference'),
  priceTrace: jsonb('price_trace').$type<unknown>(),
});

// Invoices (supabase/migrations/20261122040000_create_invoices.sql): rows are issued documents,
// immutable by trigger; the snapshot is the domain InvoiceSnapshot frozen at issue.
export const invoiceSeries = pgTable('invoice_series', {
  issuerId: uuid('issuer_id').notNull(),
  series: text('series').notNull(),
  year: integer('year').notNull(),
  nextNumber: integer('next_number').notNull().default(1),
  lastIssuedOn: date('last_issued_on', { mode: 'string' }),
});

export const invoices = pgTable('invoices', {
  id: uuid('id').primaryKey().defaultRandom(),
  issuerId: uuid('issuer_id').notNull(),
  series: text('series').notNull(),
  fiscalYear: integer('fiscal_year').notNull(),
  number: integer('number').notNull(),
  displayNumber: text('display_number').notNull(),
  typeCode: text('type_code').$type<'380' | '381' | '389' | '261'>().notNull(),
  buyerKind: text('buyer_kind').$type<'b2b' | 'b2c'>().notNull(),
  issuedOn: date('issued_on', { mode: 'string' }).notNull(),
  deliveredOn: date('delivered_on', { mode: 'string' }),
  dueOn: date('due_on', { mode: 'string' }),
  roundId: uuid('round_id'),
  householdId: uuid('household_id'),
  customerOrganisationId: uuid('customer_organisation_id'),
  precedingInvoiceId: uuid('preceding_invoice_id'),
  buyerName: text('buyer_name').notNull(),
  netTotalCents: integer('net_total_cents').notNull(),
  vatTotalCents: integer('vat_total_cents').notNull(),
  grossTotalCents: integer('gross_total_cents').notNull(),
  snapshot: jsonb('snapshot').$type<unknown>().notNull(),
  ciiXml: text('cii_xml').notNull(),
  issuedBy: uuid('issued_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const invoiceLines = pgTable('invoice_lines', {
  invoiceId: uuid('invoice_id').notNull(),
  position: integer('position').notNull(),
  lineId: text('line_id').notNull(),
  orderLineId: uuid('order_line_id'),
  label: text('label').notNull(),
  quantityMilli: integer('quantity_milli').notNull(),
  unitCode: text('unit_code').notNull(),
  unitPriceCents: integer('unit_price_cents').notNull(),
  priceBaseQuantityMilli: integer('price_base_quantity_milli').notNull(),
  netAmountCents: integer('net_amount_cents').notNull(),
  vatCategory: text('vat_category').$type<'S' | 'E'>().notNull(),
  vatRateBp: integer('vat_rate_bp').notNull(),
  contractReference: text('contract_reference'),
  priceTrace: jsonb('price_trace').$type<unknown>(),
});

export const invoiceOrders = pgTable('invoice_orders', {
  invoiceId: uuid('invoice_id').notNull(),
  orderId: uuid('order_id').notNull(),
});

export const apiTokens = pgTable('api_tokens', {
  id: uuid('id').primaryKey().defaultRandom(),
  userId: uuid('user_id').notNull(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull(),
  purpose: text('purpose').$type<'api' | 'sync'>().notNull().default('api'),
  scope: text('scope'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', tz).notNull(),
  lastUsedAt: timestamp('last_used_at', tz),
  revokedAt: timestamp('revoked_at', tz),
});

// Egalim 2 (supabase/migrations/20261122060000_create_egalim.sql).
export const egalimTurnovers = pgTable('egalim_turnovers', {
  organisationId: uuid('organisation_id').notNull(),
  year: integer('year').notNull(),
  egalimCategory: text('egalim_category').notNull(),
  isSiqo: boolean('is_siqo').notNull().default(false),
  turnoverCents: integer('turnover_cents').notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const egalimContractStatus = pgEnum('egalim_contract_status', [
  'draft',
  'proposed',
  'counter_proposed',
  'signed',
]);

export const egalimContracts = pgTable('egalim_contracts', {
  id: uuid('id').primaryKey().defaultRandom(),
  producerId: uuid('producer_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  sequence: integer('sequence').notNull(),
  reference: text('reference').notNull(),
  egalimCategory: text('egalim_category').notNull(),
  isSiqo: boolean('is_siqo').notNull().default(false),
  title: text('title').notNull(),
  status: egalimContractStatus('status').notNull().default('draft'),
  draftTerms: jsonb('draft_terms').$type<unknown>().notNull().default({}),
  currentVersion: integer('current_version').notNull().default(0),
  startOn: date('start_on', { mode: 'string' }),
  endOn: date('end_on', { mode: 'string' }),
  producerSignedAt: timestamp('producer_signed_at', tz),
  producerSignedBy: uuid('producer_signed_by'),
  buyerSignedAt: timestamp('buyer_signed_at', tz),
  buyerSignedBy: uuid('buyer_signed_by'),
  signedAt: timestamp('signed_at', tz),
  noticeGivenOn: date('notice_given_on', { mode: 'string' }),
  noticeBy: text('notice_by').$type<'producer' | 'buyer'>(),
  terminatedOn: date('terminated_on', { mode: 'string' }),
  terminationReason: text('termination_reason'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const egalimContractVersions = pgTable('egalim_contract_versions', {
  contractId: uuid('contract_id').notNull(),
  number: integer('number').notNull(),
  kind: text('kind').$type<'proposal' | 'counter_proposal'>().notNull(),
  authorSide: text('author_side').$type<'producer' | 'buyer'>().notNull(),
  authorUserId: uuid('author_user_id'),
  reason: text('reason'),
  terms: jsonb('terms').$type<unknown>().notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const indicators = pgTable('indicators', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** Null: a shared indicator (interprofession, Idele, FranceAgriMer…). */
  ownerId: uuid('owner_id'),
  code: text('code').notNull(),
  label: text('label').notNull(),
  kind: text('kind').$type<'production_cost' | 'market' | 'quality'>().notNull(),
  unit: text('unit').notNull(),
  source: text('source').notNull().default(''),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const indicatorValues = pgTable('indicator_values', {
  indicatorId: uuid('indicator_id').notNull(),
  valueOn: date('value_on', { mode: 'string' }).notNull(),
  /** numeric(14, 6), read as a decimal string. */
  value: numeric('value').notNull(),
  importedAt: timestamp('imported_at', tz).notNull().defaultNow(),
});

// Live grouped-order sheets (supabase/migrations/20261122070000_create_sheets.sql).
export const sheetStatus = pgEnum('sheet_status', ['open', 'closed']);

export const sheets = pgTable('sheets', {
  id: uuid('id').primaryKey().defaultRandom(),
  groupId: uuid('group_id').notNull(),
  title: text('title').notNull(),
  deadlineAt: timestamp('deadline_at', tz).notNull(),
  status: sheetStatus('status').notNull().default('open'),
  closedAt: timestamp('closed_at', tz),
  closedBy: uuid('closed_by'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const sheetStops = pgTable('sheet_stops', {
  sheetId: uuid('sheet_id').notNull(),
  stopId: uuid('stop_id').notNull(),
});

export const sheetCells = pgTable('sheet_cells', {
  sheetId: uuid('sheet_id').notNull(),
  householdId: uuid('household_id').notNull(),
  productId: uuid('product_id').notNull(),
  offerId: uuid('offer_id').notNull(),
  quantityMilli: integer('quantity_milli').notNull(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({
  dataType: () => 'bytea',
});

/** The Yjs update log (append-only, compacted into one 'compacted' row now and then). */
export const sheetUpdates = pgTable('sheet_updates', {
  sheetId: uuid('sheet_id').notNull(),
  update: bytea('update').notNull(),
  seq: bigint('seq', { mode: 'number' }).generatedAlwaysAsIdentity(),
  kind: text('kind').$type<'edit' | 'rejection' | 'server' | 'compacted'>().notNull(),
  userId: uuid('user_id'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const sheetCellChanges = pgTable('sheet_cell_changes', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  sheetId: uuid('sheet_id').notNull(),
  householdId: uuid('household_id').notNull(),
  productId: uuid('product_id').notNull(),
  userId: uuid('user_id'),
  oldQuantityMilli: integer('old_quantity_milli'),
  newQuantityMilli: integer('new_quantity_milli'),
  changedAt: timestamp('changed_at', tz).notNull().defaultNow(),
});

export * from './schema-milk.ts';
export * from './schema-notifications.ts';
export * from './schema-op.ts';
export * from './schema-payments.ts';
