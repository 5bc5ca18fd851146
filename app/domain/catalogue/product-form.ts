import { z } from 'zod';
import {
  formatEuroCents,
  formatQuantityMilli,
  parseEuroCents,
  parseQuantityMilli,
  parseWholeNumber,
  type ScaledNumberResult,
} from './french-number.ts';
import {
  EgalimCategorySchema,
  ProductDraftSchema,
  QualityLabelSchema,
  SaleUnitSchema,
} from './schemas.ts';

/**
 * The product form: what the producer types (French decimals: « 4,50 », « 0,5 ») turned into a
 * `ProductDraft`, then checked by the same rules as an import. Field names are the draft's, so
 * every message lands under its field.
 */

const NO_VAT = 'aucune';

function frenchNumber(parse: (text: string) => ScaledNumberResult, requiredMessage: string) {
  return z.string({ error: requiredMessage }).transform((text, ctx) => {
    const result = parse(text);
    if (!result.ok) {
      ctx.addIssue({ code: 'custom', message: result.message });
      return z.NEVER;
    }
    return result.value;
  });
}

const optionalNumber = (parse: (text: string) => ScaledNumberResult) =>
  frenchNumber(parse, '')
    .optional()
    .transform((value) => value ?? null);

const checkbox = z
  .boolean()
  .optional()
  .transform((value) => value ?? false);

export const ProductFormSchema = z
  .object({
    sku: z.string({ error: 'La référence est obligatoire.' }),
    name: z.string({ error: 'Le nom du produit est obligatoire.' }),
    description: z
      .string()
      .optional()
      .transform((text) => text ?? ''),
    shelf: z
      .string()
      .optional()
      .transform((text) => text ?? ''),
    egalimCategory: EgalimCategorySchema,
    isSiqo: checkbox,
    labels: z
      .array(QualityLabelSchema)
      .optional()
      .transform((labels) => labels ?? []),
    saleUnit: SaleUnitSchema,
    isVariableWeight: checkbox,
    estimatedWeightGrams: optionalNumber(parseWholeNumber),
    stepMilli: frenchNumber(parseQuantityMilli, 'Indiquez le pas de commande (exemple : 0,5).'),
    maxPerHouseholdMilli: optionalNumber(parseQuantityMilli),
    packMilli: optionalNumber(parseQuantityMilli),
    vatRateBp: z
      .enum(['550', '1000', '2000', NO_VAT], {
        error: 'Choisissez le taux de TVA, ou « aucune » au remboursement forfaitaire.',
      })
      .transform((rate) => (rate === NO_VAT ? null : Number(rate))),
    consumerPriceGrossCents: frenchNumber(
      parseEuroCents,
      'Indiquez le prix consommateur TTC (exemple : 4,50).',
    ),
    proPriceNetCents: optionalNumber(parseEuroCents),
    isActive: checkbox,
  })
  // Not `.pipe()`: conform's coercion would strip the empty strings of the output schema too.
  .transform((fields, ctx) => {
    const result = ProductDraftSchema.safeParse(fields);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
      }
      return z.NEVER;
    }
    return result.data;
  });

/** The form's initial values for a product (French decimals, as the producer types them). */
export function productFormDefaults(product: {
  sku: string;
  name: string;
  description: string;
  shelf: string;
  egalimCategory: string;
  isSiqo: boolean;
  labels: readonly string[];
  saleUnit: string;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  stepMilli: number;
  maxPerHouseholdMilli: number | null;
  packMilli: number | null;
  vatRateBp: number | null;
  consumerPriceGrossCents: number;
  proPriceNetCents: number | null;
  isActive: boolean;
}) {
  return {
    ...product,
    labels: [...product.labels],
    estimatedWeightGrams:
      product.estimatedWeightGrams === null ? '' : String(product.estimatedWeightGrams),
    stepMilli: formatQuantityMilli(product.stepMilli),
    maxPerHouseholdMilli:
      product.maxPerHouseholdMilli === null
        ? ''
        : formatQuantityMilli(product.maxPerHouseholdMilli),
    packMilli: product.packMilli === null ? '' : formatQuantityMilli(product.packMilli),
    vatRateBp: product.vatRateBp === null ? NO_VAT : String(product.vatRateBp),
    consumerPriceGrossCents: formatEuroCents(product.consumerPriceGrossCents),
    proPriceNetCents:
      product.proPriceNetCents === null ? '' : formatEuroCents(product.proPriceNetCents),
  };
}
