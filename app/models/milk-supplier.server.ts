import { and, asc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { type Database, getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, milkSuppliers, organisations } from '#app/db/schema.ts';
import { isIsoDate } from '#app/domain/invoicing/calendar-days.ts';
import type { SupplierRef } from '#app/domain/milk/milk-csv.ts';

type Executor = Database | Transaction;

/** A farm a dairy collects (docs/decisions/014-milk-pay.md). */
export type MilkSupplier = {
  dairyId: string;
  dairyName: string;
  dairySlug: string;
  producerId: string;
  producerName: string;
  producerSlug: string;
  siret: string | null;
  vatRegime: 'liable' | 'flat_rate' | 'franchise' | null;
  supplierCode: string;
  sinceOn: string;
};

const SUPPLIER_CODE = /^[A-Za-z0-9._/-]{1,20}$/;

const dairies = alias(organisations, 'dairy');

function supplierQuery(executor: Executor) {
  return executor
    .select({
      dairyId: milkSuppliers.dairyId,
      dairyName: dairies.name,
      dairySlug: dairies.slug,
      producerId: milkSuppliers.producerId,
      producerName: organisations.name,
      producerSlug: organisations.slug,
      siret: organisations.siret,
      vatRegime: organisations.vatRegime,
      supplierCode: milkSuppliers.supplierCode,
      sinceOn: milkSuppliers.sinceOn,
    })
    .from(milkSuppliers)
    .innerJoin(organisations, eq(organisations.id, milkSuppliers.producerId))
    .innerJoin(dairies, eq(dairies.id, milkSuppliers.dairyId));
}

/** The farms a dairy collects, by supplier number. */
export async function listMilkSuppliers(
  options: { dairyId: string },
  executor: Executor = getDb(),
): Promise<MilkSupplier[]> {
  return supplierQuery(executor)
    .where(eq(milkSuppliers.dairyId, options.dairyId))
    .orderBy(asc(milkSuppliers.supplierCode));
}

/** The dairies a producer delivers milk to. */
export async function listMilkDairiesOfProducer(options: {
  producerId: string;
}): Promise<MilkSupplier[]> {
  return supplierQuery(getDb())
    .where(eq(milkSuppliers.producerId, options.producerId))
    .orderBy(asc(milkSuppliers.sinceOn));
}

/** One supplier of the dairy; null when the dairy does not collect that producer. */
export async function getMilkSupplier(
  options: { dairyId: string; producerId: string },
  executor: Executor = getDb(),
): Promise<MilkSupplier | null> {
  const [row] = await supplierQuery(executor).where(
    and(
      eq(milkSuppliers.dairyId, options.dairyId),
      eq(milkSuppliers.producerId, options.producerId),
    ),
  );
  return row ?? null;
}

/** Whether the organisation delivers milk to a dairy (its « Lait » tab). */
export async function isMilkProducer(producerId: string): Promise<boolean> {
  const [row] = await getDb()
    .select({ dairyId: milkSuppliers.dairyId })
    .from(milkSuppliers)
    .where(eq(milkSuppliers.producerId, producerId))
    .limit(1);
  return row !== undefined;
}

/** Whether a buyer collects milk: it has a supplier or a price grid (its « Lait » tab shows). */
export async function collectsMilk(buyerId: string): Promise<boolean> {
  const [row] = await getDb().execute<{ collects: boolean }>(sql`
    select exists (select 1 from milk_suppliers where dairy_id = ${buyerId})
        or exists (select 1 from milk_grids where dairy_id = ${buyerId}) as collects`);
  return row?.collects === true;
}

/** How CSV rows name the dairy's suppliers. */
export async function listSupplierRefs(
  dairyId: string,
  executor: Executor = getDb(),
): Promise<SupplierRef[]> {
  const suppliers = await listMilkSuppliers({ dairyId }, executor);
  return suppliers.map((s) => ({
    producerId: s.producerId,
    code: s.supplierCode,
    siret: s.siret,
    slug: s.producerSlug,
    name: s.producerName,
  }));
}

export type AddSupplierResult = { ok: true; producerName: string } | { ok: false; message: string };

/**
 * The dairy starts collecting a producer (found by its Cabas address) under its supplier
 * number. The producer sees the dairy's collections and analyses from then on.
 */
export async function addMilkSupplier(options: {
  dairyId: string;
  producerSlug: string;
  supplierCode: string;
  sinceOn: string;
  actorId: string | null;
}): Promise<AddSupplierResult> {
  const code = options.supplierCode.trim();
  if (!SUPPLIER_CODE.test(code)) {
    return {
      ok: false,
      message:
        'Numéro de fournisseur : 1 à 20 lettres, chiffres, points, tirets ou barres obliques.',
    };
  }
  if (!isIsoDate(options.sinceOn)) {
    return { ok: false, message: 'Date de début de collecte invalide (AAAA-MM-JJ).' };
  }
  const slug = options.producerSlug
    .trim()
    .replace(/^.*\/o\//, '')
    .replace(/\/.*$/, '');
  return getDb().transaction(async (tx) => {
    const [producer] = await tx
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(eq(organisations.slug, slug));
    if (producer?.kind !== 'producer') {
      return {
        ok: false as const,
        message: `Aucun producteur à l’adresse « ${slug} » : demandez au producteur l’adresse de sa page Cabas (/o/…).`,
      };
    }
    const existing = await tx
      .select({ producerId: milkSuppliers.producerId, code: milkSuppliers.supplierCode })
      .from(milkSuppliers)
      .where(eq(milkSuppliers.dairyId, options.dairyId));
    if (existing.some((row) => row.producerId === producer.id)) {
      return { ok: false as const, message: `${producer.name} est déjà un de vos fournisseurs.` };
    }
    if (existing.some((row) => row.code.toLowerCase() === code.toLowerCase())) {
      return {
        ok: false as const,
        message: `Le numéro de fournisseur « ${code} » est déjà attribué.`,
      };
    }
    await tx.insert(milkSuppliers).values({
      dairyId: options.dairyId,
      producerId: producer.id,
      supplierCode: code,
      sinceOn: options.sinceOn,
      createdBy: options.actorId,
    });
    await tx.insert(auditLog).values({
      actorUserId: options.actorId,
      organisationId: options.dairyId,
      action: 'milk_supplier.added',
      entity: 'organisation',
      entityId: producer.id,
      data: { supplierCode: code, sinceOn: options.sinceOn },
    });
    return { ok: true as const, producerName: producer.name };
  });
}
