import type { CsvImportError } from './csv-errors.ts';
import { toSkuMatchKey } from './schemas.ts';

export type ExistingProductRef = { id: string; sku: string; name: string };
export type ProductChangeRef = { productId: string | null; sku: string; line: number };

const PRODUCT_GONE = 'Ce produit n’existe plus dans votre catalogue : rechargez la page.';

/**
 * References must stay unique in a catalogue (case-insensitive, `toSkuMatchKey`): a new
 * product or a renamed one may not take a reference another product keeps or takes in the
 * same batch. A change naming a product not in `existing` (deleted, or someone else's) is
 * refused too. Errors point at the changed rows.
 */
export function findReferenceConflicts(options: {
  existing: readonly ExistingProductRef[];
  changes: readonly ProductChangeRef[];
}): CsvImportError[] {
  const byId = new Map(options.existing.map((product) => [product.id, product]));
  const finalKeyById = new Map(
    options.existing.map((product) => [product.id, toSkuMatchKey(product.sku)]),
  );
  const errors: CsvImportError[] = [];
  for (const change of options.changes) {
    if (change.productId === null) {
      continue;
    }
    if (byId.has(change.productId)) {
      finalKeyById.set(change.productId, toSkuMatchKey(change.sku));
    } else {
      errors.push({ line: change.line, column: null, value: null, message: PRODUCT_GONE });
    }
  }
  const ownersByKey = new Map<string, string[]>();
  for (const [id, key] of finalKeyById) {
    ownersByKey.set(key, [...(ownersByKey.get(key) ?? []), id]);
  }
  const createdKeys = new Set<string>();
  for (const change of options.changes) {
    const key = toSkuMatchKey(change.sku);
    const current = change.productId === null ? undefined : byId.get(change.productId);
    const isKept = current !== undefined && toSkuMatchKey(current.sku) === key;
    if (isKept || (change.productId !== null && current === undefined)) {
      continue;
    }
    const other = (ownersByKey.get(key) ?? []).find((id) => id !== change.productId);
    let message: string | null = null;
    if (other !== undefined) {
      const name = byId.get(other)?.name ?? '';
      message = `Référence « ${change.sku} » déjà utilisée par « ${name} ».`;
    } else if (change.productId === null && createdKeys.has(key)) {
      message = `Référence « ${change.sku} » donnée à deux nouveaux produits.`;
    }
    if (change.productId === null) {
      createdKeys.add(key);
    }
    if (message !== null) {
      errors.push({ line: change.line, column: 'Référence', value: change.sku, message });
    }
  }
  return errors;
}
