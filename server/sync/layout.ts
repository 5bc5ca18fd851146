import type * as Y from 'yjs';
import type { CellsView } from './types.ts';

// Document layout, schema version 1 (docs/sync.md): flat keys so that the authority check
// maps every Yjs item to one (household, product) cell without walking nested types.
export const SCHEMA_VERSION = 1;
export const CELLS_MAP = 'cells';
export const META_MAP = 'meta';
export const SCHEMA_VERSION_KEY = 'schemaVersion';

/** Fits a Postgres `integer` column: 2,147,483 sale units in thousandths. */
export const MAX_QUANTITY = 2_147_483_647;

const ID_PART = /^[A-Za-z0-9_-]{1,64}$/;

export function formatCellKey(householdId: string, productId: string): string {
  return `${householdId}:${productId}`;
}

export function parseCellKey(key: string): { householdId: string; productId: string } | null {
  const separator = key.indexOf(':');
  if (separator < 0) {
    return null;
  }
  const householdId = key.slice(0, separator);
  const productId = key.slice(separator + 1);
  if (!ID_PART.test(householdId) || !ID_PART.test(productId)) {
    return null;
  }
  return { householdId, productId };
}

/** Quantities are non-negative integers in thousandths of the sale unit. */
export function isQuantity(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isInteger(value) &&
    value >= 0 &&
    value <= MAX_QUANTITY &&
    !Object.is(value, -0)
  );
}

export function getCells(doc: Y.Doc): Y.Map<number> {
  return doc.getMap<number>(CELLS_MAP);
}

export function getMeta(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap<unknown>(META_MAP);
}

export function createCellsView(doc: Y.Doc): CellsView {
  const cells = getCells(doc);
  return {
    get: (key) => cells.get(key),
    entries: () => cells.entries(),
  };
}

/** Plain snapshot of the quantities, e.g. to project a closed sheet into order lines. */
export function readCellValues(doc: Y.Doc): Map<string, number> {
  return new Map(getCells(doc).entries());
}
