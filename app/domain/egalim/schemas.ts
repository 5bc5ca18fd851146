import { z } from 'zod';
import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { PriceFormulaSchema } from '#app/domain/pricing/schemas.ts';
import { EGALIM_PRODUCTS, isWritingOptional, thresholdsFor } from './products.ts';
import { checkTurnovers } from './turnover.ts';

export const ProductCodeSchema = z.enum(EGALIM_PRODUCTS, {
  error: `code produit attendu parmi ${EGALIM_PRODUCTS.join(', ')}`,
});

export const BUYER_KINDS = [
  'consumer',
  'professional',
  'charity',
  'wholesale_market_fixed_price',
] as const;

const euros = (value: number) => `${formatDecimalFr(value)} €`;

/** Input of classifySale (RULES-FR §1.1). Turnovers are "pour le produit concerné" (R631-6). */
export const SaleInputSchema = z
  .strictObject({
    product: ProductCodeSchema,
    /** Bovines under Label Rouge, AOP, IGP or organic: own row of R631-6 II, same thresholds. */
    siqo: z.boolean().default(false),
    buyer: z.enum(BUYER_KINDS),
    producerTurnoverEur: z.number().min(0).optional(),
    buyerTurnoverEur: z.number().min(0).optional(),
    /** Sale to the producer's cooperative, or to its OP with transfer of ownership (EG-06). */
    cooperativeMember: z.boolean().default(false),
    producerStartedYearsAgo: z.number().min(0).optional(),
  })
  .superRefine((sale, ctx) => {
    // Ask only for the data the decision actually needs (§1.1 steps 5 and 6).
    if (
      sale.buyer !== 'professional' ||
      sale.cooperativeMember ||
      isWritingOptional(sale.product)
    ) {
      return;
    }
    const check = checkTurnovers(sale.product, sale.producerTurnoverEur, sale.buyerTurnoverEur);
    if (check.exempt) {
      return;
    }
    const { article, buyerBelowEur, producerBelowEur } = thresholdsFor(sale.product);
    for (const field of check.missing) {
      const threshold = field === 'buyerTurnoverEur' ? buyerBelowEur : producerBelowEur;
      ctx.addIssue({
        code: 'custom',
        path: [field],
        message: `chiffre d’affaires annuel du produit requis pour appliquer le seuil de ${euros(threshold)} (art. ${article} CRPM)`,
      });
    }
    const isLongMilk = sale.product === 'milk_cow' || sale.product === 'milk_ewe';
    if (check.missing.length === 0 && isLongMilk && sale.producerStartedYearsAgo === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['producerStartedYearsAgo'],
        message:
          'ancienneté de la production requise : durée minimale de 5 ans, ou 7 ans si moins de 5 ans (art. R631-10 CRPM)',
      });
    }
  });

export type SaleInput = z.input<typeof SaleInputSchema>;

/**
 * EG-11 categories: production cost (proposal and contract), market price and
 * quantity/composition/quality/origin/traceability/specification (signed contract).
 */
export const INDICATOR_CATEGORIES = ['production_cost', 'market_price', 'quality'] as const;

export const ContractIndicatorSchema = z.strictObject({
  /** Indicator key, the same as in the price formula terms. */
  code: z.string().min(1),
  category: z.enum(INDICATOR_CATEGORIES),
  /** Publisher: interprofession, Idele, FranceAgriMer… (L631-24 III al. 16). */
  source: z.string().min(1),
  /** Weighting, required with `criteria` pricing (L631-24 III 1°). */
  weight: z.number().positive().optional(),
});

/**
 * Contract (or producer proposal) data. The shape is lenient on purpose: a missing clause is
 * not a parse error but an issue reported by validateContract, so a draft can be saved and
 * checked as it is written. Free-text clauses: blank counts as missing.
 */
export const ContractSchema = z.strictObject({
  /** EG-08/EG-09: the producer's written proposal, then the signed contract. */
  stage: z.enum(['proposal', 'signed']),
  product: ProductCodeSchema,
  producerStartedYearsAgo: z.number().min(0).optional(),
  /** L631-24 III: the producer may waive the longer term for new producers in writing. */
  extensionWaivedInWriting: z.boolean().default(false),
  /** L631-24 III 1°. */
  price: z
    .strictObject({
      mode: z.enum(['fixed', 'formula', 'criteria']),
      fixedPrice: z.number().positive().optional(),
      automaticRevision: z.boolean().default(false),
      formula: PriceFormulaSchema.optional(),
      criteria: z.string().optional(),
      indicators: z.array(ContractIndicatorSchema).default([]),
    })
    .optional(),
  /** L631-24 III 2°. */
  quantity: z
    .strictObject({
      total: z.number().positive().optional(),
      unit: z.string().optional(),
      origin: z.string().optional(),
      quality: z.string().optional(),
    })
    .optional(),
  /** L631-24 III 3°: collection or delivery terms. */
  deliveryTerms: z.string().optional(),
  /** L631-24 III 4°. */
  payment: z
    .strictObject({ terms: z.string().optional(), delayDays: z.number().int().min(0).optional() })
    .optional(),
  /** L631-24 III 5°. */
  durationYears: z.number().positive().optional(),
  /** L631-24 III 6°. */
  forceMajeure: z.string().optional(),
  /** L631-24 III 7°: one entry per termination case. */
  termination: z
    .array(
      z.strictObject({
        case: z.string().min(1),
        noticeMonths: z.number().min(0).optional(),
        indemnity: z.string().optional(),
      }),
    )
    .default([]),
  /** L631-24 VI. */
  renewal: z
    .strictObject({
      tacit: z.boolean().default(true),
      buyerNoticeMonths: z.number().min(0).optional(),
      producerNoticeMonths: z.number().min(0).optional(),
    })
    .optional(),
  /** EG-12: automatic price change tied to the competitive environment (forbidden). */
  competitiveAlignmentClause: z.boolean().default(false),
  /** EG-09, L631-24 VII: the producer's proposal annexed to the signed contract. */
  producerProposalAnnexed: z.boolean().default(false),
});

export type Contract = z.output<typeof ContractSchema>;
export type ContractInput = z.input<typeof ContractSchema>;
export type ContractIndicator = z.output<typeof ContractIndicatorSchema>;
