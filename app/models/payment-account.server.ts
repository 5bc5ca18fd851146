// A producer's ways of being paid: its Stripe Connect Express account (onboarding, state synced
// by account.updated) and the bank details shown to households paying by transfer.
import { getSql } from '#app/db/client.server.ts';
import {
  type ConnectedAccountState,
  createExpressAccount,
  createOnboardingLink,
  getOnlinePaymentConfig,
  retrieveAccount,
  StripeCallError,
} from '#app/integrations/stripe.server.ts';
import type { Db } from './payment-ledger.server.ts';

export type ProducerPaymentSettings = {
  stripeAccountId: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  bank: { holder: string; iban: string; bic: string | null } | null;
};

export async function getProducerPaymentSettings(
  producerId: string,
): Promise<ProducerPaymentSettings> {
  const [row] = await getSql()<
    {
      stripe_account_id: string | null;
      charges_enabled: boolean;
      payouts_enabled: boolean;
      details_submitted: boolean;
      transfer_holder: string | null;
      transfer_iban: string | null;
      transfer_bic: string | null;
    }[]
  >`select stripe_account_id, charges_enabled, payouts_enabled, details_submitted,
           transfer_holder, transfer_iban, transfer_bic
    from producer_payment_settings where producer_id = ${producerId}`;
  return {
    stripeAccountId: row?.stripe_account_id ?? null,
    chargesEnabled: row?.charges_enabled ?? false,
    payoutsEnabled: row?.payouts_enabled ?? false,
    detailsSubmitted: row?.details_submitted ?? false,
    bank:
      row?.transfer_holder && row.transfer_iban
        ? { holder: row.transfer_holder, iban: row.transfer_iban, bic: row.transfer_bic }
        : null,
  };
}

export async function saveBankDetails(options: {
  producerId: string;
  actorId: string;
  bank: { holder: string | null; iban: string | null; bic: string | null };
}): Promise<void> {
  const { holder, iban, bic } = options.bank;
  await getSql().begin(async (tx) => {
    await tx`
      insert into producer_payment_settings (producer_id, transfer_holder, transfer_iban, transfer_bic)
      values (${options.producerId}, ${holder}, ${iban}, ${bic})
      on conflict (producer_id) do update set transfer_holder = excluded.transfer_holder,
        transfer_iban = excluded.transfer_iban, transfer_bic = excluded.transfer_bic`;
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.actorId}, ${options.producerId}, 'payments.bank_details_saved',
              'organisation', ${options.producerId},
              ${JSON.stringify({ iban: iban ? `${iban.slice(0, 4)}…${iban.slice(-4)}` : null })}::jsonb)`;
  });
}

/**
 * Writes an account's state as Stripe reports it, for the producer that owns the account id
 * (account.updated, or a refresh on the return from onboarding). Unknown account: false.
 */
export async function applyAccountState(
  db: Db,
  state: ConnectedAccountState,
  at: Date,
): Promise<boolean> {
  const updated = await db`
    update producer_payment_settings
    set charges_enabled = ${state.chargesEnabled}, payouts_enabled = ${state.payoutsEnabled},
        details_submitted = ${state.detailsSubmitted}, account_synced_at = ${at.toISOString()}::timestamptz
    where stripe_account_id = ${state.id}
      and (account_synced_at is null or account_synced_at <= ${at.toISOString()}::timestamptz)
    returning producer_id`;
  if (updated.length > 0) {
    return true;
  }
  const [known] =
    await db`select 1 from producer_payment_settings where stripe_account_id = ${state.id}`;
  return known !== undefined;
}

export type OnboardingResult = { ok: true; url: string } | { ok: false; message: string };

/**
 * Starts (or resumes) the producer's Stripe Express onboarding: creates its connected account
 * once, then a fresh account link to Stripe's hosted form.
 */
export async function startOnboarding(options: {
  producerId: string;
  producerName: string;
  email: string | null;
  actorId: string;
  returnUrl: string;
  refreshUrl: string;
}): Promise<OnboardingResult> {
  if (!getOnlinePaymentConfig().enabled) {
    return { ok: false, message: 'Paiement en ligne désactivé : pas de clés Stripe.' };
  }
  try {
    let { stripeAccountId } = await getProducerPaymentSettings(options.producerId);
    if (!stripeAccountId) {
      const account = await createExpressAccount({
        producerId: options.producerId,
        name: options.producerName,
        email: options.email,
      });
      const [row] = await getSql().begin(async (tx) => {
        const saved = await tx<{ stripe_account_id: string }[]>`
          insert into producer_payment_settings (producer_id, stripe_account_id, charges_enabled,
            payouts_enabled, details_submitted)
          values (${options.producerId}, ${account.id}, ${account.chargesEnabled},
                  ${account.payoutsEnabled}, ${account.detailsSubmitted})
          on conflict (producer_id) do update
            set stripe_account_id = coalesce(producer_payment_settings.stripe_account_id, excluded.stripe_account_id)
          returning stripe_account_id`;
        await tx`
          insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
          values (${options.actorId}, ${options.producerId}, 'payments.stripe_account_created',
                  'organisation', ${options.producerId}, ${JSON.stringify({ account: account.id })}::jsonb)`;
        return saved;
      });
      stripeAccountId = row!.stripe_account_id;
    }
    const url = await createOnboardingLink({
      accountId: stripeAccountId,
      returnUrl: options.returnUrl,
      refreshUrl: options.refreshUrl,
    });
    return { ok: true, url };
  } catch (error) {
    if (error instanceof StripeCallError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

/** Back from onboarding: read the account's state now rather than wait for its webhook. */
export async function refreshAccount(
  producerId: string,
): Promise<{ ok: boolean; message?: string }> {
  const { stripeAccountId } = await getProducerPaymentSettings(producerId);
  if (!stripeAccountId || !getOnlinePaymentConfig().enabled) {
    return { ok: false };
  }
  try {
    await applyAccountState(getSql(), await retrieveAccount(stripeAccountId), new Date());
    return { ok: true };
  } catch (error) {
    if (error instanceof StripeCallError) {
      return { ok: false, message: error.message };
    }
    throw error;
  }
}

/**
 * The owner's « Activer le paiement en ligne » and Stripe's refresh link: onboarding with the
 * producer's identity, back to its payments page (`/o/<slug>/paiements/stripe`).
 */
export function startProducerOnboarding(options: {
  producer: {
    id: string;
    slug: string;
    name: string;
    legalName: string | null;
    email: string | null;
  };
  user: { id: string; email: string };
  origin: string;
}): Promise<OnboardingResult> {
  const back = `${options.origin}/o/${options.producer.slug}/paiements/stripe`;
  return startOnboarding({
    producerId: options.producer.id,
    producerName: options.producer.legalName ?? options.producer.name,
    email: options.producer.email ?? options.user.email,
    actorId: options.user.id,
    returnUrl: `${back}?retour=1`,
    refreshUrl: `${back}?relancer=1`,
  });
}
