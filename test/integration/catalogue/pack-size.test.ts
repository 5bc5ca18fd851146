import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#app/db/client.server.ts';
import { products } from '#app/db/schema.ts';
import { GRID_HEADERS, gridCellsOf } from '#app/domain/catalogue/grid.ts';
import { makeProductDraft } from '#app/domain/catalogue/make-product-draft.ts';
import { productFormDefaults } from '#app/domain/catalogue/product-form.ts';
import {
  getProducerProduct,
  getPublicCatalogue,
  importCatalogueCsv,
  listProducerProducts,
  productToDraft,
  saveProducts,
} from '#app/models/catalogue.server.ts';
import { action as newProductAction } from '#app/routes/o.$slug.catalogue.nouveau.tsx';
import { makeProducer, makeProducts } from '#test/factories/catalogue.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const csv = (lines: string[]) => new TextEncoder().encode(lines.join('\r\n'));
const HEADER = 'Référence;Nom;Unité;TVA;Prix consommateur TTC (€);Pas';

const apples = (overrides: Parameters<typeof makeProductDraft>[0] = {}) =>
  makeProductDraft({
    sku: 'POM-GAL',
    name: 'Pommes Gala',
    saleUnit: 'kg',
    stepMilli: 1000,
    maxPerHouseholdMilli: null,
    ...overrides,
  });

async function packOf(productId: string): Promise<number | null | undefined> {
  const [row] = await getDb()
    .select({ packMilli: products.packMilli })
    .from(products)
    .where(eq(products.id, productId));
  return row?.packMilli;
}

