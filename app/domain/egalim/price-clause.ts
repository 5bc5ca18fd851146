import type { ContractIssue } from './contract-issue.ts';
import { isBlank } from './contract-issue.ts';
import { isWritingOptional } from './products.ts';
import type { Contract, ContractIndicator } from './schemas.ts';

const PRICE_CLAUSE = 'L631-24 III 1°';
const INDICATORS_CLAUSE = 'L631-24 III al. 15-16';

/** EG-10 1° (price or its determination, automatic revision) and EG-11 (indicators). */
export function checkPriceClause(contract: Contract): ContractIssue[] {
  const { price } = contract;
  if (!price) {
    return [
      {
        code: 'price_missing',
        rule: 'EG-10',
        clause: PRICE_CLAUSE,
        field: 'price',
        message:
          'Prix : clause absente. Le contrat fixe le prix, ou les critères et modalités de sa détermination avec la pondération des indicateurs (art. L631-24 III 1° CRPM).',
      },
    ];
  }
  const issues: ContractIssue[] = [];
  const add = (code: string, field: string, message: string) =>
    issues.push({ code, rule: 'EG-10', clause: PRICE_CLAUSE, field, message });

  if (price.mode === 'fixed' && price.fixedPrice === undefined) {
    add('price_amount_missing', 'price.fixedPrice', 'Prix : le montant du prix fixe manque.');
  }
  // L631-24-2: a written contract for an R631-6-1 product shorter than 3 years may omit it.
  const isShortOptional =
    isWritingOptional(contract.product) &&
    contract.durationYears !== undefined &&
    contract.durationYears < 3;
  if (price.mode === 'fixed' && !price.automaticRevision && !isShortOptional) {
    add(
      'price_revision_missing',
      'price.automaticRevision',
      'Prix : un prix fixe doit être assorti d’une clause de révision automatique, à la hausse comme à la baisse (art. L631-24 III 1° CRPM).',
    );
  }
  if (price.mode === 'formula' && !price.formula) {
    add('price_formula_missing', 'price.formula', 'Prix : la formule de prix manque.');
  }
  if (price.mode === 'criteria' && isBlank(price.criteria)) {
    add(
      'price_criteria_missing',
      'price.criteria',
      'Prix : les critères et modalités de détermination du prix ne sont pas décrits.',
    );
  }
  if (price.mode === 'criteria') {
    price.indicators.forEach((indicator, index) => {
      if (indicator.weight === undefined) {
        add(
          'indicator_weight_missing',
          `price.indicators[${index}].weight`,
          `Prix : la pondération de l’indicateur « ${indicator.code} » manque (art. L631-24 III 1° CRPM).`,
        );
      }
    });
  }
  const declared = new Map(price.indicators.map((indicator) => [indicator.code, indicator]));
  const terms = price.formula?.terms ?? [];
  terms.forEach((term, index) => {
    if (!declared.has(term.indicator)) {
      add(
        'indicator_undeclared',
        `price.formula.terms[${index}].indicator`,
        `Prix : l’indicateur « ${term.indicator} » de la formule n’est pas décrit dans la liste des indicateurs (catégorie, source).`,
      );
    }
  });
  return [
    ...issues,
    ...checkIndicators(
      contract,
      declared,
      terms.map((term) => term.indicator),
    ),
  ];
}

function checkIndicators(
  contract: Contract,
  declared: Map<string, ContractIndicator>,
  formulaCodes: string[],
): ContractIssue[] {
  const price = contract.price;
  // With a formula, an indicator counts only if the formula uses it.
  const used =
    price?.mode === 'formula'
      ? formulaCodes.flatMap((code) => declared.get(code) ?? [])
      : [...declared.values()];
  const has = (category: ContractIndicator['category']) =>
    used.some((indicator) => indicator.category === category);
  const issue = (code: string, message: string): ContractIssue => ({
    code,
    rule: 'EG-11',
    clause: INDICATORS_CLAUSE,
    field: 'price.indicators',
    message,
  });
  const issues: ContractIssue[] = [];
  if (!has('production_cost')) {
    issues.push(
      issue(
        'cost_indicator_missing',
        'Indicateurs : le prix doit prendre en compte au moins un indicateur de coûts de production (art. L631-24 III CRPM).',
      ),
    );
  }
  if (contract.stage !== 'signed') {
    return issues;
  }
  if (!has('market_price')) {
    issues.push(
      issue(
        'market_indicator_missing',
        'Indicateurs : le contrat signé doit prendre en compte au moins un indicateur de prix de marché (art. L631-24 III CRPM).',
      ),
    );
  }
  // Quality may also be paid through conformation thirds or premiums of the formula (BEEF-01).
  const formula = price?.mode === 'formula' ? price.formula : undefined;
  const paysQuality = formula?.conformation !== undefined || (formula?.adjustments.length ?? 0) > 0;
  if (!has('quality') && !paysQuality) {
    issues.push(
      issue(
        'quality_indicator_missing',
        'Indicateurs : le contrat signé doit prendre en compte au moins un indicateur de quantité, composition, qualité, origine, traçabilité ou cahier des charges (art. L631-24 III CRPM).',
      ),
    );
  }
  return issues;
}
