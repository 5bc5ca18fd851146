import Stripe from 'stripe';
import type { OnlineFeeSetting } from '#app/domain/payments/fee.ts';
import { getEnv } from '#app/utils/env.server.ts';

/**
 * The few Stripe calls Cabas makes (ADR 012), through the official client. Online payment is
 * on only with both the secret key and the webhook secret: without the webhook nothing would
 * ever confirm a payment. `STRIPE_API_BASE_URL` points the client at a local fake (tests).
 */
export type OnlinePaymentConfig = {
  enabled: boolean;
  fee: OnlineFeeSetting;
};

export function getOnlinePaymentConfig(): OnlinePaymentConfig {
  const env = getEnv();
  return {
    enabled: Boolean(env.STRIPE_SECRET_KEY && env.STRIPE_WEBHOOK_SECRET),
    fee: { rateBp: env.PAYMENT_FEE_BP, fixedCents: env.PAYMENT_FEE_FIXED_CENTS },
  };
}

let cached: { key: string; client: Stripe } | undefined;

function getStripe(): Stripe {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    throw new StripeCallError('Paiement en ligne non configuré.', true);
  }
  const key = `${env.STRIPE_SECRET_KEY}|${env.STRIPE_API_BASE_URL ?? ''}`;
  if (cached?.key !== key) {
    const base = env.STRIPE_API_BASE_URL ? new URL(env.STRIPE_API_BASE_URL) : null;
    cached = {
      key,
      client: new Stripe(env.STRIPE_SECRET_KEY, {
        // Every write carries an idempotency key, so the client's retries are safe.
        maxNetworkRetries: 2,
        timeout: 20_000,
        appInfo: { name: 'Cabas' },
        ...(base
          ? {
              host: base.hostname,
              port: base.port || (base.protocol === 'https:' ? 443 : 80),
              protocol: base.protocol === 'https:' ? 'https' : 'http',
            }
          : {}),
      }),
    };
  }
  return cached.client;
}

/**
 * A failed Stripe call. `isDefinitive`: Stripe answered and refused (a 4xx other than a
 * conflict or rate limit), so retrying the same request would get the same answer — a retry
 * must be a new request (new idempotency key). Otherwise (network, 5xx) the same key is reused.
 */
export class StripeCallError extends Error {
  constructor(
    message: string,
    readonly isDefinitive: boolean,
  ) {
    super(message);
  }
}

async function call<T>(what: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
  const stripe = getStripe();
  try {
    return await run(stripe);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeError) {
      const status = error.statusCode ?? 0;
      const isDefinitive = status >= 400 && status < 500 && status !== 409 && status !== 429;
      throw new StripeCallError(`${what} : ${error.message}`, isDefinitive);
    }
    throw new StripeCallError(
      `${what} : ${error instanceof Error ? error.message : String(error)}`,
      false,
    );
  }
}

export type CheckoutSessionInput = {
  paymentId: string;
  lines: readonly { name: string; amountCents: number }[];
  customerEmail: string | null;
  transferGroup: string;
  successUrl: string;
  cancelUrl: string;
  metadata: Record<string, string>;
};

/** A hosted Checkout Session: one line per producer (and the fee), paid to the platform. */
export function createCheckoutSession(input: CheckoutSessionInput) {
  return call('Création du paiement Stripe', async (stripe) => {
    const session = await stripe.checkout.sessions.create(
      {
        mode: 'payment',
        client_reference_id: input.paymentId,
        ...(input.customerEmail ? { customer_email: input.customerEmail } : {}),
        line_items: input.lines.map((line) => ({
          quantity: 1,
          price_data: {
            currency: 'eur',
            unit_amount: line.amountCents,
            product_data: { name: line.name },
          },
        })),
        payment_intent_data: { transfer_group: input.transferGroup, metadata: input.metadata },
        metadata: input.metadata,
        locale: 'fr',
        success_url: input.successUrl,
        cancel_url: input.cancelUrl,
      },
      { idempotencyKey: `checkout-${input.paymentId}` },
    );
    if (!session.url) {
      throw new Error('session sans adresse de paiement');
    }
    return {
      id: session.id,
      url: session.url,
      expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
    };
  });
}

export function expireCheckoutSession(sessionId: string) {
  return call('Abandon du paiement Stripe', async (stripe) => {
    await stripe.checkout.sessions.expire(sessionId);
  });
}

