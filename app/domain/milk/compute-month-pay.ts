import { formatDecimalFr as fr, multiplyDecimals } from '#app/domain/pricing/decimal.ts';
import { computeMonthContent, type MonthContent } from './composition.ts';
import { computeMilkPay, type MilkPay } from './compute-milk-pay.ts';
import { type DairyGrid, toMilkPayGrid } from './dairy-grid.ts';
import { describeClass, findClass } from './grid.ts';
import { checkEuLimits, type EuLimitCheck, type HygieneValue, hygieneValue } from './hygiene.ts';
import { type MilkMonth, monthLabel, shiftMonth } from './month.ts';
import { formatGramsPerLitre, type MilkAnalysis, type MilkCollection } from './records.ts';

/** VAT-01: raw milk is food for human consumption, 5.5 %. */
export const MILK_VAT_RATE_PERCENT = 5.5;

export type MonthPayInput = {
  month: MilkMonth;
  grid: DairyGrid;
  vatRegime: 'liable' | 'flat_rate';
  /** Collections of the month, and of the two months before (substitute composition). */
  collections: readonly MilkCollection[];
  /** Lab results of the month and of the two months before (EU windows, substitution). */
  analyses: readonly MilkAnalysis[];
};

export type SubstitutedContent = MonthContent & { fromMonth: MilkMonth };
export type SubstitutedHygiene = HygieneValue & { fromMonth: MilkMonth };

export type MonthPay = {
  ok: true;
  month: MilkMonth;
  litres: number;
  collectionCount: number;
  fat: SubstitutedContent;
  protein: SubstitutedContent;
  germs: SubstitutedHygiene | null;
  cells: SubstitutedHygiene | null;
  butyricSpores: SubstitutedHygiene | null;
  antibioticsPositive: number;
  euChecks: EuLimitCheck[];
  warnings: string[];
  /** The price, amount, VAT or flat-rate refund, with the price trace of computeMilkPay. */
  pay: MilkPay;
  /** Where the month's results come from, then every step of the price (printed as is). */
  trace: string[];
  /** Invoice line label, e.g. « Lait cru de vache, collecte août 2026 (42,0 g/L MG ; 34,0 g/L MP) ». */
  label: string;
};

export type MonthPayRefusalCode = 'no_collections' | 'missing_results' | 'invalid_pay';
export type MonthPayResult = MonthPay | { ok: false; code: MonthPayRefusalCode; message: string };

const MEASURE_NAMES = {
  fatMgPerL: 'matière grasse',
  proteinMgPerL: 'matière protéique',
  germsPerMl: 'germes',
  cellsPerMl: 'cellules somatiques',
  butyricSporesPerL: 'spores butyriques',
} as const;

/** The month itself, then — when the grid allows the alternative method — up to 2 months back. */
function monthsToTry(grid: DairyGrid, month: MilkMonth): MilkMonth[] {
  return grid.missingResults === 'last_known'
    ? [month, shiftMonth(month, -1), shiftMonth(month, -2)]
    : [month];
}

function substituteNote(measure: keyof typeof MEASURE_NAMES, month: MilkMonth, from: MilkMonth) {
  return from === month
    ? []
    : [
        `Méthode de substitution (art. R631-8 CRPM) : pas de résultat de ${MEASURE_NAMES[measure]} en ${monthLabel(month)}, résultats de ${monthLabel(from)} retenus.`,
      ];
}

function missing(measure: keyof typeof MEASURE_NAMES, input: MonthPayInput) {
  const alternative =
    input.grid.missingResults === 'last_known'
      ? ' ni pour les deux mois précédents'
      : ' ; la grille ne prévoit pas de méthode de substitution';
  return {
    ok: false as const,
    code: 'missing_results' as const,
    message: `Pas de résultat de ${MEASURE_NAMES[measure]} pour ${monthLabel(input.month)}${alternative} : importez ou saisissez les analyses du laboratoire avant de calculer la paie.`,
  };
}

function content(input: MonthPayInput, measure: 'fatMgPerL' | 'proteinMgPerL') {
  for (const month of monthsToTry(input.grid, input.month)) {
    const found = computeMonthContent({
      month,
      measure,
      method: input.grid.composition,
      collections: input.collections.filter((c) => c.collectedOn.startsWith(month)),
      analyses: input.analyses.filter((a) => a.sampledOn.startsWith(month)),
    });
    if (found) {
      return { ...found, fromMonth: month };
    }
  }
  return null;
}

function hygiene(
  input: MonthPayInput,
  measure: 'germsPerMl' | 'cellsPerMl' | 'butyricSporesPerL',
): SubstitutedHygiene | null {
  const basis =
    measure === 'butyricSporesPerL'
      ? 'month'
      : input.grid.hygieneBasis[measure === 'germsPerMl' ? 'germs' : 'cells'];
  for (const month of monthsToTry(input.grid, input.month)) {
    const found = hygieneValue({ month, measure, basis, analyses: input.analyses });
    if (found) {
      return { ...found, fromMonth: month };
    }
  }
  return null;
}

/**
 * A producer's monthly milk pay (MILK-06) from the month's collections and lab results: litres
 * of the month, composition as the grid says (volume-weighted by default), hygiene classes from
 * geometric means, antibiotics and spores deductions, premiums of the month, then the price per
 * 1000 L, amount and VAT — or no VAT and the flat-rate refund — by `computeMilkPay`, with every
 * step explained. Refused in French when there is nothing to pay or a result is missing and the
 * grid has no alternative method (R631-8).
 */
