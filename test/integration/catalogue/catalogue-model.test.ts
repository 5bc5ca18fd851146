import { readFileSync } from 'node:fs';
import { count, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#app/db/client.server.ts';
import { productPriceChanges, products } from '#app/db/schema.ts';
import { makeProductDraft } from '#app/domain/catalogue/make-product-draft.ts';
import {
  browsePublicProducts,
  getProducerProduct,
  getPublicCatalogue,
  importCatalogueCsv,
  listPriceChanges,
  listProducerProducts,
  productToDraft,
  saveProducts,
} from '#app/models/catalogue.server.ts';
import { makeProducer, makeProducts } from '#test/factories/catalogue.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/catalogue/${name}`, import.meta.url)));

async function productCount(producerId: string): Promise<number> {
  const [row] = await getDb()
    .select({ n: count() })
    .from(products)
    .where(eq(products.producerId, producerId));
  return row?.n ?? 0;
}

describe('importCatalogueCsv', () => {
  it('importe l’export LibreOffice (Windows-1252, ;, virgule), puis le réimport ne change rien', async () => {
    const { producer, owner } = await makeProducer();
    const bytes = fixture('libreoffice-fr-200.csv');
    const first = await importCatalogueCsv({ producer, actorId: owner.id, bytes });
    expect(first).toMatchObject({ ok: true, created: 200, updated: 0, unchanged: 0 });
    expect(first.ok && first.meta).toEqual({
      encoding: 'windows-1252',
      separator: ';',
      bom: false,
    });
    expect(await productCount(producer.id)).toBe(200);

    const carrots = (await listProducerProducts(producer.id)).find((p) => p.sku === 'CAR-A')!;
    expect(carrots).toMatchObject({
      name: 'Carottes des sables',
      consumerPriceGrossCents: 240,
      proPriceNetCents: 192,
      stepMilli: 500,
      vatRateBp: 550,
    });
    const history = await listPriceChanges(carrots.id);
    expect(history).toHaveLength(1);
    expect(history[0]!.changedBy).toBe(owner.fullName);

    const again = await importCatalogueCsv({ producer, actorId: owner.id, bytes });
    expect(again).toMatchObject({ ok: true, created: 0, updated: 0, unchanged: 200 });
    expect(await listPriceChanges(carrots.id)).toHaveLength(1);
  });

  it('met à jour par référence sans tenir compte de la casse et garde l’historique des prix', async () => {
    const { producer, owner } = await makeProducer();
    await makeProducts(producer, [{ sku: 'car-a', consumerPriceGrossCents: 200 }]);
    const csv = [
      'Référence;Nom;Unité;TVA;Prix consommateur TTC (€);Pas',
      'CAR-A;Carottes nouvelles;kg;5,5 %;2,60;0,5',
      'NAV-1;Navets;botte;5,5;2;1',
    ].join('\r\n');
    const result = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: new TextEncoder().encode(csv),
    });
    expect(result).toMatchObject({ ok: true, created: 1, updated: 1, unchanged: 0 });
    const list = await listProducerProducts(producer.id);
    expect(list.map((p) => p.sku).sort()).toEqual(['CAR-A', 'NAV-1']);
    const carrots = list.find((p) => p.sku === 'CAR-A')!;
    const history = await listPriceChanges(carrots.id);
    expect(history.map((h) => h.consumerPriceGrossCents)).toEqual([260, 200]);
    expect(history[0]!.changedBy).toBe(owner.fullName);
    expect(history[1]!.changedBy).toBeNull();
  });

  it('un fichier avec des erreurs ne change rien et les décrit ligne par ligne', async () => {
    const { producer, owner } = await makeProducer();
    await makeProducts(producer, [{ sku: 'CAR-A', consumerPriceGrossCents: 999 }]);
    const result = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: fixture('libreoffice-fr-broken.csv'),
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.line)).toContain(3);
    expect(errors.find((e) => e.line === 3)).toMatchObject({
      column: 'Prix consommateur TTC',
      message: expect.stringContaining('négative'),
    });
    expect(await productCount(producer.id)).toBe(1);
    const [carrots] = await listProducerProducts(producer.id);
    expect(carrots!.consumerPriceGrossCents).toBe(999);
  });

  it('refuse un taux de TVA chez un producteur au remboursement forfaitaire, ligne par ligne', async () => {
    const { producer, owner } = await makeProducer({ vatRegime: 'flat_rate' });
    const result = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: fixture('libreoffice-fr-200.csv'),
    });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors).toHaveLength(200);
    expect(errors[0]).toMatchObject({
      line: 2,
      column: 'TVA (%)',
      message: expect.stringContaining('remboursement forfaitaire'),
    });
    expect(await productCount(producer.id)).toBe(0);

    const flat = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: fixture('utf8-bom-comma.csv'),
    });
    expect(flat).toMatchObject({ ok: true, created: 5, meta: { encoding: 'utf-8', bom: true } });
  });
});

