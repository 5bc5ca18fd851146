import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { ONE_UNIT_MILLI } from '#app/domain/money/money.ts';
import type { ConformationClass } from '#app/domain/pricing/europ.ts';
import { evaluatePrice, type TraceStep } from '#app/domain/pricing/evaluate-price.ts';
import type { IndicatorPoint, PriceFormulaInput } from '#app/domain/pricing/schemas.ts';
import { classifySale, type SaleClassification } from './classify.ts';
import type { EgalimProduct } from './products.ts';

/** The signed contract covering the line's production on its delivery day, if any. */
export type CoveringContract = {
  reference: string;
  formula: PriceFormulaInput;
  conformation?: ConformationClass;
  priceUnit?: string;
  /** Series of every indicator the formula uses, by code. */
  indicators: Record<string, IndicatorPoint[]>;
};

export type ProLineInput = {
  productName: string;
  product: EgalimProduct;
  siqo: boolean;
  deliveryOn: string;
  /** Last closed year's turnovers for this production, in cents; undefined when not declared. */
  producerTurnoverCents?: number;
  buyerTurnoverCents?: number;
  /** Professional price of the round offer (VAT excluded), null when the product has none. */
  proPriceCents: number | null;
  contract: CoveringContract | null;
};

/** A trace step the pricing domain does not produce: the price written on the order line. */
export type OrderPriceStep = { kind: 'unit_price'; text: string; value: string };

export type ProLineDecision =
  | {
      ok: true;
      classification: SaleClassification;
      /** Price of `priceBaseQuantityMilli` of the sale unit (5.332 €/kg = 5 332 per 10 kg). */
      unitPriceCents: number;
      priceBaseQuantityMilli: number;
      contractReference: string | null;
      priceTrace: (TraceStep | OrderPriceStep)[] | null;
    }
  | { ok: false; classification: SaleClassification | null; reason: string };

const euros = (cents: number | undefined) => (cents === undefined ? undefined : cents / 100);

/**
 * One line of a professional order (DESIGN §8): classify the sale (RULES-FR §1.1, the buyer is a
 * professional); when a written contract is required, only a signed contract covering the
 * delivery day lets it through, priced by the contract's formula at the delivery day (EG-10 1°).
 * A covering contract also prices a sale that does not require one.
 */
export function decideProLine(line: ProLineInput): ProLineDecision {
  const classification = classifySale({
    product: line.product,
    siqo: line.siqo,
    buyer: 'professional',
    producerTurnoverEur: euros(line.producerTurnoverCents),
    buyerTurnoverEur: euros(line.buyerTurnoverCents),
  });
  if (line.contract) {
    return priceWithContract(line, line.contract, classification);
  }
  if (classification.decision === 'contract_required') {
    return {
      ok: false,
      classification,
      reason: `« ${line.productName} » : vente refusée, aucun contrat Egalim signé ne couvre cette production au ${line.deliveryOn}. ${classification.reason}`,
    };
  }
  if (line.proPriceCents === null) {
    return {
      ok: false,
      classification,
      reason: `« ${line.productName} » : pas de prix professionnel pour ce produit.`,
    };
  }
  return {
    ok: true,
    classification,
    unitPriceCents: line.proPriceCents,
    priceBaseQuantityMilli: ONE_UNIT_MILLI,
    contractReference: null,
    priceTrace: null,
  };
}

function priceWithContract(
  line: ProLineInput,
  contract: CoveringContract,
  classification: SaleClassification,
): ProLineDecision {
  const result = evaluatePrice({
    formula: contract.formula,
    indicators: contract.indicators,
    conformation: contract.conformation,
    on: line.deliveryOn,
  });
  if (!result.ok) {
    return {
      ok: false,
      classification,
      reason: `« ${line.productName} » : le prix du contrat ${contract.reference} ne peut pas être calculé au ${line.deliveryOn}. ${result.message}`,
    };
  }
  const price = decimalPriceToCents(result.price, ONE_UNIT_MILLI);
  if (!price.ok) {
    return { ok: false, classification, reason: `« ${line.productName} » : ${price.message}` };
  }
  const unit = contract.priceUnit ? ` ${contract.priceUnit}` : '';
  const step: OrderPriceStep = {
    kind: 'unit_price',
    text: `Prix unitaire de la commande (contrat ${contract.reference}) : ${result.price.replace('.', ',')} €${unit} (montant de la ligne arrondi une fois au centime)`,
    value: result.price,
  };
  return {
    ok: true,
    classification,
    unitPriceCents: price.unitPriceCents,
    priceBaseQuantityMilli: price.priceBaseQuantityMilli,
    contractReference: contract.reference,
    priceTrace: [...result.trace, step],
  };
}
