import type {
  HeadersFunction,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { ProductCard } from '#app/components/product-card.tsx';
import { getPhotoStorage } from '#app/integrations/photo-storage.server.ts';
import { getPublicCatalogue } from '#app/models/catalogue.server.ts';
import catalogueStyles from '#app/styles/catalogue.css';
import { publicPageHeaders } from '#app/utils/public-cache.server.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }];

/** A producer's public catalogue: active products by shelf, no sign-in needed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const catalogue = await getPublicCatalogue(params.slug ?? '');
  if (!catalogue) {
    throw new Response('Producteur introuvable', { status: 404 });
  }
  const storage = await getPhotoStorage();
  const shelves = new Map<string, ReturnType<typeof toCard>[]>();
  const toCard = (product: (typeof catalogue.products)[number]) => ({
    ...product,
    photoUrl: product.photoPath ? storage.urlFor(product.photoPath) : null,
    photoPath: undefined,
  });
  for (const product of catalogue.products) {
    const shelf = product.shelf || 'Autres produits';
    shelves.set(shelf, [...(shelves.get(shelf) ?? []), toCard(product)]);
  }
  return json(
    {
      producer: catalogue.producer,
      count: catalogue.products.length,
      shelves: [...shelves].map(([name, products]) => ({ name, products })),
    },
    { headers: publicPageHeaders(request) },
  );
}

export const headers: HeadersFunction = ({ loaderHeaders }) => loaderHeaders;

export default function ProducerCatalogue() {
  const { producer, count, shelves } = useLoaderData<typeof loader>();
  return (
    <section className="public-catalogue">
      <h1>{producer.name}</h1>
      <p className="muted">
        {producer.city ? `${producer.city} · ` : ''}
        {count} produit{count > 1 ? 's' : ''} · prix TTC ·{' '}
        <Link to="/catalogue">tous les producteurs</Link>
      </p>
      {count === 0 ? <p>Ce producteur n’a pas encore publié de produits.</p> : null}
      {shelves.length > 1 ? (
        <nav className="shelf-nav" aria-label="Rayons">
          {shelves.map((shelf, index) => (
            <a key={shelf.name} href={`#rayon-${index}`}>
              {shelf.name}
            </a>
          ))}
        </nav>
      ) : null}
      {shelves.map((shelf, index) => (
        <section key={shelf.name} aria-labelledby={`rayon-${index}`}>
          <h2 id={`rayon-${index}`}>{shelf.name}</h2>
          <div className="product-list">
            {shelf.products.map((product) => (
              <ProductCard key={product.id} product={product} />
            ))}
          </div>
        </section>
      ))}
    </section>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.producer.name} — catalogue — Cabas` : 'Catalogue — Cabas' },
  {
    name: 'description',
    content: data ? `Les produits de ${data.producer.name}, en circuit court.` : '',
  },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
