import { beforeAll, describe, expect, it } from 'vitest';
import { makeProductDraft } from '#app/domain/catalogue/make-product-draft.ts';
import { productFormDefaults } from '#app/domain/catalogue/product-form.ts';
import type { Producer } from '#app/models/catalogue.server.ts';
import { loader as browseLoader } from '#app/routes/catalogue.tsx';
import {
  action as gridAction,
  loader as gridLoader,
} from '#app/routes/o.$slug.catalogue._index.tsx';
import { action as photoAction } from '#app/routes/o.$slug.catalogue.$productId.photo.tsx';
import {
  action as productAction,
  loader as productLoader,
} from '#app/routes/o.$slug.catalogue.$productId.tsx';
import { loader as exportLoader } from '#app/routes/o.$slug.catalogue.export[.csv].tsx';
import {
  action as importAction,
  loader as importLoader,
} from '#app/routes/o.$slug.catalogue.import.tsx';
import {
  action as newProductAction,
  loader as newProductLoader,
} from '#app/routes/o.$slug.catalogue.nouveau.tsx';
import { loader as layoutLoader } from '#app/routes/o.$slug.catalogue.tsx';
import { loader as publicLoader } from '#app/routes/producteurs.$slug.tsx';
import { makeProducer, makeProducts } from '#test/factories/catalogue.ts';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

type Actor = 'anonymous' | 'outsider' | 'household' | 'manager' | 'owner';
type Outcome = 'login' | 'hidden' | 'forbidden' | 'allowed';

type Target = { slug: string; productId: string; cookie?: string };

function productFields(sku: string): Record<string, string> {
  const defaults = productFormDefaults(makeProductDraft({ sku, vatRateBp: 550 }));
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(defaults)) {
    if (typeof value === 'boolean') {
      if (value) {
        fields[name] = 'on';
      }
    } else if (typeof value === 'string') {
      fields[name] = value;
    }
  }
  return fields;
}

function multipart(path: string, form: FormData, cookie?: string): Request {
  return new Request(`http://localhost:3000${path}`, {
    method: 'POST',
    body: form,
    headers: cookie ? { Cookie: cookie } : {},
  });
}

let skuCounter = 0;

/** Every catalogue route, as the request its page sends. */
const RESOURCES = {
  'onglet catalogue': ({ slug, cookie }: Target) =>
    call(layoutLoader, { request: getRequest(`/o/${slug}/catalogue`, cookie), params: { slug } }),
  'voir la grille': ({ slug, cookie }: Target) =>
    call(gridLoader, { request: getRequest(`/o/${slug}/catalogue`, cookie), params: { slug } }),
  'enregistrer la grille': ({ slug, cookie }: Target) =>
    call(gridAction, {
      request: postRequest(`/o/${slug}/catalogue`, { rowCount: '0' }, cookie),
      params: { slug },
    }),
  'formulaire nouveau produit': ({ slug, cookie }: Target) =>
    call(newProductLoader, {
      request: getRequest(`/o/${slug}/catalogue/nouveau`, cookie),
      params: { slug },
    }),
  'créer un produit': ({ slug, cookie }: Target) =>
    call(newProductAction, {
      request: postRequest(
        `/o/${slug}/catalogue/nouveau`,
        productFields(`NEW-${skuCounter++}`),
        cookie,
      ),
      params: { slug },
    }),
  'voir un produit': ({ slug, productId, cookie }: Target) =>
    call(productLoader, {
      request: getRequest(`/o/${slug}/catalogue/${productId}`, cookie),
      params: { slug, productId },
    }),
  'modifier un produit': ({ slug, productId, cookie }: Target) =>
    call(productAction, {
      request: postRequest(`/o/${slug}/catalogue/${productId}`, productFields('MATRICE'), cookie),
      params: { slug, productId },
    }),
  'retirer la photo': ({ slug, productId, cookie }: Target) => {
    const form = new FormData();
    form.set('intent', 'remove');
    return call(photoAction, {
      request: multipart(`/o/${slug}/catalogue/${productId}/photo`, form, cookie),
      params: { slug, productId },
    });
  },
  'page d’import': ({ slug, cookie }: Target) =>
    call(importLoader, {
      request: getRequest(`/o/${slug}/catalogue/import`, cookie),
      params: { slug },
    }),
  'importer un CSV': ({ slug, cookie }: Target) => {
    const form = new FormData();
    const csv = `Référence;Nom;Unité;TVA;Prix\nIMP-${skuCounter++};Navets;botte;5,5;2\n`;
    form.set('file', new Blob([csv], { type: 'text/csv' }), 'catalogue.csv');
    return call(importAction, {
      request: multipart(`/o/${slug}/catalogue/import`, form, cookie),
      params: { slug },
    });
  },
  'exporter en CSV': ({ slug, cookie }: Target) =>
    call(exportLoader, {
      request: getRequest(`/o/${slug}/catalogue/export.csv`, cookie),
      params: { slug },
    }),
  'page publique du producteur': ({ slug, cookie }: Target) =>
    call(publicLoader, { request: getRequest(`/producteurs/${slug}`, cookie), params: { slug } }),
  'catalogue de tous les producteurs': ({ cookie }: Target) =>
    call(browseLoader, { request: getRequest('/catalogue?q=oeufs', cookie) }),
} as const;
type Resource = keyof typeof RESOURCES;

