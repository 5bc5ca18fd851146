import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';

/**
 * What the dairy records for each supplier (RULES-FR MILK-01, MILK-03, MILK-04), in integers
 * (STYLE §6.7): litres collected per collection, and lab results per sample. Contents are in
 * mg/L (42,15 g/L = 42 150), the freezing point in thousandths of a degree (−0,522 °C = −522),
 * counts per mL (germs at 30 °C, somatic cells) or per L (butyric spores).
 */

export type MilkCollection = {
  /** Day the tanker collected the farm's tank. */
  collectedOn: string;
  /** Whole litres measured by the tanker (MILK-03: the producer is told at each collection). */
  litres: number;
  /** Collection round of the dairy ("T1"); '' when there is only one. */
  tour: string;
  /** The farm's tank ("1"); '' when there is only one. */
  tank: string;
};

export type AntibioticsResult = 'negative' | 'positive';

export type MilkAnalysis = {
  /** Day the sample was taken (the lab's sample date). */
  sampledOn: string;
  /** The lab's sample number; '' for a manual entry. */
  sampleRef: string;
  fatMgPerL: number | null;
  proteinMgPerL: number | null;
  germsPerMl: number | null;
  cellsPerMl: number | null;
  freezingPointMilliC: number | null;
  antibiotics: AntibioticsResult | null;
  butyricSporesPerL: number | null;
};

export const ANALYSIS_MEASURES = [
  'fatMgPerL',
  'proteinMgPerL',
  'germsPerMl',
  'cellsPerMl',
  'freezingPointMilliC',
  'antibiotics',
  'butyricSporesPerL',
] as const;
export type AnalysisMeasure = (typeof ANALYSIS_MEASURES)[number];

export const MEASURE_LABELS: Record<AnalysisMeasure, string> = {
  fatMgPerL: 'Matière grasse (g/L)',
  proteinMgPerL: 'Matière protéique (g/L)',
  germsPerMl: 'Germes à 30 °C (/mL)',
  cellsPerMl: 'Cellules somatiques (/mL)',
  freezingPointMilliC: 'Point de congélation (°C)',
  antibiotics: 'Antibiotiques',
  butyricSporesPerL: 'Spores butyriques (/L)',
};

/** A sample has at least one result, or it is not an analysis. */
export function hasAnyResult(analysis: MilkAnalysis): boolean {
  return ANALYSIS_MEASURES.some((measure) => analysis[measure] !== null);
}

/** mg/L → « 42,15 » g/L (at least one decimal, as labs print). */
export function formatGramsPerLitre(mgPerL: number): string {
  return formatDecimalFr(mgPerL / 1000, 1);
}

/** −522 → « −0,522 ». */
export function formatFreezingPoint(milliC: number): string {
  return formatDecimalFr(milliC / 1000, 3);
}

/** 45000 → « 45 000 ». */
export function formatCount(count: number): string {
  return formatDecimalFr(count);
}

/** 1523 → « 1 523 L ». */
export function formatLitres(litres: number): string {
  return `${formatDecimalFr(litres)}\u00a0L`;
}

export const ANTIBIOTICS_LABELS: Record<AntibioticsResult, string> = {
  negative: 'négatif',
  positive: 'POSITIF',
};

/** One measure as printed in tables; '—' when the sample did not measure it. */
export function formatMeasure(analysis: MilkAnalysis, measure: AnalysisMeasure): string {
  const value = analysis[measure];
  if (value === null) {
    return '—';
  }
  switch (measure) {
    case 'fatMgPerL':
    case 'proteinMgPerL':
      return formatGramsPerLitre(value as number);
    case 'freezingPointMilliC':
      return formatFreezingPoint(value as number);
    case 'antibiotics':
      return ANTIBIOTICS_LABELS[value as AntibioticsResult];
    default:
      return formatCount(value as number);
  }
}
