import {
  hasPermission,
  type MembershipRole,
  type Permission,
} from '#app/domain/organisations/roles.ts';
import {
  getMembership,
  getOrganisationBySlug,
  type Organisation,
} from '#app/models/organisation.server.ts';
import type { User } from '#app/models/user.server.ts';
import { requireUser } from './auth.server.ts';

export type OrganisationAccess = {
  user: User;
  organisation: Organisation;
  role: MembershipRole;
  householdId: string | null;
};

/**
 * The signed-in member of `slug` holding `permission`. A missing organisation and one the user
 * does not belong to both answer 404, so outsiders cannot probe which organisations exist;
 * a member without the permission gets 403.
 */
export async function requireOrganisationPermission(
  request: Request,
  slug: string | undefined,
  permission: Permission,
): Promise<OrganisationAccess> {
  return requireUserOrganisationPermission(await requireUser(request), slug, permission);
}

/** Same check for a user already authenticated another way (API token, sync token). */
export async function requireUserOrganisationPermission(
  user: User,
  slug: string | undefined,
  permission: Permission,
): Promise<OrganisationAccess> {
  const organisation = slug ? await getOrganisationBySlug(slug) : null;
  const membership = organisation
    ? await getMembership({ organisationId: organisation.id, userId: user.id })
    : null;
  if (!organisation || !membership) {
    throw new Response('Organisation introuvable', { status: 404 });
  }
  if (!hasPermission(membership.role, permission)) {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  return { user, organisation, role: membership.role, householdId: membership.householdId };
}
