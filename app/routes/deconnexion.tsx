import type { ActionFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { getAuthProvider } from '#app/auth/auth.server.ts';
import { t } from '#app/i18n/fr.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader() {
  return redirect('/');
}

export async function action({ request }: ActionFunctionArgs) {
  const headers = await getAuthProvider().signOut(request);
  return redirectWithToast('/', { kind: 'info', message: t('toast.signedOut') }, { headers });
}
