// A household pays its share online: one Stripe Checkout Session per payment, a line per
// producer with an enabled connected account (exactly what is still owed to it) and the fee on
// its own line (ADR 012). The payment row and its parts are written before Stripe is called;
// the webhook confirms it.
import { getSql } from '#app/db/client.server.ts';
import { type CheckoutPart, planCheckout } from '#app/domain/payments/checkout-plan.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { tp } from '#app/domain/payments/messages.ts';
import {
  createCheckoutSession,
  expireCheckoutSession,
  getOnlinePaymentConfig,
  StripeCallError,
} from '#app/integrations/stripe.server.ts';
import { loadSheetLedger, lockHouseholdShare, type SheetLedger } from './payment-ledger.server.ts';

export type StartCheckoutResult = { ok: true; url: string } | { ok: false; message: string };

/** An open session is reused while it has this much time left (Stripe's default life is 24 h). */
const REUSE_MARGIN_MS = 10 * 60_000;

/** What the household still owes each producer of the sheet, and who is paid online. */
export function checkoutPartsOf(ledger: SheetLedger, householdId: string): CheckoutPart[] {
  return ledger.producers.map((producer) => {
    const part = ledger.parts.find(
      (candidate) => candidate.producerId === producer.id && candidate.householdId === householdId,
    );
    return {
      producerId: producer.id,
      producerName: producer.name,
      balanceCents: part ? balanceOf(part.amounts) : 0,
      isOnline: producer.isOnline,
    };
  });
}

export function transferGroupOf(paymentId: string): string {
  return `cabas-payment-${paymentId}`;
}

type Prepared =
  | { kind: 'reuse'; url: string }
  | { kind: 'refused'; message: string }
  | {
      kind: 'new';
      paymentId: string;
      lines: { name: string; amountCents: number }[];
      stale: { id: string; sessionId: string | null }[];
    };

