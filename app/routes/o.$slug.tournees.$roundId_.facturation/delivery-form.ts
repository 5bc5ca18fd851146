/**
 * Reading the delivery form (one row per order line): delivered quantity (blank = as ordered),
 * « manquant » (nothing delivered) and, for variable-weight lines, the weighed kilograms.
 * Pure, so it is table-tested; the model re-checks every entry against the database.
 */
import { parseQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { t } from '#app/i18n/fr.ts';

export type DeliveryFormLine = {
  orderLineId: string;
  productName: string;
  isVariableWeight: boolean;
};

export type ParsedDeliveryEntry = {
  orderLineId: string;
  deliveredQuantityMilli: number | null;
  actualWeightGrams?: number | null;
};

export function deliveredField(orderLineId: string) {
  return `delivered.${orderLineId}`;
}
export function weightField(orderLineId: string) {
  return `weight.${orderLineId}`;
}
export function missingField(orderLineId: string) {
  return `missing.${orderLineId}`;
}

export function parseDeliveryForm(
  formData: FormData,
  lines: readonly DeliveryFormLine[],
): { ok: true; entries: ParsedDeliveryEntry[] } | { ok: false; errors: Record<string, string> } {
  const entries: ParsedDeliveryEntry[] = [];
  const errors: Record<string, string> = {};
  for (const line of lines) {
    const text = (name: string) => String(formData.get(name) ?? '').trim();
    if (formData.get(missingField(line.orderLineId)) === 'on') {
      entries.push({
        orderLineId: line.orderLineId,
        deliveredQuantityMilli: 0,
        ...(line.isVariableWeight ? { actualWeightGrams: null } : {}),
      });
      continue;
    }
    let delivered: number | null = null;
    const deliveredText = text(deliveredField(line.orderLineId));
    if (deliveredText) {
      const parsed = parseQuantityMilli(deliveredText);
      if (!parsed.ok || parsed.value < 0) {
        errors[line.orderLineId] = t('delivery.quantityInvalid', { product: line.productName });
        continue;
      }
      delivered = parsed.value;
    }
    const entry: ParsedDeliveryEntry = {
      orderLineId: line.orderLineId,
      deliveredQuantityMilli: delivered,
    };
    if (line.isVariableWeight) {
      const weightText = text(weightField(line.orderLineId));
      if (weightText) {
        // Kilograms with up to three decimals are exactly grams.
        const parsed = parseQuantityMilli(weightText);
        if (!parsed.ok || parsed.value <= 0) {
          errors[line.orderLineId] = t('delivery.weightInvalid', { product: line.productName });
          continue;
        }
        entry.actualWeightGrams = parsed.value;
      } else {
        entry.actualWeightGrams = null;
      }
    }
    entries.push(entry);
  }
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, entries };
}
