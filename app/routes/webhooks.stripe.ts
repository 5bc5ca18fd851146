import type { ActionFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { constructWebhookEvent } from '#app/integrations/stripe.server.ts';
import { runPaymentOutbox } from '#app/models/payment-outbox.server.ts';
import { handleStripeEvent } from '#app/models/payment-webhook.server.ts';

/**
 * POST /webhooks/stripe — Stripe's events (ADR 012). Public, but every request must carry a
 * valid `Stripe-Signature` of its exact raw body (no body parser runs before Remix in
 * server/index.ts): otherwise 400 and nothing is written. A verified event is stored once and
 * applied in the same transaction; then the transfers and refunds it unlocks are sent. Their
 * failures stay on their rows (retryable), so Stripe is answered 200 once the event is stored.
 */
export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== 'POST') {
    return json({ error: 'Méthode non autorisée.' }, { status: 405, headers: { Allow: 'POST' } });
  }
  const payload = await request.text();
  const verified = constructWebhookEvent(payload, request.headers.get('Stripe-Signature'));
  if (!verified.ok) {
    return json({ error: verified.message }, { status: 400 });
  }
  const result = await handleStripeEvent(verified.event);
  if (!result.duplicate && (result.paymentIds.length > 0 || result.refundIds.length > 0)) {
    await runPaymentOutbox({ paymentIds: result.paymentIds, refundIds: result.refundIds });
  }
  return json({ received: true, duplicate: result.duplicate, outcome: result.outcome });
}

export async function loader() {
  return json({ error: 'Méthode non autorisée.' }, { status: 405, headers: { Allow: 'POST' } });
}
