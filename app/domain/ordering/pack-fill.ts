/**
 * Packs a group fills together (Foodsoft#260, FoodCoopShop#909): a product handed over by whole
 * packs of `packMilli` (a 5 kg crate, a case of 6) shows, live on the sheet, how many packs the
 * households' quantities fill and what the open pack still lacks, so a neighbour can complete
 * it before the deadline. Pure; thousandths of the sale unit, like every quantity.
 */

export interface PackFill {
  /** Whole packs filled. */
  readonly fullPacks: number;
  /** What the open (started, not full) pack holds; 0 when none is started. */
  readonly openMilli: number;
  /** What the open pack lacks; 0 when no pack is started or every started one is full. */
  readonly missingMilli: number;
}

export function packFill(totalMilli: number, packMilli: number): PackFill {
  if (!Number.isSafeInteger(packMilli) || packMilli <= 0) {
    throw new RangeError(`pack size must be a positive integer, got ${packMilli}`);
  }
  const total = Math.max(0, totalMilli);
  const fullPacks = Math.floor(total / packMilli);
  const openMilli = total - fullPacks * packMilli;
  return { fullPacks, openMilli, missingMilli: openMilli === 0 ? 0 : packMilli - openMilli };
}

/** Packs to prepare for a quantity: the started one counts (picking lists). */
export function packsToPrepare(totalMilli: number, packMilli: number): number {
  const fill = packFill(totalMilli, packMilli);
  return fill.fullPacks + (fill.openMilli > 0 ? 1 : 0);
}

export interface PackProduct {
  readonly id: string;
  readonly name: string;
  readonly packMilli: number | null;
}

export interface OpenPack {
  readonly productId: string;
  readonly name: string;
  readonly packMilli: number;
  readonly fill: PackFill;
}

/** The products of a sheet whose last pack is started and not full, in the sheet's order. */
export function openPacks(
  products: readonly PackProduct[],
  totals: Readonly<Record<string, number>>,
): OpenPack[] {
  const open: OpenPack[] = [];
  for (const product of products) {
    if (product.packMilli === null) {
      continue;
    }
    const fill = packFill(totals[product.id] ?? 0, product.packMilli);
    if (fill.missingMilli > 0) {
      open.push({ productId: product.id, name: product.name, packMilli: product.packMilli, fill });
    }
  }
  return open;
}
