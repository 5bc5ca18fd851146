import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifySale, type SaleClassification } from './classify.ts';
import { EGALIM_PRODUCTS } from './products.ts';
import type { SaleInput } from './schemas.ts';

const heifersLabelRouge = { product: 'bovine_heifer', siqo: true, buyer: 'professional' } as const;

type Row = [string, SaleInput, Pick<SaleClassification, 'decision' | 'minDurationYears' | 'rule'>];

const exempt = (rule: string) => ({ decision: 'exempt', minDurationYears: null, rule }) as const;
const optional = { decision: 'writing_optional', minDurationYears: null, rule: 'EG-05' } as const;
const contract = (years: 3 | 5 | 7, rule = 'EG-14') =>
  ({ decision: 'contract_required', minDurationYears: years, rule }) as const;

describe('classifySale', () => {
  it.each<Row>([
    [
      'X1 légumes vendus à la ferme à un particulier : exemptée (vente au consommateur)',
      { product: 'fruit_vegetable', buyer: 'consumer' },
      exempt('EG-02a'),
    ],
    [
      'X2 légumes à un restaurant, producteur à 80 000 € : écrit facultatif (R631-6-1)',
      { product: 'fruit_vegetable', buyer: 'professional', producerTurnoverEur: 80_000 },
      optional,
    ],
    [
      'X3 génisses Label Rouge, boucher à 90 000 €, producteur à 40 000 € : exemptée',
      { ...heifersLabelRouge, buyerTurnoverEur: 90_000, producerTurnoverEur: 40_000 },
      exempt('EG-04'),
    ],
    [
      'X4 génisses Label Rouge, boucher à 150 000 €, producteur à 8 000 € : exemptée',
      { ...heifersLabelRouge, buyerTurnoverEur: 150_000, producerTurnoverEur: 8_000 },
      exempt('EG-04'),
    ],
    [
      'X5 génisses Label Rouge, boucher à 150 000 €, producteur à 25 000 € : contrat de 3 ans',
      { ...heifersLabelRouge, buyerTurnoverEur: 150_000, producerTurnoverEur: 25_000 },
      contract(3),
    ],
    [
      'X8 agneaux, producteur à 4 000 € : exemptée',
      { product: 'lamb_lt12m', buyer: 'professional', producerTurnoverEur: 4_000 },
      exempt('EG-04'),
    ],
    [
      'X8 agneaux, producteur à 6 000 € : contrat de 3 ans',
      { product: 'lamb_lt12m', buyer: 'professional', producerTurnoverEur: 6_000 },
      contract(3),
    ],
    [
      'X9 œufs à une épicerie, producteur à 9 500 € : exemptée',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 9_500 },
      exempt('EG-04'),
    ],
    [
      'X9 œufs à une épicerie, producteur à 12 000 € : contrat de 3 ans',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 12_000 },
      contract(3),
    ],
    [
      'X10 miel à une boutique, chiffre d’affaires élevé : écrit facultatif (apiculture)',
      {
        product: 'honey',
        buyer: 'professional',
        producerTurnoverEur: 900_000,
        buyerTurnoverEur: 5e6,
      },
      optional,
    ],
    [
      'X10 miel à une boutique, petit chiffre d’affaires : écrit facultatif aussi',
      { product: 'honey', buyer: 'professional', producerTurnoverEur: 1_000 },
      optional,
    ],
    [
      'X12 porcs cédés à une association caritative pour des repas : exemptée',
      { product: 'pig', buyer: 'charity', producerTurnoverEur: 500_000, buyerTurnoverEur: 1e6 },
      exempt('EG-02b'),
    ],
    [
      'X12 lait de vache cédé à une association caritative : exemptée',
      { product: 'milk_cow', buyer: 'charity' },
      exempt('EG-02b'),
    ],
  ])('%s', (_label, input, expected) => {
    expect(classifySale(input)).toMatchObject(expected);
  });

  it.each<Row>([
    [
      'œufs, producteur à exactement 10 000 € : contrat (le seuil est « inférieur à »)',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 10_000 },
      contract(3),
    ],
    [
      'œufs, producteur à 9 999,99 € : exemptée',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 9_999.99 },
      exempt('EG-04'),
    ],
    [
      'agneaux, producteur à exactement 5 000 € : contrat',
      { product: 'lamb_lt12m', buyer: 'professional', producerTurnoverEur: 5_000 },
      contract(3),
    ],
    [
      'pommes à cidre, producteur à 4 999 € : exemptée',
      { product: 'cider_apple', buyer: 'professional', producerTurnoverEur: 4_999 },
      exempt('EG-04'),
    ],
    [
      'poires à poiré, producteur à 7 000 € : contrat (seuil 5 000 €, pas 10 000 €)',
      { product: 'perry_pear', buyer: 'professional', producerTurnoverEur: 7_000 },
      contract(3),
    ],
    [
      'agneaux, acheteur à 50 € : pas de seuil acheteur, contrat',
      {
        product: 'lamb_lt12m',
        buyer: 'professional',
        producerTurnoverEur: 6_000,
        buyerTurnoverEur: 50,
      },
      contract(3),
    ],
    [
      'vaches, boucher à exactement 100 000 € et producteur à 10 000 € : contrat',
      {
        product: 'bovine_cow',
        buyer: 'professional',
        buyerTurnoverEur: 100_000,
        producerTurnoverEur: 10_000,
      },
      contract(3),
    ],
    [
      'jeunes bovins, boucher à 99 999 € : exemptée',
      { product: 'bovine_male_12_24m', buyer: 'professional', buyerTurnoverEur: 99_999 },
      exempt('EG-04'),
    ],
    [
      'broutards, boucher à 99 999 € : exemptée (ligne bovins maigres)',
      { product: 'bovine_store_lt12m', buyer: 'professional', buyerTurnoverEur: 99_999 },
      exempt('EG-04'),
    ],
    [
      'porcs, acheteur à 779 999 € : exemptée',
      {
        product: 'pig',
        buyer: 'professional',
        buyerTurnoverEur: 779_999,
        producerTurnoverEur: 50_000,
      },
      exempt('EG-04'),
    ],
    [
      'porcs, acheteur à 780 000 € et producteur à 50 000 € : contrat',
      {
        product: 'pig',
        buyer: 'professional',
        buyerTurnoverEur: 780_000,
        producerTurnoverEur: 50_000,
      },
      contract(3),
    ],
    [
      'œufs, acheteur à 50 € : pas de seuil acheteur en règle générale, contrat',
      { product: 'egg', buyer: 'professional', buyerTurnoverEur: 50, producerTurnoverEur: 20_000 },
      contract(3),
    ],
    [
      'lait de vache, laiterie à 699 999 € : exemptée',
      { product: 'milk_cow', buyer: 'professional', buyerTurnoverEur: 699_999 },
      exempt('EG-04'),
    ],
    [
      'lait de vache, producteur à 100 € : pas d’exemption producteur, contrat de 5 ans',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 700_000,
        producerTurnoverEur: 100,
        producerStartedYearsAgo: 12,
      },
      contract(5, 'EG-15'),
    ],
    [
      'lait de brebis, producteur installé il y a exactement 5 ans : 5 ans',
      {
        product: 'milk_ewe',
        buyer: 'professional',
        buyerTurnoverEur: 2e6,
        producerStartedYearsAgo: 5,
      },
      contract(5, 'EG-15'),
    ],
    [
      'lait de vache, producteur installé il y a 4 ans : 7 ans',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 2e6,
        producerStartedYearsAgo: 4,
      },
      contract(7, 'EG-15'),
    ],
    [
      'lait de vache, producteur installé il y a 4,9 ans : 7 ans',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 2e6,
        producerStartedYearsAgo: 4.9,
      },
      contract(7, 'EG-15'),
    ],
    [
      'lait de chèvre, jeune producteur : 3 ans (règle générale)',
      {
        product: 'milk_goat',
        buyer: 'professional',
        buyerTurnoverEur: 2e6,
        producerStartedYearsAgo: 1,
      },
      contract(3),
    ],
    [
      'œufs, jeune producteur : 3 ans (l’allongement de L631-24 III est facultatif)',
      {
        product: 'egg',
        buyer: 'professional',
        producerTurnoverEur: 20_000,
        producerStartedYearsAgo: 1,
      },
      contract(3),
    ],
  ])('seuils et durées : %s', (_label, input, expected) => {
    expect(classifySale(input)).toMatchObject(expected);
  });

  it.each<Row>([
    [
      'vente sur le carreau d’un MIN à prix ferme : exemptée',
      {
        product: 'bovine_cow',
        buyer: 'wholesale_market_fixed_price',
        buyerTurnoverEur: 5e6,
        producerTurnoverEur: 1e6,
      },
      exempt('EG-02c'),
    ],
    [
      'associé coopérateur livrant du lait à sa coopérative : exemptée',
      {
        product: 'milk_cow',
        buyer: 'professional',
        cooperativeMember: true,
        buyerTurnoverEur: 5e8,
      },
      exempt('EG-06'),
    ],
    [
      'consommateur passe avant coopérative : règle EG-02a',
      { product: 'milk_cow', buyer: 'consumer', cooperativeMember: true },
      exempt('EG-02a'),
    ],
    [
      'coopérative passe avant la liste R631-6-1 : règle EG-06',
      { product: 'fruit_vegetable', buyer: 'professional', cooperativeMember: true },
      exempt('EG-06'),
    ],
    [
      'liste R631-6-1 passe avant les seuils : légumes à 5 000 € restent « écrit facultatif »',
      { product: 'fruit_vegetable', buyer: 'professional', producerTurnoverEur: 5_000 },
      optional,
    ],
    [
      'vin à un caviste : écrit facultatif',
      { product: 'wine', buyer: 'professional', producerTurnoverEur: 300_000 },
      optional,
    ],
    [
      'céréales à un négoce : écrit facultatif',
      { product: 'cereal', buyer: 'professional', producerTurnoverEur: 300_000 },
      optional,
    ],
  ])('ordre des étapes : %s', (_label, input, expected) => {
    expect(classifySale(input)).toMatchObject(expected);
  });

  it.each([
    ['X1 consommateur', { product: 'fruit_vegetable', buyer: 'consumer' }, /L631-24 I al\. 2/],
    [
      'X2 légumes',
      { product: 'fruit_vegetable', buyer: 'professional' },
      /R631-6-1.*sauf la durée minimale de 3 ans.*L631-24-2/,
    ],
    [
      'X3 acheteur sous le seuil',
      { ...heifersLabelRouge, buyerTurnoverEur: 90_000 },
      /^Génisses de race à viande sous signe officiel de qualité : chiffre d’affaires de l’acheteur pour ce produit \(90\u202f000 €\) inférieur au seuil de 100\u202f000 €.*R631-6 II/,
    ],
    [
      'X4 producteur sous le seuil',
      { ...heifersLabelRouge, buyerTurnoverEur: 150_000, producerTurnoverEur: 8_000 },
      /du producteur pour ce produit \(8\u202f000 €\) inférieur au seuil de 10\u202f000 €/,
    ],
    [
      'X5 contrat',
      { ...heifersLabelRouge, buyerTurnoverEur: 150_000, producerTurnoverEur: 25_000 },
      /contrat écrit obligatoire \(art\. L631-24 I CRPM\), précédé d’une proposition écrite du producteur annexée.*3 ans \(art\. L631-24 III CRPM\)/,
    ],
    [
      'X9 œufs, règle générale',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 9_500 },
      /art\. R631-6 I CRPM/,
    ],
    [
      'lait, jeune producteur',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 2e6,
        producerStartedYearsAgo: 2,
      },
      /7 ans, producteur ayant engagé cette production depuis moins de 5 ans \(art\. R631-10 CRPM\)/,
    ],
    [
      'coopérative',
      { product: 'pig', buyer: 'professional', cooperativeMember: true },
      /L631-24-3 II/,
    ],
    ['MIN', { product: 'pig', buyer: 'wholesale_market_fixed_price' }, /carreau/],
  ] as [string, SaleInput, RegExp][])(
    'motif en français citant l’article : %s',
    (_label, input, reason) => {
      expect(classifySale(input).reason).toMatch(reason);
    },
  );

  it('sans chiffre d’affaires, retient le contrat (prudence) et dit pourquoi', () => {
    const result = classifySale({ product: 'egg', buyer: 'professional' });
    expect(result).toMatchObject(contract(3));
    expect(result.reason).toContain('Chiffre d’affaires non renseigné (« producerTurnoverEur »)');
  });

  it('lait de vache sans ancienneté connue : 7 ans, la durée qui convient dans tous les cas', () => {
    const result = classifySale({
      product: 'milk_cow',
      buyer: 'professional',
      buyerTurnoverEur: 2e6,
    });
    expect(result).toMatchObject(contract(7, 'EG-15'));
    expect(result.reason).toContain('ancienneté du producteur non renseignée');
  });

  it('une vente au consommateur est exemptée quel que soit le reste (propriété)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EGALIM_PRODUCTS),
        fc.boolean(),
        fc.option(fc.nat(), { nil: undefined }),
        fc.option(fc.nat(), { nil: undefined }),
        (product, siqo, producerTurnoverEur, buyerTurnoverEur) => {
          const result = classifySale({
            product,
            siqo,
            buyer: 'consumer',
            producerTurnoverEur,
            buyerTurnoverEur,
          });
          expect(result).toMatchObject(exempt('EG-02a'));
        },
      ),
    );
  });

  it('plus de chiffre d’affaires ne fait jamais perdre l’obligation de contrat (propriété)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...EGALIM_PRODUCTS),
        fc.nat({ max: 2_000_000 }),
        fc.nat({ max: 2_000_000 }),
        fc.nat({ max: 2_000_000 }),
        fc.nat({ max: 2_000_000 }),
        (product, producer, buyer, extraProducer, extraBuyer) => {
          const base = { product, buyer: 'professional', producerStartedYearsAgo: 10 } as const;
          const small = classifySale({
            ...base,
            producerTurnoverEur: producer,
            buyerTurnoverEur: buyer,
          });
          const large = classifySale({
            ...base,
            producerTurnoverEur: producer + extraProducer,
            buyerTurnoverEur: buyer + extraBuyer,
          });
          if (small.decision === 'contract_required') {
            expect(large.decision).toBe('contract_required');
          }
        },
      ),
    );
  });
});
