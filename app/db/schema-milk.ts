// Typed mirror of supabase/migrations/20261202030000_create_milk.sql (milk pay).
import { date, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

const tz = { withTimezone: true, mode: 'date' } as const;

export const milkSuppliers = pgTable('milk_suppliers', {
  dairyId: uuid('dairy_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  supplierCode: text('supplier_code').notNull(),
  sinceOn: date('since_on', { mode: 'string' }).notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const milkGrids = pgTable('milk_grids', {
  id: uuid('id').primaryKey().defaultRandom(),
  dairyId: uuid('dairy_id').notNull(),
  validFrom: date('valid_from', { mode: 'string' }).notNull(),
  version: integer('version').notNull(),
  grid: jsonb('grid').notNull(),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
});

export const milkCollections = pgTable('milk_collections', {
  id: uuid('id').primaryKey().defaultRandom(),
  dairyId: uuid('dairy_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  collectedOn: date('collected_on', { mode: 'string' }).notNull(),
  tour: text('tour').notNull().default(''),
  tank: text('tank').notNull().default(''),
  litres: integer('litres').notNull(),
  source: text('source').$type<'manual' | 'csv'>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const milkAnalyses = pgTable('milk_analyses', {
  id: uuid('id').primaryKey().defaultRandom(),
  dairyId: uuid('dairy_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  sampledOn: date('sampled_on', { mode: 'string' }).notNull(),
  sampleRef: text('sample_ref').notNull().default(''),
  fatMgPerL: integer('fat_mg_per_l'),
  proteinMgPerL: integer('protein_mg_per_l'),
  germsPerMl: integer('germs_per_ml'),
  cellsPerMl: integer('cells_per_ml'),
  freezingPointMilliC: integer('freezing_point_milli_c'),
  antibiotics: text('antibiotics').$type<'negative' | 'positive'>(),
  butyricSporesPerL: integer('butyric_spores_per_l'),
  source: text('source').$type<'manual' | 'csv'>().notNull(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', tz).notNull().defaultNow(),
});

export const milkPayStatements = pgTable('milk_pay_statements', {
  id: uuid('id').primaryKey().defaultRandom(),
  dairyId: uuid('dairy_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  month: date('month', { mode: 'string' }).notNull(),
  revision: integer('revision').notNull(),
  invoiceId: uuid('invoice_id').notNull(),
  mandateId: uuid('mandate_id').notNull(),
  gridId: uuid('grid_id').notNull(),
  litres: integer('litres').notNull(),
  priceMilliEurPer1000L: integer('price_milli_eur_per_1000_l').notNull(),
  fatTenths: integer('fat_tenths').notNull(),
  proteinTenths: integer('protein_tenths').notNull(),
  netCents: integer('net_cents').notNull(),
  vatCents: integer('vat_cents').notNull(),
  flatRateRefundCents: integer('flat_rate_refund_cents'),
  statement: jsonb('statement').notNull(),
  issuedBy: uuid('issued_by'),
  issuedAt: timestamp('issued_at', tz).notNull().defaultNow(),
});

export const milkInvoiceContests = pgTable('milk_invoice_contests', {
  id: uuid('id').primaryKey().defaultRandom(),
  statementId: uuid('statement_id').notNull(),
  dairyId: uuid('dairy_id').notNull(),
  producerId: uuid('producer_id').notNull(),
  contestedOn: date('contested_on', { mode: 'string' }).notNull(),
  reason: text('reason').notNull(),
  contestedBy: uuid('contested_by'),
  createdAt: timestamp('created_at', tz).notNull().defaultNow(),
  status: text('status').$type<'open' | 'corrected' | 'rejected'>().notNull().default('open'),
  resolvedAt: timestamp('resolved_at', tz),
  resolvedBy: uuid('resolved_by'),
  creditNoteId: uuid('credit_note_id'),
  replacementStatementId: uuid('replacement_statement_id'),
  rejectionReason: text('rejection_reason'),
});
