import { z } from 'zod';
import { requireUserOrganisationPermission } from '#app/auth/require.server.ts';
import { ORGANISATION_KINDS } from '#app/domain/organisations/roles.ts';
import { defineEndpoint } from '../endpoint.server.ts';

const OrganisationSchema = z.object({
  slug: z.string(),
  kind: z.enum(ORGANISATION_KINDS),
  name: z.string(),
  legalName: z.string().nullable(),
  siren: z.string().nullable(),
  siret: z.string().nullable(),
  vatNumber: z.string().nullable(),
  vatRegime: z.enum(['liable', 'flat_rate', 'franchise']).nullable(),
  address: z.object({
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    postalCode: z.string().nullable(),
    city: z.string().nullable(),
    country: z.string(),
  }),
});

export const getOrganisation = defineEndpoint({
  method: 'GET',
  path: '/organisations/{slug}',
  tag: 'Organisations',
  summary: 'Identité légale d’une organisation dont on est membre',
  params: z.object({ slug: z.string().min(1).max(60) }),
  response: { status: 200, description: 'Organisation', schema: OrganisationSchema },
  errors: { 404: 'Organisation inconnue ou dont vous n’êtes pas membre.' },
  handler: async ({ user, params }) => {
    const { organisation: o } = await requireUserOrganisationPermission(
      user,
      params.slug,
      'organisation.view',
    );
    return {
      slug: o.slug,
      kind: o.kind,
      name: o.name,
      legalName: o.legalName,
      siren: o.siren,
      siret: o.siret,
      vatNumber: o.vatNumber,
      vatRegime: o.vatRegime,
      address: {
        line1: o.addressLine1,
        line2: o.addressLine2,
        postalCode: o.postalCode,
        city: o.city,
        country: o.country,
      },
    } satisfies z.infer<typeof OrganisationSchema>;
  },
});
