import { json, type LoaderFunctionArgs } from '@remix-run/node';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { getIssueProgress } from '#app/utils/issue-progress.server.ts';

/** GET …/facturation/progression — how far the running issue of this round's invoices is. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireProducerRound(request, params);
  return json(
    { progress: getIssueProgress(round.id) },
    { headers: { 'Cache-Control': 'no-store' } },
  );
}
