import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireCatalogueManager } from '#app/auth/require-catalogue.server.ts';
import { exportCatalogueCsv } from '#app/domain/catalogue/csv-export.ts';
import { listProducerProducts, productToDraft } from '#app/models/catalogue.server.ts';

/**
 * The whole catalogue as CSV: `?format=utf8` for tools (`,`, decimal point), otherwise for a
 * French spreadsheet (UTF-8 with BOM, `;`, decimal comma). Both re-import unchanged.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { producer } = await requireCatalogueManager(request, params.slug);
  const format = new URL(request.url).searchParams.get('format') === 'utf8' ? 'utf8' : 'fr-excel';
  const products = await listProducerProducts(producer.id);
  const bytes = exportCatalogueCsv(products.map(productToDraft), { format });
  return new Response(Buffer.from(bytes), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="catalogue-${producer.slug}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
