import { describe, expect, it } from 'vitest';
import { parseInput } from '#app/domain/pricing/parse-input.ts';
import { SaleInputSchema } from './schemas.ts';

describe('SaleInputSchema', () => {
  it.each([
    [
      'œufs à un professionnel sans chiffre d’affaires du producteur',
      { product: 'egg', buyer: 'professional' },
      ['producerTurnoverEur'],
    ],
    [
      'génisses sans aucun chiffre d’affaires : les deux seuils peuvent exempter',
      { product: 'bovine_heifer', buyer: 'professional' },
      ['producerTurnoverEur', 'buyerTurnoverEur'],
    ],
    [
      'génisses, producteur au-dessus du seuil : le chiffre d’affaires de l’acheteur manque',
      { product: 'bovine_heifer', buyer: 'professional', producerTurnoverEur: 25_000 },
      ['buyerTurnoverEur'],
    ],
    [
      'lait de vache, laiterie au-dessus du seuil : l’ancienneté du producteur manque',
      { product: 'milk_cow', buyer: 'professional', buyerTurnoverEur: 2e6 },
      ['producerStartedYearsAgo'],
    ],
    [
      'chiffre d’affaires en texte',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: '25000' },
      ['producerTurnoverEur'],
    ],
    ['produit inconnu', { product: 'truffe', buyer: 'consumer' }, ['product']],
    [
      'champ inconnu (faute de frappe)',
      { product: 'egg', buyer: 'consumer', siqoo: true },
      ['siqoo'],
    ],
  ])('refuse et nomme le champ : %s', (_label, input, fields) => {
    const result = parseInput(SaleInputSchema, input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((issue) => issue.field)).toEqual(fields);
  });

  it.each([
    ['vente au consommateur sans chiffre d’affaires', { product: 'egg', buyer: 'consumer' }],
    [
      'légumes (R631-6-1) sans chiffre d’affaires',
      { product: 'fruit_vegetable', buyer: 'professional' },
    ],
    [
      'génisses, boucher sous le seuil : le producteur importe peu',
      { product: 'bovine_heifer', buyer: 'professional', buyerTurnoverEur: 90_000 },
    ],
    ['coopérative', { product: 'milk_cow', buyer: 'professional', cooperativeMember: true }],
    [
      'lait, laiterie sous le seuil : l’ancienneté importe peu',
      { product: 'milk_cow', buyer: 'professional', buyerTurnoverEur: 1_000 },
    ],
  ])('accepte sans demander l’inutile : %s', (_label, input) => {
    expect(parseInput(SaleInputSchema, input).ok).toBe(true);
  });

  it('explique le seuil demandé en citant l’article', () => {
    const result = parseInput(SaleInputSchema, { product: 'lamb_lt12m', buyer: 'professional' });
    expect(result.ok ? '' : result.message).toBe(
      'Champ « producerTurnoverEur » : chiffre d’affaires annuel du produit requis pour appliquer le seuil de 5\u202f000 € (art. R631-6 II CRPM).',
    );
  });
});
