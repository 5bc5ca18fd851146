import { describe, expect, it } from 'vitest';
import { makeProductDraft } from './make-product-draft.ts';
import type { ProductDraft } from './schemas.ts';
import { ProductDraftSchema, SkuSchema, toSkuMatchKey } from './schemas.ts';

function issuesOf(draft: unknown) {
  const result = ProductDraftSchema.safeParse(draft);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
}

const roast: Partial<ProductDraft> = {
  sku: 'ROTI-PORC',
  name: 'Rôti de porc',
  egalimCategory: 'pig',
  saleUnit: 'kg',
  isVariableWeight: true,
  estimatedWeightGrams: 1200,
  stepMilli: 1000,
  maxPerHouseholdMilli: 3000,
  consumerPriceGrossCents: 1890,
};

describe('ProductDraftSchema', () => {
  it.each([
    ['œufs à la demi-douzaine', {}],
    ['forfait agricole : pas de TVA', { vatRateBp: null }],
    ['pas de prix pro', { proPriceNetCents: null }],
    ['pas de maximum par foyer', { maxPerHouseholdMilli: null }],
    ['maximum égal au pas', { stepMilli: 500, maxPerHouseholdMilli: 500 }],
    ['vendu par colis de 5 (10 pas)', { stepMilli: 500, packMilli: 5000 }],
    ['viande à poids variable commandée à la pièce', roast],
    ['Label Rouge avec SIQO', { labels: ['label_rouge'], isSiqo: true }],
    ['SIQO sans label listé', { isSiqo: true }],
    ['description sur plusieurs lignes', { description: 'Ligne 1\nLigne 2' }],
    ['prix à zéro (produit offert)', { consumerPriceGrossCents: 0 }],
  ] as const)('accepte : %s', (_label, overrides) => {
    expect(issuesOf(makeProductDraft(overrides as Partial<ProductDraft>))).toEqual([]);
  });

  it('retire les espaces autour des textes', () => {
    const parsed = ProductDraftSchema.parse(
      makeProductDraft({ name: '  Miel de tilleul ', sku: ' M1 ' }),
    );
    expect([parsed.name, parsed.sku]).toEqual(['Miel de tilleul', 'M1']);
  });

  it.each([
    ['pas nul', { stepMilli: 0 }, 'stepMilli', 'Le pas de commande doit être supérieur à zéro.'],
    [
      'maximum nul',
      { maxPerHouseholdMilli: 0 },
      'maxPerHouseholdMilli',
      'Le maximum par foyer doit être supérieur à zéro (laissez vide pour aucun maximum).',
    ],
    [
      'maximum qui n’est pas un multiple du pas',
      { stepMilli: 500, maxPerHouseholdMilli: 1250 },
      'maxPerHouseholdMilli',
      'Le maximum par foyer (1,25) doit être un multiple du pas de commande (0,5).',
    ],
    [
      'maximum inférieur au pas',
      { stepMilli: 500, maxPerHouseholdMilli: 250 },
      'maxPerHouseholdMilli',
      'Le maximum par foyer (0,25) doit être un multiple du pas de commande (0,5).',
    ],
    [
      'colis qui n’est pas un multiple du pas',
      { stepMilli: 500, packMilli: 1250 },
      'packMilli',
      'Le colis (1,25) doit être un multiple du pas de commande (0,5) : les foyers le remplissent pas à pas.',
    ],
    [
      'colis en millièmes décimaux',
      { packMilli: 2.5 },
      'packMilli',
      'La quantité doit être un nombre entier de millièmes.',
    ],
    [
      'poids estimé sur un produit à prix fixe',
      { estimatedWeightGrams: 60 },
      'estimatedWeightGrams',
      'Le poids estimé ne concerne que les produits à poids variable.',
    ],
    [
      'Label Rouge sans SIQO',
      { labels: ['label_rouge'] },
      'isSiqo',
      'Le label « Label Rouge » est un signe officiel de qualité (SIQO) : indiquez SIQO « oui ».',
    ],
    ['label en double', { labels: ['hve', 'hve'] }, 'labels', 'Label « HVE » indiqué deux fois.'],
    [
      'TVA à 7 %',
      { vatRateBp: 700 },
      'vatRateBp',
      'Taux de TVA non autorisé : 5,5 %, 10 % ou 20 %.',
    ],
    [
      'prix négatif',
      { consumerPriceGrossCents: -1 },
      'consumerPriceGrossCents',
      'Le montant ne peut pas être négatif.',
    ],
    [
      'prix en euros décimaux',
      { proPriceNetCents: 3.5 },
      'proPriceNetCents',
      'Le montant doit être un nombre entier de centimes.',
    ],
    ['nom vide', { name: '   ' }, 'name', 'Le nom du produit est obligatoire.'],
    [
      'nom sur deux lignes',
      { name: 'Œufs\nfrais' },
      'name',
      'Caractère invisible non permis (tabulation, retour à la ligne…).',
    ],
    ['nom trop long', { name: 'x'.repeat(121) }, 'name', 'Au plus 120 caractères.'],
    ['unité inconnue', { saleUnit: 'kgs' }, 'saleUnit', 'Unité de vente inconnue.'],
  ] as const)('refuse : %s', (_label, overrides, path, message) => {
    expect(issuesOf(makeProductDraft(overrides as unknown as Partial<ProductDraft>))).toEqual([
      { path, message },
    ]);
  });

  it.each([
    [
      'vendu à la pièce',
      { saleUnit: 'piece' },
      'saleUnit',
      'Un produit à poids variable a son prix au kg : choisissez l’unité kg.',
    ],
    [
      'sans poids estimé',
      { estimatedWeightGrams: null },
      'estimatedWeightGrams',
      'Indiquez le poids estimé d’une pièce (en grammes) pour un produit à poids variable.',
    ],
    [
      'pas d’une demi-pièce',
      { stepMilli: 500, maxPerHouseholdMilli: 3000 },
      'stepMilli',
      'Un produit à poids variable se commande à la pièce : nombre entier de pièces attendu.',
    ],
    [
      'poids estimé nul',
      { estimatedWeightGrams: 0 },
      'estimatedWeightGrams',
      'Le poids estimé est un nombre entier de grammes supérieur à zéro.',
    ],
  ] as const)('refuse un produit à poids variable %s', (_label, overrides, path, message) => {
    expect(issuesOf(makeProductDraft({ ...roast, ...overrides } as Partial<ProductDraft>))).toEqual(
      [{ path, message }],
    );
  });
});

describe('SkuSchema', () => {
  it.each([
    ['lettres et chiffres', 'OEUF12', true],
    ['tirets, points, barres, espaces', 'LEG-01.a/2 B', true],
    ['accents', 'CRÈME-1', true],
    ['40 caractères', 'A'.repeat(40), true],
    ['41 caractères', 'A'.repeat(41), false],
    ['vide', '', false],
    ['commence par un tiret', '-A1', false],
    ['point-virgule', 'A;1', false],
  ])('%s : « %s »', (_label, sku, expected) => {
    expect(SkuSchema.safeParse(sku).success).toBe(expected);
  });
});

describe('toSkuMatchKey', () => {
  it.each([
    ['casse', 'oeuf-12', 'OEUF-12'],
    ['espaces autour', ' OEUF-12 ', 'OEUF-12'],
    ['accent décomposé (NFD)', 'cre\u0300me', 'CRÈME'],
  ])('%s', (_label, sku, key) => {
    expect(toSkuMatchKey(sku)).toBe(key);
  });
});
