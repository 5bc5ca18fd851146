import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react';
import { getOptionalUser, requireUser } from '#app/auth/auth.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { KIND_LABELS, ROLE_LABELS } from '#app/domain/organisations/roles.ts';
import { t } from '#app/i18n/fr.ts';
import { acceptInvitation, findPendingInvitation } from '#app/models/invitation.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const invitation = await findPendingInvitation(params.token ?? '');
  if (!invitation) {
    throw new Response('Cette invitation est invalide, déjà utilisée ou expirée.', { status: 404 });
  }
  const user = await getOptionalUser(request);
  return json({
    signedIn: Boolean(user),
    organisationName: invitation.organisationName,
    kindLabel: KIND_LABELS[invitation.organisationKind],
    roleLabel: ROLE_LABELS[invitation.role],
    householdName: invitation.householdName,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const result = await acceptInvitation({ token: params.token ?? '', userId: user.id });
  if (!result.ok) {
    return json({ error: result.message }, { status: 409 });
  }
  return redirectWithToast(`/o/${result.organisationSlug}`, {
    kind: 'success',
    message: t('toast.invitationAccepted', { name: result.organisationName }),
  });
}

export default function AcceptInvitation() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const location = useLocation();
  const back = encodeURIComponent(location.pathname);
  return (
    <section>
      <h1>Invitation</h1>
      <p>
        Vous êtes invité à rejoindre <strong>{data.organisationName}</strong> ({data.kindLabel}) en
        tant que {data.roleLabel.toLowerCase()}
        {data.householdName ? ` du foyer « ${data.householdName} »` : ''}.
      </p>
      {actionData?.error ? (
        <p role="alert" className="form-errors">
          {actionData.error}
        </p>
      ) : null}
      {data.signedIn ? (
        <Form method="post">
          <button type="submit">Rejoindre</button>
        </Form>
      ) : (
        <p>
          <Link to={`/inscription?redirectTo=${back}`}>Créez un compte</Link> ou{' '}
          <Link to={`/connexion?redirectTo=${back}`}>connectez-vous</Link> pour accepter.
        </p>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
