import { parseInput } from '#app/domain/pricing/parse-input.ts';
import { type ContractIssue, isBlank } from './contract-issue.ts';
import { checkPriceClause } from './price-clause.ts';
import { isWritingOptional, minDurationYears, PRODUCT_LABELS } from './products.ts';
import { type Contract, type ContractInput, ContractSchema } from './schemas.ts';
import { checkForbiddenAndAnnex, checkRenewal, checkTermination } from './termination-clauses.ts';

/**
 * Mandatory clauses of a producer proposal or a signed contract (L631-24 III, VI, VII CRPM;
 * RULES-FR EG-09 to EG-16). Returns every issue found, [] when the contract is complete. A
 * malformed contract gives one `invalid_field` issue per field instead.
 */
export function validateContract(input: ContractInput): ContractIssue[] {
  const parsed = parseInput(ContractSchema, input);
  if (!parsed.ok) {
    return parsed.issues.map((issue) => ({
      code: 'invalid_field',
      rule: 'EG-10',
      clause: 'L631-24 III',
      field: issue.field,
      message: `Champ « ${issue.field} » : ${issue.message}.`,
    }));
  }
  const contract = parsed.value;
  return [
    ...checkPriceClause(contract),
    ...checkSimpleClauses(contract, ['2°', '3°', '4°']),
    ...checkDuration(contract),
    ...checkSimpleClauses(contract, ['6°']),
    ...checkTermination(contract),
    ...checkRenewal(contract),
    ...checkForbiddenAndAnnex(contract),
  ];
}

/** EG-10 2°, 3°, 4°, 6°: clauses that only need to be there. */
function checkSimpleClauses(contract: Contract, items: string[]): ContractIssue[] {
  const missing: [boolean, string, string, string, string][] = [
    [
      contract.quantity?.total === undefined || isBlank(contract.quantity.unit),
      'quantity_missing',
      '2°',
      'quantity.total',
      'Quantité : la quantité totale et son unité manquent',
    ],
    [
      isBlank(contract.quantity?.origin),
      'origin_missing',
      '2°',
      'quantity.origin',
      'Origine des produits : clause absente',
    ],
    [
      isBlank(contract.quantity?.quality),
      'quality_missing',
      '2°',
      'quantity.quality',
      'Qualité des produits : clause absente',
    ],
    [
      isBlank(contract.deliveryTerms),
      'delivery_terms_missing',
      '3°',
      'deliveryTerms',
      'Modalités de collecte ou de livraison : clause absente',
    ],
    [
      isBlank(contract.payment?.terms),
      'payment_terms_missing',
      '4°',
      'payment.terms',
      'Modalités de paiement : clause absente',
    ],
    [
      contract.payment?.delayDays === undefined,
      'payment_delay_missing',
      '4°',
      'payment.delayDays',
      'Délai de paiement : clause absente',
    ],
    [
      isBlank(contract.forceMajeure),
      'force_majeure_missing',
      '6°',
      'forceMajeure',
      'Force majeure : règles absentes',
    ],
  ];
  return missing
    .filter(([isMissing, , item]) => isMissing && items.includes(item))
    .map(([, code, item, field, text]) => ({
      code,
      rule: 'EG-10',
      clause: `L631-24 III ${item}`,
      field,
      message: `${text} (art. L631-24 III ${item} CRPM).`,
    }));
}

/** EG-10 5°, EG-14, EG-15; none for R631-6-1 products (EG-05, L631-24-2). */
function checkDuration(contract: Contract): ContractIssue[] {
  const { product, durationYears } = contract;
  if (durationYears === undefined) {
    return [
      {
        code: 'duration_missing',
        rule: 'EG-10',
        clause: 'L631-24 III 5°',
        field: 'durationYears',
        message: 'Durée du contrat : clause absente (art. L631-24 III 5° CRPM).',
      },
    ];
  }
  if (isWritingOptional(product)) {
    return [];
  }
  const min = minDurationYears(
    product,
    contract.producerStartedYearsAgo,
    contract.extensionWaivedInWriting,
  );
  if (durationYears >= min) {
    return [];
  }
  const isLongMilk = product === 'milk_cow' || product === 'milk_ewe';
  const why =
    min === 7 && contract.producerStartedYearsAgo === undefined
      ? ', ancienneté du producteur non renseignée'
      : min === 7
        ? ', producteur installé depuis moins de 5 ans'
        : '';
  return [
    {
      code: 'duration_too_short',
      rule: isLongMilk ? 'EG-15' : 'EG-14',
      clause: isLongMilk ? 'R631-10' : 'L631-24 III',
      field: 'durationYears',
      message: `Durée de ${durationYears} an(s) inférieure au minimum de ${min} ans pour : ${PRODUCT_LABELS[product]}${why} (art. ${isLongMilk ? 'R631-10' : 'L631-24 III'} CRPM).`,
    },
  ];
}
