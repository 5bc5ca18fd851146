import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, organisations, productPriceChanges, products, users } from '#app/db/schema.ts';
import { CATALOGUE_COLUMNS } from '#app/domain/catalogue/csv-columns.ts';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import { type CatalogueCsvMeta, parseCatalogueCsv } from '#app/domain/catalogue/csv-import.ts';
import { catalogueCsvRowLines } from '#app/domain/catalogue/csv-row-lines.ts';
import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { toLookupKey } from '#app/domain/catalogue/lookup-key.ts';
import type { QualityLabel } from '#app/domain/catalogue/quality-labels.ts';
import { findReferenceConflicts } from '#app/domain/catalogue/reference-conflicts.ts';
import type { SaleUnit } from '#app/domain/catalogue/sale-units.ts';
import {
  type ProductDraft,
  ProductDraftSchema,
  toSkuMatchKey,
} from '#app/domain/catalogue/schemas.ts';
import { findVatRegimeErrors, type ProducerVatRegime } from '#app/domain/catalogue/vat-regime.ts';

export type Product = typeof products.$inferSelect;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids come from URLs and forms: a malformed one is a missing row, not a database error. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export type Producer = {
  id: string;
  slug: string;
  name: string;
  vatRegime: ProducerVatRegime;
};

/** A producer by slug or id (CLI `--producer`); null for a missing or non-producer one. */
export async function findProducer(reference: string): Promise<Producer | null> {
  const condition = isUuid(reference)
    ? eq(organisations.id, reference)
    : eq(organisations.slug, reference);
  const [row] = await getDb()
    .select({
      id: organisations.id,
      slug: organisations.slug,
      name: organisations.name,
      vatRegime: organisations.vatRegime,
    })
    .from(organisations)
    .where(and(condition, eq(organisations.kind, 'producer')));
  return row ?? null;
}

export function productToDraft(product: Product): ProductDraft {
  return {
    sku: product.sku,
    name: product.name,
    description: product.description,
    egalimCategory: product.egalimCategory as EgalimCategory,
    isSiqo: product.isSiqo,
    shelf: product.shelf,
    saleUnit: product.saleUnit as SaleUnit,
    isVariableWeight: product.isVariableWeight,
    estimatedWeightGrams: product.estimatedWeightGrams,
    stepMilli: product.stepMilli,
    maxPerHouseholdMilli: product.maxPerHouseholdMilli,
    packMilli: product.packMilli,
    vatRateBp: product.vatRateBp as ProductDraft['vatRateBp'],
    consumerPriceGrossCents: product.consumerPriceGrossCents,
    proPriceNetCents: product.proPriceNetCents,
    labels: product.labels as QualityLabel[],
    isActive: product.isActive,
  };
}

/** The producer's whole catalogue (inactive products too), by shelf then name. */
export async function listProducerProducts(producerId: string): Promise<Product[]> {
  return getDb()
    .select()
    .from(products)
    .where(eq(products.producerId, producerId))
    .orderBy(asc(products.shelf), asc(products.name), asc(products.sku));
}

export async function getProducerProduct(options: {
  producerId: string;
  productId: string;
}): Promise<Product | null> {
  if (!isUuid(options.productId)) {
    return null;
  }
  const [row] = await getDb()
    .select()
    .from(products)
    .where(and(eq(products.id, options.productId), eq(products.producerId, options.producerId)));
  return row ?? null;
}

export type PriceChange = {
  id: number;
  changedAt: Date;
  changedBy: string | null;
  consumerPriceGrossCents: number;
  proPriceNetCents: number | null;
  vatRateBp: number | null;
};

/** Every price or VAT change of a product, newest first (recorded by a database trigger). */
export async function listPriceChanges(productId: string): Promise<PriceChange[]> {
  return getDb()
    .select({
      id: productPriceChanges.id,
      changedAt: productPriceChanges.changedAt,
      changedBy: sql<
        string | null
      >`coalesce(${users.rawUserMetaData}->>'full_name', ${users.email})`,
      consumerPriceGrossCents: productPriceChanges.consumerPriceGrossCents,
      proPriceNetCents: productPriceChanges.proPriceNetCents,
      vatRateBp: productPriceChanges.vatRateBp,
    })
    .from(productPriceChanges)
    .leftJoin(users, eq(users.id, productPriceChanges.changedBy))
    .where(eq(productPriceChanges.productId, productId))
    .orderBy(desc(productPriceChanges.changedAt), desc(productPriceChanges.id));
}

