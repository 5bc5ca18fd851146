import type { LoaderFunctionArgs } from '@remix-run/node';
import { redirect } from '@remix-run/node';
import { requirePaymentsOwner } from '#app/auth/require-payments.server.ts';
import {
  getProducerPaymentSettings,
  refreshAccount,
  startProducerOnboarding,
} from '#app/models/payment-account.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

/**
 * Where Stripe's hosted onboarding sends the producer's owner back: `?retour=1` (done or left:
 * the account's state is read now, the account.updated webhook confirms it later) or
 * `?relancer=1` (the link expired: a fresh one).
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, user } = await requirePaymentsOwner(request, params.slug);
  const url = new URL(request.url);
  const base = `/o/${organisation.slug}/paiements`;
  if (url.searchParams.has('relancer')) {
    const started = await startProducerOnboarding({
      producer: organisation,
      user,
      origin: getEnv().APP_URL ?? new URL(request.url).origin,
    });
    if (started.ok) {
      return redirect(started.url);
    }
    return redirectWithToast(base, { kind: 'error', message: started.message });
  }
  await refreshAccount(organisation.id);
  const settings = await getProducerPaymentSettings(organisation.id);
  return redirectWithToast(
    base,
    settings.chargesEnabled
      ? {
          kind: 'success',
          message: 'Paiement en ligne activé : les foyers peuvent vous payer par carte.',
        }
      : {
          kind: 'info',
          message: 'Inscription Stripe pas encore terminée : reprenez-la quand vous voulez.',
        },
  );
}
