import { type OrganisationAccess, requireOrganisationPermission } from './require.server.ts';

/**
 * Milk pages (docs/decisions/014-milk-pay.md). The dairy's pages exist for buyer organisations,
 * the producer's for producers; elsewhere they answer 404, like a foreign organisation. A member
 * without `milk.manage` (a household, a coordinator) gets 403. Which farm a dairy may see is
 * scoped by the models (a farm it does not collect is "introuvable").
 */
async function requireMilkKind(
  request: Request,
  slug: string | undefined,
  kind: 'buyer' | 'producer',
): Promise<OrganisationAccess> {
  const access = await requireOrganisationPermission(request, slug, 'milk.manage');
  if (access.organisation.kind !== kind) {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

/** A dairy (buyer) collecting milk: collections, analyses, grid, monthly pay, invoices. */
export function requireMilkDairy(request: Request, slug: string | undefined) {
  return requireMilkKind(request, slug, 'buyer');
}

/** A milk producer: its collections and analyses, statements, self-billed invoices, contests. */
export function requireMilkProducer(request: Request, slug: string | undefined) {
  return requireMilkKind(request, slug, 'producer');
}

/** Either side: the « Lait » home page serves both. */
export async function requireMilkParty(request: Request, slug: string | undefined) {
  const access = await requireOrganisationPermission(request, slug, 'milk.manage');
  if (access.organisation.kind !== 'buyer' && access.organisation.kind !== 'producer') {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}
