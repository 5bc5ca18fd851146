/**
 * Minimum order per stop (docs/decisions/020-minimum-order-per-stop.md): a producer delivers a
 * stop only if the stop's orders reach `minimumCents`, in cents at the prices the stop's
 * customers pay (TTC for a group's households, HT for a professional buyer). Pure: the caller
 * sums the ordered amount.
 */

/**
 * Progress of a stop's ordered amount towards its minimum; null when the stop has no minimum.
 * `missingCents` is what is still needed (0 once reached).
 */
export function minimumProgress(
  orderedCents: number,
  minimumCents: number | null,
): { reached: boolean; missingCents: number } | null {
  if (minimumCents === null) {
    return null;
  }
  const missingCents = Math.max(0, minimumCents - orderedCents);
  return { reached: missingCents === 0, missingCents };
}
