import { isRouteErrorResponse, Link, useRouteError } from '@remix-run/react';
import { t } from '#app/i18n/fr.ts';

/** Shared error display: 404 and 403 in plain French, anything else without leaking details. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  let title = t('error.unexpected');
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t('error.notFound');
    } else if (error.status === 403) {
      title = t('error.forbidden');
    } else if (typeof error.data === 'string' && error.data) {
      title = error.data;
    }
  }
  return (
    <section className="error-page" aria-labelledby="error-title">
      <h1 id="error-title">{title}</h1>
      <p className="muted">Code {status}</p>
      <p>
        <Link to="/">Retour à l’accueil</Link>
      </p>
    </section>
  );
}
