import { buildLookup } from './lookup-key.ts';

/**
 * Product categories that Egalim 2 treats differently (R631-6 thresholds, L631-24-2 unwritten
 * contracts, RULES-FR.md EG-04/EG-05). Everything else is `other`.
 */
export const EGALIM_CATEGORIES = [
  'bovine_male_12_24m',
  'bovine_heifer',
  'bovine_cow',
  'bovine_store_lt12m',
  'pig',
  'milk_cow',
  'milk_goat',
  'milk_ewe',
  'lamb_lt12m',
  'cider_apple',
  'perry_pear',
  'fruit_vegetable',
  'cereal',
  'honey',
  'wine',
  'egg',
  'other',
] as const;

export type EgalimCategory = (typeof EGALIM_CATEGORIES)[number];

/** French label, the one written in exported spreadsheets. */
export const EGALIM_CATEGORY_LABELS: Readonly<Record<EgalimCategory, string>> = {
  bovine_male_12_24m: 'Bovin mâle 12-24 mois',
  bovine_heifer: 'Génisse',
  bovine_cow: 'Vache',
  bovine_store_lt12m: 'Bovin maigre < 12 mois',
  pig: 'Porc',
  milk_cow: 'Lait de vache',
  milk_goat: 'Lait de chèvre',
  milk_ewe: 'Lait de brebis',
  lamb_lt12m: 'Agneau < 12 mois',
  cider_apple: 'Pomme à cidre',
  perry_pear: 'Poire à poiré',
  fruit_vegetable: 'Fruits et légumes',
  cereal: 'Céréales',
  honey: 'Miel',
  wine: 'Vin',
  egg: 'Œufs',
  other: 'Autre',
};

const EXTRA_SPELLINGS: Readonly<Record<EgalimCategory, readonly string[]>> = {
  bovine_male_12_24m: ['Jeune bovin', 'JB', 'Taurillon'],
  bovine_heifer: ['Génisses'],
  bovine_cow: ['Vaches', 'Vache de réforme'],
  bovine_store_lt12m: ['Broutard', 'Bovin maigre'],
  pig: ['Porcs', 'Porc charcutier'],
  milk_cow: ['Lait cru de vache'],
  milk_goat: ['Lait cru de chèvre'],
  milk_ewe: ['Lait cru de brebis'],
  lamb_lt12m: ['Agneau', 'Ovin < 12 mois'],
  cider_apple: ['Pommes à cidre'],
  perry_pear: ['Poires à poiré'],
  fruit_vegetable: ['Fruits & légumes', 'Légumes', 'Fruits'],
  cereal: ['Céréale'],
  honey: ['Produits de la ruche', 'Apiculture'],
  wine: ['Vins'],
  egg: ['Œuf', 'Oeufs'],
  other: ['Autres'],
};

const LOOKUP = buildLookup(
  EGALIM_CATEGORIES.map(
    (code) => [code, [EGALIM_CATEGORY_LABELS[code], ...EXTRA_SPELLINGS[code]]] as const,
  ),
);

/** Egalim category from a code or a French label, case and accent insensitive. */
export function findEgalimCategory(lookupKey: string): EgalimCategory | undefined {
  return LOOKUP.get(lookupKey);
}
