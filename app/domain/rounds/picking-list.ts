import type { PickedQuantity } from './quantity-label.ts';

/**
 * Picking lists of a round (DESIGN §7): what to prepare, by stop, by product and by household.
 * Pure aggregation of the round's orders as they were snapshotted into order lines; the model
 * loads them (cancelled orders excluded), the PDF and CSV writers present them.
 */

export type PickingStopInput = {
  id: string;
  position: number;
  name: string;
  address: string;
  windowStartAt: Date | null;
  windowEndAt: Date | null;
  orderDeadlineAt: Date;
};

export type PickingLineInput = {
  productId: string;
  productName: string;
  saleUnit: string;
  isVariableWeight: boolean;
  estimatedWeightGrams: number | null;
  quantityMilli: number;
  /** The product's pack size today (null or absent: sold loose). */
  packMilli?: number | null;
};

export type CustomerKind = 'household' | 'organisation';

export type PickingOrderInput = {
  stopId: string;
  customerKind: CustomerKind;
  customerName: string;
  lines: readonly PickingLineInput[];
};

export type PickingInput = {
  stops: readonly PickingStopInput[];
  orders: readonly PickingOrderInput[];
};

export type PickingItem = PickedQuantity & {
  key: string;
  productName: string;
  /** Prepared by whole packs of this quantity (null: loose). */
  packMilli: number | null;
};

export type PickingCustomer = { kind: CustomerKind; name: string; items: PickingItem[] };

export type PickingStop = {
  stop: PickingStopInput;
  customers: PickingCustomer[];
  /** What to load for the stop: its customers' lines summed per product. */
  totals: PickingItem[];
};

export type PickingProduct = {
  total: PickingItem;
  perStop: { stop: PickingStopInput; item: PickingItem }[];
};

export type PickingList = { stops: PickingStop[]; products: PickingProduct[] };

const collator = new Intl.Collator('fr', { sensitivity: 'base', numeric: true });

/**
 * A product is summed only with lines in the same unit: a product whose sale unit changed
 * between two orders stays two rows rather than adding kilos to pieces.
 */
function itemKey(line: PickingLineInput): string {
  return `${line.productId}|${line.saleUnit}|${line.isVariableWeight ? 'variable' : 'fixed'}`;
}

/** Accumulates lines per product; estimated weight in gram-thousandths until the end. */
class ItemSum {
  private readonly items = new Map<string, { item: PickingItem; weightMilli: number }>();

  add(line: PickingLineInput): void {
    const key = itemKey(line);
    const entry = this.items.get(key) ?? {
      item: {
        key,
        productName: line.productName,
        saleUnit: line.saleUnit,
        isVariableWeight: line.isVariableWeight,
        quantityMilli: 0,
        estimatedGrams: null,
        packMilli: line.packMilli ?? null,
      },
      weightMilli: 0,
    };
    entry.item.quantityMilli += line.quantityMilli;
    if (line.isVariableWeight && line.estimatedWeightGrams !== null) {
      entry.weightMilli += line.quantityMilli * line.estimatedWeightGrams;
    }
    this.items.set(key, entry);
  }

  addAll(items: readonly PickingItem[]): void {
    for (const item of items) {
      const entry = this.items.get(item.key) ?? {
        item: { ...item, quantityMilli: 0, estimatedGrams: null },
        weightMilli: 0,
      };
      entry.item.quantityMilli += item.quantityMilli;
      entry.weightMilli += (item.estimatedGrams ?? 0) * 1000;
      this.items.set(item.key, entry);
    }
  }

  /** Sorted by product name; weights rounded half-up to the gram once, at the end. */
  list(): PickingItem[] {
    return [...this.items.values()]
      .map(({ item, weightMilli }) => ({
        ...item,
        estimatedGrams:
          item.isVariableWeight && weightMilli > 0 ? Math.round(weightMilli / 1000) : null,
      }))
      .sort((a, b) => collator.compare(a.productName, b.productName) || a.key.localeCompare(b.key));
  }
}

function groupCustomers(orders: readonly PickingOrderInput[]): PickingCustomer[] {
  const byCustomer = new Map<string, { kind: CustomerKind; name: string; sum: ItemSum }>();
  for (const order of orders) {
    const key = `${order.customerKind}|${order.customerName}`;
    const entry = byCustomer.get(key) ?? {
      kind: order.customerKind,
      name: order.customerName,
      sum: new ItemSum(),
    };
    for (const line of order.lines) {
      if (line.quantityMilli > 0) {
        entry.sum.add(line);
      }
    }
    byCustomer.set(key, entry);
  }
  return [...byCustomer.values()]
    .map(({ kind, name, sum }) => ({ kind, name, items: sum.list() }))
    .filter((customer) => customer.items.length > 0)
    .sort((a, b) => collator.compare(a.name, b.name));
}

export function buildPickingList(input: PickingInput): PickingList {
  const stops = [...input.stops]
    .sort((a, b) => a.position - b.position)
    .map((stop) => {
      const customers = groupCustomers(input.orders.filter((o) => o.stopId === stop.id));
      const totals = new ItemSum();
      for (const customer of customers) {
        totals.addAll(customer.items);
      }
      return { stop, customers, totals: totals.list() };
    });

  const roundTotals = new ItemSum();
  for (const stop of stops) {
    roundTotals.addAll(stop.totals);
  }
  const products = roundTotals.list().map((total) => ({
    total,
    perStop: stops.flatMap(({ stop, totals }) => {
      const item = totals.find((t) => t.key === total.key);
      return item ? [{ stop, item }] : [];
    }),
  }));
  return { stops, products };
}

export function isPickingListEmpty(list: PickingList): boolean {
  return list.products.length === 0;
}
