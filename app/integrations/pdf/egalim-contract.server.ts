import type { TermsSection } from '#app/domain/egalim/contract-text.ts';
import { describeTerms } from '#app/domain/egalim/contract-text.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import type { ContractDetail } from '#app/models/egalim-contract.server.ts';
import { readTerms } from '#app/models/egalim-contract.server.ts';
import { PdfDocumentWriter, type PdfSection } from './document.server.ts';

const STATUS = {
  draft: 'brouillon',
  proposed: 'proposition du producteur en cours',
  counter_proposed: 'contre-proposition de l’acheteur en cours',
  signed: 'signé par les deux parties',
} as const;

/**
 * A document negotiated in writing (an Egalim contract, a framework agreement): its parties and
 * state, the clauses of the current version, the signatures, the negotiation history and, in
 * annex, the first written proposal, frozen (L631-24 II and VII CRPM).
 */
export type NegotiatedDocument = {
  title: string;
  author: string;
  reference: string;
  header: string[];
  parties: string[];
  sections: TermsSection[];
  /** Extra sections after the clauses (e.g. the split of an agreement among members). */
  extra?: PdfSection[];
  signatures: string[];
  versions: { number: number; author: string; at: Date; reason: string }[];
  annex: { title: string; intro: string; sections: TermsSection[] } | null;
};

export async function renderNegotiatedPdf(doc: NegotiatedDocument, now: Date): Promise<Uint8Array> {
  const writer = await PdfDocumentWriter.create({
    title: doc.title,
    author: doc.author,
    createdAt: now,
    header: doc.header,
    footer: (page, pages) => `${doc.reference} — page ${page} / ${pages}`,
  });
  writer.section({ title: 'Parties et état', lines: doc.parties, tables: [] });
  for (const section of doc.sections) {
    writer.section({ title: section.title, lines: section.lines, tables: [] });
  }
  for (const section of doc.extra ?? []) {
    writer.section(section);
  }
  writer.section({ title: 'Signatures', lines: doc.signatures, tables: [] });
  if (doc.versions.length > 0) {
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
          rows: doc.versions.map((version) => [
            String(version.number),
            version.author,
            formatDateTime(version.at),
            version.reason,
          ]),
        },
      ],
    });
  }
  if (doc.annex) {
    writer.section({ title: doc.annex.title, lines: [doc.annex.intro], tables: [] });
    for (const section of doc.annex.sections) {
      writer.section({ title: `Annexe — ${section.title}`, lines: section.lines, tables: [] });
    }
  }
  return writer.save();
}

/**
 * The contract as a PDF (L631-24 CRPM): parties, clauses of the current version, signatures,
 * the negotiation history and, in annex, the producer's first written proposal (version 1,
 * frozen) as L631-24 VII requires.
 */
export async function renderContractPdf(detail: ContractDetail, now: Date): Promise<Uint8Array> {
  const { contract, versions } = detail;
  const first = versions[0];
  return renderNegotiatedPdf(
    {
      title: `Contrat ${contract.reference} — ${contract.title}`,
      author: detail.producerName,
      reference: contract.reference,
      header: [
        `Contrat de vente de produits agricoles ${contract.reference} — ${contract.title}`,
        `Producteur : ${detail.producerName} · Acheteur : ${detail.buyerName}`,
        `Art. L631-24 du Code rural et de la pêche maritime · édité le ${formatDateTime(now)}`,
      ],
      parties: [
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
      sections: describeTerms(detail.terms),
      signatures: [
        `Producteur : ${contract.producerSignedAt ? `signé le ${formatDateTime(contract.producerSignedAt)}` : 'non signé'}.`,
        `Acheteur : ${contract.buyerSignedAt ? `signé le ${formatDateTime(contract.buyerSignedAt)}` : 'non signé'}.`,
      ],
      versions: versions.map((version) => ({
        number: version.number,
        author: version.authorSide === 'producer' ? 'Producteur' : 'Acheteur',
        at: version.createdAt,
        reason:
          version.reason ?? (version.number === 1 ? 'Proposition écrite initiale' : 'Proposition'),
      })),
      annex: first
        ? {
            title: 'Annexe — proposition écrite initiale du producteur (version 1)',
            intro: `Envoyée le ${formatDateTime(first.createdAt)} ; socle de la négociation, annexée au contrat (art. L631-24 II et VII CRPM).`,
            sections: describeTerms(readTerms(first.terms)),
          }
        : null,
    },
    now,
  );
}
