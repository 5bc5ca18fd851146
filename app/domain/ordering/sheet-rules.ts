/**
 * Pure rules of the live grouped-order sheets (DESIGN §5): quantity validity, deadline,
 * shared stock. `now` is always passed in. Quantities in thousandths of the sale unit.
 */

export interface QuantityRule {
  readonly stepMilli: number;
  /** Null: no per-household maximum. */
  readonly maxPerHouseholdMilli: number | null;
}

export type RuleRefusal = { readonly code: string; readonly message: string };

const formatQuantity = (milli: number) =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format(milli / 1000);

/** Null when the quantity may be written; undefined (cleared cell) is always valid. */
export function checkQuantity(value: number | undefined, rule: QuantityRule): RuleRefusal | null {
  if (value === undefined || value === 0) {
    return null;
  }
  if (!Number.isSafeInteger(value) || value < 0) {
    return { code: 'invalid-quantity', message: 'Quantité invalide.' };
  }
  if (value % rule.stepMilli !== 0) {
    return {
      code: 'off-step',
      message: `La quantité doit être un multiple de ${formatQuantity(rule.stepMilli)}.`,
    };
  }
  if (rule.maxPerHouseholdMilli !== null && value > rule.maxPerHouseholdMilli) {
    return {
      code: 'above-maximum',
      message: `Maximum ${formatQuantity(rule.maxPerHouseholdMilli)} par foyer.`,
    };
  }
  return null;
}

/** A sheet accepts writes while open and strictly before its deadline (an instant). */
export function isSheetWritable(
  sheet: { status: 'open' | 'closed'; deadlineAt: Date },
  now: Date,
): boolean {
  return sheet.status === 'open' && now.getTime() < sheet.deadlineAt.getTime();
}

/**
 * A sheet's deadline: the earliest of its stops' deadlines, or an earlier instant chosen by
 * the coordinator. Null when the requested one is later than the stops allow.
 */
export function sheetDeadline(stopDeadlines: readonly Date[], requested?: Date): Date | null {
  if (stopDeadlines.length === 0) {
    return null;
  }
  const earliest = new Date(Math.min(...stopDeadlines.map((d) => d.getTime())));
  if (requested === undefined) {
    return earliest;
  }
  return requested.getTime() <= earliest.getTime() ? requested : null;
}

/** Stock left for a cell: null stock is unlimited. `reservedByOthers` excludes the cell. */
export function checkStock(options: {
  stockMilli: number | null;
  reservedByOthers: number;
  newValue: number;
}): RuleRefusal | null {
  if (options.stockMilli === null) {
    return null;
  }
  const left = Math.max(0, options.stockMilli - options.reservedByOthers);
  if (options.newValue <= left) {
    return null;
  }
  return { code: 'out-of-stock', message: `Stock épuisé : il reste ${formatQuantity(left)}` };
}

/** Milliseconds until the deadline, never negative (for the countdown and the timer). */
export function msUntilDeadline(deadlineAt: Date, now: Date): number {
  return Math.max(0, deadlineAt.getTime() - now.getTime());
}
