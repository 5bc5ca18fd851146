import type { LoaderFunctionArgs } from '@remix-run/node';
import { notFound, requireOpOrBuyer } from '#app/auth/require-op.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { describeFrameworkTerms, readFrameworkTerms } from '#app/domain/op/framework-terms.ts';
import { formatQuantity } from '#app/domain/op/quantities.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { renderNegotiatedPdf } from '#app/integrations/pdf/egalim-contract.server.ts';
import { getAgreement } from '#app/models/framework-agreement.server.ts';
import { getAgreementSplit } from '#app/models/framework-agreement-split.server.ts';

const STATUS = {
  draft: 'brouillon',
  proposed: 'proposition de l’OP en cours',
  counter_proposed: 'contre-proposition de l’acheteur en cours',
  signed: 'signé par les deux parties',
} as const;

/** GET …/accords-cadres/<id>/accord.pdf — the agreement with the OP's first proposal annexed. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrBuyer(request, params.slug);
  const detail = await getAgreement({
    organisationId: organisation.id,
    agreementId: params.agreementId,
  });
  if (!detail) {
    notFound('Accord-cadre introuvable.');
  }
  const { agreement, versions } = detail;
  const now = new Date();
  const split = await getAgreementSplit({
    organisationId: organisation.id,
    agreementId: agreement.id,
    on: parisDayOf(now),
  });
  const first = versions[0];
  const pdf = await renderNegotiatedPdf(
    {
      title: `Accord-cadre ${agreement.reference} — ${agreement.title}`,
      author: detail.opName,
      reference: agreement.reference,
      header: [
        `Accord-cadre ${agreement.reference} — ${agreement.title}`,
        `Organisation de producteurs : ${detail.opName} · Acheteur : ${detail.buyerName}`,
        `Art. L631-24 II et IV du Code rural et de la pêche maritime · édité le ${formatDateTime(now)}`,
      ],
      parties: [
        `Organisation de producteurs (sans transfert de propriété), qui propose l’accord : ${detail.opName}.`,
        `Acheteur : ${detail.buyerName}.`,
        `État : ${STATUS[agreement.status]}${agreement.currentVersion > 0 ? `, version ${agreement.currentVersion}` : ''}.`,
        ...(agreement.startOn
          ? [
              `Période : à compter du ${agreement.startOn}${agreement.endOn ? `, jusqu’au ${agreement.endOn} inclus` : ', reconduit tacitement'}.`,
            ]
          : []),
      ],
      sections: describeFrameworkTerms(detail.terms),
      extra:
        split && split.saved.length > 0
          ? [
              {
                title: 'Répartition du volume entre les membres (IV 2°)',
                lines: [],
                tables: [
                  {
                    columns: [
                      { header: 'Membre', width: 0.5 },
                      { header: 'Volume de référence', width: 0.25, align: 'right' },
                      { header: 'Part', width: 0.25, align: 'right' },
                    ],
                    rows: split.saved.map((row) => [
                      `${row.memberNumber} — ${row.producerName}`,
                      formatQuantity(row.referenceMilli, split.unit),
                      formatQuantity(row.quantityMilli, split.unit),
                    ]),
                  },
                ],
              },
            ]
          : [],
      signatures: [
        `OP : ${agreement.opSignedAt ? `signé le ${formatDateTime(agreement.opSignedAt)}` : 'non signé'}.`,
        `Acheteur : ${agreement.buyerSignedAt ? `signé le ${formatDateTime(agreement.buyerSignedAt)}` : 'non signé'}.`,
      ],
      versions: versions.map((version) => ({
        number: version.number,
        author: version.authorSide === 'op' ? 'OP' : 'Acheteur',
        at: version.createdAt,
        reason:
          version.reason ?? (version.number === 1 ? 'Proposition écrite initiale' : 'Proposition'),
      })),
      annex: first
        ? {
            title: 'Annexe — proposition écrite initiale de l’OP (version 1)',
            intro: `Envoyée le ${formatDateTime(first.createdAt)} ; socle de la négociation, annexée à l’accord (art. L631-24 II et VII CRPM).`,
            sections: describeFrameworkTerms(readFrameworkTerms(first.terms)),
          }
        : null,
    },
    now,
  );
  return new Response(new Uint8Array(pdf), {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="accord-cadre-${agreement.reference}.pdf"`,
      'Cache-Control': 'private, no-store',
    },
  });
}
