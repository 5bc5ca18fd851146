import { isFrenchVatRateBp } from '#app/domain/money/vat-rates.ts';
import { compareIsoDates, isIsoDate, monthOf } from './calendar-days.ts';
import { computeInvoiceTotals } from './compute-invoice-totals.ts';
import { buildInvoiceLine } from './invoice-line.ts';
import type {
  BillingPeriod,
  DomainError,
  InvoiceLine,
  InvoiceTotals,
  IsoDate,
  ProductKind,
  UnitCode,
  VatRegime,
} from './invoice-types.ts';
import { resolveLineVat } from './vat-regime.ts';

/** An order line as projected from a closed sheet, prices already snapshotted. */
export type OrderLineInput = {
  label: string;
  /** Delivered quantity (actual weight); 0 = shortage, not invoiced. */
  quantityMilli: number;
  unitCode: UnitCode;
  unitPriceCents: number;
  priceBaseQuantityMilli?: number;
  /** Catalogue VAT rate; ignored (no VAT) when the seller is under the flat-rate regime. */
  vatRateBp: number;
  productKind: ProductKind;
  contractReference?: string;
  priceTrace?: readonly string[];
};

export type OrderInput = {
  orderId: string;
  sellerId: string;
  customerId: string;
  /** Delivery day; for deliveries spread over a period, the last day of the period. */
  deliveryDate: IsoDate;
  /** Deliveries spread over a period, e.g. the milk collections of a month (BG-26). */
  billingPeriod?: BillingPeriod;
  lines: readonly OrderLineInput[];
};

export type SellerInput = { sellerId: string; vatRegime: VatRegime };

export type InvoiceDraft = {
  sellerId: string;
  customerId: string;
  sellerVatRegime: VatRegime;
  orderIds: readonly string[];
  firstDeliveryDate: IsoDate;
  lastDeliveryDate: IsoDate;
  /** Several delivery days: a periodic (recapitulative) invoice (RULES-FR INV-05). */
  isPeriodic: boolean;
  lines: readonly InvoiceLine[];
  /** BT-12 when every line comes from the same contract. */
  contractReference?: string;
  totals: InvoiceTotals;
};

export type GroupOrdersError = DomainError<
  'unknown_seller' | 'invalid_date' | 'invalid_line' | 'invalid_vat_rate'
>;

function checkLine(
  order: OrderInput,
  line: OrderLineInput,
  regime: VatRegime,
): GroupOrdersError | undefined {
  const integers = [line.quantityMilli, line.unitPriceCents, line.priceBaseQuantityMilli ?? 1];
  const isCountable = integers.every((value) => Number.isSafeInteger(value) && value >= 0);
  if (!isCountable || line.priceBaseQuantityMilli === 0 || line.label.trim() === '') {
    return {
      ok: false,
      code: 'invalid_line',
      message: `Ligne « ${line.label} » de la commande ${order.orderId} invalide (quantité, prix ou libellé).`,
    };
  }
  if (regime === 'liable' && !isFrenchVatRateBp(line.vatRateBp)) {
    // BR-FR-16: only French rates.
    return {
      ok: false,
      code: 'invalid_vat_rate',
      message: `Taux de TVA de ${line.vatRateBp / 100} % inconnu pour « ${line.label} ».`,
    };
  }
  return undefined;
}

/**
 * One invoice draft per (seller, customer, calendar month) from the orders of a round: one
 * invoice per customer per seller (DESIGN §7), split by month because a periodic invoice only
 * covers deliveries of one month (CGI 289 I-3, RULES-FR INV-05). Zero-quantity lines (shortages)
 * are dropped; an order left without lines makes no invoice. Output order is deterministic.
 */
export function groupOrdersIntoInvoiceDrafts(input: {
  orders: readonly OrderInput[];
  sellers: readonly SellerInput[];
}): { ok: true; drafts: InvoiceDraft[] } | GroupOrdersError {
  const regimes = new Map(input.sellers.map((seller) => [seller.sellerId, seller.vatRegime]));
  const sortedOrders = [...input.orders].sort(
    (a, b) =>
      compareIsoDates(a.deliveryDate, b.deliveryDate) ||
      (a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0),
  );
  const groups = new Map<string, { regime: VatRegime; orders: OrderInput[] }>();
  for (const order of sortedOrders) {
    const regime = regimes.get(order.sellerId);
    if (!regime) {
      return {
        ok: false,
        code: 'unknown_seller',
        message: `Vendeur inconnu pour la commande ${order.orderId}.`,
      };
    }
    const period = order.billingPeriod;
    const isPeriodValid =
      !period ||
      (isIsoDate(order.deliveryDate) &&
        isIsoDate(period.start) &&
        compareIsoDates(period.start, order.deliveryDate) <= 0 &&
        period.end === order.deliveryDate &&
        monthOf(period.start) === monthOf(order.deliveryDate));
    if (!isIsoDate(order.deliveryDate) || !isPeriodValid) {
      return {
        ok: false,
        code: 'invalid_date',
        message: `Date ou période de livraison invalide pour la commande ${order.orderId}.`,
      };
    }
    for (const line of order.lines) {
      const problem = checkLine(order, line, regime);
      if (problem) {
        return problem;
      }
    }
    if (!order.lines.some((line) => line.quantityMilli > 0)) {
      continue;
    }
    const key = JSON.stringify([order.sellerId, order.customerId, monthOf(order.deliveryDate)]);
    const group = groups.get(key) ?? { regime, orders: [] };
    group.orders.push(order);
    groups.set(key, group);
  }

  const drafts = [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, { regime, orders }]) => buildDraft(regime, orders));
  return { ok: true, drafts };
}

function buildDraft(regime: VatRegime, orders: readonly OrderInput[]): InvoiceDraft {
  const first = orders[0];
  const last = orders[orders.length - 1];
  if (!first || !last) {
    throw new Error('unreachable: a group has at least one order');
  }
  const lines = orders
    .flatMap((order) =>
      order.lines
        .filter((line) => line.quantityMilli > 0)
        .map((line) => ({ ...line, billingPeriod: order.billingPeriod })),
    )
    .map(({ vatRateBp, billingPeriod, ...line }, index) =>
      buildInvoiceLine({
        ...line,
        ...(billingPeriod ? { billingPeriod } : {}),
        lineId: String(index + 1),
        vat: resolveLineVat(regime, vatRateBp),
      }),
    );
  const firstDeliveryDate = orders
    .map((order) => order.billingPeriod?.start ?? order.deliveryDate)
    .reduce((earliest, date) => (compareIsoDates(date, earliest) < 0 ? date : earliest));
  const contracts = new Set(lines.map((line) => line.contractReference));
  const [onlyContract] = contracts;
  return {
    sellerId: first.sellerId,
    customerId: first.customerId,
    sellerVatRegime: regime,
    orderIds: orders.map((order) => order.orderId),
    firstDeliveryDate,
    lastDeliveryDate: last.deliveryDate,
    isPeriodic: firstDeliveryDate !== last.deliveryDate,
    lines,
    ...(contracts.size === 1 && onlyContract !== undefined
      ? { contractReference: onlyContract }
      : {}),
    totals: computeInvoiceTotals(lines),
  };
}
