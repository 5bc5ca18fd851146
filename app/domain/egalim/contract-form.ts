import { z } from 'zod';
import {
  type ContractTerms,
  type ContractTermsInput,
  ContractTermsSchema,
} from './contract-terms.ts';
import type { ContractIndicator } from './schemas.ts';

/**
 * The contract terms as one flat HTML form (what producers and buyers fill in) and back. The
 * price clause is a formula: a production-cost indicator and a market indicator with their
 * weights (EG-10 1°, EG-11), a conformation rule by EUROP thirds, one premium, an optional
 * tunnel (EG-19). Every field is optional: missing clauses are reported by validateContract,
 * not refused here; only malformed values are.
 */
export const TERMS_FIELDS = [
  'startOn',
  'durationYears',
  'quantityTotal',
  'quantityUnit',
  'origin',
  'quality',
  'deliveryTerms',
  'paymentTerms',
  'paymentDelayDays',
  'forceMajeure',
  'tacitRenewal',
  'buyerNoticeMonths',
  'producerNoticeMonths',
  't1Case',
  't1Notice',
  't1Indemnity',
  't2Case',
  't2Notice',
  't2Indemnity',
  'costIndicator',
  'costWeight',
  'marketIndicator',
  'marketWeight',
  'conformationReference',
  'perThird',
  'pricingConformation',
  'premiumLabel',
  'premiumAmount',
  'tunnelMin',
  'tunnelMax',
  'priceUnit',
] as const;
export type TermsField = (typeof TERMS_FIELDS)[number];
export type TermsFormValues = Partial<Record<TermsField, string>>;

/** What the form knows about an indicator picked by code. */
export type IndicatorChoice = {
  code: string;
  label: string;
  kind: 'production_cost' | 'market' | 'quality';
  source: string;
};

const CATEGORY: Record<IndicatorChoice['kind'], ContractIndicator['category']> = {
  production_cost: 'production_cost',
  market: 'market_price',
  quality: 'quality',
};

const text = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

function decimal(value: string | undefined): number | undefined | null {
  const compact = (value ?? '').replace(/[\s\u202f\u00a0]/g, '').replace(',', '.');
  if (compact === '') {
    return undefined;
  }
  return /^-?\d+(\.\d+)?$/.test(compact) ? Number(compact) : null;
}

export type TermsFormResult =
  | { ok: true; terms: ContractTermsInput }
  | { ok: false; fieldErrors: Partial<Record<TermsField, string>> };

/** Form values → terms; a malformed number or date gives a French error on its field. */
export function formToTerms(
  values: TermsFormValues,
  indicators: readonly IndicatorChoice[],
): TermsFormResult {
  const fieldErrors: Partial<Record<TermsField, string>> = {};
  const num = (field: TermsField, options: { integer?: boolean; signed?: boolean } = {}) => {
    const parsed = decimal(values[field]);
    if (
      parsed === null ||
      (parsed !== undefined && options.integer && !Number.isInteger(parsed)) ||
      (parsed !== undefined && !options.signed && parsed < 0)
    ) {
      fieldErrors[field] = options.integer
        ? 'Nombre entier positif attendu.'
        : 'Nombre attendu (virgule décimale acceptée).';
      return undefined;
    }
    return parsed;
  };
  const byCode = new Map(indicators.map((indicator) => [indicator.code, indicator]));
  const termOf = (indicatorField: TermsField, weightField: TermsField) => {
    const code = text(values[indicatorField]);
    const weight = num(weightField);
    if (!code) {
      return null;
    }
    const indicator = byCode.get(code);
    if (!indicator) {
      fieldErrors[indicatorField] = 'Choisissez un indicateur de la liste.';
      return null;
    }
    return { indicator, weight };
  };
  const cost = termOf('costIndicator', 'costWeight');
  const market = termOf('marketIndicator', 'marketWeight');
  const chosen = [cost, market].filter((term) => term !== null);
  const conformationReference = text(values.conformationReference);
  const perThird = num('perThird');
  const premiumLabel = text(values.premiumLabel);
  const premiumAmount = num('premiumAmount', { signed: true });
  const tunnelMin = num('tunnelMin');
  const tunnelMax = num('tunnelMax');
  const terminations = (['t1', 't2'] as const).flatMap((prefix) => {
    const name = text(values[`${prefix}Case`]);
    const noticeMonths = num(`${prefix}Notice`, { integer: true });
    return name
      ? [{ case: name, noticeMonths, indemnity: text(values[`${prefix}Indemnity`]) }]
      : [];
  });
  const quantityTotal = num('quantityTotal');
  const terms: ContractTermsInput = {
    startOn: text(values.startOn),
    durationYears: num('durationYears'),
    pricingConformation: text(values.pricingConformation) as ContractTerms['pricingConformation'],
    priceUnit: text(values.priceUnit),
    price:
      chosen.length === 0
        ? undefined
        : {
            mode: 'formula',
            automaticRevision: true,
            formula: {
              decimals: 3,
              terms: chosen.map(({ indicator, weight }) => ({
                indicator: indicator.code,
                weight: weight ?? 0,
                label: indicator.label,
              })),
              adjustments:
                premiumLabel && premiumAmount !== undefined
                  ? [{ label: premiumLabel, amount: premiumAmount }]
                  : [],
              ...(conformationReference && perThird !== undefined
                ? {
                    conformation: {
                      reference: conformationReference as NonNullable<
                        ContractTerms['pricingConformation']
                      >,
                      perThird,
                    },
                  }
                : {}),
              ...(tunnelMin !== undefined && tunnelMax !== undefined
                ? { tunnel: { min: tunnelMin, max: tunnelMax } }
                : {}),
            },
            indicators: chosen.map(({ indicator, weight }) => ({
              code: indicator.code,
              category: CATEGORY[indicator.kind],
              source: indicator.source || indicator.label,
              weight,
            })),
          },
    quantity: {
      total: quantityTotal,
      unit: text(values.quantityUnit),
      origin: text(values.origin),
      quality: text(values.quality),
    },
    deliveryTerms: text(values.deliveryTerms),
    payment: {
      terms: text(values.paymentTerms),
      delayDays: num('paymentDelayDays', { integer: true }),
    },
    forceMajeure: text(values.forceMajeure),
    termination: terminations,
    renewal: {
      tacit: values.tacitRenewal === 'on',
      buyerNoticeMonths: num('buyerNoticeMonths', { integer: true }),
      producerNoticeMonths: num('producerNoticeMonths', { integer: true }),
    },
  };
  if (Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors };
  }
  const parsed = ContractTermsSchema.safeParse(terms);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      fieldErrors[fieldOfPath(issue.path.map(String))] = issue.message;
    }
    return { ok: false, fieldErrors };
  }
  return { ok: true, terms };
}