export function computeMonthPay(input: MonthPayInput): MonthPayResult {
  const { grid, month } = input;
  const collections = input.collections.filter((c) => c.collectedOn.startsWith(month));
  if (collections.length === 0) {
    return {
      ok: false,
      code: 'no_collections',
      message: `Aucune collecte en ${monthLabel(month)} : rien à payer.`,
    };
  }
  const litres = collections.reduce((total, c) => total + c.litres, 0);
  const fat = content(input, 'fatMgPerL');
  if (!fat) {
    return missing('fatMgPerL', input);
  }
  const protein = content(input, 'proteinMgPerL');
  if (!protein) {
    return missing('proteinMgPerL', input);
  }
  const germs = hygiene(input, 'germsPerMl');
  if (grid.germs && !germs) {
    return missing('germsPerMl', input);
  }
  const cells = hygiene(input, 'cellsPerMl');
  if (grid.cells && !cells) {
    return missing('cellsPerMl', input);
  }
  const spores = grid.butyricSpores ? hygiene(input, 'butyricSporesPerL') : null;
  if (grid.butyricSpores && !spores) {
    return missing('butyricSporesPerL', input);
  }
  const monthAnalyses = input.analyses.filter((a) => a.sampledOn.startsWith(month));
  const antibioticsPositive = monthAnalyses.filter((a) => a.antibiotics === 'positive').length;

  const extraSteps: { label: string; amount: number }[] = [];
  if (spores && grid.butyricSpores) {
    const found = findClass(spores.value, grid.butyricSpores);
    extraSteps.push({
      label: `Spores butyriques ${fr(spores.value)}/L, ${describeClass(found.index, grid.butyricSpores).replace('/mL', '/L')}`,
      amount: found.class.amount,
    });
  }
  const warnings: string[] = [];
  if (antibioticsPositive > 0) {
    if (grid.antibioticsPenaltyPerResult !== undefined) {
      extraSteps.push({
        label: `Antibiotiques : ${antibioticsPositive} résultat(s) positif(s) × ${fr(grid.antibioticsPenaltyPerResult, 3)} €/1000 L`,
        amount: -Number(multiplyDecimals(grid.antibioticsPenaltyPerResult, antibioticsPositive)),
      });
    } else {
      warnings.push(
        `${antibioticsPositive} résultat(s) antibiotiques positif(s) en ${monthLabel(month)} : la grille ne prévoit pas de pénalité, vérifiez le lait concerné.`,
      );
    }
  }
  const euChecks = checkEuLimits({ month, analyses: input.analyses });
  warnings.push(...euChecks.filter((check) => check.isAbove).map((check) => check.text));

  const result = computeMilkPay({
    basePrice: grid.basePrice,
    fat: fat.gramsPerLitre,
    protein: protein.gramsPerLitre,
    ...(germs ? { germs: germs.value } : {}),
    ...(cells ? { cells: cells.value } : {}),
    litres,
    grid: toMilkPayGrid(grid, { monthNumber: Number(month.slice(5, 7)), extraSteps }),
    vatRegime: input.vatRegime,
    ...(input.vatRegime === 'liable' ? { vatRate: MILK_VAT_RATE_PERCENT } : {}),
  });
  if (!result.ok) {
    return { ok: false, code: 'invalid_pay', message: result.message };
  }
  const trace = [
    `Collectes de ${monthLabel(month)} : ${collections.length} collecte(s), ${fr(litres)} L.`,
    ...substituteNote('fatMgPerL', month, fat.fromMonth),
    `${fat.text}.`,
    ...substituteNote('proteinMgPerL', month, protein.fromMonth),
    `${protein.text}.`,
    ...[germs, cells, spores].flatMap((value) =>
      value ? [...substituteNote(value.measure, month, value.fromMonth), `${value.text}.`] : [],
    ),
    ...standardCompositionNote(grid),
    ...result.trace.map((step) => step.text),
  ];
  return {
    ok: true,
    month,
    litres,
    collectionCount: collections.length,
    fat,
    protein,
    germs,
    cells,
    butyricSpores: spores,
    antibioticsPositive,
    euChecks,
    warnings,
    pay: result,
    trace,
    label: `Lait cru de vache, collecte ${monthLabel(month)} (${formatGramsPerLitre(fat.tenths * 100)} g/L MG ; ${formatGramsPerLitre(protein.tenths * 100)} g/L MP)`,
  };
}

/**
 * R631-8: a base price agreed for another composition comes with, for information, the price
 * of the standard composition (38 g/L fat, 32 g/L protein), computed with the grid's bands.
 */
function standardCompositionNote(grid: DairyGrid): string[] {
  if (grid.standard.fat === 38 && grid.standard.protein === 32) {
    return [];
  }
  const atStandard = computeMilkPay({
    basePrice: grid.basePrice,
    fat: 38,
    protein: 32,
    litres: 0,
    grid: { standard: grid.standard, fat: grid.fat, protein: grid.protein, premiums: [] },
    vatRegime: 'flat_rate',
  });
  return atStandard.ok
    ? [
        `Pour information (art. R631-8 CRPM) : prix de base ramené à la composition standard 38 g/L MG et 32 g/L MP = ${fr(atStandard.pricePer1000L, 3)} €/1000 L.`,
      ]
    : [];
}
