import { describeTerms } from '#app/domain/egalim/contract-text.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import type { ContractDetail } from '#app/models/egalim-contract.server.ts';
import { readTerms } from '#app/models/egalim-contract.server.ts';
import { PdfDocumentWriter } from './document.server.ts';

const STATUS = {
  draft: 'brouillon',
  proposed: 'proposition du producteur en cours',
  counter_proposed: 'contre-proposition de l’acheteur en cours',
  signed: 'signé par les deux parties',
} as const;

/**
 * The contract as a PDF (L631-24 CRPM): parties, clauses of the current version, signatures,
 * the negotiation history and, in annex, the producer's first written proposal (version 1,
 * frozen) as L631-24 VII requires.
 */
export async function renderContractPdf(detail: ContractDetail, now: Date): Promise<Uint8Array> {
  const { contract, versions } = detail;
  const writer = await PdfDocumentWriter.create({
    title: `Contrat ${contract.reference} — ${contract.title}`,
    author: detail.producerName,
    createdAt: now,
    header: [
      `Contrat de vente de produits agricoles ${contract.reference} — ${contract.title}`,
      `Producteur : ${detail.producerName} · Acheteur : ${detail.buyerName}`,
      `Art. L631-24 du Code rural et de la pêche maritime · édité le ${formatDateTime(now)}`,
    ],
    footer: (page, pages) => `${contract.reference} — page ${page} / ${pages}`,
  });
  writer.section({
    title: 'Parties et état',
    lines: [
      `Producteur (vendeur) : ${detail.producerName}.`,
      `Acheteur : ${detail.buyerName}.`,
      `État : ${STATUS[contract.status]}${contract.currentVersion > 0 ? `, version ${contract.currentVersion}` : ''}.`,
      ...(contract.startOn
        ? [
            `Période : à compter du ${contract.startOn}${contract.endOn ? `, jusqu’au ${contract.endOn} inclus` : ', reconduit tacitement'}.`,
          ]
        : []),
      ...(contract.terminationReason ? [`Résiliation : ${contract.terminationReason}.`] : []),
    ],
    tables: [],
  });
  for (const section of describeTerms(detail.terms)) {
    writer.section({ title: section.title, lines: section.lines, tables: [] });
  }
  writer.section({
    title: 'Signatures',
    lines: [
      `Producteur : ${contract.producerSignedAt ? `signé le ${formatDateTime(contract.producerSignedAt)}` : 'non signé'}.`,
      `Acheteur : ${contract.buyerSignedAt ? `signé le ${formatDateTime(contract.buyerSignedAt)}` : 'non signé'}.`,
    ],
    tables: [],
  });
  if (versions.length > 0) {
    writer.section({
      title: 'Historique de la négociation',
      lines: [],
      tables: [
        {
          columns: [
            { header: 'Version', width: 0.1 },
            { header: 'Auteur', width: 0.2 },
            { header: 'Date', width: 0.3 },
            { header: 'Motif', width: 0.4 },
          ],
          rows: versions.map((version) => [
            String(version.number),
            version.authorSide === 'producer' ? 'Producteur' : 'Acheteur',
            formatDateTime(version.createdAt),
            version.reason ??
              (version.number === 1 ? 'Proposition écrite initiale' : 'Proposition'),
          ]),
        },
      ],
    });
  }
  const first = versions[0];
  if (first) {
    writer.section({
      title: 'Annexe — proposition écrite initiale du producteur (version 1)',
      lines: [
        `Envoyée le ${formatDateTime(first.createdAt)} ; socle de la négociation, annexée au contrat (art. L631-24 II et VII CRPM).`,
      ],
      tables: [],
    });
    for (const section of describeTerms(readTerms(first.terms))) {
      writer.section({ title: `Annexe — ${section.title}`, lines: section.lines, tables: [] });
    }
  }
  return writer.save();
}
