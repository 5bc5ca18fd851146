import type { HygieneBasis } from './dairy-grid.ts';
import { type MilkMonth, monthRangeLabel, monthsEndingWith } from './month.ts';
import { formatCount, type MilkAnalysis } from './records.ts';

export type CountMeasure = 'germsPerMl' | 'cellsPerMl' | 'butyricSporesPerL';

/**
 * EU limits for raw cow milk (Reg. (CE) 853/2004 annex III section IX, RULES-FR MILK-04):
 * germs at 30 °C ≤ 100 000/mL as a rolling geometric mean over two months, somatic cells
 * ≤ 400 000/mL over three months. A result above is reported to the préfet (D654-37).
 */
export const EU_LIMITS = {
  germsPerMl: { limit: 100_000, months: 2, label: 'Germes à 30 °C', unit: '/mL' },
  cellsPerMl: { limit: 400_000, months: 3, label: 'Cellules somatiques', unit: '/mL' },
} as const;

const LABELS: Record<CountMeasure, { label: string; unit: string }> = {
  germsPerMl: EU_LIMITS.germsPerMl,
  cellsPerMl: EU_LIMITS.cellsPerMl,
  butyricSporesPerL: { label: 'Spores butyriques', unit: '/L' },
};

/**
 * Geometric mean of counts, rounded half-up to a whole count. A count of 0 (below the lab's
 * detection limit) counts as 1, so that one clean sample does not zero the mean.
 */
export function geometricMean(values: readonly number[]): number {
  if (values.length === 0) {
    throw new RangeError('moyenne géométrique de zéro résultat');
  }
  const logSum = values.reduce((sum, value) => sum + Math.log(Math.max(value, 1)), 0);
  // exp(log(x)) can land a hair below x: rounding to the count absorbs it.
  return Math.round(Math.exp(logSum / values.length));
}

function countsIn(
  analyses: readonly MilkAnalysis[],
  measure: CountMeasure,
  months: readonly MilkMonth[],
): number[] {
  return analyses
    .filter((analysis) => months.includes(analysis.sampledOn.slice(0, 7)))
    .map((analysis) => analysis[measure])
    .filter((value): value is number => value !== null);
}

export type HygieneValue = {
  measure: CountMeasure;
  /** Geometric mean the class is read from. */
  value: number;
  samples: number;
  months: MilkMonth[];
  basis: HygieneBasis;
  text: string;
};

/**
 * The count a hygiene class is read from: the geometric mean of the month's results, or with
 * `rolling` of the EU window ending with the month (germs 2 months, cells 3). Spores are
 * always read from the month. Null when the window has no result.
 */
export function hygieneValue(options: {
  month: MilkMonth;
  measure: CountMeasure;
  basis: HygieneBasis;
  analyses: readonly MilkAnalysis[];
}): HygieneValue | null {
  const { measure, month } = options;
  const basis = measure === 'butyricSporesPerL' ? 'month' : options.basis;
  const windowMonths =
    basis === 'rolling' && measure !== 'butyricSporesPerL' ? EU_LIMITS[measure].months : 1;
  const months = monthsEndingWith(month, windowMonths);
  const counts = countsIn(options.analyses, measure, months);
  if (counts.length === 0) {
    return null;
  }
  const value = geometricMean(counts);
  const { label, unit } = LABELS[measure];
  const over =
    basis === 'rolling' ? `sur ${windowMonths} mois (${monthRangeLabel(months)})` : 'du mois';
  return {
    measure,
    value,
    samples: counts.length,
    months,
    basis,
    text: `${label} : moyenne géométrique ${over} de ${counts.length} résultat(s) = ${formatCount(value)}${unit}`,
  };
}

export type EuLimitCheck = {
  measure: 'germsPerMl' | 'cellsPerMl';
  months: MilkMonth[];
  geometricMean: number;
  samples: number;
  limit: number;
  isAbove: boolean;
  text: string;
};

/**
 * The EU rolling geometric means for the month, shown on the statement with a warning when
 * above the limit (MILK-04). A criterion without any result in its window is left out.
 */
export function checkEuLimits(options: {
  month: MilkMonth;
  analyses: readonly MilkAnalysis[];
}): EuLimitCheck[] {
  return (['germsPerMl', 'cellsPerMl'] as const).flatMap((measure) => {
    const { limit, months: count, label, unit } = EU_LIMITS[measure];
    const months = monthsEndingWith(options.month, count);
    const counts = countsIn(options.analyses, measure, months);
    if (counts.length === 0) {
      return [];
    }
    const mean = geometricMean(counts);
    const isAbove = mean > limit;
    const verdict = isAbove
      ? `AU-DESSUS de la limite européenne de ${formatCount(limit)}${unit} : lait non conforme, à signaler (règl. CE 853/2004, art. D654-37)`
      : `conforme (limite européenne ${formatCount(limit)}${unit})`;
    return [
      {
        measure,
        months,
        geometricMean: mean,
        samples: counts.length,
        limit,
        isAbove,
        text: `${label} : moyenne géométrique glissante sur ${count} mois (${monthRangeLabel(months)}, ${counts.length} résultat(s)) = ${formatCount(mean)}${unit}, ${verdict}.`,
      },
    ];
  });
}
