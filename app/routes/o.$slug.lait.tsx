import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { NavLink, Outlet, useLoaderData } from '@remix-run/react';
import { requireMilkParty } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import milkStyles from '#app/styles/milk.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: milkStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkParty(request, params.slug);
  return json({ isDairy: organisation.kind === 'buyer' });
}

/** « Lait »: the dairy's collection pages, or the producer's statements. */
export default function MilkLayout() {
  const { isDairy } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav className="milk-nav" aria-label="Lait">
        <NavLink to="." end>
          {isDairy ? 'Fournisseurs et mois' : 'Collectes et bulletins'}
        </NavLink>
        {isDairy ? (
          <>
            <NavLink to="collectes">Collectes</NavLink>
            <NavLink to="analyses">Analyses</NavLink>
            <NavLink to="grille">Grille de prix</NavLink>
          </>
        ) : null}
        <NavLink to="contestations">Contestations</NavLink>
      </nav>
      <Outlet />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