describe('taille du colis (pack_milli)', () => {
  it('crée, relit, modifie et retire la taille du colis d’un produit', async () => {
    const { producer, owner } = await makeProducer();
    const [id] = (await makeProducts(producer, [apples({ packMilli: 5000 })])) as [string];
    expect(await packOf(id)).toBe(5000);
    const product = await getProducerProduct({ producerId: producer.id, productId: id });
    expect(product?.packMilli).toBe(5000);
    expect(productToDraft(product!).packMilli).toBe(5000);
    expect(productFormDefaults(productToDraft(product!)).packMilli).toBe('5');
    const page = await getPublicCatalogue(producer.slug);
    expect(page?.products.find((p) => p.id === id)?.packMilli).toBe(5000);

    const save = (packMilli: number | null) =>
      saveProducts({
        producer,
        actorId: owner.id,
        action: 'product.updated',
        changes: [{ productId: id, line: 1, draft: apples({ packMilli }) }],
      });
    expect(await save(5000)).toMatchObject({ ok: true, updated: 0, unchanged: 1 });
    expect(await save(6000)).toMatchObject({ ok: true, updated: 1 });
    expect(await packOf(id)).toBe(6000);
    expect(await save(null)).toMatchObject({ ok: true, updated: 1 });
    expect(await packOf(id)).toBeNull();
  });

  it('un colis qui n’est pas un multiple du pas : message français des règles, rien n’est écrit', async () => {
    const { producer, owner } = await makeProducer();
    const [id] = (await makeProducts(producer, [apples({ packMilli: 5000 })])) as [string];
    const result = await saveProducts({
      producer,
      actorId: owner.id,
      action: 'catalogue.grid_saved',
      changes: [
        { productId: id, line: 3, draft: apples({ name: 'Pommes', packMilli: 2500 }) },
        { productId: null, line: 4, draft: apples({ sku: 'POI', packMilli: 0 }) },
      ],
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          line: 3,
          column: 'Colis',
          value: null,
          message:
            'Le colis (2,5) doit être un multiple du pas de commande (1) : les foyers le remplissent pas à pas.',
        },
        {
          line: 4,
          column: 'Colis',
          value: null,
          message:
            'Le colis doit contenir plus que zéro (laissez vide si le produit est vendu au détail).',
        },
      ],
    });
    const list = await listProducerProducts(producer.id);
    expect(list.map((p) => [p.name, p.packMilli])).toEqual([['Pommes Gala', 5000]]);
  });

  it('import CSV : la colonne « Colis » est lue, réimportée sans changement, refusée en français', async () => {
    const { producer, owner } = await makeProducer();
    const first = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: csv([
        `${HEADER};Colis`,
        'POM;Pommes Gala;kg;5,5;3,20;0,5;5',
        'JUS;Jus de pomme 1 L;bouteille;5,5;3,50;1;6',
        'POI;Poireaux;kg;5,5;3,20;0,5;',
      ]),
    });
    expect(first).toMatchObject({ ok: true, created: 3 });
    const packs = async () =>
      Object.fromEntries(
        (await listProducerProducts(producer.id)).map((p) => [p.sku, p.packMilli]),
      );
    expect(await packs()).toEqual({ POM: 5000, JUS: 6000, POI: null });

    const again = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: csv([`${HEADER};Colis`, 'POM;Pommes Gala;kg;5,5;3,20;0,5;5']),
    });
    expect(again).toMatchObject({ ok: true, unchanged: 1 });

    const bad = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: csv([
        `${HEADER};Colis`,
        'POM;Pommes Gala;kg;5,5;3,90;0,5;5,25',
        'NEW;Nouveau;kg;5,5;1;1;beaucoup',
      ]),
    });
    expect(bad).toMatchObject({
      ok: false,
      errors: [
        {
          line: 2,
          column: 'Colis',
          value: '5,25',
          message:
            'Le colis (5,25) doit être un multiple du pas de commande (0,5) : les foyers le remplissent pas à pas.',
        },
        { line: 3, column: 'Colis', value: 'beaucoup', message: expect.stringContaining('nombre') },
      ],
    });
    expect(await packs()).toEqual({ POM: 5000, JUS: 6000, POI: null });
    const [pom] = (await listProducerProducts(producer.id)).filter((p) => p.sku === 'POM');
    expect(pom?.consumerPriceGrossCents).toBe(320);
  });

  it('import d’un fichier sans colonne « Colis » : les colis déjà saisis restent, sinon comme avant', async () => {
    const { producer, owner } = await makeProducer();
    const [pomId] = (await makeProducts(producer, [
      apples({ sku: 'POM', stepMilli: 500, packMilli: 5000 }),
    ])) as [string];
    const result = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: csv([HEADER, 'POM;Pommes Gala;kg;5,5;3,90;0,5', 'POI;Poireaux;kg;5,5;3,20;0,5']),
    });
    expect(result).toMatchObject({ ok: true, created: 1, updated: 1 });
    const list = await listProducerProducts(producer.id);
    expect(list.map((p) => [p.sku, p.packMilli, p.consumerPriceGrossCents])).toEqual([
      ['POI', null, 320],
      ['POM', 5000, 390],
    ]);

    // A new step the kept pack is no multiple of: the rules' French message, nothing written.
    const conflict = await importCatalogueCsv({
      producer,
      actorId: owner.id,
      bytes: csv([HEADER, 'POM;Pommes Gala;kg;5,5;4,10;2']),
    });
    expect(conflict).toMatchObject({
      ok: false,
      errors: [
        {
          line: 2,
          column: 'Colis',
          message:
            'Le colis (5) doit être un multiple du pas de commande (2) : les foyers le remplissent pas à pas.',
        },
      ],
    });
    const pom = await getProducerProduct({ producerId: producer.id, productId: pomId });
    expect([pom?.stepMilli, pom?.packMilli, pom?.consumerPriceGrossCents]).toEqual([
      500, 5000, 390,
    ]);
  });

  it('la grille lit et écrit la colonne « Colis » (mêmes cellules que l’export)', () => {
    const cells = gridCellsOf(apples({ stepMilli: 500, packMilli: 5500 }));
    expect(cells[GRID_HEADERS.indexOf('Colis')]).toBe('5,5');
    const loose = gridCellsOf(apples({ packMilli: null }));
    expect(loose[GRID_HEADERS.indexOf('Colis')]).toBe('');
  });

  it('formulaire produit : un colis invalide donne un message sous le champ, 400', async () => {
    const { producer, owner } = await makeProducer();
    const cookie = await sessionCookieFor(owner.id);
    const defaults = productFormDefaults(apples({ sku: 'NEUF' }));
    const fields = Object.fromEntries(
      Object.entries(defaults).flatMap(([name, value]) =>
        typeof value === 'string' ? [[name, value]] : value === true ? [[name, 'on']] : [],
      ),
    );
    const response = await call(newProductAction, {
      request: postRequest(
        `/o/${producer.slug}/catalogue/nouveau`,
        { ...fields, packMilli: '2,5' },
        cookie,
      ),
      params: { slug: producer.slug },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: Record<string, string[]> };
    expect(body.error.packMilli?.[0]).toBe(
      'Le colis (2,5) doit être un multiple du pas de commande (1) : les foyers le remplissent pas à pas.',
    );
    expect(await listProducerProducts(producer.id)).toEqual([]);
  });
});
