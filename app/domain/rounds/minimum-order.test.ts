import { describe, expect, it } from 'vitest';
import { minimumProgress } from './minimum-order.ts';

describe('minimumProgress', () => {
  it('renvoie null sans minimum', () => {
    expect(minimumProgress(12_340, null)).toBeNull();
    expect(minimumProgress(0, null)).toBeNull();
  });

  it.each([
    ['rien commandé', 0, 15_000, { reached: false, missingCents: 15_000 }],
    ['en dessous', 12_340, 15_000, { reached: false, missingCents: 2_660 }],
    ['à un centime près', 14_999, 15_000, { reached: false, missingCents: 1 }],
    ['exactement atteint', 15_000, 15_000, { reached: true, missingCents: 0 }],
    ['dépassé', 20_000, 15_000, { reached: true, missingCents: 0 }],
  ])('%s', (_label, ordered, minimum, expected) => {
    expect(minimumProgress(ordered, minimum)).toEqual(expected);
  });
});
