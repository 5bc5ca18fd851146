import { formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import type { ContractTerms } from './contract-terms.ts';

export type TermsSection = { title: string; lines: string[] };

const missing = 'non renseigné';
const num = (value: number | undefined, suffix = '') =>
  value === undefined ? missing : `${formatDecimalFr(value)}${suffix}`;
const txt = (value: string | undefined) => (value?.trim() ? value.trim() : missing);

const CATEGORY_LABELS = {
  production_cost: 'coût de production',
  market_price: 'prix de marché',
  quality: 'qualité',
} as const;

/**
 * The terms as French text, clause by clause (L631-24 III 1° to 7°, VI): the contract page, the
 * PDF and its annex print the same words.
 */
export function describeTerms(terms: ContractTerms): TermsSection[] {
  const formula = terms.price?.mode === 'formula' ? terms.price.formula : undefined;
  const priceLines: string[] = [];
  if (!terms.price) {
    priceLines.push(`Prix : ${missing}.`);
  } else if (formula) {
    const parts = formula.terms.map(
      (term) =>
        `${formatDecimalFr(term.weight)} × ${term.label ?? term.indicator} (« ${term.indicator} »)`,
    );
    priceLines.push(
      `Prix déterminé par formule, révisé automatiquement à chaque livraison à la hausse comme à la baisse : ${parts.join(' + ')}.`,
    );
    if (formula.conformation) {
      priceLines.push(
        `Conformation : ${num(formula.conformation.perThird, ' €')} par tiers de classe EUROP au-dessus de ${formula.conformation.reference} (en dessous, en moins) ; classe retenue pour les livraisons : ${terms.pricingConformation ?? missing}.`,
      );
    }
    for (const adjustment of formula.adjustments) {
      priceLines.push(`${adjustment.label} : ${formatDecimalFr(adjustment.amount)} €.`);
    }
    if (formula.tunnel) {
      priceLines.push(
        `Tunnel de prix : entre ${formatDecimalFr(formula.tunnel.min)} € et ${formatDecimalFr(formula.tunnel.max)} €.`,
      );
    }
    priceLines.push(
      `Prix exprimé en € ${terms.priceUnit ?? ''}, arrondi à ${formula.decimals} décimales.`.replace(
        '  ',
        ' ',
      ),
    );
  } else {
    priceLines.push(
      `Prix (${terms.price.mode}) : ${terms.price.criteria ?? num(terms.price.fixedPrice, ' €')}.`,
    );
  }
  for (const indicator of terms.price?.indicators ?? []) {
    priceLines.push(
      `Indicateur « ${indicator.code} » : ${CATEGORY_LABELS[indicator.category]}, source ${indicator.source}${indicator.weight !== undefined ? `, pondération ${formatDecimalFr(indicator.weight)}` : ''}.`,
    );
  }
  const renewal = terms.renewal;
  return [
    { title: '1° Prix et révision', lines: priceLines },
    {
      title: '2° Quantité, origine, qualité',
      lines: [
        `Quantité totale : ${num(terms.quantity?.total)} ${terms.quantity?.unit ?? ''}`.trim(),
        `Origine : ${txt(terms.quantity?.origin)}`,
        `Qualité : ${txt(terms.quantity?.quality)}`,
      ],
    },
    { title: '3° Collecte ou livraison', lines: [txt(terms.deliveryTerms)] },
    {
      title: '4° Paiement',
      lines: [
        `Modalités : ${txt(terms.payment?.terms)}`,
        `Délai : ${num(terms.payment?.delayDays, ' jours')}`,
      ],
    },
    {
      title: '5° Durée et renouvellement',
      lines: [
        `Prise d’effet : ${terms.startOn ?? missing} ; durée : ${num(terms.durationYears, ' an(s)')}.`,
        renewal?.tacit === false
          ? 'Pas de reconduction tacite.'
          : `Reconduction tacite pour une durée équivalente ; préavis de non-reconduction : acheteur ${num(renewal?.buyerNoticeMonths, ' mois')}, producteur ${num(renewal?.producerNoticeMonths, ' mois')}.`,
      ],
    },
    { title: '6° Force majeure', lines: [txt(terms.forceMajeure)] },
    {
      title: '7° Résiliation',
      lines:
        terms.termination.length === 0
          ? [missing]
          : terms.termination.map(
              (entry) =>
                `${entry.case} : préavis ${num(entry.noticeMonths, ' mois')}, indemnité ${txt(entry.indemnity)}.`,
            ),
    },
  ];
}
