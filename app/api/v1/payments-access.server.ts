import { hasPermission } from '#app/domain/organisations/roles.ts';
import { listMembershipsForUser } from '#app/models/organisation.server.ts';
import type { PaymentActor } from '#app/models/payment.server.ts';
import { type LedgerScope, loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { isUuid } from '#app/models/round.server.ts';
import { getSheet } from '#app/models/sheet.server.ts';
import type { User } from '#app/models/user.server.ts';

/**
 * What the caller may see and do on a sheet's payments, by the web pages' rules (ADR 012):
 * - `group`: a coordinator or the owner of the sheet's group (« Paiements » of the sheet): every
 *   household, every producer; records and cancels for the group;
 * - `producer`: an owner or manager of a producer with a part in the sheet (its round page): its
 *   own part only; records and cancels for that part;
 * - `household`: any other member of the group with a household: its own share, read only.
 * A user who is both takes the first that applies, in that order.
 */
type Scope = Omit<LedgerScope, 'sheetIds'>;

export type SheetPaymentsAccess =
  | { kind: 'group' | 'producer'; sheetId: string; actor: PaymentActor; scope: Scope }
  | { kind: 'household'; sheetId: string; scope: Scope };

export type ManagerAccess = Extract<SheetPaymentsAccess, { actor: PaymentActor }>;

const notFound = () => new Response('Feuille introuvable', { status: 404 });

/**
 * The caller's access to a sheet's payments. A malformed, unknown or foreign sheet, and a
 * producer without a part in it, are all 404 (nothing to probe), like the web guards.
 * `preferredProducerId`: for a user managing several producers of the sheet, the one to act as.
 */
export async function requireSheetPaymentsAccess(
  user: User,
  sheetId: string,
  options: { preferredProducerId?: string } = {},
): Promise<SheetPaymentsAccess> {
  if (!isUuid(sheetId)) {
    throw notFound();
  }
  const memberships = await listMembershipsForUser(user.id);
  // The sheet's group, if the user is a member of it (requireSheetPayments on the web).
  let groupMembership: (typeof memberships)[number] | null = null;
  for (const membership of memberships) {
    if (membership.organisation.kind !== 'group') {
      continue;
    }
    if (await getSheet({ sheetId, groupId: membership.organisation.id })) {
      groupMembership = membership;
      break;
    }
  }
  if (groupMembership && hasPermission(groupMembership.role, 'payments.manage')) {
    const groupId = groupMembership.organisation.id;
    return {
      kind: 'group',
      sheetId,
      actor: { userId: user.id, kind: 'group', groupId },
      scope: {},
    };
  }
  // A producer's pages show the sheets of its rounds, its own part only.
  const producers = memberships
    .filter(
      (membership) =>
        membership.organisation.kind === 'producer' &&
        hasPermission(membership.role, 'payments.manage'),
    )
    .map((membership) => membership.organisation.id)
    .sort((a, b) =>
      a === options.preferredProducerId ? -1 : b === options.preferredProducerId ? 1 : 0,
    );
  for (const producerId of producers) {
    const ledger = await loadSheetLedger({ sheetId, producerId });
    if (ledger?.producers.some((producer) => producer.id === producerId)) {
      return {
        kind: 'producer',
        sheetId,
        actor: { userId: user.id, kind: 'producer', producerId },
        scope: { producerId },
      };
    }
  }
  if (groupMembership?.householdId) {
    return { kind: 'household', sheetId, scope: { householdId: groupMembership.householdId } };
  }
  throw notFound();
}

/** Recording and cancelling: a household member is refused (403), like the web form. */
export async function requireSheetPaymentsManager(
  user: User,
  sheetId: string,
  options: { preferredProducerId?: string } = {},
): Promise<ManagerAccess> {
  const access = await requireSheetPaymentsAccess(user, sheetId, options);
  if (access.kind === 'household') {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  return access;
}
