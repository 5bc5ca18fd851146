/** French VAT rates in basis points (CGI 278 to 281 nonies; RULES-FR VAT-01..03). */
export const FRENCH_VAT_RATES_BP = {
  /** 20 %: everything not listed below (VAT-03). */
  standard: 2000,
  /** 10 %: horticulture, cut flowers, animal feed, firewood (VAT-02). */
  intermediate: 1000,
  /** 5.5 %: food for human consumption, live animals for slaughter (VAT-01, VAT-02). */
  reduced: 550,
  /** 2.1 %: press, some medicines; not used by farm sales but a valid French rate. */
  superReduced: 210,
} as const;

const METROPOLITAN_RATES_BP: readonly number[] = Object.values(FRENCH_VAT_RATES_BP);

/** Rates a French VAT-liable seller may charge in mainland France (BR-FR-16 subset). */
export function isFrenchVatRateBp(rateBp: number): boolean {
  return METROPOLITAN_RATES_BP.includes(rateBp);
}
