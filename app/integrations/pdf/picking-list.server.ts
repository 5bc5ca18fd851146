import type { PickingList } from '#app/domain/rounds/picking-list.ts';
import {
  PICKING_VIEW_TITLES,
  type PickingView,
  pickingSections,
} from '#app/domain/rounds/picking-list-view.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { PdfDocumentWriter } from './document.server.ts';

export type PickingListPdfOptions = {
  producerName: string;
  round: { deliveryOn: string; title: string };
  list: PickingList;
  view: PickingView;
  /** Generation time, printed in the header and used to flag stops still open. */
  now: Date;
};

/** The printable picking list: one section per stop, per product or per household. */
export async function renderPickingListPdf(options: PickingListPdfOptions): Promise<Uint8Array> {
  const { round, view, now } = options;
  const roundLine = [t('picking.header.round', { day: formatDay(round.deliveryOn) }), round.title]
    .filter(Boolean)
    .join(' — ');
  const writer = await PdfDocumentWriter.create({
    title: `${PICKING_VIEW_TITLES[view]} — ${roundLine}`,
    author: options.producerName,
    createdAt: now,
    header: [
      `${PICKING_VIEW_TITLES[view]} — ${options.producerName}`,
      roundLine,
      t('picking.header.generatedAt', { at: formatDateTime(now) }),
    ],
    footer: (page, pages) => t('picking.page', { page, pages }),
  });
  const sections = pickingSections(options.list, view, now);
  if (sections.length === 0) {
    writer.paragraph(t('picking.noOrderAtAll'));
  }
  for (const section of sections) {
    writer.section(section);
  }
  return writer.save();
}
