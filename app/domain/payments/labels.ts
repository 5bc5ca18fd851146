import type { BalanceStatus } from './ledger.ts';

export type PaymentMethod = 'card' | 'cash' | 'cheque' | 'transfer';
export type ManualMethod = Exclude<PaymentMethod, 'card'>;
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'expired' | 'cancelled';

export const METHOD_LABELS: Record<PaymentMethod, string> = {
  card: 'Carte (en ligne)',
  cash: 'Espèces',
  cheque: 'Chèque',
  transfer: 'Virement',
};

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'En cours',
  succeeded: 'Reçu',
  failed: 'Échoué',
  expired: 'Abandonné',
  cancelled: 'Annulé',
};

export const BALANCE_STATUS_LABELS: Record<BalanceStatus, string> = {
  nothing_due: 'Rien à payer',
  unpaid: 'À payer',
  partial: 'Payé en partie',
  paid: 'Payé',
  overpaid: 'Trop-perçu',
};

export const REFUND_STATUS_LABELS = {
  pending: 'À envoyer',
  processing: 'En cours',
  succeeded: 'Remboursé',
  failed: 'Échec',
  cancelled: 'Abandonné',
} as const;

export const REFUND_REASON_LABELS = {
  settlement: 'Trop-perçu après facturation',
  credit_note: 'Avoir',
  manual: 'Remboursement manuel',
} as const;

export const TRANSFER_STATUS_LABELS = {
  pending: 'À envoyer',
  succeeded: 'Versé',
  failed: 'Échec',
} as const;
