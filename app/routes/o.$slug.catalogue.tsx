import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import catalogueStyles from '#app/styles/catalogue.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: catalogueStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { producer } = await requireCatalogueManager(request, params.slug);
  return json({ slug: producer.slug });
}

export default function CatalogueLayout() {
  const { slug } = useLoaderData<typeof loader>();
  return (
    <div className="catalogue-manage">
      <nav className="subtabs" aria-label="Catalogue">
        <NavLink to="." end>
          Grille
        </NavLink>
        <NavLink to="nouveau">Nouveau produit</NavLink>
        <NavLink to="import">Importer un CSV</NavLink>
        <a href={`/o/${slug}/catalogue/export.csv`} download>
          Exporter (CSV)
        </a>
        <NavLink to={`/producteurs/${slug}`}>Page publique</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
