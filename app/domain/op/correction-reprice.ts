import type { UnitCode } from '#app/domain/invoicing/invoice-types.ts';
import { resolveIndicator } from '#app/domain/pricing/indicators.ts';
import type { IndicatorPoint } from '#app/domain/pricing/schemas.ts';
import { formatDay } from '#app/i18n/format.ts';
import { formatUnitPrice } from '#app/i18n/invoice-format.ts';
import { priceDelivery } from './delivery-price.ts';
import type { FrameworkTerms } from './framework-terms.ts';
import type { LineCorrection } from './invoice-review.ts';

/**
 * What the OP asks for one line of a contested invoice: a price it types (the existing path),
 * or « recalculer avec la formule de l’accord » — the line is re-priced from the framework
 * agreement's formula at the delivery day, with the indicator values known when correcting.
 */
export type CorrectionRequest =
  | LineCorrection
  | { lineId: string; quantityMilli: number; reprice: true };

export function isRepriceRequest(
  request: CorrectionRequest,
): request is Extract<CorrectionRequest, { reprice: true }> {
  return 'reprice' in request && request.reprice === true;
}

export type RepriceLineInput = {
  lineId: string;
  agreementReference: string;
  terms: FrameworkTerms;
  deliveredOn: string;
  /** The OP's series of the indicators the formula uses, as they stand when correcting. */
  indicators: Record<string, IndicatorPoint[]>;
  /** The line as the contested invoice bills it. */
  billed: { unitPriceCents: number; priceBaseQuantityMilli: number; unitCode: UnitCode };
  opName: string;
  /** Day of the correction. */
  today: string;
  /** The OP's explanation of the correction. */
  reason: string;
};

export type RepricedLine =
  | {
      ok: true;
      /** Price of `priceBaseQuantityMilli` of the unit, integer cents (BT-146/149). */
      unitPriceCents: number;
      priceBaseQuantityMilli: number;
      /** The new step-by-step trace, then the line saying it was recomputed after the contest. */
      trace: string[];
    }
  | { ok: false; message: string };

/**
 * Re-prices a corrected line from the agreement's formula: the same pricing as when the
 * delivery was recorded (`priceDelivery` → `evaluatePrice`, half-up once to the formula's
 * decimals, every decimal kept through the price base), so the line's amount is rounded once,
 * on the rectifying invoice. The price is given for the billed line's price base when it is
 * exact there, else for the finer base the formula's decimals need. Refused, naming the
 * indicator and the day, when an indicator has no value in force at the delivery day.
 */
export function repriceCorrectedLine(input: RepriceLineInput): RepricedLine {
  const { agreementReference: reference, deliveredOn } = input;
  const refuse = (reason: string): RepricedLine => ({
    ok: false,
    message: `Ligne ${input.lineId} : recalcul impossible avec la formule de l’accord-cadre ${reference} — ${reason}`,
  });
  const clause = input.terms.price;
  if (clause?.mode !== 'formula' || !clause.formula) {
    return refuse('l’accord ne fixe pas son prix par une formule ; saisissez le prix corrigé.');
  }
  const priced = priceDelivery({
    agreementReference: reference,
    terms: input.terms,
    deliveredOn,
    indicators: input.indicators,
  });
  if (!priced.ok) {
    const missing = clause.formula.terms.find(
      (term) => !resolveIndicator(term.indicator, input.indicators[term.indicator], deliveredOn).ok,
    );
    return refuse(
      missing
        ? `l’indicateur « ${missing.label ?? missing.indicator} » (${missing.indicator}) n’a aucune valeur en vigueur au ${formatDay(deliveredOn)}, jour de la livraison. Publiez sa valeur ou saisissez le prix corrigé.`
        : priced.message,
    );
  }
  const price = inBase(priced, input.billed.priceBaseQuantityMilli);
  const shown = formatUnitPrice({ ...price, unitCode: input.billed.unitCode });
  const before = formatUnitPrice(input.billed);
  const comparison =
    price.unitPriceCents * input.billed.priceBaseQuantityMilli ===
    input.billed.unitPriceCents * price.priceBaseQuantityMilli
      ? `${shown}, prix facturé inchangé`
      : `${shown} au lieu de ${before}`;
  return {
    ok: true,
    ...price,
    trace: [
      ...priced.trace.map((step) => step.text),
      `Prix recalculé par ${input.opName} le ${formatDay(input.today)} après contestation, avec la formule de l’accord-cadre ${reference} et les indicateurs connus à cette date pour la livraison du ${formatDay(deliveredOn)} : ${comparison} (${input.reason.trim()}).`,
    ],
  };
}

/** The same price for `baseMilli` when that is exact in integer cents, else unchanged. */
function inBase(
  price: { unitPriceCents: number; priceBaseQuantityMilli: number },
  baseMilli: number,
): { unitPriceCents: number; priceBaseQuantityMilli: number } {
  const scaled = price.unitPriceCents * baseMilli;
  if (
    Number.isSafeInteger(baseMilli) &&
    baseMilli > 0 &&
    Number.isSafeInteger(scaled) &&
    scaled % price.priceBaseQuantityMilli === 0
  ) {
    return {
      unitPriceCents: scaled / price.priceBaseQuantityMilli,
      priceBaseQuantityMilli: baseMilli,
    };
  }
  return {
    unitPriceCents: price.unitPriceCents,
    priceBaseQuantityMilli: price.priceBaseQuantityMilli,
  };
}
