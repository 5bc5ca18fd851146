import {
  compareDecimals,
  formatDecimalFr as fr,
  maxDecimal,
  minDecimal,
  multiplyDecimals,
  subtractDecimals,
} from '#app/domain/pricing/decimal.ts';
import type { CompositionBand, QualityClass } from './schemas.ts';

export type BandShare = { band: CompositionBand; grams: string; amount: string };

/**
 * MILK-06: Σ band_coef × ΔMG. The gap between the standard and the measured content is cut by
 * the bands; each slice is paid at its band's `perG`, positive above the standard, negative
 * below. Returns only the bands the gap crosses.
 */
export function shareBands(
  measured: number,
  standard: number,
  bands: CompositionBand[],
): BandShare[] {
  const direction = compareDecimals(measured, standard);
  if (direction === 0) {
    return [];
  }
  const low = minDecimal(measured, standard);
  const high = maxDecimal(measured, standard);
  return bands.flatMap((band) => {
    const start = band.from === undefined ? low : maxDecimal(band.from, low);
    const end = band.to === undefined ? high : minDecimal(band.to, high);
    const overlap = subtractDecimals(end, start);
    if (compareDecimals(overlap, 0) <= 0) {
      return [];
    }
    const grams = multiplyDecimals(overlap, direction);
    return [{ band, grams, amount: multiplyDecimals(grams, band.perG) }];
  });
}

/** First class whose `upTo` covers the count; the schema guarantees one exists. */
export function findClass(
  count: number,
  classes: QualityClass[],
): { index: number; class: QualityClass } {
  const index = classes.findIndex(
    (candidate) => candidate.upTo === undefined || count <= candidate.upTo,
  );
  const found = classes[index];
  if (!found) {
    throw new Error(`No class covers ${count}: MilkPayInputSchema should have refused the grid.`);
  }
  return { index, class: found };
}

/** ", tranche de 38 à 40 g/L", or '' for a band open on both sides. */
export function describeBand(band: CompositionBand): string {
  if (band.from !== undefined && band.to !== undefined) {
    return `, tranche de ${fr(band.from)} à ${fr(band.to)} g/L`;
  }
  if (band.from !== undefined) {
    return `, tranche au-delà de ${fr(band.from)} g/L`;
  }
  if (band.to !== undefined) {
    return `, tranche en dessous de ${fr(band.to)} g/L`;
  }
  return '';
}

export function describeClass(index: number, classes: QualityClass[]): string {
  const current = classes[index];
  const previous = classes[index - 1];
  if (current?.upTo !== undefined) {
    return `classe jusqu’à ${fr(current.upTo)}/mL`;
  }
  return previous?.upTo === undefined
    ? 'classe unique'
    : `classe au-delà de ${fr(previous.upTo)}/mL`;
}
