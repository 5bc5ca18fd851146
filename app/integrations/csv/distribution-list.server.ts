import { stringify } from 'csv-stringify/sync';
import type { DistributionList } from '#app/domain/distribution/distribution-list.ts';
import { distributionCsvRows } from '#app/domain/distribution/distribution-list-view.ts';

const UTF8_BOM = '\uFEFF';

/**
 * The distribution list for a spreadsheet: UTF-8 with a BOM, `;` between cells, decimal comma,
 * CRLF — the same choices as the picking list and the catalogue export.
 */
export function renderDistributionListCsv(list: DistributionList): string {
  return (
    UTF8_BOM + stringify(distributionCsvRows(list), { delimiter: ';', record_delimiter: 'windows' })
  );
}