const L = 'login',
  H = 'hidden',
  A = 'allowed';
const MANAGE: Record<Exclude<Actor, 'manager' | 'owner'>, Outcome> = {
  anonymous: L,
  outsider: H,
  household: H,
};
const PUBLIC_RESOURCES: readonly Resource[] = [
  'page publique du producteur',
  'catalogue de tous les producteurs',
];

// Explicit expectations: managing a catalogue is for the producer's owner and managers; its
// public pages are for everyone, signed in or not.
const MATRIX: Record<Actor, Record<Resource, Outcome>> = Object.fromEntries(
  (['anonymous', 'outsider', 'household', 'manager', 'owner'] as const).map((actor) => [
    actor,
    Object.fromEntries(
      Object.keys(RESOURCES).map((resource) => [
        resource,
        PUBLIC_RESOURCES.includes(resource as Resource)
          ? A
          : actor === 'manager' || actor === 'owner'
            ? A
            : MANAGE[actor],
      ]),
    ),
  ]),
) as Record<Actor, Record<Resource, Outcome>>;

async function outcomeOf(response: Response): Promise<Outcome> {
  const location = response.headers.get('Location') ?? '';
  if (response.status === 302 && location.startsWith('/connexion')) {
    return 'login';
  }
  if (response.status === 404) {
    return 'hidden';
  }
  if (response.status === 403) {
    return 'forbidden';
  }
  if (response.status === 200 || response.status === 302) {
    return 'allowed';
  }
  throw new Error(`statut inattendu ${response.status} : ${await response.text()}`);
}

describe('matrice des droits — catalogue d’un producteur', () => {
  let producer: Producer;
  let productId: string;
  const cookies = new Map<Actor, string | undefined>();
  beforeAll(async () => {
    const made = await makeProducer();
    producer = made.producer;
    [productId] = (await makeProducts(producer, [{ sku: 'MATRICE' }])) as [string];
    cookies.set('anonymous', undefined);
    cookies.set('owner', await sessionCookieFor(made.owner.id));
    const manager = await makeUser();
    await addMember({ organisationId: producer.id, user: manager, role: 'manager' });
    cookies.set('manager', await sessionCookieFor(manager.id));
    cookies.set('outsider', await sessionCookieFor((await makeUser()).id));
    const household = await makeUser();
    const { organisation: group } = await makeOrganisation({ kind: 'group' });
    await addMember({ organisationId: group.id, user: household, role: 'household' });
    cookies.set('household', await sessionCookieFor(household.id));
  });

  const rows = Object.entries(MATRIX).flatMap(([actor, expected]) =>
    Object.entries(expected).map(
      ([resource, outcome]) => [actor as Actor, resource as Resource, outcome] as const,
    ),
  );
  it.each(rows)('%s → %s : %s', async (actor, resource, expected) => {
    const response = await RESOURCES[resource]({
      slug: producer.slug,
      productId,
      cookie: cookies.get(actor),
    });
    expect(await outcomeOf(response)).toBe(expected);
  });

  it('le produit d’un autre producteur, ou un identifiant malformé, répond 404', async () => {
    const { producer: other } = await makeProducer();
    const [foreign] = await makeProducts(other, [{}]);
    const cookie = cookies.get('owner');
    for (const id of [foreign!, 'pas-un-uuid']) {
      const response = await RESOURCES['voir un produit']({
        slug: producer.slug,
        productId: id,
        cookie,
      });
      expect(response.status).toBe(404);
    }
  });

  it('un groupe de voisinage n’a pas de catalogue, même pour son responsable', async () => {
    const { organisation: group, owner } = await makeOrganisation({ kind: 'group' });
    const cookie = await sessionCookieFor(owner.id);
    const response = await RESOURCES['voir la grille']({ slug: group.slug, productId, cookie });
    expect(response.status).toBe(404);
    const page = await RESOURCES['page publique du producteur']({ slug: group.slug, productId });
    expect(page.status).toBe(404);
  });

  it('la page publique ne contient jamais le prix professionnel', async () => {
    const response = await RESOURCES['page publique du producteur']({
      slug: producer.slug,
      productId,
    });
    expect(response.headers.get('Cache-Control')).toContain('public');
    const body = await response.text();
    expect(body).toContain('Œufs plein air');
    expect(body).not.toMatch(/proPrice/);
  });
});
