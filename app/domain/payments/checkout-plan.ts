import type { DomainError } from '#app/domain/invoicing/invoice-types.ts';
import { computeOnlineFee, type OnlineFeeSetting } from './fee.ts';
import { tp } from './messages.ts';

/** Stripe's smallest charge in euros: 0,50 €. */
export const STRIPE_MINIMUM_CHARGE_CENTS = 50;

export type CheckoutPart = {
  producerId: string;
  producerName: string;
  /** Still to pay to this producer (negative or zero: nothing). */
  balanceCents: number;
  /** The producer's connected account can receive transfers. */
  isOnline: boolean;
};

export type CheckoutPlan = {
  /** One line per producer paid online, exactly its balance. */
  lines: { producerId: string; producerName: string; amountCents: number }[];
  feeCents: number;
  totalCents: number;
  /** Producers without online payment: paid at pickup or by transfer. */
  offline: { producerId: string; producerName: string; amountCents: number }[];
};

export type CheckoutPlanError = DomainError<
  'nothing_to_pay' | 'no_online_producer' | 'below_minimum'
>;

/**
 * One Checkout Session per household payment (ADR 012): a line per producer with an enabled
 * account for exactly what is still owed to it, plus the fee as its own line; producers
 * without online payment are listed apart, to pay by hand.
 */
export function planCheckout(
  parts: readonly CheckoutPart[],
  fee: OnlineFeeSetting,
): { ok: true; plan: CheckoutPlan } | CheckoutPlanError {
  const owed = parts.filter((part) => part.balanceCents > 0);
  if (owed.length === 0) {
    return { ok: false, code: 'nothing_to_pay', message: tp('share.nothingToPay') };
  }
  const toLine = (part: CheckoutPart) => ({
    producerId: part.producerId,
    producerName: part.producerName,
    amountCents: part.balanceCents,
  });
  const lines = owed.filter((part) => part.isOnline).map(toLine);
  const offline = owed.filter((part) => !part.isOnline).map(toLine);
  if (lines.length === 0) {
    return { ok: false, code: 'no_online_producer', message: tp('share.noOnlineProducer') };
  }
  const partsCents = lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (partsCents < STRIPE_MINIMUM_CHARGE_CENTS) {
    return {
      ok: false,
      code: 'below_minimum',
      message: tp('share.belowMinimum'),
    };
  }
  const feeCents = computeOnlineFee(partsCents, fee);
  return { ok: true, plan: { lines, feeCents, totalCents: partsCents + feeCents, offline } };
}
