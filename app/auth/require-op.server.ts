import { requireKind } from './require-egalim.server.ts';

// Producer-organisation pages (members, framework agreements, deliveries, EG-22 export, billing
// mandates) answer 404 for other kinds of organisation, 403 to a member without the permission.

/** The OP's own management pages (register, deliveries, invoices on members' behalf). */
export function requireOpManager(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'op.manage', ['op']);
}

/** The member registry and requests: the OP manages them, a producer sees its own. */
export function requireOpOrMember(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'op.manage', ['op', 'producer']);
}

/** Framework agreements and the EG-22 export: the OP and the buyers it negotiates with. */
export function requireOpOrBuyer(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'op.manage', ['op', 'buyer']);
}

/** Billing mandates: the producer gives them, an OP or a buyer holds them. */
export function requireMandateParty(request: Request, slug: string | undefined) {
  return requireKind(request, slug, 'mandates.manage', ['producer', 'op', 'buyer']);
}

/** 404 for a record outside the organisation's reach, and the French message to show. */
export function notFound(message: string): never {
  throw new Response(message, { status: 404 });
}
