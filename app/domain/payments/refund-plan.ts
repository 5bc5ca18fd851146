/** A card payment's part for one producer, and what was already refunded from it. */
export type RefundableCardPart = {
  paymentId: string;
  allocatedCents: number;
  refundedCents: number;
};

export type CardRefundPlan = {
  refunds: { paymentId: string; amountCents: number }[];
  /** Overpaid by hand (cash, cheque, transfer): given back by hand, not online. */
  remainingCents: number;
};

/**
 * How an overpayment goes back to the household's card: from the parts in the order given
 * (newest payment first), each at most what is left of it — exactly what that producer
 * received from it, so the matching transfer reversal never exceeds the transfer.
 */
export function planCardRefunds(
  overpaidCents: number,
  parts: readonly RefundableCardPart[],
): CardRefundPlan {
  let remainingCents = Math.max(0, overpaidCents);
  const refunds: CardRefundPlan['refunds'] = [];
  for (const part of parts) {
    if (remainingCents === 0) {
      break;
    }
    const refundable = part.allocatedCents - part.refundedCents;
    if (refundable <= 0) {
      continue;
    }
    const amountCents = Math.min(refundable, remainingCents);
    refunds.push({ paymentId: part.paymentId, amountCents });
    remainingCents -= amountCents;
  }
  return { refunds, remainingCents };
}