/** One product to write: `productId` null creates it; `line` locates it in the producer's input. */
export type ProductChange = { productId: string | null; draft: ProductDraft; line: number };

export type CatalogueReport = {
  created: number;
  updated: number;
  unchanged: number;
  productIds: string[];
};

export type CatalogueWrite =
  | ({ ok: true } & CatalogueReport)
  | { ok: false; errors: CsvImportError[] };

export type SaveProductsOptions = {
  producer: Producer;
  actorId: string | null;
  changes: readonly ProductChange[];
  /** Audit action recorded with the counts. */
  action: 'catalogue.imported' | 'catalogue.grid_saved' | 'product.created' | 'product.updated';
};

/**
 * Writes products all or nothing, in one transaction with the actor set for the price history
 * trigger. Checks the producer's VAT regime and reference uniqueness first, so every problem
 * comes back row by row in French and nothing is written.
 */
export async function saveProducts(options: SaveProductsOptions): Promise<CatalogueWrite> {
  const { producer, changes } = options;
  // Callers parse their input, but the rules run again here so that a draft built elsewhere
  // (seed, script) gets the French message, not the database's check constraint.
  const draftErrors = findDraftErrors(changes);
  if (draftErrors.length > 0) {
    return { ok: false, errors: draftErrors };
  }
  const regimeErrors = findVatRegimeErrors({
    rows: changes.map((change) => ({ vatRateBp: change.draft.vatRateBp, line: change.line })),
    regime: producer.vatRegime,
    column: 'TVA (%)',
  });
  if (regimeErrors.length > 0) {
    return { ok: false, errors: regimeErrors };
  }
  try {
    return await getDb().transaction((tx) => applyChanges(tx, options));
  } catch (error) {
    if (error instanceof RollbackWithReport) {
      return { ok: false, errors: error.errors };
    }
    if (isUniqueViolation(error)) {
      return { ok: false, errors: [{ line: 1, column: null, value: null, message: SKU_CONFLICT }] };
    }
    throw error;
  }
}

const COLUMN_TITLES = new Map<string, string>(
  CATALOGUE_COLUMNS.map((column) => [column.key, column.header]),
);

function findDraftErrors(changes: readonly ProductChange[]): CsvImportError[] {
  return changes.flatMap((change) => {
    const result = ProductDraftSchema.safeParse(change.draft);
    if (result.success) {
      return [];
    }
    return result.error.issues.map((issue) => ({
      line: change.line,
      column: COLUMN_TITLES.get(String(issue.path[0])) ?? null,
      value: null,
      message: issue.message,
    }));
  });
}

const SKU_CONFLICT =
  'Deux produits porteraient la même référence : enregistrez d’abord l’un, puis l’autre.';

class RollbackWithReport extends Error {
  constructor(readonly errors: CsvImportError[]) {
    super('catalogue write refused');
  }
}

function isUniqueViolation(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } } | null)?.cause;
  return (error as { code?: string } | null)?.code === '23505' || cause?.code === '23505';
}

/** Throws `RollbackWithReport` (rolling the transaction back) when a change is refused. */
async function applyChanges(
  tx: Transaction,
  options: SaveProductsOptions,
): Promise<{ ok: true } & CatalogueReport> {
  const { producer, actorId, changes, action } = options;
  if (actorId !== null) {
    await tx.execute(sql`select set_config('cabas.actor_user_id', ${actorId}, true)`);
  }
  // Two writes to one catalogue run one after the other, never interleaved.
  await tx.execute(
    sql`select 1 from public.organisations where id = ${producer.id} for no key update`,
  );
  const existing = await tx
    .select()
    .from(products)
    .where(eq(products.producerId, producer.id))
    .for('update');
  const byId = new Map(existing.map((product) => [product.id, product]));
  const errors = findReferenceConflicts({
    existing,
    changes: changes.map((change) => ({
      productId: change.productId,
      sku: change.draft.sku,
      line: change.line,
    })),
  });
  if (errors.length > 0) {
    throw new RollbackWithReport(errors);
  }

  let updated = 0;
  let unchanged = 0;
  const productIds: string[] = [];
  const toCreate: ProductChange[] = [];
  for (const change of changes) {
    if (change.productId === null) {
      toCreate.push(change);
      continue;
    }
    const current = byId.get(change.productId)!;
    productIds.push(current.id);
    if (sameDraft(productToDraft(current), change.draft)) {
      unchanged += 1;
      continue;
    }
    await tx
      .update(products)
      .set(change.draft)
      .where(and(eq(products.id, current.id), eq(products.producerId, producer.id)));
    updated += 1;
  }
  if (toCreate.length > 0) {
    const created = await tx
      .insert(products)
      .values(toCreate.map((change) => ({ ...change.draft, producerId: producer.id })))
      .returning({ id: products.id });
    productIds.push(...created.map((row) => row.id));
  }
  const report = { created: toCreate.length, updated, unchanged };
  await tx.insert(auditLog).values({
    actorUserId: actorId,
    organisationId: producer.id,
    action,
    entity: 'catalogue',
    entityId: producer.id,
    data: report,
  });
  return { ok: true, ...report, productIds };
}

