import { describe, expect, it } from 'vitest';
import { toContractInput, validateContractTerms } from './contract-terms.ts';

const complete = {
  startOn: '2026-01-01',
  durationYears: 3,
  pricingConformation: 'U-',
  price: {
    mode: 'formula',
    formula: {
      terms: [
        { indicator: 'cout', weight: 0.7 },
        { indicator: 'cotation', weight: 0.3 },
      ],
      adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
      conformation: { reference: 'R=', perThird: 0.105 },
    },
    indicators: [
      { code: 'cout', category: 'production_cost', source: 'Idele' },
      { code: 'cotation', category: 'market_price', source: 'FranceAgriMer' },
    ],
  },
  quantity: { total: 20, unit: 'génisses', origin: 'Monts du Lyonnais', quality: 'Label Rouge' },
  deliveryTerms: 'Livraison à l’abattoir de Bourg-en-Bresse',
  payment: { terms: 'Virement', delayDays: 20 },
  forceMajeure: 'Aléa sanitaire ou climatique exceptionnel : aucune pénalité.',
  termination: [{ case: 'Manquement grave', noticeMonths: 3, indemnity: 'aucune' }],
  renewal: { tacit: true, buyerNoticeMonths: 3, producerNoticeMonths: 3 },
};

describe('validateContractTerms', () => {
  it('conditions complètes : aucune réserve, à la proposition comme à la signature', () => {
    expect(validateContractTerms(complete, 'bovine_heifer', 'proposal')).toEqual([]);
    expect(validateContractTerms(complete, 'bovine_heifer', 'signed')).toEqual([]);
  });

  it.each([
    ['date de prise d’effet absente', { startOn: undefined }, 'start_missing'],
    [
      'classe de conformation absente',
      { pricingConformation: undefined },
      'pricing_conformation_missing',
    ],
    ['force majeure absente', { forceMajeure: '' }, 'force_majeure_missing'],
    [
      'préavis acheteur de 2 mois',
      { renewal: { tacit: true, buyerNoticeMonths: 2 } },
      'buyer_notice_too_short',
    ],
    ['durée de 2 ans', { durationYears: 2 }, 'duration_too_short'],
  ])('%s', (_label, change, code) => {
    const issues = validateContractTerms({ ...complete, ...change }, 'bovine_heifer', 'signed');
    expect(issues.map((issue) => issue.code)).toContain(code);
  });

  it('champ mal formé : une réserve en français par champ, jamais d’exception', () => {
    const issues = validateContractTerms({ durationYears: 'trois' }, 'bovine_heifer', 'signed');
    expect(issues).toEqual([
      expect.objectContaining({ code: 'invalid_field', field: 'durationYears' }),
    ]);
  });

  it('la proposition du producteur est annexée d’office au contrat signé', () => {
    expect(toContractInput(complete as never, 'bovine_heifer', 'signed')).toMatchObject({
      stage: 'signed',
      producerProposalAnnexed: true,
    });
  });
});
