import { z } from 'zod';
import { isFrenchVatRateBp } from '#app/domain/money/vat-rates.ts';
import { decimalPlaces } from '#app/domain/pricing/decimal.ts';

/**
 * Monthly milk pay input (RULES-FR MILK-02, MILK-06). Public JSON format: fields may be added,
 * never renamed. Every coefficient is a contract parameter (grids are not binding, MILK-06).
 */

/**
 * A composition band in g/L, open on a missing side. `perG` (€/1000 L per g/L) is paid for the
 * part of the gap between the standard and the measured content that falls inside the band: a
 * bonus above the standard, a penalty below it (R631-8: réfactions et majorations).
 */
export const CompositionBandSchema = z
  .strictObject({
    from: z.number().min(0).optional(),
    to: z.number().min(0).optional(),
    perG: z.number().min(0),
  })
  .refine((band) => band.from === undefined || band.to === undefined || band.from < band.to, {
    error: '« from » doit être inférieur à « to »',
    path: ['to'],
  });

export const CompositionBandsSchema = z.array(CompositionBandSchema).superRefine((bands, ctx) => {
  // Overlapping bands would pay the same gram twice.
  const sorted = bands
    .map((band, index) => ({ index, from: band.from ?? -Infinity, to: band.to ?? Infinity }))
    .sort((a, b) => a.from - b.from);
  sorted.slice(1).forEach((band, i) => {
    const previous = sorted[i];
    if (previous && band.from < previous.to) {
      ctx.addIssue({
        code: 'custom',
        path: [band.index],
        message: `la tranche chevauche la tranche n° ${previous.index + 1}`,
      });
    }
  });
});

/** A hygiene class (germs or cells per mL): the first class whose `upTo` covers the count. */
export const QualityClassSchema = z.strictObject({
  upTo: z.number().min(0).optional(),
  amount: z.number(),
});

export const QualityClassesSchema = z
  .array(QualityClassSchema)
  .min(1)
  .superRefine((classes, ctx) => {
    classes.forEach((current, index) => {
      const previous = classes[index - 1];
      const isLast = index === classes.length - 1;
      if (current.upTo === undefined && !isLast) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'upTo'],
          message: 'seule la dernière classe peut omettre « upTo »',
        });
      }
      if (
        previous?.upTo !== undefined &&
        current.upTo !== undefined &&
        current.upTo <= previous.upTo
      ) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'upTo'],
          message: 'les classes doivent être rangées par « upTo » croissant',
        });
      }
    });
  });

export const MilkGridSchema = z.strictObject({
  /** R631-8: standard composition of cow milk, 38 g/L fat and 32 g/L protein. */
  standard: z
    .strictObject({ fat: z.number().positive(), protein: z.number().positive() })
    .default({ fat: 38, protein: 32 }),
  fat: CompositionBandsSchema,
  protein: CompositionBandsSchema,
  germs: QualityClassesSchema.optional(),
  cells: QualityClassesSchema.optional(),
  premiums: z.array(z.strictObject({ label: z.string().min(1), amount: z.number() })).default([]),
});

function atMostDecimals(schema: z.ZodNumber, decimals: number) {
  return schema.refine((value) => decimalPlaces(value) <= decimals, {
    error: `au plus ${decimals} décimale(s)`,
  });
}

export const VAT_REGIMES = ['liable', 'flat_rate'] as const;

/** VAT-05 (CGI 298 quater I bis): flat-rate refund rate for milk. */
export const MILK_FLAT_RATE_REFUND_PERCENT = 5.59;

export const MilkPayInputSchema = z
  .strictObject({
    /** €/1000 L for the standard composition and quality (R631-8). */
    basePrice: z.number().min(0),
    fat: z.number().min(0),
    protein: z.number().min(0),
    germs: z.number().min(0).optional(),
    cells: z.number().min(0).optional(),
    /** Quantities are held in thousandths (STYLE §6.7). */
    litres: atMostDecimals(z.number().min(0), 3),
    grid: MilkGridSchema,
    vatRegime: z.enum(VAT_REGIMES),
    /** Percent, e.g. 5.5 (VAT-01: food for human consumption). */
    vatRate: z
      .number()
      .refine((rate) => decimalPlaces(rate) <= 2 && isFrenchVatRateBp(Math.round(rate * 100)), {
        error: 'taux de TVA français attendu en pourcentage (5.5, 10, 20 ou 2.1)',
      })
      .optional(),
    flatRateRefundRate: atMostDecimals(z.number().min(0).max(100), 2).default(
      MILK_FLAT_RATE_REFUND_PERCENT,
    ),
  })
  .superRefine((input, ctx) => {
    if (input.vatRegime === 'liable' && input.vatRate === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['vatRate'],
        message: 'taux de TVA obligatoire quand « vatRegime » vaut « liable » (5.5 pour le lait)',
      });
    }
    for (const measure of ['germs', 'cells'] as const) {
      const classes = input.grid[measure];
      const count = input[measure];
      if (classes && count === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [measure],
          message: 'comptage obligatoire : la grille prévoit des classes pour ce critère',
        });
      }
      const last = classes?.[classes.length - 1];
      if (count !== undefined && last?.upTo !== undefined && count > last.upTo) {
        ctx.addIssue({
          code: 'custom',
          path: [measure],
          message: `${count} dépasse la dernière classe de la grille (jusqu’à ${last.upTo}) ; ajouter une classe sans « upTo »`,
        });
      }
    }
  });

export type CompositionBand = z.output<typeof CompositionBandSchema>;
export type QualityClass = z.output<typeof QualityClassSchema>;
export type MilkGrid = z.output<typeof MilkGridSchema>;
export type MilkPayInput = z.output<typeof MilkPayInputSchema>;
export type MilkPayInputRaw = z.input<typeof MilkPayInputSchema>;
