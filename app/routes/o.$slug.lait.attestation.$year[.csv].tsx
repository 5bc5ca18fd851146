import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireMilkParty } from '#app/auth/require-milk.server.ts';
import { attestationCsv } from '#app/domain/milk/attestation.ts';
import { loadFlatRateAttestation } from '#app/models/milk-attestation.server.ts';

/**
 * GET /o/<slug>/lait/attestation/<année>.csv — the annual attestation of the milk paid to
 * flat-rate farmers (INV-09): the dairy's, for all of them; a producer's, for itself.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkParty(request, params.slug);
  const year = Number(params.year);
  if (!/^\d{4}$/.test(params.year ?? '') || year < 2000 || year > 2099) {
    throw new Response('Année introuvable', { status: 404 });
  }
  const farmers = await loadFlatRateAttestation({
    ...(organisation.kind === 'buyer'
      ? { dairyId: organisation.id }
      : { producerId: organisation.id }),
    year,
  });
  return new Response(attestationCsv(year, farmers), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="attestation-forfait-lait-${year}-${organisation.slug}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
