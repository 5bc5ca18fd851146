import { describe, expect, it } from 'vitest';
import { formToTerms, type IndicatorChoice, termsToForm } from './contract-form.ts';
import { ContractTermsSchema, validateContractTerms } from './contract-terms.ts';

const INDICATORS: IndicatorChoice[] = [
  { code: 'cout', label: 'Coût de production', kind: 'production_cost', source: 'Idele' },
  { code: 'cotation', label: 'Cotation génisse U', kind: 'market', source: 'FranceAgriMer' },
];

const FORM = {
  startOn: '2026-01-01',
  durationYears: '3',
  quantityTotal: '8 400',
  quantityUnit: 'kg de carcasse par an',
  origin: 'Rhône',
  quality: 'Label Rouge',
  deliveryTerms: 'En carcasse',
  paymentTerms: 'Virement',
  paymentDelayDays: '20',
  forceMajeure: 'Aléa sanitaire : aucune pénalité',
  tacitRenewal: 'on',
  buyerNoticeMonths: '3',
  producerNoticeMonths: '3',
  t1Case: 'Manquement grave',
  t1Notice: '1',
  t1Indemnity: 'aucune',
  costIndicator: 'cout',
  costWeight: '0,70',
  marketIndicator: 'cotation',
  marketWeight: '0,30',
  conformationReference: 'R=',
  perThird: '0,105',
  pricingConformation: 'U-',
  premiumLabel: 'Label Rouge',
  premiumAmount: '0,22',
  priceUnit: 'HT / kg de carcasse',
};

describe('formToTerms / termsToForm', () => {
  it('le formulaire B1 donne des conditions complètes, et se relit à l’identique', () => {
    const result = formToTerms(FORM, INDICATORS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(validateContractTerms(result.terms, 'bovine_heifer', 'signed')).toEqual([]);
    expect(result.terms.price?.formula?.terms).toEqual([
      { indicator: 'cout', weight: 0.7, label: 'Coût de production' },
      { indicator: 'cotation', weight: 0.3, label: 'Cotation génisse U' },
    ]);
    const back = termsToForm(ContractTermsSchema.parse(result.terms));
    expect(back).toMatchObject({
      ...FORM,
      quantityTotal: '8400',
      costWeight: '0,7',
      marketWeight: '0,3',
    });
  });

  it.each([
    [
      'durée non numérique',
      { durationYears: 'trois' },
      'durationYears',
      'Nombre attendu (virgule décimale acceptée).',
    ],
    [
      'préavis décimal',
      { buyerNoticeMonths: '2,5' },
      'buyerNoticeMonths',
      'Nombre entier positif attendu.',
    ],
    [
      'indicateur inconnu',
      { costIndicator: 'autre' },
      'costIndicator',
      'Choisissez un indicateur de la liste.',
    ],
    [
      'date impossible',
      { startOn: '2026-02-30' },
      'startOn',
      'date calendaire AAAA-MM-JJ attendue (ex. 2026-10-01)',
    ],
  ])('%s : erreur sur le champ, rien n’est enregistré', (_label, change, field, message) => {
    const result = formToTerms({ ...FORM, ...change }, INDICATORS);
    expect(result).toEqual({ ok: false, fieldErrors: { [field]: message } });
  });

  it('un formulaire vide est accepté (brouillon) : les clauses manquantes sont des réserves', () => {
    const result = formToTerms({}, INDICATORS);
    expect(result.ok).toBe(true);
    expect(
      result.ok && validateContractTerms(result.terms, 'bovine_heifer', 'proposal').length,
    ).toBeGreaterThan(5);
  });
});
