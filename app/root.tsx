import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import {
  Form,
  Link,
  Links,
  Meta,
  NavLink,
  Outlet,
  Scripts,
  ScrollRestoration,
  useLoaderData,
} from '@remix-run/react';
import { type ReactNode, useEffect } from 'react';
import { getOptionalUser } from '#app/auth/auth.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { KIND_LABELS } from '#app/domain/organisations/roles.ts';
import { t } from '#app/i18n/fr.ts';
import { listMembershipsForUser } from '#app/models/organisation.server.ts';
import appStyles from '#app/styles/app.css';
import { combineHeaders, getToast } from '#app/utils/toast.server.ts';

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: appStyles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

export const meta: MetaFunction = () => [{ title: 'Cabas' }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const memberships = user ? await listMembershipsForUser(user.id) : [];
  const { toast, headers } = await getToast(request);
  return json(
    {
      user: user ? { fullName: user.fullName, email: user.email } : null,
      organisations: memberships.map((m) => ({
        slug: m.organisation.slug,
        name: m.organisation.name,
        kindLabel: KIND_LABELS[m.organisation.kind],
      })),
      toast,
    },
    { headers: combineHeaders(headers) },
  );
}

function Document({ children }: { children: ReactNode }) {
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration />
        <Scripts />
      </body>
    </html>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <Document>{children}</Document>;
}

export default function App() {
  const { user, organisations, toast } = useLoaderData<typeof loader>();
  // Set once React has hydrated: end-to-end tests wait for it before typing into forms.
  useEffect(() => {
    document.documentElement.dataset.hydrated = 'true';
  }, []);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header className="site-header">
        <Link to="/" className="brand">
          {t('app.name')}
        </Link>
        <nav aria-label="Navigation principale">
          <NavLink to="/catalogue">{t('nav.catalogue')}</NavLink>
          {user ? (
            <>
              {organisations.map((o) => (
                <NavLink key={o.slug} to={`/o/${o.slug}`} title={o.kindLabel}>
                  {o.name}
                </NavLink>
              ))}
              <NavLink to="/organisations/nouvelle">{t('nav.newOrganisation')}</NavLink>
              <NavLink to="/compte">{t('nav.account')}</NavLink>
              <Form method="post" action="/deconnexion" className="inline">
                <button type="submit" className="link-button">
                  {t('nav.signOut')}
                </button>
              </Form>
            </>
          ) : (
            <>
              <NavLink to="/connexion">{t('nav.signIn')}</NavLink>
              <NavLink to="/inscription">{t('nav.signUp')}</NavLink>
            </>
          )}
        </nav>
      </header>
      {toast ? (
        <output className={`toast toast-${toast.kind}`} aria-live="polite">
          {toast.message}
        </output>
      ) : null}
      <main id="main">
        <Outlet />
      </main>
    </>
  );
}

export function ErrorBoundary() {
  return (
    <main id="main">
      <GeneralErrorBoundary />
    </main>
  );
}