describe('saveProducts', () => {
  it('refuse une référence déjà prise par un autre produit, sans rien écrire', async () => {
    const { producer, owner } = await makeProducer();
    const [eggs, honey] = await makeProducts(producer, [
      { sku: 'OEUF-6', name: 'Œufs' },
      { sku: 'MIEL', name: 'Miel' },
    ]);
    const result = await saveProducts({
      producer,
      actorId: owner.id,
      action: 'catalogue.grid_saved',
      changes: [
        { productId: eggs!, line: 1, draft: makeProductDraft({ sku: 'miel', name: 'Œufs' }) },
        { productId: honey!, line: 2, draft: makeProductDraft({ sku: 'MIEL', name: 'Miel bio' }) },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 1,
          column: 'Référence',
          value: 'miel',
          message: 'Référence « miel » déjà utilisée par « Miel ».',
        },
      ],
    });
    const list = await listProducerProducts(producer.id);
    expect(list.map((p) => p.name).sort()).toEqual(['Miel', 'Œufs']);
  });

  it('refuse un produit d’un autre producteur comme s’il n’existait pas', async () => {
    const { producer: mine, owner } = await makeProducer();
    const { producer: other } = await makeProducer();
    const [foreign] = await makeProducts(other, [{ name: 'Pas à moi' }]);
    const result = await saveProducts({
      producer: mine,
      actorId: owner.id,
      action: 'catalogue.grid_saved',
      changes: [{ productId: foreign!, line: 4, draft: makeProductDraft() }],
    });
    expect(result.ok).toBe(false);
    expect(result.ok ? null : result.errors[0]?.line).toBe(4);
    expect(await getProducerProduct({ producerId: mine.id, productId: foreign! })).toBeNull();
    expect(await getProducerProduct({ producerId: mine.id, productId: 'pas-un-uuid' })).toBeNull();
    const [row] = await getDb().select().from(products).where(eq(products.id, foreign!));
    expect(productToDraft(row!).name).toBe('Pas à moi');
  });

  it('n’écrit l’historique des prix que lorsque le prix ou la TVA change', async () => {
    const { producer, owner } = await makeProducer();
    const [id] = await makeProducts(producer, [{ sku: 'X-1' }]);
    const save = (draft: Parameters<typeof makeProductDraft>[0]) =>
      saveProducts({
        producer,
        actorId: owner.id,
        action: 'product.updated',
        changes: [{ productId: id!, line: 1, draft: makeProductDraft({ sku: 'X-1', ...draft }) }],
      });
    expect(await save({ name: 'Autre nom' })).toMatchObject({ ok: true, updated: 1 });
    expect(await save({ name: 'Autre nom', proPriceNetCents: 400 })).toMatchObject({ updated: 1 });
    const rows = await getDb()
      .select()
      .from(productPriceChanges)
      .where(eq(productPriceChanges.productId, id!));
    expect(rows).toHaveLength(2);
  });
});

describe('catalogue public', () => {
  it('la page d’un producteur montre ses produits actifs, jamais le prix pro', async () => {
    const { producer } = await makeProducer();
    await makeProducts(producer, [
      { name: 'Carottes', shelf: 'Légumes' },
      { name: 'Caché', isActive: false },
    ]);
    const catalogue = await getPublicCatalogue(producer.slug);
    expect(catalogue?.producer.name).toBe(producer.name);
    expect(catalogue?.products.map((p) => p.name)).toEqual(['Carottes']);
    expect(JSON.stringify(catalogue)).not.toContain('proPrice');
    expect(await getPublicCatalogue('inconnu')).toBeNull();
    const empty = await makeProducer();
    expect((await getPublicCatalogue(empty.producer.slug))?.products).toEqual([]);
  });

  it('recherche sans accents ni casse, filtre par catégorie Egalim et par label', async () => {
    const { producer } = await makeProducer({ name: 'Ferme Recherche' });
    await makeProducts(producer, [
      { name: 'Œufs frais zzq', egalimCategory: 'egg', labels: ['ab'], isSiqo: true },
      { name: 'Légumes racines zzq', egalimCategory: 'fruit_vegetable', shelf: 'Potager' },
      { name: 'Miel de châtaignier zzq', egalimCategory: 'honey', labels: ['hve'] },
    ]);
    const browse = (options: Partial<Parameters<typeof browsePublicProducts>[0]>) =>
      browsePublicProducts({
        query: 'zzq',
        category: null,
        label: null,
        page: 1,
        pageSize: 10,
        ...options,
      });
    expect((await browse({})).total).toBe(3);
    expect((await browse({ query: 'OEUFS zzq' })).products.map((p) => p.name)).toEqual([
      'Œufs frais zzq',
    ]);
    expect((await browse({ query: 'legumes zzq' })).products[0]?.producerName).toBe(
      'Ferme Recherche',
    );
    expect((await browse({ query: 'chataignier zzq' })).total).toBe(1);
    expect((await browse({ category: 'honey' })).products.map((p) => p.name)).toEqual([
      'Miel de châtaignier zzq',
    ]);
    expect((await browse({ label: 'ab' })).total).toBe(1);
    expect((await browse({ query: '100% zzq' })).total).toBe(0);
    const paged = await browse({ pageSize: 2, page: 2 });
    expect(paged).toMatchObject({ total: 3 });
    expect(paged.products).toHaveLength(1);
  });
});
