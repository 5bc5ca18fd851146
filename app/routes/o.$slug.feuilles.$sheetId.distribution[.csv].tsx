import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireDistributionSheet } from '#app/auth/require-distribution.server.ts';
import { distributionFileName } from '#app/domain/distribution/distribution-list-view.ts';
import { renderDistributionListCsv } from '#app/integrations/csv/distribution-list.server.ts';
import { getDistributionList } from '#app/models/distribution-list.server.ts';

/** GET …/feuilles/:sheetId/distribution.csv — the distribution list for a spreadsheet. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, sheet } = await requireDistributionSheet(request, params);
  const data = await getDistributionList({ sheetId: sheet.id, groupId: organisation.id });
  if (!data) {
    throw new Response('Feuille introuvable', { status: 404 });
  }
  return new Response(renderDistributionListCsv(data.list), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${distributionFileName(data.sheet.deliveryOn, 'csv')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
