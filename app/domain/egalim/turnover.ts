import { type EgalimProduct, type Thresholds, thresholdsFor } from './products.ts';

export type TurnoverField = 'producerTurnoverEur' | 'buyerTurnoverEur';

export type TurnoverCheck =
  | { exempt: true; by: 'buyer' | 'producer'; turnoverEur: number; thresholds: Thresholds }
  | { exempt: false; missing: TurnoverField[]; thresholds: Thresholds };

/**
 * R631-6: L631-24 does not apply below the buyer or the producer threshold of the product
 * ("inférieur à", so a turnover equal to the threshold is covered). A threshold of 0 means no
 * exemption on that side. `missing` lists the turnovers that could still exempt the sale.
 */
export function checkTurnovers(
  product: EgalimProduct,
  producerTurnoverEur: number | undefined,
  buyerTurnoverEur: number | undefined,
): TurnoverCheck {
  const thresholds = thresholdsFor(product);
  if (buyerTurnoverEur !== undefined && buyerTurnoverEur < thresholds.buyerBelowEur) {
    return { exempt: true, by: 'buyer', turnoverEur: buyerTurnoverEur, thresholds };
  }
  if (producerTurnoverEur !== undefined && producerTurnoverEur < thresholds.producerBelowEur) {
    return { exempt: true, by: 'producer', turnoverEur: producerTurnoverEur, thresholds };
  }
  const missing: TurnoverField[] = [];
  if (thresholds.producerBelowEur > 0 && producerTurnoverEur === undefined) {
    missing.push('producerTurnoverEur');
  }
  if (thresholds.buyerBelowEur > 0 && buyerTurnoverEur === undefined) {
    missing.push('buyerTurnoverEur');
  }
  return { exempt: false, missing, thresholds };
}
