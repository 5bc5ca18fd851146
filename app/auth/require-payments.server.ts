import { hasPermission } from '#app/domain/organisations/roles.ts';
import type { PaymentActor } from '#app/models/payment.server.ts';
import { getRound, isUuid } from '#app/models/round.server.ts';
import { getSheet } from '#app/models/sheet.server.ts';
import { type OrganisationAccess, requireOrganisationPermission } from './require.server.ts';

/**
 * Payment pages (ADR 012). A foreign or missing organisation, sheet or round is 404; a member
 * without the permission 403. Every query behind them is scoped again (group, producer, the
 * member's own household), so a guard let through never shows another's money.
 */

/** A member of a group on one of its sheets; `canManage`: a coordinator or the group's owner. */
export async function requireSheetPayments(
  request: Request,
  params: { slug?: string; sheetId?: string },
) {
  const access = await requireOrganisationPermission(request, params.slug, 'organisation.view');
  const sheet =
    access.organisation.kind === 'group' && isUuid(params.sheetId)
      ? await getSheet({ sheetId: params.sheetId, groupId: access.organisation.id })
      : null;
  if (!sheet) {
    throw new Response('Feuille introuvable', { status: 404 });
  }
  return { ...access, sheet, canManage: hasPermission(access.role, 'payments.manage') };
}

/** The « Paiements » tab: a group's coordinators and owner, a producer's owner and managers. */
export async function requirePaymentsManager(
  request: Request,
  slug: string | undefined,
): Promise<OrganisationAccess> {
  const access = await requireOrganisationPermission(request, slug, 'payments.manage');
  if (access.organisation.kind !== 'group' && access.organisation.kind !== 'producer') {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

/** A producer's own round, for its payments page. */
export async function requireProducerPaymentRound(
  request: Request,
  params: { slug?: string; roundId?: string },
) {
  const access = await requirePaymentsManager(request, params.slug);
  const round =
    access.organisation.kind === 'producer'
      ? await getRound({ producerId: access.organisation.id, roundId: params.roundId })
      : null;
  if (!round) {
    throw new Response('Tournée introuvable', { status: 404 });
  }
  return { ...access, round };
}

/** Linking the producer's Stripe account and its bank details: its owner only. */
export async function requirePaymentsOwner(
  request: Request,
  slug: string | undefined,
): Promise<OrganisationAccess> {
  const access = await requireOrganisationPermission(request, slug, 'payments.connect');
  if (access.organisation.kind !== 'producer') {
    throw new Response('Page introuvable', { status: 404 });
  }
  return access;
}

export function paymentActorOf(access: OrganisationAccess): PaymentActor {
  return access.organisation.kind === 'group'
    ? { userId: access.user.id, kind: 'group', groupId: access.organisation.id }
    : { userId: access.user.id, kind: 'producer', producerId: access.organisation.id };
}
