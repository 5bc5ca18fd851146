import { getRound } from '#app/models/round.server.ts';
import { type OrganisationAccess, requireOrganisationPermission } from './require.server.ts';

/**
 * A producer's owner or manager, for the round pages. Groups' owners hold `rounds.manage` too
 * (for later), but only producers have rounds: elsewhere the pages do not exist (404).
 */
export async function requireRoundsManager(
  request: Request,
  slug: string | undefined,
): Promise<OrganisationAccess> {
  const access = await requireOrganisationPermission(request, slug, 'rounds.manage');
  if (access.organisation.kind !== 'producer') {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

/** The round of the URL, if it belongs to the producer of the URL; otherwise 404. */
export async function requireProducerRound(
  request: Request,
  params: { slug?: string; roundId?: string },
) {
  const access = await requireRoundsManager(request, params.slug);
  const round = await getRound({ producerId: access.organisation.id, roundId: params.roundId });
  if (!round) {
    throw new Response('Tournée introuvable', { status: 404 });
  }
  return { ...access, round };
}
