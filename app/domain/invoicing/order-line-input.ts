import { divideRoundHalfUp, FULL_RATE_BP, ONE_UNIT_MILLI } from '#app/domain/money/money.ts';
import type { OrderLineInput } from './group-orders.ts';
import type { DomainError, ProductKind, UnitCode, VatRegime } from './invoice-types.ts';

/** An order line as stored (table order_lines), after delivery was recorded. */
export type DeliveredOrderLine = {
  orderLineId: string;
  productName: string;
  saleUnit: string;
  isVariableWeight: boolean;
  /** Ordered quantity, thousandths of the sale unit (of a piece for variable weight). */
  quantityMilli: number;
  /** Delivered quantity when it differs (shortage); null = delivered as ordered. */
  deliveredQuantityMilli: number | null;
  /** Weighed total of a variable-weight line, in grams (= thousandths of a kg). */
  actualWeightGrams: number | null;
  /** 'gross': consumer price VAT included; 'net': professional price VAT excluded. */
  priceBasis: 'gross' | 'net';
  /** Price of one sale unit (per kg for variable weight), in cents… */
  unitPriceCents: number;
  /** …or of this many thousandths of it (a contract price with decimals); default one unit. */
  priceBaseQuantityMilli?: number;
  vatRateBp: number | null;
  egalimCategory: string;
  contractReference: string | null;
  priceTrace: unknown;
};

export type OrderLineInputError = DomainError<
  'missing_actual_weight' | 'missing_vat_rate' | 'invalid_delivery'
>;

/**
 * EN 16931 BT-130 code of a sale unit. Packages without a code in the invoice's unit list
 * (botte, pot, barquette, bouteille, sachet) are invoiced as pieces: the label keeps the unit.
 */
const UNIT_CODES: Readonly<Record<string, UnitCode>> = {
  piece: 'H87',
  kg: 'KGM',
  g: 'GRM',
  l: 'LTR',
  cl: 'CLT',
  ml: 'MLT',
  dozen: 'DZN',
  box: 'XBX',
};

const PACKAGE_LABELS: Readonly<Record<string, string>> = {
  bunch: 'botte',
  jar: 'pot',
  tray: 'barquette',
  bottle: 'bouteille',
  bag: 'sachet',
};

/**
 * Payment-deadline class of an Egalim product category (RULES-FR INV-04): meat animals are
 * fresh meat (20 days), other food is perishable (30 days after delivery); only non-food
 * or long-keeping goods are general. 'other' is taken as perishable, the stricter reading.
 */
export function productKindOf(egalimCategory: string): ProductKind {
  if (/^(bovine_|pig$|lamb_)/.test(egalimCategory)) {
    return 'fresh_meat';
  }
  if (['cereal', 'honey', 'wine'].includes(egalimCategory)) {
    return 'general';
  }
  return 'perishable';
}

/** A stored price trace (strings, or `{ text }` steps of the pricing domain) as printed lines. */
export function priceTraceLines(trace: unknown): string[] | undefined {
  if (!Array.isArray(trace)) {
    return undefined;
  }
  const lines = trace
    .map((step: unknown) => {
      if (typeof step === 'string') {
        return step;
      }
      if (typeof step === 'object' && step !== null && 'text' in step) {
        return String((step as { text: unknown }).text);
      }
      return '';
    })
    .filter((text) => text !== '');
  return lines.length > 0 ? lines : undefined;
}

/** Extra decimals kept on a net price derived from a VAT-included price (BR-FR-DEC-03: ≤ 6). */
const NET_PRICE_EXTRA_DECIMALS = 4;

/**
 * Net unit price of a VAT-included consumer price, as integer cents per a base quantity
 * (EN 16931 BT-146/BT-149): gross / (1 + rate) kept to 1/10 000 of a cent, then trailing zeros
 * folded back into the base. A line's net then differs from gross / (1 + rate) by at most half
 * a cent, and VAT on the summed nets gives back the gross total to within a cent per rate.
 */
