import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import {
  type EgalimProduct,
  isBovine,
  isWritingOptional,
  minDurationYears,
  PRODUCT_LABELS,
} from './products.ts';
import type { SaleInput } from './schemas.ts';
import { checkTurnovers, type TurnoverField } from './turnover.ts';

export type SaleDecision = 'exempt' | 'writing_optional' | 'contract_required';

export type SaleClassification = {
  decision: SaleDecision;
  minDurationYears: 3 | 5 | 7 | null;
  /** French sentence citing the article, shown to the producer and the buyer. */
  reason: string;
  /** RULES-FR rule id (EG-02a, EG-04…). */
  rule: string;
};

const OUT_OF_SCOPE =
  'les articles L631-24 à L631-24-3 ne s’appliquent pas (art. L631-24 I al. 2 CRPM)';
const euros = (value: number) => `${formatDecimalFr(value)} €`;

const exempt = (rule: string, reason: string): SaleClassification => ({
  decision: 'exempt',
  minDurationYears: null,
  reason,
  rule,
});

/** RULES-FR §1.1, steps in order: the first one that applies decides. */
export function classifySale(sale: SaleInput): SaleClassification {
  // (1) EG-02a
  if (sale.buyer === 'consumer') {
    return exempt('EG-02a', `Vente directe au consommateur : ${OUT_OF_SCOPE}.`);
  }
  // (2) EG-02b, EG-02c
  if (sale.buyer === 'charity') {
    return exempt(
      'EG-02b',
      `Cession à une association caritative préparant des repas pour les personnes défavorisées : ${OUT_OF_SCOPE}.`,
    );
  }
  if (sale.buyer === 'wholesale_market_fixed_price') {
    return exempt(
      'EG-02c',
      `Vente à prix ferme sur le carreau d’un marché d’intérêt national ou d’un autre marché physique de gros : ${OUT_OF_SCOPE}.`,
    );
  }
  // (3) EG-06
  if (sale.cooperativeMember) {
    return exempt(
      'EG-06',
      'Vente d’un associé coopérateur à sa coopérative, ou à son organisation de producteurs avec transfert de propriété, dont les statuts ou le règlement intérieur ont des effets similaires : pas de contrat écrit (art. L631-24-3 II CRPM).',
    );
  }
  const product = productLabel(sale.product, sale.siqo ?? false);
  // (4) EG-05
  if (isWritingOptional(sale.product)) {
    return {
      decision: 'writing_optional',
      minDurationYears: null,
      reason: `${product} : produit de la liste de l’art. R631-6-1 CRPM, le contrat peut ne pas être écrit ; s’il est écrit, l’art. L631-24 s’applique sauf la durée minimale de 3 ans (art. L631-24-2 CRPM). Le producteur peut toujours demander une proposition écrite.`,
      rule: 'EG-05',
    };
  }
  // (5) EG-04
  const check = checkTurnovers(sale.product, sale.producerTurnoverEur, sale.buyerTurnoverEur);
  if (check.exempt) {
    const who = check.by === 'buyer' ? 'de l’acheteur' : 'du producteur';
    const threshold =
      check.by === 'buyer' ? check.thresholds.buyerBelowEur : check.thresholds.producerBelowEur;
    return exempt(
      'EG-04',
      `${product} : chiffre d’affaires ${who} pour ce produit (${euros(check.turnoverEur)}) inférieur au seuil de ${euros(threshold)}, l’art. L631-24 ne s’applique pas (art. ${check.thresholds.article} CRPM).`,
    );
  }
  // (6) EG-01, EG-14, EG-15
  const years = minDurationYears(sale.product, sale.producerStartedYearsAgo);
  const isLongMilk = sale.product === 'milk_cow' || sale.product === 'milk_ewe';
  return {
    decision: 'contract_required',
    minDurationYears: years,
    reason: `${product}, vente à un professionnel : contrat écrit obligatoire (art. L631-24 I CRPM), précédé d’une proposition écrite du producteur annexée au contrat (art. L631-24 II et VII), d’une durée minimale de ${durationText(years, isLongMilk, sale.producerStartedYearsAgo)}.${missingText(check.missing)}`,
    rule: isLongMilk ? 'EG-15' : 'EG-14',
  };
}

function productLabel(product: EgalimProduct, siqo: boolean): string {
  const label = PRODUCT_LABELS[product];
  // R631-6 II: SIQO bovines have their own row (same thresholds); R631-5: a distinct production.
  const suffix = siqo && isBovine(product) ? ' sous signe officiel de qualité' : '';
  return `${label.charAt(0).toUpperCase()}${label.slice(1)}${suffix}`;
}

function durationText(years: number, isLongMilk: boolean, startedYearsAgo?: number): string {
  if (!isLongMilk) {
    return `${years} ans (art. L631-24 III CRPM)`;
  }
  if (years === 5) {
    return '5 ans (art. R631-10 CRPM)';
  }
  const why =
    startedYearsAgo === undefined
      ? 'ancienneté du producteur non renseignée'
      : 'producteur ayant engagé cette production depuis moins de 5 ans';
  return `7 ans, ${why} (art. R631-10 CRPM)`;
}

function missingText(missing: TurnoverField[]): string {
  if (missing.length === 0) {
    return '';
  }
  const names = missing.map((field) => `« ${field} »`).join(' et ');
  return ` Chiffre d’affaires non renseigné (${names}) : l’exemption de l’art. R631-6 CRPM n’a pas pu être vérifiée.`;
}
