import type { DistributionList } from '#app/domain/distribution/distribution-list.ts';
import {
  DISTRIBUTION_TEXT,
  type DistributionHeaderInput,
  distributionHeader,
  distributionSections,
} from '#app/domain/distribution/distribution-list-view.ts';
import { formatDay } from '#app/i18n/format.ts';
import { PdfDocumentWriter } from './document.server.ts';

export type DistributionListPdfOptions = DistributionHeaderInput & { list: DistributionList };

/**
 * The printed distribution list of a closed sheet: one block per household (its lines, what it
 * paid, what remains, « Remis » and « Signature » boxes to fill in), then the totals.
 */
export async function renderDistributionListPdf(
  options: DistributionListPdfOptions,
): Promise<Uint8Array> {
  const title = [
    `${DISTRIBUTION_TEXT.title} — ${options.groupName}`,
    options.sheetTitle,
    options.deliveryOn ? formatDay(options.deliveryOn) : null,
  ]
    .filter(Boolean)
    .join(' — ');
  const writer = await PdfDocumentWriter.create({
    title,
    author: options.groupName,
    createdAt: options.now,
    header: distributionHeader(options),
    footer: (page, pages) => `Page ${page} / ${pages}`,
  });
  if (options.list.households.length === 0) {
    writer.paragraph(DISTRIBUTION_TEXT.noHousehold);
  }
  for (const section of distributionSections(options.list)) {
    // A household's block (lines, amounts, boxes) stays on one page where it can.
    writer.keepTogether(writer.sectionHeight(section) + (section.boxes.length > 0 ? 42 : 0));
    writer.section(section);
    if (section.boxes.length > 0) {
      writer.boxes(section.boxes);
    }
  }
  return writer.save();
}
