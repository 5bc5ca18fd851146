import { describe, expect, it } from 'vitest';
import type { ContractInput } from './schemas.ts';
import { validateContract } from './validate-contract.ts';

/** A signed beef contract with every mandatory clause (BEEF-02 formula). */
const complete = {
  stage: 'signed',
  product: 'bovine_heifer',
  producerStartedYearsAgo: 12,
  price: {
    mode: 'formula',
    formula: {
      decimals: 3,
      terms: [
        { indicator: 'cost', weight: 0.7 },
        { indicator: 'quotation', weight: 0.3 },
      ],
      adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
      conformation: { reference: 'R=', perThird: 0.105 },
    },
    indicators: [
      { code: 'cost', category: 'production_cost', source: 'Idele' },
      { code: 'quotation', category: 'market_price', source: 'FranceAgriMer' },
    ],
  },
  quantity: {
    total: 40,
    unit: 'têtes par an',
    origin: 'Cantal',
    quality: 'Label Rouge, R= minimum',
  },
  deliveryTerms: 'Livraison par l’éleveur à l’abattoir d’Aurillac',
  payment: { terms: 'Virement', delayDays: 20 },
  durationYears: 3,
  forceMajeure: 'Aléa sanitaire ou climatique exceptionnel : pas de pénalité (L631-24 III)',
  termination: [{ case: 'Inexécution', noticeMonths: 3, indemnity: 'aucune' }],
  renewal: { buyerNoticeMonths: 3 },
  producerProposalAnnexed: true,
} satisfies ContractInput;

type Price = NonNullable<ContractInput['price']>;
const withPrice = (price: Partial<Price>): ContractInput => ({
  ...complete,
  price: { ...complete.price, ...price } as Price,
});
const codes = (input: ContractInput) => validateContract(input).map((issue) => issue.code);

