// Typed mirror of the producer-organisation migrations (supabase/migrations/2026120202*.sql):
// billing mandates, member registry, framework agreements, deliveries recorded by the OP.
import {
  bigint,
  boolean,
  date,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

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

export const opMembers = pgTable('op_members', {
  id: uuid('id').primaryKey().defaultRandom(),
  opId: uuid('op_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  memberNumber: text('member_number').notNull(),
  joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  leftOn: date('left_on', { mode: 'string' }),
  transferOfOwnership: boolean('transfer_of_ownership').notNull().default(false),
  notes: text('notes').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const opMemberHerds = pgTable('op_member_herds', {
  memberId: uuid('member_id').notNull(),
  species: text('species').notNull(),
  headCount: integer('head_count').notNull(),
  breed: text('breed').notNull().default(''),
  recordedOn: date('recorded_on', { mode: 'string' }).notNull(),
});

export const opMemberCertifications = pgTable('op_member_certifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  memberId: uuid('member_id').notNull(),
  label: text('label').notNull(),
  title: text('title').notNull(),
  certifier: text('certifier').notNull().default(''),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  validUntil: date('valid_until', { mode: 'string' }),
});

export const opMemberVolumes = pgTable('op_member_volumes', {
  memberId: uuid('member_id').notNull(),
  year: integer('year').notNull(),
  egalimCategory: text('egalim_category').notNull(),
  quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
  unit: text('unit').notNull(),
});

export const opMemberRequests = pgTable('op_member_requests', {
  id: uuid('id').primaryKey().defaultRandom(),
  opId: uuid('op_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  memberId: uuid('member_id'),
  kind: text('kind').notNull(),
  subject: text('subject').notNull(),
  body: text('body').notNull().default(''),
  status: text('status').notNull().default('open'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const opMemberRequestEvents = pgTable('op_member_request_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  requestId: uuid('request_id').notNull(),
  at: timestamp('at', tz).notNull().defaultNow(),
  actorUserId: uuid('actor_user_id'),
  actorSide: text('actor_side').$type<'op' | 'member'>().notNull(),
  fromStatus: text('from_status'),
  toStatus: text('to_status').notNull(),
  comment: text('comment').notNull().default(''),
});

export const frameworkAgreements = pgTable('framework_agreements', {
  id: uuid('id').primaryKey().defaultRandom(),
  opId: uuid('op_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  sequence: integer('sequence').notNull(),
  reference: text('reference').notNull(),
  egalimCategory: text('egalim_category').notNull(),
  title: text('title').notNull(),
  status: text('status')
    .$type<'draft' | 'proposed' | 'counter_proposed' | 'signed'>()
    .notNull()
    .default('draft'),
  draftTerms: jsonb('draft_terms').$type<unknown>().notNull().default({}),
  currentVersion: integer('current_version').notNull().default(0),
  startOn: date('start_on', { mode: 'string' }),
  endOn: date('end_on', { mode: 'string' }),
  opSignedAt: timestamp('op_signed_at', tz),
  opSignedBy: uuid('op_signed_by'),
  buyerSignedAt: timestamp('buyer_signed_at', tz),
  buyerSignedBy: uuid('buyer_signed_by'),
  signedAt: timestamp('signed_at', tz),
  noticeGivenOn: date('notice_given_on', { mode: 'string' }),
  noticeBy: text('notice_by').$type<'op' | 'buyer'>(),
  terminatedOn: date('terminated_on', { mode: 'string' }),
  terminatedBy: text('terminated_by').$type<'op' | 'buyer'>(),
  terminationReason: text('termination_reason'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const frameworkAgreementVersions = pgTable('framework_agreement_versions', {
  agreementId: uuid('agreement_id').notNull(),
  number: integer('number').notNull(),
  kind: text('kind').$type<'proposal' | 'counter_proposal'>().notNull(),
  authorSide: text('author_side').$type<'op' | 'buyer'>().notNull(),
  authorUserId: uuid('author_user_id'),
  reason: text('reason'),
  terms: jsonb('terms').$type<unknown>().notNull(),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const frameworkAgreementSplits = pgTable('framework_agreement_splits', {
  agreementId: uuid('agreement_id').notNull(),
  memberId: uuid('member_id').notNull(),
  quantityMilli: bigint('quantity_milli', { mode: 'number' }).notNull(),
  referenceMilli: bigint('reference_milli', { mode: 'number' }).notNull(),
  updatedBy: uuid('updated_by'),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const opDeliveries = pgTable('op_deliveries', {
  id: uuid('id').primaryKey().defaultRandom(),
  opId: uuid('op_id').notNull(),
  memberId: uuid('member_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  agreementId: uuid('agreement_id').notNull(),
  deliveredOn: date('delivered_on', { mode: 'string' }).notNull(),
  productLabel: text('product_label').notNull(),
  egalimCategory: text('egalim_category').notNull(),
  unitCode: text('unit_code').$type<'LTR' | 'KGM' | 'TNE' | 'C62'>().notNull(),
  quantityMilli: integer('quantity_milli').notNull(),
  unitPriceCents: integer('unit_price_cents').notNull(),
  priceBaseQuantityMilli: integer('price_base_quantity_milli').notNull(),
  vatRateBp: integer('vat_rate_bp').notNull(),
  priceSource: text('price_source').$type<'agreement' | 'manual'>().notNull(),
  priceReason: text('price_reason'),
  priceTrace: jsonb('price_trace').$type<unknown[]>().notNull().default([]),
  invoiceId: uuid('invoice_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const opInvoices = pgTable('op_invoices', {
  invoiceId: uuid('invoice_id').primaryKey(),
  opId: uuid('op_id').notNull(),
  mandateId: uuid('mandate_id').notNull(),
  memberId: uuid('member_id').notNull(),
  buyerId: uuid('buyer_id').notNull(),
  issuedBy: uuid('issued_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export type OpInvoiceEventKind = 'accepted' | 'contested' | 'contest_rejected' | 'corrected';

export const opInvoiceEvents = pgTable('op_invoice_events', {
  id: uuid('id').primaryKey().defaultRandom(),
  invoiceId: uuid('invoice_id').notNull(),
  sequence: integer('sequence').notNull(),
  kind: text('kind').$type<OpInvoiceEventKind>().notNull(),
  occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
  reason: text('reason'),
  creditNoteId: uuid('credit_note_id'),
  replacementInvoiceId: uuid('replacement_invoice_id'),
  actorUserId: uuid('actor_user_id'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const opDeliveryCorrections = pgTable('op_delivery_corrections', {
  eventId: uuid('event_id').notNull(),
  deliveryId: uuid('delivery_id').notNull(),
  replacementInvoiceId: uuid('replacement_invoice_id'),
  lineId: text('line_id'),
  quantityMilli: integer('quantity_milli').notNull(),
  unitPriceCents: integer('unit_price_cents').notNull(),
  priceTrace: jsonb('price_trace').$type<unknown[]>().notNull().default([]),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});
