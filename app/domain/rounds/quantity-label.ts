import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import {
  SALE_UNIT_DEFINITIONS,
  SALE_UNITS,
  type SaleUnit,
} from '#app/domain/catalogue/sale-units.ts';
import { packFill } from '#app/domain/ordering/pack-fill.ts';

/** Symbols never take the plural mark in French (« 2 kg », « 3 L »). */
const INVARIABLE: ReadonlySet<SaleUnit> = new Set(['kg', 'g', 'l', 'cl', 'ml']);

function isSaleUnit(value: string): value is SaleUnit {
  return (SALE_UNITS as readonly string[]).includes(value);
}

/** « pièce » or « pièces »: French plural from two (1,5 pièce stays singular). */
export function saleUnitLabel(saleUnit: string, quantityMilli: number): string {
  if (!isSaleUnit(saleUnit)) {
    return saleUnit;
  }
  const label = SALE_UNIT_DEFINITIONS[saleUnit].label;
  return quantityMilli >= 2000 && !INVARIABLE.has(saleUnit) ? `${label}s` : label;
}

/** « 6 pots », « 1,5 kg », « 2 pièces »: a quantity (thousandths) with its French unit. */
export function quantityWithUnit(saleUnit: string, quantityMilli: number): string {
  return `${formatQuantityMilli(quantityMilli)} ${saleUnitLabel(saleUnit, quantityMilli)}`;
}

export type PickedQuantity = {
  saleUnit: string;
  isVariableWeight: boolean;
  /** Thousandths of the sale unit, of a piece for variable-weight products. */
  quantityMilli: number;
  /** Variable weight only: pieces × estimated weight of one piece. */
  estimatedGrams: number | null;
};

/** Estimated weight in kilograms, French decimals: 1600 g → « 1,6 ». */
export function formatKilograms(grams: number): string {
  return formatQuantityMilli(grams);
}

/**
 * What a picker reads: « 1,5 kg », « 6 pièces », and for a variable-weight product the pieces
 * with their estimated weight, « 2 pièces (≈ 1,6 kg) » (weighed later, invoiced by weight).
 */
export function formatPickedQuantity(quantity: PickedQuantity): string {
  if (!quantity.isVariableWeight) {
    return quantityWithUnit(quantity.saleUnit, quantity.quantityMilli);
  }
  const pieces = quantityWithUnit('piece', quantity.quantityMilli);
  return quantity.estimatedGrams === null
    ? pieces
    : `${pieces} (≈ ${formatKilograms(quantity.estimatedGrams)} kg)`;
}

/**
 * How a quantity of a product sold by packs is prepared: « 2 colis de 5 kg », « 1 colis de
 * 5 kg + 3 kg », « 3 kg (colis de 5 kg entamé) ». Null for a product sold loose.
 */
export function formatPacks(
  quantity: PickedQuantity & { packMilli: number | null },
): string | null {
  if (quantity.packMilli === null || quantity.quantityMilli <= 0) {
    return null;
  }
  const unit = quantity.isVariableWeight ? 'piece' : quantity.saleUnit;
  const pack = quantityWithUnit(unit, quantity.packMilli);
  const fill = packFill(quantity.quantityMilli, quantity.packMilli);
  const open = quantityWithUnit(unit, fill.openMilli);
  if (fill.fullPacks === 0) {
    return `${open} (colis de ${pack} entamé)`;
  }
  const packs = `${fill.fullPacks} colis de ${pack}`;
  return fill.openMilli === 0 ? packs : `${packs} + ${open}`;
}

/** The picker's quantity with its packs: « 8 kg — 1 colis de 5 kg + 3 kg ». */
export function formatPickedWithPacks(
  quantity: PickedQuantity & { packMilli: number | null },
): string {
  const packs = formatPacks(quantity);
  return packs ? `${formatPickedQuantity(quantity)} — ${packs}` : formatPickedQuantity(quantity);
}
