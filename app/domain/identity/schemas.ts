import { z } from 'zod';
import {
  isValidFrenchVatNumber,
  isValidSiren,
  isValidSiret,
  stripIdentifierSpaces,
} from './siren.ts';

/**
 * Shared value schemas (STYLE §6.4, §6.7): reused by forms, CSV imports, the Yjs
 * projection and seeds. Amounts, quantities and rates are integers so that no
 * float ever carries money.
 */

/** Largest value of a Postgres `integer` column, where all these values are stored. */
export const INT4_MAX = 2_147_483_647;

const MESSAGES = {
  centsType: 'Le montant doit être un nombre entier de centimes.',
  centsNegative: 'Le montant ne peut pas être négatif.',
  centsTooLarge: 'Le montant est trop élevé.',
  quantityType: 'La quantité doit être un nombre entier de millièmes.',
  quantityNegative: 'La quantité ne peut pas être négative.',
  quantityTooLarge: 'La quantité est trop élevée.',
  vatRate: 'Taux de TVA non autorisé : 5,5 %, 10 % ou 20 %.',
  sirenRequired: 'Le SIREN est obligatoire.',
  sirenFormat: 'Le SIREN doit comporter 9 chiffres.',
  sirenChecksum: 'Ce SIREN n’existe pas : la clé de contrôle est fausse (vérifiez la saisie).',
  siretRequired: 'Le SIRET est obligatoire.',
  siretFormat: 'Le SIRET doit comporter 14 chiffres (SIREN + NIC).',
  siretChecksum: 'Ce SIRET n’existe pas : la clé de contrôle est fausse (vérifiez la saisie).',
  vatNumberRequired: 'Le numéro de TVA intracommunautaire est obligatoire.',
  vatNumberFormat:
    'Le numéro de TVA doit avoir la forme FR + 2 chiffres de clé + 9 chiffres du SIREN.',
  vatNumberSiren: 'Le SIREN contenu dans le numéro de TVA est invalide.',
  vatNumberChecksum: 'La clé du numéro de TVA ne correspond pas au SIREN.',
} as const;

/** Integer cents, non-negative (prices, line amounts). */
export const CentsSchema = z
  .number({ error: MESSAGES.centsType })
  .int(MESSAGES.centsType)
  .min(0, MESSAGES.centsNegative)
  .max(INT4_MAX, MESSAGES.centsTooLarge);
export type Cents = z.infer<typeof CentsSchema>;

/** Thousandths of the sale unit: 1 250 = 1,25 kg. */
export const QuantityMilliSchema = z
  .number({ error: MESSAGES.quantityType })
  .int(MESSAGES.quantityType)
  .min(0, MESSAGES.quantityNegative)
  .max(INT4_MAX, MESSAGES.quantityTooLarge);
export type QuantityMilli = z.infer<typeof QuantityMilliSchema>;

/**
 * French VAT rates applicable to farm products, in basis points (VAT-01..VAT-03).
 * Flat-rate farmers (remboursement forfaitaire, VAT-04/05) charge no VAT: callers model
 * that as `null` (`VatRateBpSchema.nullable()`), never as a 0 rate.
 */
export const VAT_RATES_BP = [550, 1000, 2000] as const;
export const VatRateBpSchema = z.literal(VAT_RATES_BP, { error: MESSAGES.vatRate });
export type VatRateBp = z.infer<typeof VatRateBpSchema>;

function identifierInput(requiredMessage: string) {
  return z.string({ error: requiredMessage }).transform(stripIdentifierSpaces);
}

/** SIREN, spaces tolerated on input, normalised to 9 digits. */
export const SirenSchema = identifierInput(MESSAGES.sirenRequired).pipe(
  z
    .string()
    .min(1, { error: MESSAGES.sirenRequired, abort: true })
    .regex(/^\d{9}$/, { error: MESSAGES.sirenFormat, abort: true })
    .refine(isValidSiren, MESSAGES.sirenChecksum),
);
export type Siren = z.infer<typeof SirenSchema>;

/** SIRET, spaces tolerated, normalised to 14 digits; La Poste exception in `isValidSiret`. */
export const SiretSchema = identifierInput(MESSAGES.siretRequired).pipe(
  z
    .string()
    .min(1, { error: MESSAGES.siretRequired, abort: true })
    .regex(/^\d{14}$/, { error: MESSAGES.siretFormat, abort: true })
    .refine(isValidSiret, MESSAGES.siretChecksum),
);
export type Siret = z.infer<typeof SiretSchema>;

/** French intra-EU VAT number, spaces tolerated, normalised to "FR" + key + SIREN. */
export const FrenchVatNumberSchema = identifierInput(MESSAGES.vatNumberRequired)
  .transform((value) => value.toUpperCase())
  .pipe(
    z
      .string()
      .min(1, { error: MESSAGES.vatNumberRequired, abort: true })
      .regex(/^FR\d{11}$/, { error: MESSAGES.vatNumberFormat, abort: true })
      .refine((value) => isValidSiren(value.slice(4)), {
        error: MESSAGES.vatNumberSiren,
        abort: true,
      })
      .refine(isValidFrenchVatNumber, MESSAGES.vatNumberChecksum),
  );
export type FrenchVatNumber = z.infer<typeof FrenchVatNumberSchema>;
