import { buildLookup } from './lookup-key.ts';

export const SALE_UNITS = [
  'piece',
  'kg',
  'g',
  'l',
  'cl',
  'ml',
  'dozen',
  'bunch',
  'jar',
  'tray',
  'box',
  'bottle',
  'bag',
] as const;

export type SaleUnit = (typeof SALE_UNITS)[number];

export type SaleUnitDefinition = {
  /** French label shown to users and written in exported spreadsheets. */
  label: string;
  /**
   * UN/ECE Recommendation 20 unit code for invoices (EN 16931 BT-130). Packages use the
   * Recommendation 21 code prefixed with X, as the EN 16931 unit code list does.
   */
  unece: string;
  /** Other spellings accepted on import (the code, label and UN/ECE code always are). */
  spellings: readonly string[];
};

export const SALE_UNIT_DEFINITIONS: Readonly<Record<SaleUnit, SaleUnitDefinition>> = {
  piece: { label: 'pièce', unece: 'C62', spellings: ['pièces', 'pce', 'pc', 'unité', 'u', 'H87'] },
  kg: { label: 'kg', unece: 'KGM', spellings: ['kilo', 'kilos', 'kilogramme', 'kilogrammes'] },
  g: { label: 'g', unece: 'GRM', spellings: ['gr', 'gramme', 'grammes'] },
  l: { label: 'L', unece: 'LTR', spellings: ['litre', 'litres'] },
  cl: { label: 'cl', unece: 'CLT', spellings: ['centilitre', 'centilitres'] },
  ml: { label: 'ml', unece: 'MLT', spellings: ['millilitre', 'millilitres'] },
  dozen: { label: 'douzaine', unece: 'DZN', spellings: ['douzaines', 'dz', 'douz'] },
  bunch: { label: 'botte', unece: 'XBH', spellings: ['bottes', 'bouquet', 'bouquets'] },
  jar: { label: 'pot', unece: 'XJR', spellings: ['pots', 'bocal', 'bocaux'] },
  tray: { label: 'barquette', unece: 'XPU', spellings: ['barquettes', 'plateau'] },
  box: { label: 'boîte', unece: 'XBX', spellings: ['boîtes', 'colis', 'caissette', 'coffret'] },
  bottle: { label: 'bouteille', unece: 'XBO', spellings: ['bouteilles', 'btl'] },
  bag: { label: 'sachet', unece: 'XBG', spellings: ['sachets', 'sac', 'filet'] },
};

const LOOKUP = buildLookup(
  SALE_UNITS.map((code) => {
    const unit = SALE_UNIT_DEFINITIONS[code];
    return [code, [unit.label, unit.unece, ...unit.spellings]] as const;
  }),
);

export function findSaleUnit(lookupKey: string): SaleUnit | undefined {
  return LOOKUP.get(lookupKey);
}
