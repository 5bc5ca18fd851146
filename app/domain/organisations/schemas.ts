import { z } from 'zod';
import { FrenchVatNumberSchema, SiretSchema } from '#app/domain/identity/schemas.ts';
import { t } from '#app/i18n/fr.ts';
import { MEMBERSHIP_ROLES, ORGANISATION_KINDS } from './roles.ts';

const OptionalText = (max: number) =>
  z.string().trim().max(max, t('field.nameTooLong', { max })).optional();

/** Legal identity of an organisation (invoices print it; e-invoices need the SIREN). */
export const OrganisationIdentitySchema = z
  .object({
    name: z
      .string({ error: t('field.required') })
      .trim()
      .min(2, t('field.nameTooShort'))
      .max(120, t('field.nameTooLong', { max: 120 })),
    legalName: OptionalText(160),
    siret: SiretSchema.optional(),
    vatNumber: FrenchVatNumberSchema.optional(),
    vatRegime: z.enum(['liable', 'flat_rate', 'franchise']).optional(),
    addressLine1: OptionalText(160),
    addressLine2: OptionalText(160),
    postalCode: z
      .string()
      .trim()
      .regex(/^\d{5}$/, t('field.postalCode'))
      .optional(),
    city: OptionalText(80),
    email: z.email({ error: t('field.email') }).optional(),
    phone: OptionalText(30),
  })
  .refine((v) => !v.vatNumber || !v.siret || v.vatNumber.slice(4) === v.siret.slice(0, 9), {
    message: t('field.vatSirenMismatch'),
    path: ['vatNumber'],
  });

export const CreateOrganisationSchema = z.intersection(
  z.object({ kind: z.enum(ORGANISATION_KINDS, { error: t('field.kind') }) }),
  OrganisationIdentitySchema,
);

export const VAT_REGIME_LABELS = {
  liable: 'Assujetti à la TVA (régime simplifié agricole ou réel)',
  flat_rate: 'Remboursement forfaitaire agricole (pas de TVA facturée)',
  franchise: 'Franchise en base (art. 293 B du CGI)',
} as const;

export const InviteSchema = z.object({
  role: z.enum(MEMBERSHIP_ROLES, { error: t('field.role') }),
  email: z.email({ error: t('field.email') }).optional(),
  householdId: z.uuid().optional(),
  householdName: OptionalText(80),
});

export const HouseholdSchema = z.object({
  name: z
    .string({ error: t('field.required') })
    .trim()
    .min(1, t('field.required'))
    .max(80, t('field.nameTooLong', { max: 80 })),
});
