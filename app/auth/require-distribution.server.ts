import { DISTRIBUTION_TEXT } from '#app/domain/distribution/distribution-list-view.ts';
import { requireSheetPayments } from './require-payments.server.ts';

/**
 * The distribution list of a sheet: the group's coordinators, who manage its payments (a
 * foreign or missing organisation or sheet is 404, a plain member 403), once the sheet is
 * closed (409 before: the orders do not exist yet).
 */
export async function requireDistributionSheet(
  request: Request,
  params: { slug?: string; sheetId?: string },
) {
  const access = await requireSheetPayments(request, params);
  if (!access.canManage) {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  if (access.sheet.status !== 'closed') {
    throw new Response(DISTRIBUTION_TEXT.notClosed, {
      status: 409,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  return access;
}
