import { describe, expect, it } from 'vitest';
import {
  addDays,
  endOfDecade,
  fromDayNumber,
  isIsoDate,
  lastDayOfMonth,
  monthOf,
  toDayNumber,
} from './calendar-days.ts';

describe('addDays', () => {
  it.each([
    ['livraison du 14/09/2026 + 20 jours (I2)', '2026-09-14', 20, '2026-10-04'],
    ['fin août + 30 jours (I5)', '2026-08-31', 30, '2026-09-30'],
    ['passage d’année', '2026-12-20', 20, '2027-01-09'],
    ['février d’une année bissextile', '2028-02-28', 1, '2028-02-29'],
    ['février d’une année non bissextile', '2026-02-28', 1, '2026-03-01'],
    ['2100 n’est pas bissextile', '2100-02-28', 1, '2100-03-01'],
    ['2000 est bissextile', '2000-02-28', 1, '2000-02-29'],
    ['changement d’heure de mars sans effet', '2026-03-28', 2, '2026-03-30'],
    ['changement d’heure d’octobre sans effet', '2026-10-24', 2, '2026-10-26'],
    ['jours négatifs', '2026-03-01', -1, '2026-02-28'],
    ['60 jours', '2026-09-15', 60, '2026-11-14'],
  ])('%s', (_label, date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
});

describe('toDayNumber / fromDayNumber', () => {
  it.each([
    ['origine', '1970-01-01', 0],
    ['lendemain', '1970-01-02', 1],
    ['veille', '1969-12-31', -1],
    ['an 2000', '2000-03-01', 11_017],
  ])('%s', (_label, date, dayNumber) => {
    expect(toDayNumber(date)).toBe(dayNumber);
    expect(fromDayNumber(dayNumber)).toBe(date);
  });
});

describe('endOfDecade', () => {
  it.each([
    ['1er du mois → 10', '2026-08-01', '2026-08-10'],
    ['10 → 10', '2026-08-10', '2026-08-10'],
    ['11 → 20', '2026-08-11', '2026-08-20'],
    ['20 → 20', '2026-08-20', '2026-08-20'],
    ['21 août → 31 août', '2026-08-21', '2026-08-31'],
    ['21 février (non bissextile) → 28', '2026-02-21', '2026-02-28'],
    ['29 février (bissextile) → 29', '2028-02-29', '2028-02-29'],
    ['30 avril → 30', '2026-04-30', '2026-04-30'],
  ])('%s', (_label, date, expected) => {
    expect(endOfDecade(date)).toBe(expected);
  });
});

describe('lastDayOfMonth', () => {
  it.each([
    ['décembre', '2026-12-05', '2026-12-31'],
    ['février bissextile', '2028-02-01', '2028-02-29'],
    ['avril', '2026-04-15', '2026-04-30'],
  ])('%s', (_label, date, expected) => {
    expect(lastDayOfMonth(date)).toBe(expected);
  });
});

describe('isIsoDate', () => {
  it.each([
    ['2026-09-14', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-02-30', false],
    ['2026-13-01', false],
    ['2026-00-10', false],
    ['2026-9-14', false],
    ['14/09/2026', false],
    ['2026-09-14T00:00:00Z', false],
  ])('« %s » → %s', (value, expected) => {
    expect(isIsoDate(value)).toBe(expected);
  });
});

describe('monthOf', () => {
  it('donne le mois civil', () => {
    expect(monthOf('2026-08-31')).toBe('2026-08');
  });
});
