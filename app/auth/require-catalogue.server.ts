import type { Producer } from '#app/models/catalogue.server.ts';
import { type OrganisationAccess, requireOrganisationPermission } from './require.server.ts';

export type CatalogueAccess = OrganisationAccess & { producer: Producer };

/**
 * A producer's owner or manager, for the catalogue pages (`catalogue.manage`). An organisation
 * that is not a producer has no catalogue: 404, like a missing one.
 */
export async function requireCatalogueManager(
  request: Request,
  slug: string | undefined,
): Promise<CatalogueAccess> {
  const access = await requireOrganisationPermission(request, slug, 'catalogue.manage');
  const { organisation } = access;
  if (organisation.kind !== 'producer') {
    throw new Response('Catalogue introuvable', { status: 404 });
  }
  return {
    ...access,
    producer: {
      id: organisation.id,
      slug: organisation.slug,
      name: organisation.name,
      vatRegime: organisation.vatRegime,
    },
  };
}