function fieldOfPath(path: string[]): TermsField {
  const joined = path.join('.');
  if (joined.startsWith('price.formula.tunnel')) return 'tunnelMin';
  if (joined.startsWith('price.formula.conformation')) return 'perThird';
  if (joined.startsWith('price.formula.terms.0')) return 'costWeight';
  if (joined.startsWith('price.formula.terms.1')) return 'marketWeight';
  if (joined.startsWith('price')) return 'costIndicator';
  if (joined === 'startOn') return 'startOn';
  if (joined === 'pricingConformation') return 'pricingConformation';
  if (joined.startsWith('durationYears')) return 'durationYears';
  if (joined.startsWith('quantity')) return 'quantityTotal';
  if (joined.startsWith('payment')) return 'paymentDelayDays';
  if (joined.startsWith('renewal')) return 'buyerNoticeMonths';
  return 't1Notice';
}

const fr = (value: number | undefined) =>
  value === undefined ? '' : String(value).replace('.', ',');

/** Terms → form values (the form's defaults). */
export function termsToForm(terms: ContractTerms): TermsFormValues {
  const formula = terms.price?.mode === 'formula' ? terms.price.formula : undefined;
  const [first, second] = formula?.terms ?? [];
  const categoryOf = (code: string | undefined) =>
    terms.price?.indicators.find((indicator) => indicator.code === code)?.category;
  const cost = categoryOf(first?.indicator) === 'market_price' ? second : first;
  const market = cost === first ? second : first;
  const premium = formula?.adjustments[0];
  const [t1, t2] = terms.termination;
  return {
    startOn: terms.startOn ?? '',
    durationYears: fr(terms.durationYears),
    quantityTotal: fr(terms.quantity?.total),
    quantityUnit: terms.quantity?.unit ?? '',
    origin: terms.quantity?.origin ?? '',
    quality: terms.quantity?.quality ?? '',
    deliveryTerms: terms.deliveryTerms ?? '',
    paymentTerms: terms.payment?.terms ?? '',
    paymentDelayDays: fr(terms.payment?.delayDays),
    forceMajeure: terms.forceMajeure ?? '',
    tacitRenewal: terms.renewal?.tacit === false ? '' : 'on',
    buyerNoticeMonths: fr(terms.renewal?.buyerNoticeMonths),
    producerNoticeMonths: fr(terms.renewal?.producerNoticeMonths),
    t1Case: t1?.case ?? '',
    t1Notice: fr(t1?.noticeMonths),
    t1Indemnity: t1?.indemnity ?? '',
    t2Case: t2?.case ?? '',
    t2Notice: fr(t2?.noticeMonths),
    t2Indemnity: t2?.indemnity ?? '',
    costIndicator: cost?.indicator ?? '',
    costWeight: fr(cost?.weight),
    marketIndicator: market?.indicator ?? '',
    marketWeight: fr(market?.weight),
    conformationReference: formula?.conformation?.reference ?? '',
    perThird: fr(formula?.conformation?.perThird),
    pricingConformation: terms.pricingConformation ?? '',
    premiumLabel: premium?.label ?? '',
    premiumAmount: fr(premium?.amount),
    tunnelMin: fr(formula?.tunnel?.min),
    tunnelMax: fr(formula?.tunnel?.max),
    priceUnit: terms.priceUnit ?? '',
  };
}

/** Reads the form fields out of FormData-like entries. */
export const TermsFormSchema = z.object(
  Object.fromEntries(
    TERMS_FIELDS.map((field) => [field, z.string().max(2000).optional()]),
  ) as Record<TermsField, z.ZodOptional<z.ZodString>>,
);
