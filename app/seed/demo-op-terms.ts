import type { FrameworkTermsInput } from '#app/domain/op/framework-terms.ts';

/**
 * The demo OP's milk agreements as data (pure: unit tests use the same terms as the demo).
 */

/** The OP's own indicators its milk agreements are priced with (€/1 000 L). */
export const OP_MILK_INDICATORS = [
  {
    code: 'cout-production-lait',
    label: 'Coût de production du lait de montagne (CNIEL)',
    kind: 'production_cost' as const,
    unit: '€/1 000 L',
    source: 'CNIEL, indicateur interprofessionnel',
    values: [
      { date: '2026-01-01', value: 512.4 },
      { date: '2026-07-01', value: 518.9 },
    ],
  },
  {
    code: 'valorisation-beurre-poudre',
    label: 'Valorisation beurre-poudre (FranceAgriMer)',
    kind: 'market' as const,
    unit: '€/1 000 L',
    source: 'FranceAgriMer, cotations mensuelles',
    values: [
      { date: '2026-01-01', value: 438.7 },
      { date: '2026-10-01', value: 446.2 },
    ],
  },
];

/**
 * An accord-cadre for raw cow milk with every clause of L631-24 III and IV (EG-10, EG-21,
 * EG-22): price = 50 % production cost + 50 % market valuation + the buyer's premium, in
 * € HT per 1 000 L; five years (R631-10), tacitly renewed.
 */
export function milkAgreementTerms(options: {
  totalLitres: number;
  premium: { label: string; amount: number };
  deliveryTerms: string;
  startOn?: string;
}): FrameworkTermsInput {
  return {
    startOn: options.startOn ?? '2026-01-01',
    durationYears: 5,
    producerStartedYearsAgo: 12,
    deliveryUnit: 'LTR',
    priceBaseQuantity: 1000,
    priceUnit: 'HT / 1 000 L',
    price: {
      mode: 'formula',
      formula: {
        decimals: 3,
        terms: [
          { indicator: 'cout-production-lait', weight: 0.5, label: 'Coût de production (CNIEL)' },
          {
            indicator: 'valorisation-beurre-poudre',
            weight: 0.5,
            label: 'Valorisation beurre-poudre',
          },
        ],
        adjustments: [options.premium],
      },
      indicators: [
        { code: 'cout-production-lait', category: 'production_cost', source: 'CNIEL' },
        { code: 'valorisation-beurre-poudre', category: 'market_price', source: 'FranceAgriMer' },
      ],
    },
    quantity: {
      total: options.totalLitres,
      unit: 'litres par an',
      origin: 'Monts du Lyonnais (Rhône, Loire)',
      quality: 'Lait cru de vache, 38 g/L de matière grasse et 32 g/L de protéines de référence',
    },
    deliveryTerms: options.deliveryTerms,
    payment: { terms: 'Virement sur le compte du producteur membre', delayDays: 30 },
    forceMajeure:
      'Aléa sanitaire ou climatique exceptionnel : aucune pénalité pour les volumes non livrés (art. L631-24 III CRPM).',
    termination: [
      { case: 'Manquement grave non réparé dans le mois', noticeMonths: 1, indemnity: 'aucune' },
      { case: 'Changement de mode de production', noticeMonths: 3, indemnity: 'aucune' },
    ],
    renewal: { tacit: true, buyerNoticeMonths: 3, producerNoticeMonths: 3 },
    membersSplit: {
      rules:
        'Volume annuel réparti entre les membres au prorata de leurs volumes de référence déclarés, révisé chaque année en assemblée de section.',
      transferRules:
        'Un membre cède tout ou partie de sa part à un autre membre avec l’accord du bureau de l’OP ; l’acheteur en est informé dans le mois.',
    },
    volumeGaps: {
      tolerancePercent: 10,
      rules:
        'Écart annuel toléré de ± 10 % par membre ; au-delà, l’OP redistribue les volumes entre membres avant toute pénalité.',
    },
    negotiationRules:
      'Négociation annuelle des volumes et du prix en novembre entre l’acheteur et le bureau de l’OP, sur la base de la proposition écrite de l’OP.',
    transparency:
      'L’acheteur communique chaque mois à l’OP l’évolution de ses indicateurs de prix de marché (art. L631-24-1 CRPM) ; l’OP les publie à ses membres.',
    monthlyTransmission:
      'Avant le 10 de chaque mois, l’acheteur transmet à l’OP, par fichier, les éléments des factures du mois précédent des membres et les critères de prix appliqués.',
  };
}
