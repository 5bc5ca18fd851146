import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import { exportAccountingCsv } from '#app/models/invoice-export.server.ts';
import { parseInvoiceFilters } from '#app/utils/invoice-views.server.ts';

/** GET …/factures/journal.csv?tournee=…&debut=…&fin=… — the sales journal for accountants. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireRoundsManager(request, params.slug);
  const filters = parseInvoiceFilters(new URL(request.url).searchParams);
  if (filters.errors.length > 0) {
    return new Response(filters.errors.join(' '), { status: 400 });
  }
  const csv = await exportAccountingCsv({ producerId: organisation.id, ...filters.query });
  const suffix = filters.query.roundId ? 'tournee' : (filters.query.from ?? 'tout');
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="journal-des-ventes-${suffix}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
