import { describe, expect, it } from 'vitest';
import { attestationCsv, attestationTotals } from './attestation.ts';

const MONTHS = [
  { month: '2026-07', invoiceNumber: 'AF2026-000001', litres: 30_000, netCents: 1_460_319 },
  { month: '2026-08', invoiceNumber: 'AF2026-000003', litres: 29_500, netCents: 1_436_000 },
];

describe('attestationTotals', () => {
  it.each([
    ['aucun mois', [], { litres: 0, netCents: 0, refundCents: 0 }],
    // 14 603,19 × 5,59 % = 816,318… → 816,32 (M1 au forfait)
    ['un mois M1', [MONTHS[0]!], { litres: 30_000, netCents: 1_460_319, refundCents: 81_632 }],
    // 28 963,19 × 5,59 % = 1 619,042… : arrondi une fois sur l’année, pas par mois (816,32 + 802,72)
    [
      'deux mois : remboursement calculé sur le total de l’année',
      MONTHS,
      { litres: 59_500, netCents: 2_896_319, refundCents: 161_904 },
    ],
  ])('%s', (_label, months, expected) => {
    expect(attestationTotals(months)).toEqual(expected);
  });
});

describe('attestationCsv', () => {
  it('une ligne par mois puis le total et le remboursement, « ; », virgule décimale, BOM', () => {
    const csv = attestationCsv(2026, [
      {
        producerName: 'Ferme du Pilat',
        siret: '82356789600019',
        dairyName: 'SAS Laiterie de la Coise',
        dairySiren: '804678910',
        months: MONTHS,
      },
    ]);
    expect(csv.split('\r\n')).toEqual([
      '\uFEFFAnnée;Acheteur;SIREN acheteur;Producteur;SIRET producteur;Mois de collecte;Facture;Litres;Montant payé (sans TVA);Remboursement forfaitaire 5,59 %',
      '2026;SAS Laiterie de la Coise;804678910;Ferme du Pilat;82356789600019;juillet 2026;AF2026-000001;30000;14603,19;',
      '2026;SAS Laiterie de la Coise;804678910;Ferme du Pilat;82356789600019;août 2026;AF2026-000003;29500;14360,00;',
      '2026;SAS Laiterie de la Coise;804678910;Ferme du Pilat;82356789600019;Total 2026;;59500;28963,19;1619,04',
      '',
    ]);
  });
});
