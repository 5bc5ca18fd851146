import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireDistributionSheet } from '#app/auth/require-distribution.server.ts';
import { distributionFileName } from '#app/domain/distribution/distribution-list-view.ts';
import { renderDistributionListPdf } from '#app/integrations/pdf/distribution-list.server.ts';
import { getDistributionList } from '#app/models/distribution-list.server.ts';

/** GET …/feuilles/:sheetId/distribution.pdf — the coordinator's printed distribution list. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, sheet } = await requireDistributionSheet(request, params);
  const data = await getDistributionList({ sheetId: sheet.id, groupId: organisation.id });
  if (!data) {
    throw new Response('Feuille introuvable', { status: 404 });
  }
  const pdf = await renderDistributionListPdf({
    groupName: data.sheet.groupName,
    sheetTitle: data.sheet.title,
    deliveryOn: data.sheet.deliveryOn,
    pickups: data.pickups,
    list: data.list,
    now: new Date(),
  });
  // A copy typed on a plain ArrayBuffer, as the Fetch API's BodyInit wants.
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="${distributionFileName(data.sheet.deliveryOn, 'pdf')}"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
