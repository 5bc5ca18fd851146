import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { formatDecimalFr, toScaledInteger } from '#app/domain/pricing/decimal.ts';
import { evaluatePrice } from '#app/domain/pricing/evaluate-price.ts';
import type { IndicatorPoint } from '#app/domain/pricing/schemas.ts';
import type { FrameworkTerms } from './framework-terms.ts';
import { VOLUME_UNIT_LABELS } from './members.ts';

/** One printed step of how a delivery's price was determined (EG-10 1°, EG-22). */
export type PriceStep = { kind: string; text: string; value: string };

export type DeliveryPrice =
  | {
      ok: true;
      /** Price of `priceBaseQuantityMilli` of the delivery unit, in integer cents (BT-146/149). */
      unitPriceCents: number;
      priceBaseQuantityMilli: number;
      source: 'agreement' | 'manual';
      trace: PriceStep[];
    }
  | { ok: false; message: string };

export type DeliveryPriceInput = {
  agreementReference: string;
  terms: FrameworkTerms;
  deliveredOn: string;
  /** Series of the indicators the formula uses, by code. */
  indicators: Record<string, IndicatorPoint[]>;
  /** A price the OP sets for this delivery instead of the agreement's, with its reason. */
  manual?: { priceText: string; reason: string };
};

/**
 * The price of a delivery recorded by the OP: the agreement's formula evaluated at the delivery
 * date from the indicator series (with every step), its fixed price, or a price the OP sets
 * with a written reason. The formula's decimals are kept: the price is stored for a base
 * quantity (486,773 € per 1 000 L = 486 773 cents per 10 000 L) so that line amounts are
 * rounded once, at the line (STYLE §6.7).
 */
export function priceDelivery(input: DeliveryPriceInput): DeliveryPrice {
  const { terms } = input;
  const base = terms.priceBaseQuantity ?? 1;
  const unit = terms.deliveryUnit ? VOLUME_UNIT_LABELS[terms.deliveryUnit] : 'unités';
  const per = `€ HT pour ${formatDecimalFr(base)} ${unit}`;
  let baseMilli: number;
  try {
    baseMilli = toScaledInteger(base, 3);
  } catch {
    return { ok: false, message: 'La quantité de référence du prix a plus de 3 décimales.' };
  }
  if (input.manual) {
    const reason = input.manual.reason.trim();
    if (reason.length < 3) {
      return { ok: false, message: 'Un prix saisi à la main est motivé : écrivez la raison.' };
    }
    const price = decimalPriceToCents(input.manual.priceText.replace(',', '.'), baseMilli);
    if (!price.ok) {
      return { ok: false, message: price.message };
    }
    return {
      ...price,
      source: 'manual',
      trace: [
        {
          kind: 'manual',
          text: `Prix fixé par l’OP pour cette livraison : ${input.manual.priceText.replace('.', ',')} ${per} — motif : ${reason}`,
          value: input.manual.priceText.replace(',', '.'),
        },
      ],
    };
  }
  const clause = terms.price;
  if (clause?.mode === 'formula' && clause.formula) {
    const result = evaluatePrice({
      formula: clause.formula,
      indicators: input.indicators,
      conformation: terms.pricingConformation,
      on: input.deliveredOn,
    });
    if (!result.ok) {
      return {
        ok: false,
        message: `Le prix de l’accord ${input.agreementReference} ne peut pas être calculé au ${input.deliveredOn} : ${result.message}`,
      };
    }
    return withPrice(result.price, baseMilli, [
      ...result.trace,
      {
        kind: 'unit_price',
        text: `Prix de la livraison (accord-cadre ${input.agreementReference}) : ${result.price.replace('.', ',')} ${per}`,
        value: result.price,
      },
    ]);
  }
  if (clause?.mode === 'fixed' && clause.fixedPrice !== undefined) {
    const price = String(clause.fixedPrice);
    return withPrice(price, baseMilli, [
      {
        kind: 'unit_price',
        text: `Prix fixe de l’accord-cadre ${input.agreementReference} : ${price.replace('.', ',')} ${per}${clause.automaticRevision ? ', avec révision automatique' : ''}`,
        value: price,
      },
    ]);
  }
  return {
    ok: false,
    message: `L’accord ${input.agreementReference} fixe des critères de prix, pas un prix calculable : saisissez le prix de la livraison avec son motif.`,
  };
}

function withPrice(price: string, baseMilli: number, trace: PriceStep[]): DeliveryPrice {
  const cents = decimalPriceToCents(price, baseMilli);
  if (!cents.ok) {
    return { ok: false, message: cents.message };
  }
  return { ...cents, source: 'agreement', trace };
}