function sameDraft(a: ProductDraft, b: ProductDraft): boolean {
  return JSON.stringify(a) === JSON.stringify(normaliseDraftOrder(b, a));
}

/** Same keys in the same order as `reference`, so JSON comparison means field equality. */
function normaliseDraftOrder(draft: ProductDraft, reference: ProductDraft): ProductDraft {
  return Object.fromEntries(
    Object.keys(reference).map((key) => [key, draft[key as keyof ProductDraft]]),
  ) as ProductDraft;
}

export type CatalogueImport =
  | ({ ok: true; meta: CatalogueCsvMeta } & CatalogueReport)
  | { ok: false; errors: CsvImportError[]; meta: CatalogueCsvMeta | null };

/**
 * A catalogue CSV, all or nothing: rows are matched to existing products by reference
 * (case-insensitive, `toSkuMatchKey`) and updated, the others created, in one transaction.
 */
export async function importCatalogueCsv(options: {
  producer: Producer;
  actorId: string | null;
  bytes: Uint8Array;
}): Promise<CatalogueImport> {
  const parsed = parseCatalogueCsv(options.bytes);
  if (!parsed.ok) {
    return parsed;
  }
  const lines = catalogueCsvRowLines(options.bytes);
  const existing = await getDb()
    .select({ id: products.id, sku: products.sku, packMilli: products.packMilli })
    .from(products)
    .where(eq(products.producerId, options.producer.id));
  const byKey = new Map(existing.map((product) => [toSkuMatchKey(product.sku), product]));
  // Files saved before pack sizes existed have no « Colis » column: re-importing one (to
  // update prices) keeps the packs set since, instead of selling every product loose.
  const keepsPacks = !parsed.columns.includes('packMilli');
  const changes = parsed.rows.map((draft, index) => {
    const current = byKey.get(toSkuMatchKey(draft.sku));
    return {
      productId: current?.id ?? null,
      draft: keepsPacks && current ? { ...draft, packMilli: current.packMilli } : draft,
      line: lines[index] ?? index + 2,
    };
  });
  const written = await saveProducts({
    producer: options.producer,
    actorId: options.actorId,
    changes,
    action: 'catalogue.imported',
  });
  return written.ok
    ? { ...written, meta: parsed.meta }
    : { ok: false, errors: written.errors, meta: parsed.meta };
}

/** Records where a product's photo is stored (key of the `PhotoStorage`), or removes it. */
export async function setProductPhoto(options: {
  producerId: string;
  productId: string;
  photoPath: string | null;
}): Promise<string | null> {
  const [before] = await getDb()
    .select({ photoPath: products.photoPath })
    .from(products)
    .where(and(eq(products.id, options.productId), eq(products.producerId, options.producerId)));
  await getDb()
    .update(products)
    .set({ photoPath: options.photoPath })
    .where(and(eq(products.id, options.productId), eq(products.producerId, options.producerId)));
  return before?.photoPath ?? null;
}

/** What anyone may see of a product: never the professional price. */
export type PublicProduct = {
  id: string;
  name: string;
  description: string;
  shelf: string;
  egalimCategory: EgalimCategory;
  saleUnit: SaleUnit;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  stepMilli: number;
  maxPerHouseholdMilli: number | null;
  /** Pack the households of a group fill together; null when sold loose. */
  packMilli: number | null;
  vatRateBp: number | null;
  consumerPriceGrossCents: number;
  labels: QualityLabel[];
  photoPath: string | null;
};

