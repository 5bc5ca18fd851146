/** Kinds of price indicators (L631-24 III al. 15-16 CRPM, RULES-FR EG-11). */
export const INDICATOR_KINDS = ['production_cost', 'market', 'quality'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];

export const INDICATOR_KIND_LABELS: Readonly<Record<IndicatorKind, string>> = {
  production_cost: 'Coût de production',
  market: 'Prix de marché',
  quality: 'Qualité, origine, cahier des charges',
};
