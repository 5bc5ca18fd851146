import { z } from 'zod';
import { decimalPlaces } from './decimal.ts';
import { EUROP_THIRDS } from './europ.ts';
import { IsoDateSchema } from './iso-date.ts';

/**
 * Price formula as data (STYLE §6.9): weighted indicators (EG-10 1°, EG-11), quality adjustments
 * and premiums (BEEF-01), EUROP conformation thirds (BEEF-03), optional price tunnel (EG-19).
 * Public JSON format: fields may be added, never renamed.
 */

export const ConformationClassSchema = z.enum(EUROP_THIRDS, {
  error: `classe EUROP attendue parmi ${EUROP_THIRDS.join(', ')}`,
});

export const FormulaTermSchema = z.strictObject({
  /** Key in the indicator values (`cost`, `quotation`…). */
  indicator: z.string().min(1),
  weight: z.number().positive(),
  /** Taken from the indicator before weighting, e.g. an approach/transport deduction (BEEF-04). */
  deduction: z.number().min(0).optional(),
  /** French label shown in the trace ("Coût de production"); defaults to the indicator key. */
  label: z.string().min(1).optional(),
});

export const AdjustmentSchema = z.strictObject({
  label: z.string().min(1),
  amount: z.number(),
});

export const ConformationRuleSchema = z.strictObject({
  reference: ConformationClassSchema,
  perThird: z.number().positive(),
});

export const TunnelSchema = z
  .strictObject({ min: z.number().min(0), max: z.number().min(0) })
  .refine((tunnel) => tunnel.min <= tunnel.max, {
    error: 'le plancher (min) doit être inférieur ou égal au plafond (max)',
    path: ['min'],
  });

export const PriceFormulaSchema = z
  .strictObject({
    /** Formula version, snapshotted on order lines with the indicator values (STYLE §6.9). */
    version: z.number().int().positive().optional(),
    decimals: z.number().int().min(0).max(6).default(3),
    terms: z.array(FormulaTermSchema).min(1),
    adjustments: z.array(AdjustmentSchema).default([]),
    conformation: ConformationRuleSchema.optional(),
    tunnel: TunnelSchema.optional(),
  })
  .superRefine((formula, ctx) => {
    const seen = new Set<string>();
    formula.terms.forEach((term, index) => {
      if (seen.has(term.indicator)) {
        ctx.addIssue({
          code: 'custom',
          path: ['terms', index, 'indicator'],
          message: `l’indicateur « ${term.indicator} » apparaît deux fois dans la formule`,
        });
      }
      seen.add(term.indicator);
    });
    // Bounds finer than the price precision could not be met by a rounded price.
    for (const bound of ['min', 'max'] as const) {
      const value = formula.tunnel?.[bound];
      if (value !== undefined && decimalPlaces(value) > formula.decimals) {
        ctx.addIssue({
          code: 'custom',
          path: ['tunnel', bound],
          message: `au plus ${formula.decimals} décimale(s), comme le prix`,
        });
      }
    }
  });

export const IndicatorPointSchema = z.strictObject({ date: IsoDateSchema, value: z.number() });

export const IndicatorSeriesSchema = z
  .array(IndicatorPointSchema)
  .min(1)
  .superRefine((series, ctx) => {
    const dates = new Set<string>();
    series.forEach((point, index) => {
      if (dates.has(point.date)) {
        ctx.addIssue({
          code: 'custom',
          path: [index, 'date'],
          message: `deux valeurs pour la même date ${point.date}`,
        });
      }
      dates.add(point.date);
    });
  });

export const IndicatorValueSchema = z.union([z.number(), IndicatorSeriesSchema], {
  error: 'nombre ou série [{ "date": "AAAA-MM-JJ", "value": nombre }] attendu',
});

export const IndicatorValuesSchema = z.record(z.string().min(1), IndicatorValueSchema);

export const PriceRequestSchema = z.strictObject({
  formula: PriceFormulaSchema,
  indicators: IndicatorValuesSchema,
  conformation: ConformationClassSchema.optional(),
  /** Day the price is evaluated for (delivery date): picks the value in force in each series. */
  on: IsoDateSchema.optional(),
});

export type PriceFormula = z.output<typeof PriceFormulaSchema>;
export type PriceFormulaInput = z.input<typeof PriceFormulaSchema>;
export type IndicatorPoint = z.output<typeof IndicatorPointSchema>;
export type IndicatorValue = z.output<typeof IndicatorValueSchema>;
export type IndicatorValues = z.output<typeof IndicatorValuesSchema>;
export type PriceRequest = z.output<typeof PriceRequestSchema>;
export type PriceRequestInput = z.input<typeof PriceRequestSchema>;
