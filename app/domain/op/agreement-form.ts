import { z } from 'zod';
import {
  formToTerms,
  type IndicatorChoice,
  TERMS_FIELDS,
  termsToForm,
} from '#app/domain/egalim/contract-form.ts';
import type { FrameworkTerms, FrameworkTermsInput } from './framework-terms.ts';
import { VOLUME_UNITS, type VolumeUnit } from './members.ts';

/**
 * The accord-cadre as one flat HTML form: the individual-contract clauses of the contract form
 * (contract-form.ts, reused as is) plus the fields of L631-24 IV and EG-22.
 */
export const AGREEMENT_OWN_FIELDS = [
  'deliveryUnit',
  'priceBaseQuantity',
  'producerStartedYearsAgo',
  'splitRules',
  'transferRules',
  'tolerancePercent',
  'gapRules',
  'negotiationRules',
  'transparency',
  'monthlyTransmission',
] as const;
export type AgreementOwnField = (typeof AGREEMENT_OWN_FIELDS)[number];
export type AgreementFormValues = Partial<
  Record<(typeof TERMS_FIELDS)[number] | AgreementOwnField, string>
>;

const text = (value: string | undefined) => {
  const trimmed = (value ?? '').trim();
  return trimmed === '' ? undefined : trimmed;
};

function number(value: string | undefined): number | undefined | null {
  const compact = (value ?? '').replace(/[\s\u202f\u00a0]/g, '').replace(',', '.');
  if (compact === '') {
    return undefined;
  }
  return /^\d+(\.\d+)?$/.test(compact) ? Number(compact) : null;
}

export type AgreementFormResult =
  | { ok: true; terms: FrameworkTermsInput }
  | { ok: false; fieldErrors: Record<string, string> };

export function formToAgreementTerms(
  values: AgreementFormValues,
  indicators: readonly IndicatorChoice[],
): AgreementFormResult {
  const contract = formToTerms(values, indicators);
  const fieldErrors: Record<string, string> = contract.ok ? {} : { ...contract.fieldErrors };
  const num = (field: AgreementOwnField) => {
    const parsed = number(values[field]);
    if (parsed === null) {
      fieldErrors[field] = 'Nombre positif attendu (virgule décimale acceptée).';
      return undefined;
    }
    return parsed;
  };
  const unit = text(values.deliveryUnit);
  if (unit !== undefined && !(VOLUME_UNITS as readonly string[]).includes(unit)) {
    fieldErrors.deliveryUnit = 'Choisissez l’unité de livraison.';
  }
  const own = {
    deliveryUnit: unit as VolumeUnit | undefined,
    priceBaseQuantity: num('priceBaseQuantity'),
    producerStartedYearsAgo: num('producerStartedYearsAgo'),
    membersSplit: { rules: text(values.splitRules), transferRules: text(values.transferRules) },
    volumeGaps: { tolerancePercent: num('tolerancePercent'), rules: text(values.gapRules) },
    negotiationRules: text(values.negotiationRules),
    transparency: text(values.transparency),
    monthlyTransmission: text(values.monthlyTransmission),
  };
  if (!contract.ok || Object.keys(fieldErrors).length > 0) {
    return { ok: false, fieldErrors };
  }
  return { ok: true, terms: { ...contract.terms, ...own } };
}

const fr = (value: number | undefined) =>
  value === undefined ? '' : String(value).replace('.', ',');

export function agreementTermsToForm(terms: FrameworkTerms): AgreementFormValues {
  return {
    ...termsToForm(terms),
    deliveryUnit: terms.deliveryUnit ?? '',
    priceBaseQuantity: fr(terms.priceBaseQuantity),
    producerStartedYearsAgo: fr(terms.producerStartedYearsAgo),
    splitRules: terms.membersSplit?.rules ?? '',
    transferRules: terms.membersSplit?.transferRules ?? '',
    tolerancePercent: fr(terms.volumeGaps?.tolerancePercent),
    gapRules: terms.volumeGaps?.rules ?? '',
    negotiationRules: terms.negotiationRules ?? '',
    transparency: terms.transparency ?? '',
    monthlyTransmission: terms.monthlyTransmission ?? '',
  };
}

export const AgreementFormSchema = z.object(
  Object.fromEntries(
    [...TERMS_FIELDS, ...AGREEMENT_OWN_FIELDS].map((field) => [
      field,
      z.string().max(2000).optional(),
    ]),
  ) as Record<string, z.ZodOptional<z.ZodString>>,
);
