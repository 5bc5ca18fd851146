import type { LoaderFunctionArgs } from '@remix-run/node';
import { requireContractParty } from '#app/auth/require-egalim.server.ts';
import { t } from '#app/i18n/fr.ts';
import { renderContractPdf } from '#app/integrations/pdf/egalim-contract.server.ts';
import { getContract } from '#app/models/egalim-contract.server.ts';

/** GET …/contrats/<id>/contrat.pdf — the contract with the producer's first proposal annexed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireContractParty(request, params.slug);
  const detail = await getContract({
    organisationId: organisation.id,
    contractId: params.contractId,
  });
  if (!detail) {
    throw new Response(t('egalim.contract.notFound'), { status: 404 });
  }
  const pdf = await renderContractPdf(detail, new Date());
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="contrat-${detail.contract.reference}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