describe('validateContract', () => {
  it('contrat signé complet : aucune remarque', () => {
    expect(validateContract(complete)).toEqual([]);
  });

  it('proposition vide : une remarque par clause obligatoire, chacune citant son article', () => {
    const issues = validateContract({ stage: 'proposal', product: 'egg' });
    expect(issues.map((issue) => [issue.code, issue.clause])).toEqual([
      ['price_missing', 'L631-24 III 1°'],
      ['quantity_missing', 'L631-24 III 2°'],
      ['origin_missing', 'L631-24 III 2°'],
      ['quality_missing', 'L631-24 III 2°'],
      ['delivery_terms_missing', 'L631-24 III 3°'],
      ['payment_terms_missing', 'L631-24 III 4°'],
      ['payment_delay_missing', 'L631-24 III 4°'],
      ['duration_missing', 'L631-24 III 5°'],
      ['force_majeure_missing', 'L631-24 III 6°'],
      ['termination_missing', 'L631-24 III 7°'],
      ['renewal_notice_missing', 'L631-24 VI'],
    ]);
    for (const issue of issues) {
      expect(issue.message).toMatch(/\(art\. [LR]631-24 [^)]*CRPM\)\.$/);
    }
  });

  it.each<[string, ContractInput, string[]]>([
    [
      'formule sans indicateur de coût de production (EG-11)',
      withPrice({
        formula: { ...complete.price.formula, terms: [{ indicator: 'quotation', weight: 1 }] },
      }),
      ['cost_indicator_missing'],
    ],
    [
      'indicateur de coût déclaré mais absent de la formule',
      withPrice({
        formula: {
          terms: [{ indicator: 'quotation', weight: 1 }],
          adjustments: [{ label: 'LR', amount: 0.2 }],
        },
      }),
      ['cost_indicator_missing'],
    ],
    [
      'contrat signé sans indicateur de marché',
      withPrice({
        formula: { ...complete.price.formula, terms: [{ indicator: 'cost', weight: 1 }] },
      }),
      ['market_indicator_missing'],
    ],
    [
      'contrat signé sans indicateur de qualité ni ajustement de qualité',
      withPrice({ formula: { terms: complete.price.formula.terms } }),
      ['quality_indicator_missing'],
    ],
    [
      'terme de formule non décrit dans les indicateurs',
      withPrice({ indicators: complete.price.indicators.slice(0, 1) }),
      ['indicator_undeclared', 'market_indicator_missing'],
    ],
    [
      'prix fixe sans révision automatique',
      withPrice({ mode: 'fixed', fixedPrice: 5.3, formula: undefined }),
      ['price_revision_missing', 'quality_indicator_missing'],
    ],
    [
      'prix fixe sans montant',
      withPrice({
        mode: 'fixed',
        automaticRevision: true,
        formula: undefined,
        indicators: [
          { code: 'cost', category: 'production_cost', source: 'Idele' },
          { code: 'quotation', category: 'market_price', source: 'FranceAgriMer' },
          { code: 'grade', category: 'quality', source: 'cahier des charges' },
        ],
      }),
      ['price_amount_missing'],
    ],
    [
      'critères sans description ni pondération',
      withPrice({ mode: 'criteria', formula: undefined }),
      [
        'price_criteria_missing',
        'indicator_weight_missing',
        'indicator_weight_missing',
        'quality_indicator_missing',
      ],
    ],
    [
      'mode formule sans formule',
      withPrice({ formula: undefined }),
      [
        'price_formula_missing',
        'cost_indicator_missing',
        'market_indicator_missing',
        'quality_indicator_missing',
      ],
    ],
    [
      'clause d’alignement concurrentiel (EG-12)',
      { ...complete, competitiveAlignmentClause: true },
      ['competitive_alignment_forbidden'],
    ],
    [
      'proposition du producteur non annexée (EG-09)',
      { ...complete, producerProposalAnnexed: false },
      ['proposal_not_annexed'],
    ],
    [
      'préavis de l’acheteur de 2 mois (EG-16)',
      { ...complete, renewal: { buyerNoticeMonths: 2 } },
      ['buyer_notice_too_short'],
    ],
    [
      'préavis de l’acheteur de 2,9 mois',
      { ...complete, renewal: { buyerNoticeMonths: 2.9 } },
      ['buyer_notice_too_short'],
    ],
    [
      'préavis de l’acheteur d’exactement 3 mois',
      { ...complete, renewal: { buyerNoticeMonths: 3 } },
      [],
    ],
    [
      'cas de résiliation sans préavis ni indemnité (EG-10 7°)',
      { ...complete, termination: [{ case: 'Changement de mode de production' }] },
      ['termination_notice_missing', 'termination_indemnity_missing'],
    ],
    [
      'origine en blanc',
      { ...complete, quantity: { ...complete.quantity, origin: '  ' } },
      ['origin_missing'],
    ],
    [
      'quantité sans unité',
      { ...complete, quantity: { ...complete.quantity, unit: '' } },
      ['quantity_missing'],
    ],
  ])('%s', (_label, input, expected) => {
    expect(codes(input)).toEqual(expected);
  });

  it('la proposition n’exige que l’indicateur de coût (marché et qualité viennent au contrat)', () => {
    const proposal: ContractInput = {
      ...withPrice({ formula: { terms: [{ indicator: 'cost', weight: 1 }] } }),
      stage: 'proposal',
      producerProposalAnnexed: false,
    };
    expect(codes(proposal)).toEqual([]);
  });

  it.each<[string, Partial<ContractInput>, string[]]>([
    ['génisses, 3 ans pile', { durationYears: 3 }, []],
    ['génisses, 2,5 ans', { durationYears: 2.5 }, ['duration_too_short']],
    ['lait de vache, producteur établi, 5 ans pile', { product: 'milk_cow', durationYears: 5 }, []],
    [
      'lait de vache, producteur établi, 4 ans',
      { product: 'milk_cow', durationYears: 4 },
      ['duration_too_short'],
    ],
    [
      'lait de brebis, installé il y a 4 ans, 5 ans',
      { product: 'milk_ewe', producerStartedYearsAgo: 4, durationYears: 5 },
      ['duration_too_short'],
    ],
    [
      'lait de brebis, installé il y a exactement 5 ans, 5 ans',
      { product: 'milk_ewe', producerStartedYearsAgo: 5, durationYears: 5 },
      [],
    ],
    [
      'lait de vache, jeune producteur, 7 ans',
      { product: 'milk_cow', producerStartedYearsAgo: 1, durationYears: 7 },
      [],
    ],
    [
      'lait de vache, jeune producteur ayant renoncé par écrit, 5 ans',
      {
        product: 'milk_cow',
        producerStartedYearsAgo: 1,
        extensionWaivedInWriting: true,
        durationYears: 5,
      },
      [],
    ],
    ['lait de chèvre, 3 ans', { product: 'milk_goat', durationYears: 3 }, []],
    [
      'légumes (R631-6-1), 1 an : pas de minimum',
      { product: 'fruit_vegetable', durationYears: 1 },
      [],
    ],
  ])('durée (EG-14, EG-15) : %s', (_label, change, expected) => {
    expect(codes({ ...complete, ...change })).toEqual(expected);
  });

  it('durée trop courte pour le lait : règle EG-15 et message français', () => {
    const [issue] = validateContract({
      ...complete,
      product: 'milk_cow',
      producerStartedYearsAgo: 2,
      durationYears: 5,
    });
    expect(issue).toEqual({
      code: 'duration_too_short',
      rule: 'EG-15',
      clause: 'R631-10',
      field: 'durationYears',
      message:
        'Durée de 5 an(s) inférieure au minimum de 7 ans pour : lait cru de vache, producteur installé depuis moins de 5 ans (art. R631-10 CRPM).',
    });
  });

  it('légumes, prix fixe sur moins de 3 ans : la clause de révision peut manquer (L631-24-2)', () => {
    const shortVegetables: ContractInput = {
      ...withPrice({ mode: 'fixed', fixedPrice: 2.1, formula: undefined }),
      product: 'fruit_vegetable',
      durationYears: 1,
    };
    expect(codes(shortVegetables)).not.toContain('price_revision_missing');
    expect(codes({ ...shortVegetables, durationYears: 3 })).toContain('price_revision_missing');
  });

  it('contrat mal formé : une remarque par champ, nommé', () => {
    const issues = validateContract({
      ...complete,
      durationYears: 'trois',
    } as unknown as ContractInput);
    expect(issues).toEqual([
      expect.objectContaining({
        code: 'invalid_field',
        field: 'durationYears',
        message: 'Champ « durationYears » : nombre attendu.',
      }),
    ]);
  });
});
