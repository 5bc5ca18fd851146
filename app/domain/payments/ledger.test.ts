import { describe, expect, it } from 'vitest';
import {
  amountToPay,
  amountToRefund,
  balanceOf,
  balanceStatus,
  combinedStatus,
  type LedgerAmounts,
  sumLedgers,
} from './ledger.ts';

const part = (
  dueCents: number,
  paidCents = 0,
  refundedCents = 0,
  pendingCents = 0,
): LedgerAmounts => ({
  dueCents,
  paidCents,
  refundedCents,
  pendingCents,
});

describe('balanceOf / balanceStatus', () => {
  it.each([
    ['rien commandé', part(0), 0, 'nothing_due'],
    ['commandé, rien payé', part(2340), 2340, 'unpaid'],
    ['paiement en cours : pas encore reçu', part(2340, 0, 0, 2340), 2340, 'unpaid'],
    ['payé au centime', part(2340, 2340), 0, 'paid'],
    ['payé en partie', part(2340, 2000), 340, 'partial'],
    ['poids réel plus léger après paiement : trop-perçu', part(2210, 2340), -130, 'overpaid'],
    ['trop-perçu remboursé : soldé', part(2210, 2340, 130), 0, 'paid'],
    ['poids réel plus lourd : reste à payer', part(2480, 2340), 140, 'partial'],
    ['tout manquant après paiement : tout est à rendre', part(0, 2340), -2340, 'overpaid'],
    ['tout manquant, remboursé : rien à payer', part(0, 2340, 2340), 0, 'nothing_due'],
    ['remboursé en entier mais encore dû', part(1000, 1000, 1000), 1000, 'unpaid'],
  ])('%s', (_label, amounts, balance, status) => {
    expect(balanceOf(amounts)).toBe(balance);
    expect(balanceStatus(amounts)).toBe(status);
  });
});

describe('combinedStatus', () => {
  it.each([
    ['aucune part', [], 'nothing_due'],
    ['deux parts payées', ['paid', 'paid'], 'paid'],
    ['une part payée, une sans commande', ['paid', 'nothing_due'], 'paid'],
    ['un trop-perçu chez l’un ne paie pas l’autre', ['overpaid', 'unpaid'], 'partial'],
    ['payé chez l’un, trop chez l’autre', ['paid', 'overpaid'], 'overpaid'],
    ['rien payé nulle part', ['unpaid', 'unpaid', 'nothing_due'], 'unpaid'],
    ['payé chez l’un, pas chez l’autre', ['paid', 'unpaid'], 'partial'],
  ] as const)('%s', (_label, statuses, expected) => {
    expect(combinedStatus(statuses)).toBe(expected);
  });
});

describe('amountToPay / amountToRefund', () => {
  it('chaque producteur reçoit son dû : un trop-perçu chez l’un ne se déduit pas de l’autre', () => {
    const parts = [part(1000, 1300), part(500)];
    expect(amountToPay(parts)).toBe(500);
    expect(amountToRefund(parts)).toBe(300);
    expect(sumLedgers(parts)).toEqual(part(1500, 1300));
  });
});
