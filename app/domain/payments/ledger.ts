import { sumCents } from '#app/domain/money/money.ts';

/**
 * What one household owes one producer for one sheet, and what moved: the ledger key of
 * payments (ADR 012). `dueCents` is the invoices minus their credit notes once invoiced, the
 * order's share before; `paidCents` the parts of succeeded payments; `refundedCents` what was
 * (or is being) given back; `pendingCents` the parts of online payments still in progress.
 */
export type LedgerAmounts = {
  dueCents: number;
  paidCents: number;
  refundedCents: number;
  pendingCents: number;
};

export type BalanceStatus = 'nothing_due' | 'unpaid' | 'partial' | 'paid' | 'overpaid';

/** Positive: still to pay (« reste à payer »); negative: to give back (« trop-perçu »). */
export function balanceOf(amounts: LedgerAmounts): number {
  return amounts.dueCents - amounts.paidCents + amounts.refundedCents;
}

export function balanceStatus(amounts: LedgerAmounts): BalanceStatus {
  const balance = balanceOf(amounts);
  const received = amounts.paidCents - amounts.refundedCents;
  if (amounts.dueCents === 0 && received === 0) {
    return 'nothing_due';
  }
  if (balance < 0) {
    return 'overpaid';
  }
  if (balance === 0) {
    return 'paid';
  }
  return received <= 0 ? 'unpaid' : 'partial';
}

/**
 * A household's status over its producers' parts: paid only when every part is; an overpaid
 * part never hides an unpaid one (each producer is paid its own money).
 */
export function combinedStatus(statuses: readonly BalanceStatus[]): BalanceStatus {
  const owed = statuses.filter((status) => status !== 'nothing_due');
  if (owed.length === 0) {
    return 'nothing_due';
  }
  if (owed.every((status) => status === 'paid')) {
    return 'paid';
  }
  if (owed.every((status) => status === 'paid' || status === 'overpaid')) {
    return 'overpaid';
  }
  if (owed.every((status) => status === 'unpaid')) {
    return 'unpaid';
  }
  return 'partial';
}

export function sumLedgers(parts: readonly LedgerAmounts[]): LedgerAmounts {
  return {
    dueCents: sumCents(parts.map((part) => part.dueCents)),
    paidCents: sumCents(parts.map((part) => part.paidCents)),
    refundedCents: sumCents(parts.map((part) => part.refundedCents)),
    pendingCents: sumCents(parts.map((part) => part.pendingCents)),
  };
}

/** Still to pay over several parts: only what each producer is owed (overpayments elsewhere do not count). */
export function amountToPay(parts: readonly LedgerAmounts[]): number {
  return sumCents(parts.map((part) => Math.max(0, balanceOf(part))));
}

/** To give back over several parts. */
export function amountToRefund(parts: readonly LedgerAmounts[]): number {
  return sumCents(parts.map((part) => Math.max(0, -balanceOf(part))));
}