const PUBLIC_COLUMNS = sql`p.id, p.name, p.description, p.shelf,
  p.egalim_category as "egalimCategory", p.sale_unit as "saleUnit",
  p.is_variable_weight as "isVariableWeight", p.estimated_weight_grams as "estimatedWeightGrams",
  p.step_milli as "stepMilli", p.max_per_household_milli as "maxPerHouseholdMilli",
  p.pack_milli as "packMilli",
  p.vat_rate_bp as "vatRateBp", p.consumer_price_gross_cents as "consumerPriceGrossCents",
  p.labels, p.photo_path as "photoPath"`;

export type PublicCatalogue = {
  producer: { id: string; slug: string; name: string; city: string | null };
  products: PublicProduct[];
};

/** A producer's public page: its active products, by shelf then name. One query. */
export async function getPublicCatalogue(slug: string): Promise<PublicCatalogue | null> {
  const rows = await getDb().execute<
    PublicProduct & { producerId: string; producerName: string; city: string | null }
  >(sql`
    select o.id as "producerId", o.name as "producerName", o.city, ${PUBLIC_COLUMNS}
    from public.organisations o
    left join public.products p on p.producer_id = o.id and p.is_active
    where o.slug = ${slug} and o.kind = 'producer'
    order by p.shelf, p.name, p.id`);
  const first = rows[0];
  if (first === undefined) {
    return null;
  }
  return {
    producer: { id: first.producerId, slug, name: first.producerName, city: first.city },
    products: rows.filter((row) => row.id !== null).map(toPublicProduct),
  };
}

function toPublicProduct(row: PublicProduct): PublicProduct {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    shelf: row.shelf,
    egalimCategory: row.egalimCategory,
    saleUnit: row.saleUnit,
    isVariableWeight: row.isVariableWeight,
    estimatedWeightGrams: row.estimatedWeightGrams,
    stepMilli: row.stepMilli,
    maxPerHouseholdMilli: row.maxPerHouseholdMilli,
    packMilli: row.packMilli,
    vatRateBp: row.vatRateBp,
    consumerPriceGrossCents: row.consumerPriceGrossCents,
    labels: row.labels,
    photoPath: row.photoPath,
  };
}

export type BrowseOptions = {
  query: string;
  category: EgalimCategory | null;
  label: QualityLabel | null;
  page: number;
  pageSize: number;
};

export type BrowsedProduct = PublicProduct & { producerSlug: string; producerName: string };

/** Same folding as the generated `products.search_text` column (accents, case, œ/æ). */
export function toSearchWords(query: string): string[] {
  return toLookupKey(query)
    .split(' ')
    .filter((word) => word.length > 0)
    .slice(0, 8);
}

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/**
 * Active products across producers, filtered, by name: one page and the total count in one
 * query (a window count), so the browse page costs one round trip.
 */
export async function browsePublicProducts(
  options: BrowseOptions,
): Promise<{ products: BrowsedProduct[]; total: number }> {
  const conditions = [sql`p.is_active`, sql`o.kind = 'producer'`];
  for (const word of toSearchWords(options.query)) {
    conditions.push(sql`p.search_text like ${likePattern(word)}`);
  }
  if (options.category !== null) {
    conditions.push(sql`p.egalim_category = ${options.category}`);
  }
  if (options.label !== null) {
    conditions.push(sql`p.labels @> array[${options.label}]::text[]`);
  }
  const offset = (options.page - 1) * options.pageSize;
  const rows = await getDb().execute<BrowsedProduct & { total: number }>(sql`
    select ${PUBLIC_COLUMNS}, o.slug as "producerSlug", o.name as "producerName",
      (count(*) over ())::int as total
    from public.products p join public.organisations o on o.id = p.producer_id
    where ${sql.join(conditions, sql` and `)}
    order by p.name, o.name, p.id
    limit ${options.pageSize} offset ${offset}`);
  return {
    products: rows.map((row) => ({
      ...toPublicProduct(row),
      producerSlug: row.producerSlug,
      producerName: row.producerName,
    })),
    total: rows[0]?.total ?? 0,
  };
}
