import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { M1_DAIRY_GRID } from '#app/domain/milk/dairy-grid.ts';
import { saveMilkGrid } from '#app/models/milk-grid.server.ts';
import { importMilkCsv } from '#app/models/milk-record.server.ts';
import { addMilkSupplier } from '#app/models/milk-supplier.server.ts';
import { createSignedMilkMandate } from '#app/seed/demo-milk.server.ts';
import { makeOrganisation, makeUser } from '#test/factories/index.ts';
import { LEGAL, makeSeller } from '#test/factories/invoicing.ts';

/** A dairy with the identity of a real buyer (SIREN passing the Luhn check). */
const DAIRY_IDENTITY = {
  legalName: 'SAS Laiterie du Bocage',
  siren: '900000043',
  siret: '90000004300019',
  vatNumber: 'FR00900000043',
  addressLine1: 'ZA du Lait',
  postalCode: '35510',
  city: 'Cesson-Sévigné',
};

async function slugOf(id: string): Promise<string> {
  const [row] = await getDb()
    .select({ slug: organisations.slug })
    .from(organisations)
    .where(eq(organisations.id, id));
  return row!.slug;
}

/** A signed billing mandate from the producer to the dairy for its milk, from 2 January 2026. */
export function giveMilkMandate(options: {
  producerId: string;
  dairyId: string;
  startOn?: string;
  contestDays?: number;
}) {
  return createSignedMilkMandate({
    producerId: options.producerId,
    dairyId: options.dairyId,
    startOn: options.startOn ?? '2026-01-02',
    contestDays: options.contestDays ?? 15,
  });
}

/** Every other day of August 2026 for `litres` each; M1 is 15 × 2 000 L = 30 000 L. */
export function augustCollectionsCsv(codes: readonly string[], litres = 2000): string {
  const rows = codes.flatMap((code) =>
    Array.from(
      { length: 15 },
      (_, i) => `${code};${String(1 + 2 * i).padStart(2, '0')}/08/2026;T1;${litres}`,
    ),
  );
  return ['producteur;date;tournée;litres', ...rows].join('\r\n');
}

/** Weekly lab results of vector M1: 42,0 g/L fat, 34,0 g/L protein, 60 000 germs. */
export function augustAnalysesCsv(codes: readonly string[], fat = '42,0'): string {
  const rows = codes.flatMap((code) =>
    ['04', '11', '18', '25'].map(
      (day, i) =>
        `${code};${day}/08/2026;${code}-${i + 1};${fat};34,0;60 000;200 000;-0,522;négatif`,
    ),
  );
  return [
    'producteur;date;échantillon;MG;MP;germes;cellules;point de congélation;antibiotiques',
    ...rows,
  ].join('\n');
}

export const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * A dairy collecting a VAT-liable farm (P001) and a flat-rate farm (P002), with the M1 grid
 * from January 2026 and, unless `withMandates` is false, both farms' billing mandates.
 */
export async function makeMilkSetup(
  options: { withMandates?: boolean; withAugust?: boolean } = {},
) {
  const dairyOwner = await makeUser();
  const { organisation: dairy } = await makeOrganisation({
    kind: 'buyer',
    owner: dairyOwner,
    name: 'Laiterie du Bocage',
  });
  await getDb().update(organisations).set(DAIRY_IDENTITY).where(eq(organisations.id, dairy.id));
  const liable = await makeSeller({ vatRegime: 'liable' });
  const flat = await makeSeller({ vatRegime: 'flat_rate' });
  for (const [producer, code] of [
    [liable, 'P001'],
    [flat, 'P002'],
  ] as const) {
    const added = await addMilkSupplier({
      dairyId: dairy.id,
      producerSlug: await slugOf(producer.producerId),
      supplierCode: code,
      sinceOn: '2026-01-01',
      actorId: null,
    });
    if (!added.ok) {
      throw new Error(added.message);
    }
  }
  const grid = await saveMilkGrid({
    dairyId: dairy.id,
    validFromMonth: '2026-01',
    grid: M1_DAIRY_GRID,
    note: 'Grille M1',
    actorId: null,
  });
  if (!grid.ok) {
    throw new Error(grid.message);
  }
  if (options.withMandates !== false) {
    await giveMilkMandate({ producerId: liable.producerId, dairyId: dairy.id });
    await giveMilkMandate({ producerId: flat.producerId, dairyId: dairy.id });
  }
  if (options.withAugust !== false) {
    for (const [kind, text] of [
      ['collections', augustCollectionsCsv(['P001', 'P002'])],
      ['analyses', augustAnalysesCsv(['P001', 'P002'])],
    ] as const) {
      const imported = await importMilkCsv({
        dairyId: dairy.id,
        kind,
        bytes: bytes(text),
        today: '2026-08-31',
        actorId: null,
      });
      if (!imported.ok) {
        throw new Error(JSON.stringify(imported.errors));
      }
    }
  }
  return {
    dairy: { id: dairy.id, slug: dairy.slug, owner: dairyOwner },
    liable: { ...liable, slug: await slugOf(liable.producerId), legal: LEGAL.ferme },
    flat: { ...flat, slug: await slugOf(flat.producerId), legal: LEGAL.forfait },
  };
}
