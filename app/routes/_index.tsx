import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { getOptionalUser } from '#app/auth/auth.server.ts';
import { KIND_LABELS, ROLE_LABELS } from '#app/domain/organisations/roles.ts';
import { t } from '#app/i18n/fr.ts';
import { listMembershipsForUser } from '#app/models/organisation.server.ts';

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const memberships = user ? await listMembershipsForUser(user.id) : [];
  return json({
    fullName: user?.fullName ?? null,
    memberships: memberships.map((m) => ({
      slug: m.organisation.slug,
      name: m.organisation.name,
      kindLabel: KIND_LABELS[m.organisation.kind],
      roleLabel: ROLE_LABELS[m.role],
    })),
  });
}

export default function Home() {
  const { fullName, memberships } = useLoaderData<typeof loader>();
  if (!fullName) {
    return (
      <section>
        <h1>Bienvenue sur Cabas</h1>
        <p>{t('app.tagline')}</p>
        <ul>
          <li>Les producteurs publient leur catalogue et planifient leurs tournées.</li>
          <li>
            Les voisins remplissent ensemble une commande groupée, en direct, depuis leur téléphone.
          </li>
          <li>Chaque tournée devient des factures en règle, Factur-X compris.</li>
          <li>Les ventes aux professionnels suivent les contrats Egalim.</li>
        </ul>
        <p>
          <Link className="button" to="/inscription">
            Créer un compte
          </Link>{' '}
          <Link to="/connexion">ou se connecter</Link>
        </p>
      </section>
    );
  }
  return (
    <section>
      <h1>Bonjour {fullName}</h1>
      <h2>{t('nav.myOrganisations')}</h2>
      {memberships.length === 0 ? (
        <p>
          Vous n’appartenez encore à aucune organisation.{' '}
          <Link to="/organisations/nouvelle">Créez-en une</Link> ou utilisez le lien d’invitation
          reçu.
        </p>
      ) : (
        <div className="cards">
          {memberships.map((m) => (
            <Link key={m.slug} to={`/o/${m.slug}`} className="card">
              <strong>{m.name}</strong>
              <br />
              <span className="muted">
                {m.kindLabel} · {m.roleLabel}
              </span>
            </Link>
          ))}
        </div>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Cabas — circuits courts' }];
