/**
 * « Reprendre ma dernière commande » on a live sheet: a household's quantities on the group's
 * previous closed sheet, carried into this sheet's empty cells of its row. Pure: what the
 * client writes, and what it had to change, from the products' current rules and the stock
 * left it knows; the server still checks every cell (docs/sync.md §5). Thousandths.
 */

export interface ReorderProduct {
  readonly id: string;
  readonly name: string;
  readonly stepMilli: number;
  readonly maxPerHouseholdMilli: number | null;
  /** What this household may still take (null: unlimited). */
  readonly stockLeftMilli: number | null;
}

export type ReorderAdjustment = {
  readonly productId: string;
  readonly name: string;
  readonly previousMilli: number;
  readonly newMilli: number;
  readonly reason: 'maximum' | 'step' | 'stock';
};

export interface ReorderPlan {
  /** Cells to write: product id → quantity (never 0). */
  readonly values: ReadonlyArray<readonly [string, number]>;
  /** Quantities that could not be taken as they were. */
  readonly adjusted: readonly ReorderAdjustment[];
  /** Products ordered last time that are not on this sheet. */
  readonly unavailable: number;
  /** Products ordered last time already filled in on this sheet (left as typed). */
  readonly alreadyFilled: number;
}

export function planReorder(
  previous: Readonly<Record<string, number>>,
  products: readonly ReorderProduct[],
  current: Readonly<Record<string, number | undefined>>,
): ReorderPlan {
  const byId = new Map(products.map((product) => [product.id, product]));
  const values: [string, number][] = [];
  const adjusted: ReorderAdjustment[] = [];
  let unavailable = 0;
  let alreadyFilled = 0;
  for (const [productId, previousMilli] of Object.entries(previous)) {
    if (!(previousMilli > 0)) {
      continue;
    }
    const product = byId.get(productId);
    if (!product) {
      unavailable++;
      continue;
    }
    if ((current[productId] ?? 0) > 0) {
      alreadyFilled++;
      continue;
    }
    let quantity = previousMilli;
    let reason: ReorderAdjustment['reason'] | null = null;
    if (product.maxPerHouseholdMilli !== null && quantity > product.maxPerHouseholdMilli) {
      quantity = product.maxPerHouseholdMilli;
      reason = 'maximum';
    }
    if (quantity % product.stepMilli !== 0) {
      // Down to the step, but never to nothing when something was ordered.
      quantity = Math.max(product.stepMilli, quantity - (quantity % product.stepMilli));
      if (product.maxPerHouseholdMilli !== null && quantity > product.maxPerHouseholdMilli) {
        quantity = 0;
      }
      reason ??= 'step';
    }
    if (product.stockLeftMilli !== null && quantity > product.stockLeftMilli) {
      const left = Math.max(0, product.stockLeftMilli);
      quantity = left - (left % product.stepMilli);
      reason = 'stock';
    }
    if (reason !== null) {
      adjusted.push({ productId, name: product.name, previousMilli, newMilli: quantity, reason });
    }
    if (quantity > 0) {
      values.push([productId, quantity]);
    }
  }
  return { values, adjusted, unavailable, alreadyFilled };
}
