import type { LoaderFunctionArgs } from '@remix-run/node';
import { requirePaymentsManager } from '#app/auth/require-payments.server.ts';
import {
  exportReconciliationCsv,
  reconciliationScopeOf,
} from '#app/models/payment-reconciliation.server.ts';

/** GET …/paiements/rapprochement.csv?tournee=…|feuille=…&du=…&au=… — expected vs received. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requirePaymentsManager(request, params.slug);
  const scope = reconciliationScopeOf(organisation, new URL(request.url).searchParams);
  if (!scope.ok) {
    return new Response(scope.errors.join(' '), {
      status: 400,
      headers: { 'Content-Type': 'text/plain; charset=utf-8' },
    });
  }
  const csv = await exportReconciliationCsv(scope.scope);
  return new Response(csv, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="rapprochement-paiements-${organisation.slug}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
