import { describe, expect, it } from 'vitest';
import { computeDueDate } from './compute-due-date.ts';

describe('computeDueDate', () => {
  it.each([
    [
      'I2 : viande fraîche livrée le 14/09/2026 → 04/10/2026 (20 jours)',
      { deliveryDate: '2026-09-14', issueDate: '2026-09-15', kind: 'fresh_meat' as const },
      '2026-10-04',
      'fresh_meat_20_days_after_delivery',
    ],
    [
      'I1 mixte (viande, yaourts, fleurs) : la ligne la plus stricte l’emporte',
      {
        deliveryDate: '2026-09-14',
        issueDate: '2026-09-15',
        kind: ['fresh_meat', 'perishable', 'general'] as const,
      },
      '2026-10-04',
      'fresh_meat_20_days_after_delivery',
    ],
    [
      'produits périssables : 30 jours après la livraison',
      { deliveryDate: '2026-09-14', issueDate: '2026-09-14', kind: 'perishable' as const },
      '2026-10-14',
      'perishable_30_days_after_delivery',
    ],
    [
      'I5 : lait, facture périodique du 01 au 31/08/2026 → 30/09/2026',
      {
        deliveryDate: '2026-08-31',
        issueDate: '2026-08-31',
        kind: 'perishable' as const,
        periodic: { firstDeliveryDate: '2026-08-01' },
      },
      '2026-09-30',
      'perishable_30_days_after_decade',
    ],
    [
      'périodique périssable, dernière livraison le 12 → fin de décade le 20 + 30 jours',
      {
        deliveryDate: '2026-08-12',
        issueDate: '2026-08-14',
        kind: 'perishable' as const,
        periodic: { firstDeliveryDate: '2026-08-03' },
      },
      '2026-09-19',
      'perishable_30_days_after_decade',
    ],
    [
      'périodique avec viande fraîche : 20 jours après la PREMIÈRE livraison',
      {
        deliveryDate: '2026-08-28',
        issueDate: '2026-08-31',
        kind: ['fresh_meat', 'perishable'] as const,
        periodic: { firstDeliveryDate: '2026-08-14' },
      },
      '2026-09-03',
      'fresh_meat_20_days_after_delivery',
    ],
    [
      'produits généraux sans accord : 30 jours après réception',
      { deliveryDate: '2026-09-14', issueDate: '2026-09-16', kind: 'general' as const },
      '2026-10-14',
      'general_30_days_after_delivery',
    ],
    [
      'produits généraux, délai convenu de 60 jours date de facture (maximum légal)',
      {
        deliveryDate: '2026-09-14',
        issueDate: '2026-09-15',
        kind: 'general' as const,
        generalTermDays: 60,
      },
      '2026-11-14',
      'general_agreed_days_after_issue',
    ],
    [
      'facture périodique de produits généraux : 45 jours au plus',
      {
        deliveryDate: '2026-09-28',
        issueDate: '2026-09-30',
        kind: 'general' as const,
        periodic: { firstDeliveryDate: '2026-09-01' },
        generalTermDays: 45,
      },
      '2026-11-14',
      'general_agreed_days_after_issue',
    ],
    [
      'émise le jour même de l’échéance : accepté',
      { deliveryDate: '2026-09-14', issueDate: '2026-10-04', kind: 'fresh_meat' as const },
      '2026-10-04',
      'fresh_meat_20_days_after_delivery',
    ],
  ])('%s', (_label, input, dueDate, rule) => {
    const result = computeDueDate(input);
    expect(result).toMatchObject({ ok: true, dueDate, rule });
    expect(result.ok && result.termsText).toMatch(/C\. com\. L441-1[01]/);
  });

  it.each([
    [
      'délai convenu de 61 jours',
      {
        deliveryDate: '2026-09-14',
        issueDate: '2026-09-15',
        kind: 'general' as const,
        generalTermDays: 61,
      },
      'term_too_long',
    ],
    [
      'facture périodique à 46 jours',
      {
        deliveryDate: '2026-09-14',
        issueDate: '2026-09-15',
        kind: 'general' as const,
        periodic: { firstDeliveryDate: '2026-09-01' },
        generalTermDays: 46,
      },
      'term_too_long',
    ],
    [
      'viande facturée 21 jours après la livraison : échéance déjà passée (BR-FR-CO-07)',
      { deliveryDate: '2026-09-14', issueDate: '2026-10-05', kind: 'fresh_meat' as const },
      'issued_after_due_date',
    ],
    [
      'date au format français',
      { deliveryDate: '14/09/2026', issueDate: '2026-09-15', kind: 'fresh_meat' as const },
      'invalid_date',
    ],
    [
      'date inexistante',
      { deliveryDate: '2026-02-30', issueDate: '2026-03-01', kind: 'perishable' as const },
      'invalid_date',
    ],
    [
      'facture sans ligne',
      { deliveryDate: '2026-09-14', issueDate: '2026-09-15', kind: [] as const },
      'no_product_kind',
    ],
  ])('refuse : %s', (_label, input, code) => {
    expect(computeDueDate(input)).toMatchObject({ ok: false, code, message: expect.any(String) });
  });
});
