import { VAT_RATES_BP } from '#app/domain/identity/schemas.ts';
import { EGALIM_CATEGORY_LABELS, findEgalimCategory } from './egalim-categories.ts';
import {
  parseEuroCents,
  parsePercentBasisPoints,
  parseQuantityMilli,
  parseScaledDecimal,
  parseWholeNumber,
} from './french-number.ts';
import { toLookupKey } from './lookup-key.ts';
import { tc } from './messages.ts';
import {
  findQualityLabel,
  QUALITY_LABEL_DEFINITIONS,
  type QualityLabel,
} from './quality-labels.ts';
import { findSaleUnit, SALE_UNIT_DEFINITIONS } from './sale-units.ts';

/** Parsers of one non-empty spreadsheet cell into a product field value. */

export type CellResult = { ok: true; value: unknown } | { ok: false; message: string };

export type CellParser = (cell: string) => CellResult;

const ok = (value: unknown): CellResult => ({ ok: true, value });
const fail = (message: string): CellResult => ({ ok: false, message });

/**
 * Text that a spreadsheet would run as a formula (= + - @), possibly behind apostrophes:
 * exported with one more leading ' (OWASP CSV injection), which the import removes, so
 * "=Promo" and even "'=Promo" survive a round trip.
 */
export const FORMULA_GUARDED = /^'*[=+\-@]/;

export function parseText(cell: string): CellResult {
  return ok(cell.startsWith("'") && FORMULA_GUARDED.test(cell.slice(1)) ? cell.slice(1) : cell);
}

const BOOLEANS = new Map<string, boolean>([
  ['oui', true],
  ['o', true],
  ['vrai', true],
  ['true', true],
  ['yes', true],
  ['1', true],
  ['x', true],
  ['non', false],
  ['n', false],
  ['faux', false],
  ['false', false],
  ['no', false],
  ['0', false],
]);

/** "oui"/"non", and LibreOffice's "VRAI"/"FAUX" for boolean cells. */
export function parseBoolean(cell: string): CellResult {
  const value = BOOLEANS.get(toLookupKey(cell));
  return value === undefined ? fail(tc('csv.boolean', { value: cell })) : ok(value);
}

export function parseSaleUnit(cell: string): CellResult {
  const unit = findSaleUnit(toLookupKey(cell));
  if (unit !== undefined) {
    return ok(unit);
  }
  const choices = Object.values(SALE_UNIT_DEFINITIONS).map((definition) => definition.label);
  return fail(tc('csv.saleUnit', { value: cell, choices: choices.join(', ') }));
}

export function parseEgalimCategory(cell: string): CellResult {
  const category = findEgalimCategory(toLookupKey(cell));
  if (category !== undefined) {
    return ok(category);
  }
  const choices = Object.values(EGALIM_CATEGORY_LABELS).join(', ');
  return fail(tc('csv.egalimCategory', { value: cell, choices }));
}

/** "AB, Label Rouge" or "AB / Label Rouge" (also ; + |). */
export function parseLabels(cell: string): CellResult {
  const labels: QualityLabel[] = [];
  for (const part of cell.split(/[,/;+|]/)) {
    if (part.trim() === '') {
      continue;
    }
    const label = findQualityLabel(toLookupKey(part));
    if (label === undefined) {
      const choices = Object.values(QUALITY_LABEL_DEFINITIONS).map(
        (definition) => definition.label,
      );
      return fail(tc('csv.label', { value: part.trim(), choices: choices.join(', ') }));
    }
    labels.push(label);
  }
  return ok(labels);
}

const NO_VAT = new Set(
  [
    'aucune',
    'aucun',
    'sans',
    'sans TVA',
    'non applicable',
    'NA',
    'N/A',
    'forfait',
    'forfaitaire',
  ].map(toLookupKey),
);

/**
 * "5,5 %", "5,5", "10", "20 %"; "aucune" for flat-rate farmers. A bare fraction below 1
 * ("0,055") is what LibreOffice writes for a percent cell when "as shown" is unchecked.
 */
export function parseVatRate(cell: string): CellResult {
  if (NO_VAT.has(toLookupKey(cell))) {
    return ok(null);
  }
  const asFraction = cell.includes('%')
    ? null
    : parseScaledDecimal(cell, { decimals: 4, tooPreciseMessage: 'number.percentPrecision' });
  const rate =
    asFraction?.ok && asFraction.value < 10_000 ? asFraction : parsePercentBasisPoints(cell);
  const allowed: readonly number[] = VAT_RATES_BP;
  return rate.ok && allowed.includes(rate.value)
    ? ok(rate.value)
    : fail(tc('csv.vatRate', { value: cell }));
}

export function parseCents(cell: string): CellResult {
  const result = parseEuroCents(cell);
  return result.ok ? ok(result.value) : fail(result.message);
}

export function parseMilli(cell: string): CellResult {
  const result = parseQuantityMilli(cell);
  return result.ok ? ok(result.value) : fail(result.message);
}

/** "1 800", "1800 g". */
export function parseGrams(cell: string): CellResult {
  const result = parseWholeNumber(cell.replace(/[\s\u00A0\u202F]*g$/i, ''));
  return result.ok ? ok(result.value) : fail(result.message);
}
