import { z } from 'zod';
import {
  CentsSchema,
  INT4_MAX,
  QuantityMilliSchema,
  VatRateBpSchema,
} from '#app/domain/identity/schemas.ts';
import { EGALIM_CATEGORIES } from './egalim-categories.ts';
import { tc } from './messages.ts';
import { findProductInconsistencies } from './product-rules.ts';
import { QUALITY_LABELS } from './quality-labels.ts';
import { SALE_UNITS } from './sale-units.ts';

export const SKU_MAX_LENGTH = 40;
export const NAME_MAX_LENGTH = 120;
export const SHELF_MAX_LENGTH = 60;
export const DESCRIPTION_MAX_LENGTH = 2000;

// \p{Cc}: control characters. Single-line fields refuse them all; a description keeps
// its line breaks and tabs (pasted text), nothing else.
const ANY_CONTROL = /\p{Cc}/u;
const CONTROL_EXCEPT_TAB_NEWLINE = /[^\P{Cc}\t\n]/u;

function singleLineText(maxLength: number) {
  return z
    .string()
    .trim()
    .max(maxLength, tc('product.textTooLong', { max: maxLength }))
    .refine((text) => !ANY_CONTROL.test(text), tc('product.controlCharacters'));
}

/**
 * The producer's own reference: what re-imports match rows on. Compared case-insensitively
 * (see `toSkuMatchKey`) because spreadsheets users retype "oeuf-6" for "OEUF-6".
 */
export const SkuSchema = z
  .string({ error: tc('product.skuRequired') })
  .trim()
  .min(1, { error: tc('product.skuRequired'), abort: true })
  .max(SKU_MAX_LENGTH, { error: tc('product.skuTooLong', { max: SKU_MAX_LENGTH }), abort: true })
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._/-]*$/u, tc('product.skuFormat'));

export function toSkuMatchKey(sku: string): string {
  return sku.trim().normalize('NFC').toUpperCase();
}

export const EgalimCategorySchema = z.enum(EGALIM_CATEGORIES, {
  error: tc('product.egalimCategory'),
});
export const SaleUnitSchema = z.enum(SALE_UNITS, { error: tc('product.saleUnit') });
export const QualityLabelSchema = z.enum(QUALITY_LABELS, { error: tc('product.label') });

/** Each field on its own; `ProductDraftSchema` adds the rules between fields. */
export const ProductDraftShapeSchema = z.object({
  sku: SkuSchema,
  name: singleLineText(NAME_MAX_LENGTH).pipe(z.string().min(1, tc('product.nameRequired'))),
  description: z
    .string()
    .trim()
    .max(DESCRIPTION_MAX_LENGTH, tc('product.textTooLong', { max: DESCRIPTION_MAX_LENGTH }))
    .refine((text) => !CONTROL_EXCEPT_TAB_NEWLINE.test(text), tc('product.controlCharacters')),
  egalimCategory: EgalimCategorySchema,
  /** Under an official sign of quality and origin (Label Rouge, AOP/AOC, IGP, STG, AB). */
  isSiqo: z.boolean(),
  /** Free shelf (« rayon ») the producer sorts the catalogue by; '' when none. */
  shelf: singleLineText(SHELF_MAX_LENGTH),
  saleUnit: SaleUnitSchema,
  /**
   * Variable weight: the price is per kg, households order whole pieces, the line is
   * estimated from `estimatedWeightGrams` and settled on the actual weight.
   */
  isVariableWeight: z.boolean(),
  estimatedWeightGrams: z
    .number({ error: tc('product.estimatedWeight') })
    .int(tc('product.estimatedWeight'))
    .min(1, tc('product.estimatedWeight'))
    .max(INT4_MAX, tc('product.estimatedWeight'))
    .nullable(),
  /** Order step in thousandths of the sale unit (of a piece for variable weight). */
  stepMilli: QuantityMilliSchema,
  /** Per-household maximum, same unit as the step; null when unlimited. */
  maxPerHouseholdMilli: QuantityMilliSchema.nullable(),
  /**
   * Pack a group fills together (a 5 kg crate, a case of 6), same unit as the step and a whole
   * number of steps; null when sold loose.
   */
  packMilli: QuantityMilliSchema.nullable(),
  /** Null: the producer is under the flat-rate scheme (remboursement forfaitaire, VAT-04). */
  vatRateBp: VatRateBpSchema.nullable(),
  /**
   * Consumer price INCLUDING VAT (TTC) per sale unit (per kg for variable weight): what
   * French consumers are shown (C. consom. L112-1) and what households pay. Net is derived.
   */
  consumerPriceGrossCents: CentsSchema,
  /** Professional price EXCLUDING VAT (HT) per sale unit; null when not sold to pros. */
  proPriceNetCents: CentsSchema.nullable(),
  labels: z.array(QualityLabelSchema),
  isActive: z.boolean(),
});

export type ProductDraftShape = z.infer<typeof ProductDraftShapeSchema>;

/** A product as the producer describes it (no id, no owner): form, CSV and seed input. */
export const ProductDraftSchema = ProductDraftShapeSchema.superRefine((product, ctx) => {
  for (const issue of findProductInconsistencies(product)) {
    ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
  }
});

export type ProductDraft = z.infer<typeof ProductDraftSchema>;
