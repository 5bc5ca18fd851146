import { describe, expect, it } from 'vitest';
import { makeProductDraft } from './make-product-draft.ts';
import { findProductInconsistencies } from './product-rules.ts';
import type { ProductDraft } from './schemas.ts';

const apples = (overrides: Partial<ProductDraft>) =>
  makeProductDraft({
    sku: 'POM-GAL',
    name: 'Pommes Gala',
    saleUnit: 'kg',
    stepMilli: 1000,
    maxPerHouseholdMilli: null,
    ...overrides,
  });

const chicken = (overrides: Partial<ProductDraft>) =>
  apples({
    sku: 'POU',
    name: 'Poulet fermier',
    isVariableWeight: true,
    estimatedWeightGrams: 1800,
    ...overrides,
  });

describe('findProductInconsistencies : taille du colis', () => {
  it.each([
    ['vendu au détail (pas de colis)', apples({ packMilli: null })],
    ['cagette de 5 kg au pas de 1 kg', apples({ packMilli: 5000 })],
    ['cagette de 5 kg au pas de 0,5 kg', apples({ stepMilli: 500, packMilli: 5000 })],
    ['colis égal au pas', apples({ stepMilli: 500, packMilli: 500 })],
    [
      'colis plus grand que le maximum par foyer',
      apples({ maxPerHouseholdMilli: 2000, packMilli: 6000 }),
    ],
    ['carton de 6 bouteilles', apples({ saleUnit: 'bottle', packMilli: 6000 })],
    ['poids variable : colis de 4 pièces', chicken({ packMilli: 4000 })],
  ])('accepte : %s', (_label, product) => {
    expect(findProductInconsistencies(product)).toEqual([]);
  });

  it.each([
    [
      'colis vide (zéro)',
      apples({ packMilli: 0 }),
      'Le colis doit contenir plus que zéro (laissez vide si le produit est vendu au détail).',
    ],
    [
      'colis entre deux pas',
      apples({ stepMilli: 500, packMilli: 5250 }),
      'Le colis (5,25) doit être un multiple du pas de commande (0,5) : les foyers le remplissent pas à pas.',
    ],
    [
      'colis plus petit que le pas',
      apples({ stepMilli: 2000, packMilli: 1000 }),
      'Le colis (1) doit être un multiple du pas de commande (2) : les foyers le remplissent pas à pas.',
    ],
    [
      'décimales à la française',
      apples({ stepMilli: 250, packMilli: 1100 }),
      'Le colis (1,1) doit être un multiple du pas de commande (0,25) : les foyers le remplissent pas à pas.',
    ],
    [
      'poids variable : une pièce et demie',
      chicken({ packMilli: 1500 }),
      'Un produit à poids variable se commande à la pièce : le colis compte un nombre entier de pièces.',
    ],
    [
      'poids variable : 3 pièces au pas de 2 pièces',
      chicken({ stepMilli: 2000, packMilli: 3000 }),
      'Le colis (3) doit être un multiple du pas de commande (2) : les foyers le remplissent pas à pas.',
    ],
  ])('refuse : %s', (_label, product, message) => {
    expect(findProductInconsistencies(product)).toEqual([{ field: 'packMilli', message }]);
  });

  it('un pas nul ne donne que le message du pas', () => {
    expect(findProductInconsistencies(apples({ stepMilli: 0, packMilli: 5000 }))).toEqual([
      { field: 'stepMilli', message: 'Le pas de commande doit être supérieur à zéro.' },
    ]);
  });
});
