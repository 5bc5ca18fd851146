import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { ProductCard } from '#app/components/product-card.tsx';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
  type EgalimCategory,
} from '#app/domain/catalogue/egalim-categories.ts';
import {
  QUALITY_LABEL_DEFINITIONS,
  QUALITY_LABELS,
  type QualityLabel,
} from '#app/domain/catalogue/quality-labels.ts';
import { getPhotoStorage } from '#app/integrations/photo-storage.server.ts';
import { browsePublicProducts } from '#app/models/catalogue.server.ts';
import catalogueStyles from '#app/styles/catalogue.css';
import { publicPageHeaders } from '#app/utils/public-cache.server.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }];

const PAGE_SIZE = 48;
const MAX_PAGE = 200;

const isCategory = (value: string | null): value is EgalimCategory =>
  (EGALIM_CATEGORIES as readonly (string | null)[]).includes(value);
const isLabel = (value: string | null): value is QualityLabel =>
  (QUALITY_LABELS as readonly (string | null)[]).includes(value);

/** Every producer's active products: `?q=` words, `?categorie=` Egalim code, `?label=`. */
export async function loader({ request }: LoaderFunctionArgs) {
  const params = new URL(request.url).searchParams;
  const query = (params.get('q') ?? '').slice(0, 100);
  const categoryParam = params.get('categorie');
  const labelParam = params.get('label');
  const category = isCategory(categoryParam) ? categoryParam : null;
  const label = isLabel(labelParam) ? labelParam : null;
  const pageParam = Number(params.get('page') ?? '1');
  const page = Number.isInteger(pageParam) ? Math.min(Math.max(pageParam, 1), MAX_PAGE) : 1;
  const [{ products, total }, storage] = await Promise.all([
    browsePublicProducts({ query, category, label, page, pageSize: PAGE_SIZE }),
    getPhotoStorage(),
  ]);
  return json(
    {
      filters: { query, category, label },
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      total,
      products: products.map(({ producerSlug, producerName, photoPath, ...product }) => ({
        ...product,
        photoUrl: photoPath ? storage.urlFor(photoPath) : null,
        producer: { slug: producerSlug, name: producerName },
      })),
    },
    { headers: publicPageHeaders(request) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

function pageHref(
  filters: { query: string; category: string | null; label: string | null },
  page: number,
) {
  const params = new URLSearchParams();
  if (filters.query) {
    params.set('q', filters.query);
  }
  if (filters.category) {
    params.set('categorie', filters.category);
  }
  if (filters.label) {
    params.set('label', filters.label);
  }
  if (page > 1) {
    params.set('page', String(page));
  }
  const search = params.toString();
  return search ? `/catalogue?${search}` : '/catalogue';
}

export default function BrowseCatalogue() {
  const { filters, page, pageCount, total, products } = useLoaderData<typeof loader>();
  return (
    <section className="public-catalogue">
      <h1>Le catalogue des producteurs</h1>
      <Form method="get" className="browse-filters" role="search">
        <div className="field">
          <label htmlFor="q">Rechercher</label>
          <input
            id="q"
            name="q"
            type="search"
            defaultValue={filters.query}
            placeholder="carottes, tomme, miel…"
          />
        </div>
        <div className="field">
          <label htmlFor="categorie">Catégorie</label>
          <select id="categorie" name="categorie" defaultValue={filters.category ?? ''}>
            <option value="">Toutes</option>
            {EGALIM_CATEGORIES.map((code) => (
              <option key={code} value={code}>
                {EGALIM_CATEGORY_LABELS[code]}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="label">Label</label>
          <select id="label" name="label" defaultValue={filters.label ?? ''}>
            <option value="">Tous</option>
            {QUALITY_LABELS.map((code) => (
              <option key={code} value={code}>
                {QUALITY_LABEL_DEFINITIONS[code].label}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">Filtrer</button>
      </Form>
      <p className="muted" aria-live="polite">
        {total === 0
          ? 'Aucun produit ne correspond à votre recherche.'
          : `${total} produit${total > 1 ? 's' : ''} · prix TTC`}
      </p>
      <div className="product-list">
        {products.map((product) => (
          <ProductCard key={product.id} product={product} />
        ))}
      </div>
      {pageCount > 1 ? (
        <nav className="pagination" aria-label="Pages">
          {page > 1 ? <Link to={pageHref(filters, page - 1)}>← Précédents</Link> : null}
          <span>
            Page {page} / {pageCount}
          </span>
          {page < pageCount ? <Link to={pageHref(filters, page + 1)}>Suivants →</Link> : null}
        </nav>
      ) : null}
    </section>
  );
}

export const meta: MetaFunction = () => [
  { title: 'Catalogue des producteurs — Cabas' },
  { name: 'description', content: 'Les produits des fermes près de chez vous, en circuit court.' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