/** The charge of a succeeded PaymentIntent: the source of the producers' transfers. */
export function retrieveChargeId(paymentIntentId: string) {
  return call('Lecture du paiement Stripe', async (stripe) => {
    const intent = await stripe.paymentIntents.retrieve(paymentIntentId);
    const charge = intent.latest_charge;
    return typeof charge === 'string' ? charge : (charge?.id ?? null);
  });
}

export function createTransfer(input: {
  amountCents: number;
  destination: string;
  sourceTransaction: string;
  transferGroup: string;
  metadata: Record<string, string>;
  idempotencyKey: string;
}) {
  return call('Virement au producteur', async (stripe) => {
    const transfer = await stripe.transfers.create(
      {
        amount: input.amountCents,
        currency: 'eur',
        destination: input.destination,
        source_transaction: input.sourceTransaction,
        transfer_group: input.transferGroup,
        metadata: input.metadata,
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return { id: transfer.id };
  });
}

export function createRefund(input: {
  chargeId: string;
  amountCents: number;
  metadata: Record<string, string>;
  idempotencyKey: string;
}) {
  return call('Remboursement Stripe', async (stripe) => {
    const refund = await stripe.refunds.create(
      { charge: input.chargeId, amount: input.amountCents, metadata: input.metadata },
      { idempotencyKey: input.idempotencyKey },
    );
    return { id: refund.id, status: refund.status ?? 'pending' };
  });
}

export function createTransferReversal(input: {
  transferId: string;
  amountCents: number;
  metadata: Record<string, string>;
  idempotencyKey: string;
}) {
  return call('Reprise sur le virement au producteur', async (stripe) => {
    const reversal = await stripe.transfers.createReversal(
      input.transferId,
      { amount: input.amountCents, metadata: input.metadata },
      { idempotencyKey: input.idempotencyKey },
    );
    return { id: reversal.id };
  });
}

export type ConnectedAccountState = {
  id: string;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
};

function toAccountState(account: Stripe.Account): ConnectedAccountState {
  return {
    id: account.id,
    chargesEnabled: account.charges_enabled ?? false,
    payoutsEnabled: account.payouts_enabled ?? false,
    detailsSubmitted: account.details_submitted ?? false,
  };
}

/** An Express connected account for a producer (France, transfers capability). */
export function createExpressAccount(input: {
  producerId: string;
  name: string;
  email: string | null;
}) {
  return call('Création du compte Stripe', async (stripe) => {
    const account = await stripe.accounts.create(
      {
        type: 'express',
        country: 'FR',
        ...(input.email ? { email: input.email } : {}),
        business_profile: { name: input.name },
        capabilities: { transfers: { requested: true }, card_payments: { requested: true } },
        metadata: { producer_id: input.producerId },
      },
      { idempotencyKey: `account-${input.producerId}` },
    );
    return toAccountState(account);
  });
}

export function createOnboardingLink(input: {
  accountId: string;
  refreshUrl: string;
  returnUrl: string;
}) {
  return call('Inscription Stripe', async (stripe) => {
    const link = await stripe.accountLinks.create({
      account: input.accountId,
      refresh_url: input.refreshUrl,
      return_url: input.returnUrl,
      type: 'account_onboarding',
    });
    return link.url;
  });
}

export function retrieveAccount(accountId: string) {
  return call('Lecture du compte Stripe', async (stripe) =>
    toAccountState(await stripe.accounts.retrieve(accountId)),
  );
}

export function accountStateOf(account: Stripe.Account): ConnectedAccountState {
  return toAccountState(account);
}

/**
 * A webhook's event, from the raw body and its `Stripe-Signature` header, checked with the
 * official library (HMAC-SHA256 with the endpoint secret, 5-minute tolerance).
 */
export function constructWebhookEvent(
  payload: string,
  signature: string | null,
): { ok: true; event: Stripe.Event } | { ok: false; message: string } {
  const env = getEnv();
  if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
    return { ok: false, message: 'Paiement en ligne non configuré.' };
  }
  if (!signature) {
    return { ok: false, message: 'Signature Stripe absente.' };
  }
  try {
    return {
      ok: true,
      event: getStripe().webhooks.constructEvent(payload, signature, env.STRIPE_WEBHOOK_SECRET),
    };
  } catch {
    return { ok: false, message: 'Signature Stripe invalide.' };
  }
}

export type { Stripe };
