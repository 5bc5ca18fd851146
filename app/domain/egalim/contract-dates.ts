import { addDays, parseDay } from '#app/domain/calendar/paris-time.ts';

/**
 * Calendar of a signed contract (L631-24 III 5° and VI): terms of `durationYears` from the start
 * date, tacitly renewed for an equivalent period unless stipulated otherwise; a non-renewal
 * notice ends the contract at the end of a term; a termination ends it earlier. Days are
 * 'YYYY-MM-DD'; every `end` is the last covered day, inclusive.
 */

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

/** Same day `months` later; the 31st of a shorter month becomes its last day. */
export function addMonths(day: string, months: number): string {
  const parts = parseDay(day);
  if (!parts) {
    throw new RangeError(`not a calendar day: ${day}`);
  }
  const index = parts.year * 12 + (parts.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(Math.min(parts.day, last))}`;
}

/** Last day of the `term`-th term (1 = the initial term). */
export function termEnd(startOn: string, durationYears: number, term = 1): string {
  return addDays(addMonths(startOn, Math.round(durationYears * 12) * term), -1);
}

/** End of the contract when it is not tacitly renewed: the initial term. */
export function initialEnd(startOn: string, durationYears: number, tacitRenewal: boolean) {
  return tacitRenewal ? null : termEnd(startOn, durationYears);
}

/**
 * Non-renewal notice given on `givenOn` with `noticeMonths` of notice: the contract ends with
 * the first term whose end leaves at least that notice (L631-24 VI).
 */
export function endAfterNotice(options: {
  startOn: string;
  durationYears: number;
  givenOn: string;
  noticeMonths: number;
}): string {
  const earliest = addMonths(options.givenOn, options.noticeMonths);
  let term = 1;
  // Bounded: a term is at least a month and the notice at most a few years.
  while (termEnd(options.startOn, options.durationYears, term) < addDays(earliest, -1)) {
    term += 1;
  }
  return termEnd(options.startOn, options.durationYears, term);
}

/** Termination for a case of the contract: effective once its notice has run. */
export function endAfterTermination(givenOn: string, noticeMonths: number): string {
  return addDays(addMonths(givenOn, noticeMonths), -1);
}

export type ContractPeriod = { startOn: string; endOn: string | null };

/** Whether the signed contract covers a delivery day. */
export function coversDay(period: ContractPeriod, day: string): boolean {
  return period.startOn <= day && (period.endOn === null || day <= period.endOn);
}

export type ContractState = 'upcoming' | 'active' | 'ended';

export function contractStateOn(period: ContractPeriod, today: string): ContractState {
  if (today < period.startOn) {
    return 'upcoming';
  }
  return coversDay(period, today) ? 'active' : 'ended';
}

/** L631-24 VI: a buyer's non-renewal notice cannot be shorter than three months. */
export const BUYER_MIN_NOTICE_MONTHS = 3;

/** The notice a party actually owes: the stipulated one, never under the buyer's legal minimum. */
export function owedNoticeMonths(side: 'buyer' | 'seller', stipulated: number): number {
  return side === 'buyer' ? Math.max(stipulated, BUYER_MIN_NOTICE_MONTHS) : stipulated;
}

/** A signed contract or framework agreement, with the notices given on it. */
export type LifePeriod = ContractPeriod & {
  noticeGivenOn: string | null;
  terminatedOn: string | null;
};

export type LifeState = ContractState | 'notice_given';

/**
 * State on a day: upcoming, active, active but ending (a non-renewal notice or a termination
 * fixed its last day), or ended.
 */
export function lifeStateOn(period: LifePeriod, day: string): LifeState {
  const state = contractStateOn(period, day);
  const ending = period.noticeGivenOn !== null || period.terminatedOn !== null;
  return state === 'active' && ending && period.endOn !== null ? 'notice_given' : state;
}

/** Calendar year of a day: the turnover year before it is the last closed one. */
export function lastClosedYear(day: string): number {
  return Number(day.slice(0, 4)) - 1;
}
