import { addDays, isIsoDate, lastDayOfMonth } from '#app/domain/invoicing/calendar-days.ts';

/**
 * Milk is paid per calendar month of collection (MILK-06). A month is 'YYYY-MM'; its days are
 * 'YYYY-MM-DD' strings (STYLE §6.10), never Date objects.
 */
export type MilkMonth = string;

const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;

const MONTH_NAMES = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
] as const;

export function isMilkMonth(value: string): boolean {
  const match = MONTH_PATTERN.exec(value);
  return match !== null && Number(match[1]) >= 2000 && Number(match[1]) <= 2099;
}

export function firstDayOf(month: MilkMonth): string {
  return `${month}-01`;
}

export function lastDayOf(month: MilkMonth): string {
  return lastDayOfMonth(firstDayOf(month));
}

/** The month a calendar day belongs to. */
export function monthOfDay(day: string): MilkMonth {
  if (!isIsoDate(day)) {
    throw new RangeError(`jour invalide : « ${day} »`);
  }
  return day.slice(0, 7);
}

/** `shiftMonth('2026-01', -1)` → '2025-12'. */
export function shiftMonth(month: MilkMonth, delta: number): MilkMonth {
  const year = Number(month.slice(0, 4));
  const index = year * 12 + Number(month.slice(5, 7)) - 1 + delta;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The `count` months ending with `month`, oldest first: (2026-08, 3) → 06, 07, 08. */
export function monthsEndingWith(month: MilkMonth, count: number): MilkMonth[] {
  return Array.from({ length: count }, (_, index) => shiftMonth(month, index - count + 1));
}

/** « août 2026 ». */
export function monthLabel(month: MilkMonth): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}`;
}

/** « juillet–août 2026 », « décembre 2025–février 2026 ». */
export function monthRangeLabel(months: readonly MilkMonth[]): string {
  const first = months[0];
  const last = months.at(-1);
  if (!first || !last || first === last) {
    return first ? monthLabel(first) : '';
  }
  const firstName = MONTH_NAMES[Number(first.slice(5, 7)) - 1];
  return first.slice(0, 4) === last.slice(0, 4)
    ? `${firstName}–${monthLabel(last)}`
    : `${monthLabel(first)}–${monthLabel(last)}`;
}

/** « 3 août » (a collection day within its month's context). */
export function shortDayLabel(day: string): string {
  const date = Number(day.slice(8, 10));
  return `${date === 1 ? '1er' : date} ${MONTH_NAMES[Number(day.slice(5, 7)) - 1]}`;
}

/** Every day of the month, for calendars and for demo data. */
export function daysOf(month: MilkMonth): string[] {
  const days: string[] = [];
  for (let day = firstDayOf(month); day <= lastDayOf(month); day = addDays(day, 1)) {
    days.push(day);
  }
  return days;
}
