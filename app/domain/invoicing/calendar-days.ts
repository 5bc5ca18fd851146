import type { IsoDate } from './invoice-types.ts';

/**
 * Calendar-day arithmetic on 'YYYY-MM-DD' strings through plain day numbers (days since
 * 1970-01-01, proleptic Gregorian; H. Hinnant's civil-date algorithms). No Date object, so no
 * timezone can shift a day (STYLE §6.10: never `new Date('YYYY-MM-DD')`).
 */

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

type CivilDate = { year: number; month: number; day: number };

function daysFromCivil({ year, month, day }: CivilDate): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra =
    yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

function civilFromDays(dayNumber: number): CivilDate {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear =
    dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth + (shiftedMonth < 10 ? 3 : -9);
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function parseCivil(date: IsoDate): CivilDate | undefined {
  const match = ISO_DATE_PATTERN.exec(date);
  if (!match) {
    return undefined;
  }
  const civil = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if (civil.month < 1 || civil.month > 12 || civil.day < 1) {
    return undefined;
  }
  // Round-trip rejects 2026-02-30 and friends.
  const back = civilFromDays(daysFromCivil(civil));
  return back.day === civil.day && back.month === civil.month ? civil : undefined;
}

function formatCivil({ year, month, day }: CivilDate): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function requireCivil(date: IsoDate): CivilDate {
  const civil = parseCivil(date);
  if (!civil) {
    throw new RangeError(`date calendaire invalide : « ${date} » (AAAA-MM-JJ attendu)`);
  }
  return civil;
}

export function isIsoDate(value: string): boolean {
  return parseCivil(value) !== undefined;
}

/** Days since 1970-01-01 (callers must have checked the date with isIsoDate). */
export function toDayNumber(date: IsoDate): number {
  return daysFromCivil(requireCivil(date));
}

export function fromDayNumber(dayNumber: number): IsoDate {
  return formatCivil(civilFromDays(dayNumber));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

export function lastDayOfMonth(date: IsoDate): IsoDate {
  const { year, month } = requireCivil(date);
  const firstOfNextMonth =
    month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 };
  return fromDayNumber(daysFromCivil(firstOfNextMonth) - 1);
}

/**
 * Last day of the "décade" (10-day period: 1–10, 11–20, 21–end of month) containing the date,
 * used for periodic invoices of perishable goods (C. com. L441-11 II 1°, RULES-FR INV-04).
 */
export function endOfDecade(date: IsoDate): IsoDate {
  const civil = requireCivil(date);
  if (civil.day <= 10) {
    return formatCivil({ ...civil, day: 10 });
  }
  if (civil.day <= 20) {
    return formatCivil({ ...civil, day: 20 });
  }
  return lastDayOfMonth(date);
}

/** 'YYYY-MM' of a day, e.g. to group deliveries of one calendar month (INV-05). */
export function monthOf(date: IsoDate): string {
  return formatCivil(requireCivil(date)).slice(0, 7);
}

/** Lexicographic order is chronological order for valid 'YYYY-MM-DD' strings. */
export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
