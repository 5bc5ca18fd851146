import type { OrganisationKind, Permission } from '#app/domain/organisations/roles.ts';
import { type OrganisationAccess, requireOrganisationPermission } from './require.server.ts';

/**
 * Egalim (and producer-organisation) pages exist only for some kinds of organisation:
 * elsewhere they answer 404, like a foreign organisation; a member without the permission
 * gets 403.
 */
export async function requireKind(
  request: Request,
  slug: string | undefined,
  permission: Permission,
  kinds: readonly OrganisationKind[],
): Promise<OrganisationAccess> {
  const access = await requireOrganisationPermission(request, slug, permission);
  if (!kinds.includes(access.organisation.kind)) {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

/** Contracts and declared turnovers: producers' and buyers' owners and managers. */
export function requireContractParty(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'contracts.manage', ['producer', 'buyer']);
}

/** A producer's price indicators, or a producer organisation's (its agreements' formulas). */
export function requireIndicatorsManager(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'indicators.manage', ['producer', 'op']);
}

/** A professional buyer ordering on producers' rounds. */
export function requireProBuyer(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'pro-orders.manage', ['buyer']);
}
