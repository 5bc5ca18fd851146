import { beforeAll, describe, expect, it } from 'vitest';
import { GRID_HEADERS, gridCellsOf } from '#app/domain/catalogue/grid.ts';
import { makeProductDraft } from '#app/domain/catalogue/make-product-draft.ts';
import { productFormDefaults } from '#app/domain/catalogue/product-form.ts';
import { listProducerProducts, type Producer } from '#app/models/catalogue.server.ts';
import { loader as browseLoader } from '#app/routes/catalogue.tsx';
import { action as gridAction } from '#app/routes/o.$slug.catalogue._index.tsx';
import { loader as exportLoader } from '#app/routes/o.$slug.catalogue.export[.csv].tsx';
import { action as importAction } from '#app/routes/o.$slug.catalogue.import.tsx';
import { action as newProductAction } from '#app/routes/o.$slug.catalogue.nouveau.tsx';
import { loader as publicLoader } from '#app/routes/producteurs.$slug.tsx';
import { makeProducer, makeProducts } from '#test/factories/catalogue.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

let producer: Producer;
let cookie: string;
let eggsId: string;
beforeAll(async () => {
  const made = await makeProducer();
  producer = made.producer;
  cookie = await sessionCookieFor(made.owner.id);
  [eggsId] = (await makeProducts(producer, [{ sku: 'OEUF-12' }])) as [string];
});
const params = () => ({ slug: producer.slug });

describe('grille du catalogue', () => {
  it('enregistre une ligne modifiée et une nouvelle ligne collée', async () => {
    const eggs = gridCellsOf(makeProductDraft({ sku: 'OEUF-12', consumerPriceGrossCents: 500 }));
    const leeks = gridCellsOf(
      makeProductDraft({ sku: 'POI', name: 'Poireaux', saleUnit: 'bunch' }),
    );
    const fields: Record<string, string> = { rowCount: '2', id0: eggsId };
    for (const [row, cells] of [eggs, leeks].entries()) {
      cells.forEach((cell, column) => {
        fields[`c${row}_${column}`] = cell;
      });
    }
    const response = await call(gridAction, {
      request: postRequest(`/o/${producer.slug}/catalogue`, fields, cookie),
      params: params(),
    });
    expect(response.status).toBe(302);
    const products = await listProducerProducts(producer.id);
    expect(products.map((p) => [p.sku, p.consumerPriceGrossCents]).sort()).toEqual([
      ['OEUF-12', 500],
      ['POI', 480],
    ]);
  });

  it('une cellule invalide : 400, erreur par ligne et colonne, rien n’est changé', async () => {
    const cells = gridCellsOf(makeProductDraft({ sku: 'OEUF-12' }));
    cells[GRID_HEADERS.indexOf('Prix consommateur TTC (€)')] = 'douze';
    const fields: Record<string, string> = { rowCount: '1', id0: eggsId };
    cells.forEach((cell, column) => {
      fields[`c0_${column}`] = cell;
    });
    const response = await call(gridAction, {
      request: postRequest(`/o/${producer.slug}/catalogue`, fields, cookie),
      params: params(),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { line: number; column: string }[] };
    expect(body.errors).toEqual([
      expect.objectContaining({ line: 1, column: 'Prix consommateur TTC (€)', value: 'douze' }),
    ]);
    const eggs = (await listProducerProducts(producer.id)).find((p) => p.id === eggsId);
    expect(eggs?.consumerPriceGrossCents).toBe(500);
  });

  it.each([['-1'], ['abc'], ['999999']])(
    'rowCount « %s » : 400 sans erreur serveur',
    async (rowCount) => {
      const response = await call(gridAction, {
        request: postRequest(`/o/${producer.slug}/catalogue`, { rowCount }, cookie),
        params: params(),
      });
      expect(response.status).toBe(400);
    },
  );
});

describe('formulaire produit', () => {
  it('un prix illisible et une référence prise : messages sous les champs, 400', async () => {
    const defaults = productFormDefaults(makeProductDraft({ sku: 'NEUF' }));
    const fields = Object.fromEntries(
      Object.entries(defaults).flatMap(([name, value]) =>
        typeof value === 'string' ? [[name, value]] : value === true ? [[name, 'on']] : [],
      ),
    );
    const bad = await call(newProductAction, {
      request: postRequest(
        `/o/${producer.slug}/catalogue/nouveau`,
        { ...fields, consumerPriceGrossCents: '4,5,0' },
        cookie,
      ),
      params: params(),
    });
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: Record<string, string[]> };
    expect(badBody.error.consumerPriceGrossCents?.[0]).toMatch(/nombre|virgule/);

    const taken = await call(newProductAction, {
      request: postRequest(
        `/o/${producer.slug}/catalogue/nouveau`,
        { ...fields, sku: 'oeuf-12' },
        cookie,
      ),
      params: params(),
    });
    expect(taken.status).toBe(400);
    expect(JSON.stringify(await taken.json())).toContain('déjà utilisée');
  });
});

describe('import et export CSV', () => {
  const upload = (content: BlobPart) => {
    const form = new FormData();
    form.set('file', new Blob([content], { type: 'text/csv' }), 'catalogue.csv');
    return new Request(`http://localhost:3000/o/${producer.slug}/catalogue/import`, {
      method: 'POST',
      body: form,
      headers: { Cookie: cookie },
    });
  };

  it('un fichier invalide : rapport par ligne (400), rien n’est importé', async () => {
    const before = (await listProducerProducts(producer.id)).length;
    const response = await call(importAction, {
      request: upload('Référence;Nom;Unité;TVA;Prix\nA;Ail;tête;5,5;1\nB;;kg;5,5;-1\n'),
      params: params(),
    });
    expect(response.status).toBe(400);
    const { errors } = (await response.json()) as { errors: { line: number }[] };
    expect(errors.map((error) => error.line)).toEqual([2, 3, 3]);
    expect(await listProducerProducts(producer.id)).toHaveLength(before);
  });

  it('un fichier vide ou absent : message clair, 400', async () => {
    const response = await call(importAction, { request: upload(''), params: params() });
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('Choisissez le fichier CSV');
  });

  it('l’export est un CSV pour tableur français (BOM, ;, virgule)', async () => {
    const response = await call(exportLoader, {
      request: getRequest(`/o/${producer.slug}/catalogue/export.csv`, cookie),
      params: params(),
    });
    expect(response.headers.get('Content-Disposition')).toContain(`catalogue-${producer.slug}.csv`);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(await response.arrayBuffer());
    expect(text.startsWith('\uFEFFRéférence;Nom;')).toBe(true);
    expect(text).toContain('OEUF-12;');
    expect(text).toContain(';5,00;');
  });
});

describe('pages publiques', () => {
  it('des filtres inconnus sont ignorés, jamais une erreur serveur', async () => {
    const response = await call(browseLoader, {
      request: getRequest('/catalogue?categorie=inconnue&label=%00&page=-4&q=%25%25_'),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { page: number; filters: { category: null } };
    expect(body.page).toBe(1);
    expect(body.filters.category).toBeNull();
  });

  it('un producteur inconnu : 404', async () => {
    const response = await call(publicLoader, {
      request: getRequest('/producteurs/inconnu'),
      params: { slug: 'inconnu' },
    });
    expect(response.status).toBe(404);
  });
});
