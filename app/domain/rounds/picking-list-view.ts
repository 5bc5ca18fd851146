import { parisTimeOf } from '#app/domain/calendar/paris-time.ts';
import { packsToPrepare } from '#app/domain/ordering/pack-fill.ts';
import { formatDateTime } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import type { PickingItem, PickingList, PickingStopInput } from './picking-list.ts';
import {
  formatKilograms,
  formatPickedQuantity,
  formatPickedWithPacks,
  saleUnitLabel,
} from './quantity-label.ts';

/** The three picking lists, named in URLs as French users read them (`?par=arret`). */
export const PICKING_VIEWS = { arret: 'stop', produit: 'product', foyer: 'household' } as const;
export type PickingViewParam = keyof typeof PICKING_VIEWS;
export type PickingView = (typeof PICKING_VIEWS)[PickingViewParam];

export function parsePickingView(param: string | null): PickingView | null {
  return param !== null && Object.hasOwn(PICKING_VIEWS, param)
    ? PICKING_VIEWS[param as PickingViewParam]
    : null;
}

const FILE_VIEW: Record<PickingView, string> = {
  stop: 'par-arret',
  product: 'par-produit',
  household: 'par-foyer',
};

/** « preparation-2026-10-29-par-arret.pdf »: ASCII, so every browser keeps it as is. */
export function pickingFileName(deliveryOn: string, view: PickingView, extension: string): string {
  return `preparation-${deliveryOn}-${FILE_VIEW[view]}.${extension}`;
}

export const PICKING_VIEW_TITLES: Record<PickingView, string> = {
  stop: t('picking.byStop'),
  product: t('picking.byProduct'),
  household: t('picking.byHousehold'),
};

export type SectionColumn = { header: string; width: number; align?: 'left' | 'right' };
export type SectionTable = { caption?: string; columns: SectionColumn[]; rows: string[][] };
export type PickingSection = { title: string; lines: string[]; tables: SectionTable[] };

const PRODUCT_QUANTITY: SectionColumn[] = [
  { header: t('picking.column.product'), width: 0.6 },
  { header: t('picking.column.quantity'), width: 0.4, align: 'right' },
];

export function stopTitle(stop: PickingStopInput): string {
  return t('picking.stopTitle', { position: stop.position, name: stop.name });
}

function stopLines(stop: PickingStopInput, now: Date): string[] {
  const lines = stop.address ? [stop.address] : [];
  if (stop.windowStartAt || stop.windowEndAt) {
    const from = stop.windowStartAt ? parisTimeOf(stop.windowStartAt) : '…';
    const to = stop.windowEndAt ? parisTimeOf(stop.windowEndAt) : '…';
    lines.push(t('picking.window', { from, to }));
  }
  const deadline = formatDateTime(stop.orderDeadlineAt);
  lines.push(
    stop.orderDeadlineAt.getTime() > now.getTime()
      ? t('picking.deadlineOpen', { deadline })
      : t('picking.deadlineClosed', { deadline }),
  );
  return lines;
}

function itemRows(items: readonly PickingItem[], withPacks = false): string[][] {
  return items.map((item) => [
    item.productName,
    withPacks ? formatPickedWithPacks(item) : formatPickedQuantity(item),
  ]);
}

function emptyTable(text: string): SectionTable {
  return { columns: [{ header: text, width: 1 }], rows: [] };
}

/** Sections for the printed lists: one per stop, per product or per customer (household). */
export function pickingSections(list: PickingList, view: PickingView, now: Date): PickingSection[] {
  if (view === 'product') {
    return list.products.map(({ total, perStop }) => ({
      title: `${total.productName} — ${formatPickedWithPacks(total)}`,
      lines: [],
      tables: [
        {
          columns: [
            { header: t('picking.column.stop'), width: 0.6 },
            { header: t('picking.column.quantity'), width: 0.4, align: 'right' },
          ],
          rows: perStop.map(({ stop, item }) => [stopTitle(stop), formatPickedWithPacks(item)]),
        },
      ],
    }));
  }
  if (view === 'household') {
    return list.stops.flatMap(({ stop, customers }) =>
      customers.map((customer) => ({
        title: customer.name,
        lines: [stopTitle(stop)],
        tables: [{ columns: PRODUCT_QUANTITY, rows: itemRows(customer.items) }],
      })),
    );
  }
  return list.stops.map(({ stop, customers, totals }) => ({
    title: stopTitle(stop),
    lines: stopLines(stop, now),
    tables:
      customers.length === 0
        ? [emptyTable(t('picking.noOrder'))]
        : [
            {
              caption: t('picking.ordersCaption'),
              columns: [
                { header: t('picking.column.customer'), width: 0.3 },
                { header: t('picking.column.product'), width: 0.4 },
                { header: t('picking.column.quantity'), width: 0.3, align: 'right' },
              ],
              rows: customers.flatMap((customer) =>
                customer.items.map((item, index) => [
                  index === 0 ? customer.name : '',
                  item.productName,
                  formatPickedQuantity(item),
                ]),
              ),
            },
            {
              caption: t('picking.stopTotalsCaption'),
              columns: PRODUCT_QUANTITY,
              rows: itemRows(totals, true),
            },
          ],
  }));
}

/** Quantity, unit and estimated weight as separate spreadsheet cells (decimal comma). */
function quantityCells(item: PickingItem): string[] {
  const unit = item.isVariableWeight ? 'piece' : item.saleUnit;
  return [
    formatKilograms(item.quantityMilli),
    saleUnitLabel(unit, 1000),
    item.estimatedGrams === null ? '' : formatKilograms(item.estimatedGrams),
  ];
}

const QUANTITY_HEADERS = [
  t('picking.column.quantity'),
  t('picking.column.unit'),
  t('picking.column.estimatedKg'),
];

/** Packs to prepare (the started one counts); empty for a product sold loose. */
const packCell = (item: PickingItem) =>
  item.packMilli === null ? '' : String(packsToPrepare(item.quantityMilli, item.packMilli));

/** One flat table per list, header first, for spreadsheets (sortable and filterable). */
export function pickingCsvRows(list: PickingList, view: PickingView): string[][] {
  const position = t('picking.column.position');
  const stop = t('picking.column.stop');
  const product = t('picking.column.product');
  if (view === 'product') {
    return [
      [product, position, stop, ...QUANTITY_HEADERS, t('picking.column.packs')],
      ...list.products.flatMap(({ total, perStop }) => [
        ...perStop.map(({ stop: s, item }) => [
          total.productName,
          String(s.position),
          s.name,
          ...quantityCells(item),
          packCell(item),
        ]),
        [total.productName, '', t('picking.roundTotal'), ...quantityCells(total), packCell(total)],
      ]),
    ];
  }
  if (view === 'stop') {
    return [
      [position, stop, product, ...QUANTITY_HEADERS, t('picking.column.packs')],
      ...list.stops.flatMap(({ stop: s, totals }) =>
        totals.map((item) => [
          String(s.position),
          s.name,
          item.productName,
          ...quantityCells(item),
          packCell(item),
        ]),
      ),
    ];
  }
  return [
    [
      position,
      stop,
      t('picking.column.customer'),
      t('picking.column.customerKind'),
      product,
      ...QUANTITY_HEADERS,
    ],
    ...list.stops.flatMap(({ stop: s, customers }) =>
      customers.flatMap((customer) =>
        customer.items.map((item) => [
          String(s.position),
          s.name,
          customer.name,
          customer.kind === 'household'
            ? t('picking.kind.household')
            : t('picking.kind.organisation'),
          item.productName,
          ...quantityCells(item),
        ]),
      ),
    ),
  ];
}
