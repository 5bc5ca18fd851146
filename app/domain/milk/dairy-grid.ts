import { z } from 'zod';
import { type ParseResult, parseInput } from '#app/domain/pricing/parse-input.ts';
import {
  CompositionBandsSchema,
  MilkGridSchema,
  type MilkPayInputRaw,
  QualityClassesSchema,
} from './schemas.ts';

/**
 * The dairy's milk price grid, as versioned data (DESIGN §8, MILK-02, MILK-06): every field is
 * a contract parameter of that dairy (regional grids are not binding). The composition bands,
 * hygiene classes and premiums have the shapes of `MilkGridSchema` (the `npx cabas milk price`
 * format), plus what a month of collections needs: which months a premium applies to, how the
 * month's composition and hygiene are derived from the lab results, and what to do when a
 * result is missing. Public JSON format: fields may be added, never renamed.
 */

const MonthNumbersSchema = z
  .array(z.number().int().min(1).max(12))
  .min(1)
  .refine((months) => new Set(months).size === months.length, {
    error: 'un mois est cité deux fois',
  });

export const DairyPremiumSchema = z.strictObject({
  label: z.string().trim().min(1).max(80),
  /** €/1000 L; negative for a deduction. */
  amount: z.number(),
  /** Months (1–12) the premium applies to, e.g. a seasonality premium from August to November; all when absent. */
  months: MonthNumbersSchema.optional(),
});

/** How the month's fat and protein contents come from the month's samples. */
export const COMPOSITION_METHODS = ['volume_weighted', 'arithmetic_mean'] as const;
export type CompositionMethod = (typeof COMPOSITION_METHODS)[number];

/**
 * Which results set the germ and cell classes: the geometric mean of the month's results, or
 * the rolling geometric mean the EU limits use (germs over 2 months, cells over 3).
 */
export const HYGIENE_BASES = ['month', 'rolling'] as const;
export type HygieneBasis = (typeof HYGIENE_BASES)[number];

/**
 * MILK-02 (R631-8): the alternative method when a result is missing for the month: refuse to
 * pay until the lab results are in, or use the latest month that has them (up to 2 months back).
 */
export const MISSING_RESULT_RULES = ['refuse', 'last_known'] as const;
export type MissingResultRule = (typeof MISSING_RESULT_RULES)[number];

export const DairyGridSchema = z.strictObject({
  /** €/1000 L for the standard composition and quality (R631-8). */
  basePrice: z.number().min(0),
  standard: MilkGridSchema.shape.standard,
  fat: CompositionBandsSchema,
  protein: CompositionBandsSchema,
  germs: QualityClassesSchema.optional(),
  cells: QualityClassesSchema.optional(),
  /** Butyric spores per litre (optional criterion, D654-29 II), classes like germs. */
  butyricSpores: QualityClassesSchema.optional(),
  /** €/1000 L deducted for the month per positive antibiotics result (D654-29 I). */
  antibioticsPenaltyPerResult: z.number().min(0).optional(),
  premiums: z.array(DairyPremiumSchema).default([]),
  composition: z.enum(COMPOSITION_METHODS).default('volume_weighted'),
  hygieneBasis: z
    .strictObject({
      germs: z.enum(HYGIENE_BASES).default('month'),
      cells: z.enum(HYGIENE_BASES).default('month'),
    })
    .default({ germs: 'month', cells: 'month' }),
  missingResults: z.enum(MISSING_RESULT_RULES).default('refuse'),
});

export type DairyGrid = z.output<typeof DairyGridSchema>;
export type DairyGridRaw = z.input<typeof DairyGridSchema>;

/** A stored or submitted grid, with French messages per field. */
export function parseDairyGrid(raw: unknown): ParseResult<DairyGrid> {
  return parseInput(DairyGridSchema, raw);
}

/** The premiums of the grid that apply to the month (1–12). */
export function premiumsFor(grid: DairyGrid, monthNumber: number) {
  return grid.premiums
    .filter((premium) => !premium.months || premium.months.includes(monthNumber))
    .map(({ label, amount }) => ({ label, amount }));
}

/** The `computeMilkPay` grid for a month: the dairy grid's bands, classes and premiums. */
export function toMilkPayGrid(
  grid: DairyGrid,
  options: { monthNumber: number; extraSteps: readonly { label: string; amount: number }[] },
): MilkPayInputRaw['grid'] {
  return {
    standard: grid.standard,
    fat: grid.fat,
    protein: grid.protein,
    ...(grid.germs ? { germs: grid.germs } : {}),
    ...(grid.cells ? { cells: grid.cells } : {}),
    premiums: [...options.extraSteps, ...premiumsFor(grid, options.monthNumber)],
  };
}

/** The M1 grid of RULES-FR §2 (LILCO germ classes, Criel Sud-Est fat bands, derived MP coefficient). */
export const M1_DAIRY_GRID: DairyGridRaw = {
  basePrice: 450,
  fat: [
    { from: 38, to: 40, perG: 2.91 },
    { from: 40, perG: 1.45 },
    { to: 38, perG: 2.91 },
  ],
  protein: [{ perG: 8.6 }],
  germs: [{ upTo: 50_000, amount: 0 }, { upTo: 100_000, amount: -9.147 }, { amount: -24.392 }],
  premiums: [{ label: 'Prime de saisonnalité', amount: 20 }],
};