export async function startCheckout(options: {
  sheetId: string;
  householdId: string;
  userId: string;
  email: string | null;
  successUrl: string;
  cancelUrl: string;
  now?: Date;
}): Promise<StartCheckoutResult> {
  const config = getOnlinePaymentConfig();
  if (!config.enabled) {
    return { ok: false, message: tp('online.off') };
  }
  const now = options.now ?? new Date();
  const prepared = (await getSql().begin(async (tx) => {
    await lockHouseholdShare(tx, options.sheetId, options.householdId);
    const ledger = await loadSheetLedger(
      { sheetId: options.sheetId, householdId: options.householdId },
      tx,
    );
    if (!ledger?.sheet.isPayable) {
      return { kind: 'refused', message: tp('share.notPayable') };
    }
    const problem = ledger.parts.find((part) => part.due.problem)?.due.problem;
    if (problem) {
      return { kind: 'refused', message: tp('share.invalidLines', { reason: problem }) };
    }
    const planned = planCheckout(checkoutPartsOf(ledger, options.householdId), config.fee);
    const pending = ledger.payments.filter(
      (payment) => payment.method === 'card' && payment.status === 'pending',
    );
    if (!planned.ok) {
      return { kind: 'refused', message: planned.message };
    }
    const { plan } = planned;
    // The same parts are already in an open session (a second click, a back button): reuse it.
    const same = pending.find(
      (payment) =>
        isReusable(payment, now) &&
        payment.amountCents === plan.totalCents &&
        samePartsAs(payment.parts, plan.lines),
    );
    if (same?.checkoutUrl) {
      return { kind: 'reuse', url: same.checkoutUrl };
    }
    const [payment] = await tx<{ id: string }[]>`
      insert into payments (sheet_id, household_id, method, status, amount_cents, fee_cents, recorded_by)
      values (${options.sheetId}, ${options.householdId}, 'card', 'pending', ${plan.totalCents},
              ${plan.feeCents}, ${options.userId})
      returning id`;
    const accounts = new Map(ledger.producers.map((p) => [p.id, p.stripeAccountId]));
    await tx`insert into payment_allocations ${tx(
      plan.lines.map((line) => ({
        payment_id: payment!.id,
        producer_id: line.producerId,
        amount_cents: line.amountCents,
        stripe_account_id: accounts.get(line.producerId) ?? null,
      })),
    )}`;
    return {
      kind: 'new',
      paymentId: payment!.id,
      lines: [
        ...plan.lines.map((line) => ({
          name: `${line.producerName} — ${ledger.sheet.title}`,
          amountCents: line.amountCents,
        })),
        ...(plan.feeCents > 0
          ? [{ name: 'Frais de paiement en ligne', amountCents: plan.feeCents }]
          : []),
      ],
      stale: pending.map((payment) => ({ id: payment.id, sessionId: null })),
    };
  })) as Prepared;

  if (prepared.kind === 'reuse') {
    return { ok: true, url: prepared.url };
  }
  if (prepared.kind === 'refused') {
    return { ok: false, message: prepared.message };
  }
  try {
    const session = await createCheckoutSession({
      paymentId: prepared.paymentId,
      lines: prepared.lines,
      customerEmail: options.email,
      transferGroup: transferGroupOf(prepared.paymentId),
      successUrl: options.successUrl,
      cancelUrl: options.cancelUrl,
      metadata: {
        cabas_payment_id: prepared.paymentId,
        cabas_sheet_id: options.sheetId,
        cabas_household_id: options.householdId,
      },
    });
    await getSql()`
      update payments set stripe_checkout_session_id = ${session.id},
        stripe_checkout_url = ${session.url},
        stripe_checkout_expires_at = ${session.expiresAt?.toISOString() ?? null}::timestamptz
      where id = ${prepared.paymentId}`;
    await expireStale(prepared.stale.map((payment) => payment.id));
    return { ok: true, url: session.url };
  } catch (error) {
    if (!(error instanceof StripeCallError)) {
      throw error;
    }
    await getSql()`
      update payments set status = 'failed', failure_message = ${error.message}
      where id = ${prepared.paymentId} and status = 'pending'`;
    return { ok: false, message: tp('online.unavailable', { reason: error.message }) };
  }
}

function samePartsAs(
  parts: readonly { producerId: string; amountCents: number }[],
  lines: readonly { producerId: string; amountCents: number }[],
): boolean {
  const key = (list: readonly { producerId: string; amountCents: number }[]) =>
    list
      .map((item) => `${item.producerId}:${item.amountCents}`)
      .sort()
      .join(',');
  return key(parts) === key(lines);
}

function isReusable(
  payment: { checkoutUrl: string | null; checkoutExpiresAt: Date | null },
  now: Date,
): boolean {
  return (
    payment.checkoutUrl !== null &&
    (payment.checkoutExpiresAt === null ||
      payment.checkoutExpiresAt.getTime() - now.getTime() > REUSE_MARGIN_MS)
  );
}

/**
 * Older open sessions of the same share (another amount since) are expired, so the household
 * cannot pay twice by an old tab; one already paid meanwhile stays paid (its webhook wins).
 */
async function expireStale(paymentIds: string[]): Promise<void> {
  if (paymentIds.length === 0) {
    return;
  }
  const rows = await getSql()<{ id: string; stripe_checkout_session_id: string | null }[]>`
    select id, stripe_checkout_session_id from payments
    where id = any(${paymentIds}::uuid[]) and status = 'pending'`;
  for (const row of rows) {
    if (!row.stripe_checkout_session_id) {
      await getSql()`update payments set status = 'failed',
        failure_message = 'Session de paiement jamais ouverte.' where id = ${row.id} and status = 'pending'`;
      continue;
    }
    try {
      await expireCheckoutSession(row.stripe_checkout_session_id);
      await getSql()`update payments set status = 'expired' where id = ${row.id} and status = 'pending'`;
    } catch (error) {
      if (!(error instanceof StripeCallError)) {
        throw error;
      }
      // Already completed or expired at Stripe: its webhook says which.
    }
  }
}
