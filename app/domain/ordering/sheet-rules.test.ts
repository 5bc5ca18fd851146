import { describe, expect, it } from 'vitest';
import { parisLocalToInstant } from '#app/domain/calendar/paris-time.ts';
import { checkQuantity, checkStock, isSheetWritable, sheetDeadline } from './sheet-rules.ts';

const paris = (local: string) => {
  const result = parisLocalToInstant(local);
  if (!result.ok) {
    throw new Error(local);
  }
  return result.instant;
};

describe('checkQuantity', () => {
  const rule = { stepMilli: 500, maxPerHouseholdMilli: 3000 };
  it.each([
    [undefined, null],
    [0, null],
    [500, null],
    [3000, null],
    [3500, 'above-maximum'],
    [750, 'off-step'],
    [-500, 'invalid-quantity'],
    [0.5, 'invalid-quantity'],
  ])('%s → %s', (value, code) => {
    expect(checkQuantity(value, rule)?.code ?? null).toBe(code);
  });
  it('sans maximum', () => {
    expect(checkQuantity(1_000_000, { stepMilli: 1000, maxPerHouseholdMilli: null })).toBeNull();
  });
});

describe('isSheetWritable (instants Europe/Paris)', () => {
  // Spring forward: 01:59 is one real minute before 03:00.
  const deadline = paris('2026-03-29T03:00');
  it('passage à l’heure d’été : 01:59 est une minute avant 03:00', () => {
    expect(deadline.getTime() - paris('2026-03-29T01:59').getTime()).toBe(60_000);
  });
  it.each([
    ['2026-03-29T01:59', 'open', true],
    ['2026-03-29T03:30', 'open', false],
    ['2026-03-28T12:00', 'closed', false],
  ] as const)('%s, %s → %s', (now, status, expected) => {
    expect(isSheetWritable({ status, deadlineAt: deadline }, paris(now))).toBe(expected);
  });
  it('à l’instant exact de l’échéance, la feuille est fermée', () => {
    const at = paris('2026-10-25T02:30');
    expect(isSheetWritable({ status: 'open', deadlineAt: at }, at)).toBe(false);
    expect(isSheetWritable({ status: 'open', deadlineAt: at }, new Date(at.getTime() - 1))).toBe(
      true,
    );
  });
});

describe('sheetDeadline', () => {
  const a = paris('2026-11-26T20:00');
  const b = paris('2026-11-27T18:00');
  it('hérite de la plus proche échéance des arrêts', () => {
    expect(sheetDeadline([b, a])).toEqual(a);
  });
  it('accepte une échéance plus tôt, refuse plus tard', () => {
    const earlier = paris('2026-11-25T12:00');
    expect(sheetDeadline([a, b], earlier)).toEqual(earlier);
    expect(sheetDeadline([a, b], b)).toBeNull();
  });
  it('aucun arrêt : pas d’échéance', () => {
    expect(sheetDeadline([])).toBeNull();
  });
});

describe('checkStock', () => {
  it.each([
    [null, 0, 10_000, null],
    [5000, 3000, 2000, null],
    [5000, 3000, 2500, 'Stock épuisé : il reste 2'],
    [5000, 6000, 500, 'Stock épuisé : il reste 0'],
    [5000, 3500, 2000, 'Stock épuisé : il reste 1,5'],
  ])('stock %s, réservé %s, demandé %s', (stockMilli, reservedByOthers, newValue, message) => {
    expect(checkStock({ stockMilli, reservedByOthers, newValue })?.message ?? null).toBe(message);
  });
});
