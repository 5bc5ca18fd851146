/**
 * Who may do what inside an organisation. Pure rules: routes and the sync server ask these
 * through the `require*` guards, and the authorization matrix test enumerates them.
 */
export const ORGANISATION_KINDS = ['producer', 'group', 'buyer', 'op'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const MEMBERSHIP_ROLES = ['owner', 'manager', 'coordinator', 'household'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const KIND_LABELS: Record<OrganisationKind, string> = {
  producer: 'Producteur',
  group: 'Groupe de voisinage',
  buyer: 'Acheteur professionnel',
  op: 'Organisation de producteurs',
};

export const ROLE_LABELS: Record<MembershipRole, string> = {
  owner: 'Responsable',
  manager: 'Gestionnaire',
  coordinator: 'Coordinateur',
  household: 'Foyer',
};

/** Roles that exist in each kind of organisation. */
export const ROLES_BY_KIND: Record<OrganisationKind, readonly MembershipRole[]> = {
  producer: ['owner', 'manager'],
  group: ['owner', 'coordinator', 'household'],
  buyer: ['owner', 'manager'],
  op: ['owner', 'manager'],
};

export const PERMISSIONS = [
  'organisation.view',
  'organisation.edit',
  'members.view',
  'members.invite',
  'households.manage',
  'catalogue.manage',
  'rounds.manage',
  'contracts.manage',
  'indicators.manage',
  'pro-orders.manage',
  'sheets.manage',
  'payments.manage',
  'payments.connect',
  'milk.manage',
  'op.manage',
  'mandates.manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const GRANTS: Record<Permission, readonly MembershipRole[]> = {
  'organisation.view': ['owner', 'manager', 'coordinator', 'household'],
  'organisation.edit': ['owner', 'manager'],
  'members.view': ['owner', 'manager', 'coordinator'],
  'members.invite': ['owner', 'manager', 'coordinator'],
  'households.manage': ['owner', 'coordinator'],
  'catalogue.manage': ['owner', 'manager'],
  'rounds.manage': ['owner', 'manager'],
  // Egalim: producers' and buyers' owners and managers (contracts, turnovers, pro orders).
  'contracts.manage': ['owner', 'manager'],
  'indicators.manage': ['owner', 'manager'],
  'pro-orders.manage': ['owner', 'manager'],
  // Live sheets of a group: open, fill any household's row, set the deadline, close, audit.
  'sheets.manage': ['owner', 'coordinator'],
  // Payments: record and cancel manual payments, refunds, reconciliation — a group's
  // coordinators for its households, a producer's owner and managers for its own part.
  'payments.manage': ['owner', 'manager', 'coordinator'],
  // Link the producer's Stripe account (where its money goes): its owner only.
  'payments.connect': ['owner'],
  // Milk pay: a dairy's collections, analyses, grid and self-billed invoices; a milk
  // producer's statements and contests of those invoices.
  'milk.manage': ['owner', 'manager'],
  // Producer organisation: member registry, requests, framework agreements, deliveries,
  // invoices issued on members' behalf, EG-22 export (an OP's or a buyer's owners and managers;
  // a member producer's owners and managers for its read view and requests).
  'op.manage': ['owner', 'manager'],
  // Billing mandates (EG-23): given by a producer, held by an OP or a buyer.
  'mandates.manage': ['owner', 'manager'],
};

export function hasPermission(role: MembershipRole | null, permission: Permission): boolean {
  return role !== null && GRANTS[permission].includes(role);
}

/** Which roles an actor may hand out by invitation: never above their own. */
export function invitableRoles(
  kind: OrganisationKind,
  actor: MembershipRole | null,
): MembershipRole[] {
  if (!hasPermission(actor, 'members.invite')) {
    return [];
  }
  const allowed: Record<MembershipRole, readonly MembershipRole[]> = {
    owner: ['owner', 'manager', 'coordinator', 'household'],
    manager: ['manager'],
    coordinator: ['household'],
    household: [],
  };
  return ROLES_BY_KIND[kind].filter((role) => allowed[actor!].includes(role));
}

/** URL slug from a French name: accents folded, lowercase, dashes. */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/œ/gi, 'oe')
    .replace(/æ/gi, 'ae')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 50)
    .replace(/-+$/g, '');
}
