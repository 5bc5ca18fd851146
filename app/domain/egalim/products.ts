import { EGALIM_CATEGORIES, type EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';

/**
 * Egalim product codes: the catalogue's Egalim categories, one list for the whole app, grouped
 * as R631-6 II and R631-6-1 CRPM group products.
 */
export const EGALIM_PRODUCTS = EGALIM_CATEGORIES;
export type EgalimProduct = EgalimCategory;

/** Lower-case French names used inside the reasons ("génisses de race à viande"). */
export const PRODUCT_LABELS: Record<EgalimProduct, string> = {
  bovine_male_12_24m: 'bovins mâles non castrés de 12 à 24 mois de race à viande',
  bovine_heifer: 'génisses de race à viande',
  bovine_cow: 'vaches de race à viande',
  bovine_store_lt12m: 'bovins maigres de moins de 12 mois de race à viande',
  pig: 'porcs charcutiers',
  milk_cow: 'lait cru de vache',
  milk_goat: 'lait cru de chèvre',
  milk_ewe: 'lait cru de brebis',
  lamb_lt12m: 'ovins de moins de 12 mois',
  cider_apple: 'pommes à cidre',
  perry_pear: 'poires à poiré',
  fruit_vegetable: 'fruits et légumes',
  cereal: 'céréales',
  honey: 'produits de l’apiculture',
  wine: 'vins',
  egg: 'œufs',
  other: 'produit agricole',
};

const BOVINES: ReadonlySet<EgalimProduct> = new Set([
  'bovine_male_12_24m',
  'bovine_heifer',
  'bovine_cow',
  'bovine_store_lt12m',
]);

export function isBovine(product: EgalimProduct): boolean {
  return BOVINES.has(product);
}

/**
 * L631-24-2 + R631-6-1 (décret 2022-1668): contract may be unwritten. Wines: the IGP/AOC listed
 * as exceptions in R631-6-1 stay covered; this code does not distinguish them yet.
 */
const WRITING_OPTIONAL: ReadonlySet<EgalimProduct> = new Set([
  'fruit_vegetable',
  'cereal',
  'honey',
  'wine',
]);

export function isWritingOptional(product: EgalimProduct): boolean {
  return WRITING_OPTIONAL.has(product);
}

/** Turnover thresholds in euros, "pour le produit agricole concerné"; 0 = no exemption. */
export type Thresholds = { buyerBelowEur: number; producerBelowEur: number; article: string };

const GENERAL: Thresholds = { buyerBelowEur: 0, producerBelowEur: 10_000, article: 'R631-6 I' };
const BOVINE: Thresholds = {
  buyerBelowEur: 100_000,
  producerBelowEur: 10_000,
  article: 'R631-6 II',
};
const SMALL: Thresholds = { buyerBelowEur: 0, producerBelowEur: 5_000, article: 'R631-6 II' };

/**
 * R631-6 (décret 2022-1669): general rule producer < 10 000 € and no buyer threshold (I); the
 * table of II for bovines (SIQO bovines share the bovine row), pigs, raw milk (no producer
 * exemption), lambs, cider apples and perry pears.
 */
export function thresholdsFor(product: EgalimProduct): Thresholds {
  if (isBovine(product)) {
    return BOVINE;
  }
  switch (product) {
    case 'pig':
      return { buyerBelowEur: 780_000, producerBelowEur: 10_000, article: 'R631-6 II' };
    case 'milk_cow':
    case 'milk_goat':
    case 'milk_ewe':
      return { buyerBelowEur: 700_000, producerBelowEur: 0, article: 'R631-6 II' };
    case 'lamb_lt12m':
    case 'cider_apple':
    case 'perry_pear':
      return SMALL;
    default:
      return GENERAL;
  }
}

/**
 * Minimum duration of a written contract: 3 years (L631-24 III, EG-14); cow and ewe raw milk 5
 * years, 7 when the producer started that production less than 5 years ago (R631-10, EG-15),
 * unless the producer waived the increase expressly in writing (L631-24 III). Goat milk: 3.
 */
export function minDurationYears(
  product: EgalimProduct,
  producerStartedYearsAgo: number | undefined,
  extensionWaivedInWriting = false,
): 3 | 5 | 7 {
  if (product !== 'milk_cow' && product !== 'milk_ewe') {
    return 3;
  }
  // Unknown start: the longer term is the one that complies in both cases.
  const isNewProducer = producerStartedYearsAgo === undefined || producerStartedYearsAgo < 5;
  return isNewProducer && !extensionWaivedInWriting ? 7 : 5;
}
