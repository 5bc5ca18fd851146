import { addDays } from '#app/domain/invoicing/calendar-days.ts';
import { divideRoundHalfUp } from '#app/domain/money/money.ts';
import type { CompositionMethod } from './dairy-grid.ts';
import { firstDayOf, lastDayOf, type MilkMonth, shortDayLabel } from './month.ts';
import {
  formatGramsPerLitre,
  formatLitres,
  type MilkAnalysis,
  type MilkCollection,
} from './records.ts';

export type CompositionMeasure = 'fatMgPerL' | 'proteinMgPerL';

/** One lab result of the month and the litres it stands for (volume-weighted rule). */
export type CompositionSample = {
  day: string;
  mgPerL: number;
  /** Litres collected from the day after the previous sample up to this one; null for a plain mean. */
  litres: number | null;
  text: string;
};

export type MonthContent = {
  /** Tenths of g/L (420 = 42,0 g/L), the precision the milk is paid at. */
  tenths: number;
  /** As `computeMilkPay` takes it: 42 for 42,0 g/L. */
  gramsPerLitre: number;
  method: CompositionMethod;
  samples: CompositionSample[];
  text: string;
};

const LABELS: Record<CompositionMeasure, string> = {
  fatMgPerL: 'Matière grasse',
  proteinMgPerL: 'Matière protéique',
};

/** Samples of one day count once, at their mean, rounded half-up to the mg/L. */
function resultsByDay(analyses: readonly MilkAnalysis[], measure: CompositionMeasure) {
  const byDay = new Map<string, number[]>();
  for (const analysis of analyses) {
    const value = analysis[measure];
    if (value !== null) {
      byDay.set(analysis.sampledOn, [...(byDay.get(analysis.sampledOn) ?? []), value]);
    }
  }
  return [...byDay.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([day, values]) => ({
      day,
      mgPerL: Number(
        divideRoundHalfUp(
          BigInt(values.reduce((sum, value) => sum + value, 0)),
          BigInt(values.length),
        ),
      ),
    }));
}

/**
 * The month's fat or protein content from its lab results (MILK-01, MILK-06), as the dairy's
 * grid says (`composition`):
 * - `volume_weighted` (default): each result stands for the milk collected since the previous
 *   result (from the first of the month for the first one; the last one also covers the days
 *   after it), and the month's content is the mean of the results weighted by those litres;
 * - `arithmetic_mean`: the plain mean of the results.
 * Several samples of one day count once, at their mean. The content is paid to the tenth of a
 * g/L, rounded half-up once. Null when the month has no result for the measure.
 */
export function computeMonthContent(options: {
  month: MilkMonth;
  measure: CompositionMeasure;
  method: CompositionMethod;
  collections: readonly MilkCollection[];
  analyses: readonly MilkAnalysis[];
}): MonthContent | null {
  const { month, measure, method } = options;
  const results = resultsByDay(options.analyses, measure);
  if (results.length === 0) {
    return null;
  }
  const label = LABELS[measure];
  if (method === 'arithmetic_mean') {
    const sum = results.reduce((total, result) => total + result.mgPerL, 0);
    const tenths = Number(divideRoundHalfUp(BigInt(sum), BigInt(results.length * 100)));
    return {
      tenths,
      gramsPerLitre: tenths / 10,
      method,
      samples: results.map((result) => ({
        ...result,
        litres: null,
        text: `${formatGramsPerLitre(result.mgPerL)} g/L le ${shortDayLabel(result.day)}`,
      })),
      text: `${label} du mois : moyenne de ${results.length} résultat(s) = ${formatGramsPerLitre(tenths * 100)} g/L`,
    };
  }
  let periodStart = firstDayOf(month);
  const samples = results.map((result, index) => {
    const isLast = index === results.length - 1;
    const periodEnd = isLast ? lastDayOf(month) : result.day;
    const litres = options.collections
      .filter((c) => c.collectedOn >= periodStart && c.collectedOn <= periodEnd)
      .reduce((total, c) => total + c.litres, 0);
    const period = `du ${shortDayLabel(periodStart)} au ${shortDayLabel(periodEnd)}`;
    periodStart = addDays(result.day, 1);
    return {
      ...result,
      litres,
      text: `${formatGramsPerLitre(result.mgPerL)} g/L le ${shortDayLabel(result.day)} × ${formatLitres(litres)} collectés ${period}`,
    };
  });
  const weight = samples.reduce((total, sample) => total + sample.litres, 0);
  const weighted = samples.reduce(
    (total, sample) => total + BigInt(sample.mgPerL) * BigInt(sample.litres),
    0n,
  );
  if (weight === 0) {
    return null;
  }
  const tenths = Number(divideRoundHalfUp(weighted, BigInt(weight) * 100n));
  return {
    tenths,
    gramsPerLitre: tenths / 10,
    method,
    samples,
    text: `${label} du mois : moyenne de ${samples.length} résultat(s) pondérée par les volumes collectés = ${formatGramsPerLitre(tenths * 100)} g/L`,
  };
}