export function grossToNetUnitPrice(
  grossCents: number,
  rateBp: number,
): { unitPriceCents: number; priceBaseQuantityMilli: number } {
  let base = ONE_UNIT_MILLI * 10 ** NET_PRICE_EXTRA_DECIMALS;
  let scaled = divideRoundHalfUp(
    BigInt(grossCents) * BigInt(10 ** NET_PRICE_EXTRA_DECIMALS) * BigInt(FULL_RATE_BP),
    BigInt(FULL_RATE_BP + rateBp),
  );
  while (base > ONE_UNIT_MILLI && scaled % 10n === 0n) {
    scaled /= 10n;
    base /= 10;
  }
  return { unitPriceCents: Number(scaled), priceBaseQuantityMilli: base };
}

function invalid(line: DeliveredOrderLine, reason: string): OrderLineInputError {
  return {
    ok: false,
    code: 'invalid_delivery',
    message: `« ${line.productName} » : ${reason}`,
  };
}

/**
 * What an order line invoices once delivered (DESIGN §7): the delivered quantity (shortages
 * invoice less, 0 = nothing), the actual weight of a variable-weight line (priced per kg), and
 * a net price (VAT-included consumer prices are converted; a flat-rate farmer charges no VAT,
 * so his price is taken as is).
 */
export function toOrderLineInput(
  line: DeliveredOrderLine,
  sellerVatRegime: VatRegime,
): { ok: true; line: OrderLineInput } | OrderLineInputError {
  const delivered = line.deliveredQuantityMilli ?? line.quantityMilli;
  if (!Number.isSafeInteger(delivered) || delivered < 0) {
    return invalid(line, 'quantité livrée invalide.');
  }
  let quantityMilli = delivered;
  let unitCode = UNIT_CODES[line.saleUnit] ?? 'H87';
  if (line.isVariableWeight && delivered > 0) {
    if (line.actualWeightGrams === null || line.actualWeightGrams <= 0) {
      return {
        ok: false,
        code: 'missing_actual_weight',
        message: `« ${line.productName} » est vendu au poids : saisissez le poids réel livré avant de facturer.`,
      };
    }
    // Grams are thousandths of a kilogram: the weight is the invoiced quantity in KGM.
    quantityMilli = line.actualWeightGrams;
    unitCode = 'KGM';
  }
  if (sellerVatRegime === 'liable' && line.vatRateBp === null) {
    return {
      ok: false,
      code: 'missing_vat_rate',
      message: `« ${line.productName} » n’a pas de taux de TVA alors que le vendeur y est assujetti.`,
    };
  }
  const rateBp = sellerVatRegime === 'liable' ? (line.vatRateBp ?? 0) : 0;
  const priceBaseQuantityMilli = line.priceBaseQuantityMilli ?? ONE_UNIT_MILLI;
  if (!Number.isSafeInteger(priceBaseQuantityMilli) || priceBaseQuantityMilli <= 0) {
    return invalid(line, 'quantité de base du prix invalide.');
  }
  if (line.priceBasis === 'gross' && rateBp > 0 && priceBaseQuantityMilli !== ONE_UNIT_MILLI) {
    return invalid(line, 'un prix TTC doit être donné pour une unité de vente.');
  }
  const price =
    line.priceBasis === 'gross' && rateBp > 0
      ? grossToNetUnitPrice(line.unitPriceCents, rateBp)
      : { unitPriceCents: line.unitPriceCents, priceBaseQuantityMilli };
  const packageLabel = PACKAGE_LABELS[line.saleUnit];
  const trace = priceTraceLines(line.priceTrace);
  return {
    ok: true,
    line: {
      label: packageLabel ? `${line.productName} (${packageLabel})` : line.productName,
      quantityMilli,
      unitCode,
      ...price,
      vatRateBp: rateBp,
      productKind: productKindOf(line.egalimCategory),
      ...(line.contractReference ? { contractReference: line.contractReference } : {}),
      ...(trace ? { priceTrace: trace } : {}),
    },
  };
}
