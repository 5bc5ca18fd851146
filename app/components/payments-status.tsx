import type { BalanceStatus } from '#app/domain/payments/ledger.ts';

const STATUS_CLASS: Record<BalanceStatus, string> = {
  nothing_due: 'payment-status muted',
  unpaid: 'payment-status payment-status-unpaid',
  partial: 'payment-status payment-status-partial',
  paid: 'payment-status payment-status-paid',
  overpaid: 'payment-status payment-status-overpaid',
};

export function PaymentStatus({ status, label }: { status: BalanceStatus; label: string }) {
  return <span className={STATUS_CLASS[status]}>{label}</span>;
}
