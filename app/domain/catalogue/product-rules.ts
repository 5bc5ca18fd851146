import { formatQuantityMilli } from './french-number.ts';
import { tc } from './messages.ts';
import { QUALITY_LABEL_DEFINITIONS } from './quality-labels.ts';
import type { ProductDraftShape } from './schemas.ts';

export type ProductIssue = { field: keyof ProductDraftShape; message: string };

const ONE_PIECE_MILLI = 1000;

/**
 * Rules between fields of a product, once each field is valid on its own. Returned as a
 * list so that a form or an import shows every problem at once.
 */
export function findProductInconsistencies(product: ProductDraftShape): ProductIssue[] {
  return [
    ...checkStepAndMax(product),
    ...checkPack(product),
    ...checkVariableWeight(product),
    ...checkLabels(product),
  ];
}

function checkStepAndMax(product: ProductDraftShape): ProductIssue[] {
  const { stepMilli, maxPerHouseholdMilli } = product;
  if (stepMilli <= 0) {
    return [{ field: 'stepMilli', message: tc('product.stepPositive') }];
  }
  if (maxPerHouseholdMilli === null) {
    return [];
  }
  if (maxPerHouseholdMilli === 0) {
    return [{ field: 'maxPerHouseholdMilli', message: tc('product.maxPositive') }];
  }
  // Households order whole steps: a maximum between two steps could never be reached.
  if (maxPerHouseholdMilli % stepMilli !== 0) {
    const message = tc('product.maxNotMultiple', {
      max: formatQuantityMilli(maxPerHouseholdMilli),
      step: formatQuantityMilli(stepMilli),
    });
    return [{ field: 'maxPerHouseholdMilli', message }];
  }
  return [];
}

function checkPack(product: ProductDraftShape): ProductIssue[] {
  const { stepMilli, packMilli } = product;
  if (packMilli === null) {
    return [];
  }
  if (packMilli === 0) {
    return [{ field: 'packMilli', message: tc('product.packPositive') }];
  }
  // Part of a piece: `checkVariableWeight` says so, in words a producer of pieces reads.
  if (product.isVariableWeight && packMilli % ONE_PIECE_MILLI !== 0) {
    return [];
  }
  // Households fill a pack step by step: a pack between two steps could never be full.
  if (stepMilli > 0 && packMilli % stepMilli !== 0) {
    const message = tc('product.packNotMultiple', {
      pack: formatQuantityMilli(packMilli),
      step: formatQuantityMilli(stepMilli),
    });
    return [{ field: 'packMilli', message }];
  }
  return [];
}

function checkVariableWeight(product: ProductDraftShape): ProductIssue[] {
  if (!product.isVariableWeight) {
    return product.estimatedWeightGrams === null
      ? []
      : [{ field: 'estimatedWeightGrams', message: tc('product.estimatedWeightUnexpected') }];
  }
  const issues: ProductIssue[] = [];
  if (product.saleUnit !== 'kg') {
    issues.push({ field: 'saleUnit', message: tc('product.variableWeightUnit') });
  }
  if (product.estimatedWeightGrams === null) {
    issues.push({ field: 'estimatedWeightGrams', message: tc('product.estimatedWeightRequired') });
  }
  // Quantities of a variable-weight product count pieces: the estimate is per piece.
  if (product.stepMilli % ONE_PIECE_MILLI !== 0) {
    issues.push({ field: 'stepMilli', message: tc('product.variableWeightPieces') });
  }
  const max = product.maxPerHouseholdMilli;
  if (max !== null && max % ONE_PIECE_MILLI !== 0) {
    issues.push({ field: 'maxPerHouseholdMilli', message: tc('product.variableWeightPieces') });
  }
  const pack = product.packMilli;
  if (pack !== null && pack % ONE_PIECE_MILLI !== 0) {
    issues.push({ field: 'packMilli', message: tc('product.packVariableWeightPieces') });
  }
  return issues;
}

function checkLabels(product: ProductDraftShape): ProductIssue[] {
  const issues: ProductIssue[] = [];
  const seen = new Set<string>();
  for (const label of product.labels) {
    const definition = QUALITY_LABEL_DEFINITIONS[label];
    if (seen.has(label)) {
      issues.push({
        field: 'labels',
        message: tc('product.labelDuplicate', { label: definition.label }),
      });
    }
    seen.add(label);
  }
  // Egalim thresholds differ for SIQO products: a SIQO label without the flag is a mistake.
  const siqoLabel = product.labels.find((label) => QUALITY_LABEL_DEFINITIONS[label].isSiqo);
  if (siqoLabel !== undefined && !product.isSiqo) {
    const label = QUALITY_LABEL_DEFINITIONS[siqoLabel].label;
    issues.push({ field: 'isSiqo', message: tc('product.siqoLabel', { label }) });
  }
  return issues;
}
