import { stringify } from 'csv-stringify/sync';
import { formatCentsFr } from '#app/domain/invoicing/accounting-csv.ts';
import type { IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import { sumCents } from '#app/domain/money/money.ts';
import { BALANCE_STATUS_LABELS } from './labels.ts';
import { type BalanceStatus, balanceOf, balanceStatus } from './ledger.ts';

/**
 * Where the expected amount of a part comes from: the invoices (minus credit notes) once issued;
 * before, the order as delivered (shortages, actual weights entered) or as ordered, with
 * estimated weights for what is sold by weight.
 */
export type DueBasis = 'invoiced' | 'delivered' | 'ordered';

export const DUE_BASIS_LABELS: Record<DueBasis, string> = {
  invoiced: 'Facturé (avoirs déduits)',
  delivered: 'Livré, avant facture',
  ordered: 'Commandé, avant livraison',
};

/** Expected vs received for one household's part of one producer on one sheet. */
export type ReconciliationRow = {
  deliveryOn: IsoDate;
  groupName: string;
  sheetTitle: string;
  householdName: string;
  producerName: string;
  transferReference: string;
  invoiceNumbers: readonly string[];
  dueBasis: DueBasis;
  dueCents: number;
  cardCents: number;
  cashCents: number;
  chequeCents: number;
  transferCents: number;
  refundedCents: number;
  /** Parts of online payments still in progress (not counted as received). */
  pendingCents: number;
  /** Moved to the producer's Stripe account: transfers minus reversals. */
  transferredCents: number;
};

export function rowPaidCents(row: ReconciliationRow): number {
  return row.cardCents + row.cashCents + row.chequeCents + row.transferCents;
}

export function rowBalance(row: ReconciliationRow): {
  balanceCents: number;
  status: BalanceStatus;
} {
  const amounts = {
    dueCents: row.dueCents,
    paidCents: rowPaidCents(row),
    refundedCents: row.refundedCents,
    pendingCents: row.pendingCents,
  };
  return { balanceCents: balanceOf(amounts), status: balanceStatus(amounts) };
}

type Totals = Omit<
  ReconciliationRow,
  | 'deliveryOn'
  | 'groupName'
  | 'sheetTitle'
  | 'householdName'
  | 'producerName'
  | 'transferReference'
  | 'invoiceNumbers'
  | 'dueBasis'
> & { balanceCents: number };

export function reconciliationTotals(rows: readonly ReconciliationRow[]): Totals {
  const sum = (pick: (row: ReconciliationRow) => number) => sumCents(rows.map(pick));
  return {
    dueCents: sum((row) => row.dueCents),
    cardCents: sum((row) => row.cardCents),
    cashCents: sum((row) => row.cashCents),
    chequeCents: sum((row) => row.chequeCents),
    transferCents: sum((row) => row.transferCents),
    refundedCents: sum((row) => row.refundedCents),
    pendingCents: sum((row) => row.pendingCents),
    transferredCents: sum((row) => row.transferredCents),
    balanceCents: sum((row) => rowBalance(row).balanceCents),
  };
}

export const RECONCILIATION_CSV_HEADER = [
  'Livraison',
  'Groupe',
  'Feuille',
  'Foyer',
  'Producteur',
  'Référence de virement',
  'Factures',
  'Base du montant attendu',
  'Attendu TTC',
  'Carte',
  'Espèces',
  'Chèque',
  'Virement',
  'Remboursé',
  'En cours (carte)',
  'Versé au producteur (Stripe)',
  'Solde (à payer si positif)',
  'Statut',
] as const;

/**
 * The reconciliation as CSV for a French spreadsheet: `;`, decimal comma, UTF-8 with BOM,
 * CRLF — the same choices as the sales journal (accounting-csv.ts).
 */
export function reconciliationToCsv(rows: readonly ReconciliationRow[]): string {
  const records = rows.map((row) => {
    const { balanceCents, status } = rowBalance(row);
    return [
      row.deliveryOn,
      row.groupName,
      row.sheetTitle,
      row.householdName,
      row.producerName,
      row.transferReference,
      row.invoiceNumbers.join(' '),
      DUE_BASIS_LABELS[row.dueBasis],
      formatCentsFr(row.dueCents),
      formatCentsFr(row.cardCents),
      formatCentsFr(row.cashCents),
      formatCentsFr(row.chequeCents),
      formatCentsFr(row.transferCents),
      formatCentsFr(row.refundedCents),
      formatCentsFr(row.pendingCents),
      formatCentsFr(row.transferredCents),
      formatCentsFr(balanceCents),
      BALANCE_STATUS_LABELS[status],
    ];
  });
  return stringify([[...RECONCILIATION_CSV_HEADER], ...records], {
    delimiter: ';',
    bom: true,
    record_delimiter: '\r\n',
  });
}
