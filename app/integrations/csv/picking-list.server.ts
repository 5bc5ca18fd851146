import { stringify } from 'csv-stringify/sync';
import type { PickingList } from '#app/domain/rounds/picking-list.ts';
import { type PickingView, pickingCsvRows } from '#app/domain/rounds/picking-list-view.ts';

const UTF8_BOM = '\uFEFF';

/**
 * For a French spreadsheet opened by double-click (Excel, LibreOffice): UTF-8 with a BOM, `;`
 * between cells, decimal comma, CRLF — the same choices as the catalogue export.
 */
export function renderPickingListCsv(list: PickingList, view: PickingView): string {
  return (
    UTF8_BOM +
    stringify(pickingCsvRows(list, view), { delimiter: ';', record_delimiter: 'windows' })
  );
}
