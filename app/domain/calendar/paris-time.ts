import { TZDate } from '@date-fns/tz';

/**
 * The business calendar is fixed at Europe/Paris (STYLE §6.10): forms enter local date-times,
 * the database stores instants, calendar days stay 'YYYY-MM-DD' strings. No function here reads
 * the clock; callers pass `now` when they need it.
 */
export const BUSINESS_TIME_ZONE = 'Europe/Paris';

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;
const TIME_OF_DAY = /^(\d{2}):(\d{2})$/;

type WallClock = { year: number; month: number; day: number; hour: number; minute: number };

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** '2026-03-29' → its parts, or null when it is not a real calendar day. */
export function parseDay(day: string): { year: number; month: number; day: number } | null {
  const match = DAY.exec(day);
  if (!match) {
    return null;
  }
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(year, month - 1, date));
  if (utc.getUTCFullYear() !== year || utc.getUTCMonth() !== month - 1) {
    return null;
  }
  if (utc.getUTCDate() !== date) {
    return null;
  }
  return { year, month, day: date };
}

export function isValidDay(day: string): boolean {
  return parseDay(day) !== null;
}

/** Calendar arithmetic on days, through UTC so that no timezone or DST is involved. */
export function addDays(day: string, days: number): string {
  const parts = parseDay(day);
  if (!parts) {
    throw new RangeError(`not a calendar day: ${day}`);
  }
  const utc = new Date(Date.UTC(parts.year, parts.month - 1, parts.day + days));
  return `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const a = parseDay(from);
  const b = parseDay(to);
  if (!a || !b) {
    throw new RangeError(`not calendar days: ${from}, ${to}`);
  }
  return Math.round(
    (Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000,
  );
}

function wallClockOf(instant: Date): WallClock {
  const local = new TZDate(instant.getTime(), BUSINESS_TIME_ZONE);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
  };
}

export type LocalToInstantResult =
  | { ok: true; instant: Date }
  | { ok: false; reason: 'invalid' | 'nonexistent' };

function wallClockToInstant(clock: WallClock): LocalToInstantResult {
  const local = new TZDate(
    clock.year,
    clock.month - 1,
    clock.day,
    clock.hour,
    clock.minute,
    BUSINESS_TIME_ZONE,
  );
  const instant = new Date(local.getTime());
  const back = wallClockOf(instant);
  // The spring-forward gap (last Sunday of March, 02:00–03:00) has no instant: refuse it
  // rather than silently moving the time an hour later.
  if (back.hour !== clock.hour || back.minute !== clock.minute || back.day !== clock.day) {
    return { ok: false, reason: 'nonexistent' };
  }
  return { ok: true, instant };
}

/**
 * A Paris wall-clock time '2026-10-25T18:00' (the value of an `<input type="datetime-local">`)
 * → the instant. The ambiguous hour of the autumn switch (02:00–03:00 happens twice) resolves to
 * its second occurrence (winter time), the one Paris clocks show last.
 */
export function parisLocalToInstant(local: string): LocalToInstantResult {
  const match = LOCAL_DATE_TIME.exec(local);
  if (!match) {
    return { ok: false, reason: 'invalid' };
  }
  const day = `${match[1]}-${match[2]}-${match[3]}`;
  const parts = parseDay(day);
  const [hour, minute] = [Number(match[4]), Number(match[5])];
  if (!parts || hour > 23 || minute > 59) {
    return { ok: false, reason: 'invalid' };
  }
  return wallClockToInstant({ ...parts, hour, minute });
}

/** A day and a time of day '08:30' in Paris → the instant. */
export function parisDayTimeToInstant(day: string, time: string): LocalToInstantResult {
  const match = TIME_OF_DAY.exec(time);
  if (!match) {
    return { ok: false, reason: 'invalid' };
  }
  return parisLocalToInstant(`${day}T${match[1]}:${match[2]}`);
}

/** The instant → '2026-10-25T18:00' in Paris (for datetime-local inputs). */
export function instantToParisLocal(instant: Date): string {
  const c = wallClockOf(instant);
  return `${pad(c.year, 4)}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
}

/** The Paris calendar day of an instant. */
export function parisDayOf(instant: Date): string {
  return instantToParisLocal(instant).slice(0, 10);
}

/** The Paris time of day 'HH:mm' of an instant. */
export function parisTimeOf(instant: Date): string {
  return instantToParisLocal(instant).slice(11);
}

/** First instant of the day after `day` in Paris: the exclusive end of `day`. */
export function endOfParisDay(day: string): Date {
  const next = parseDay(addDays(day, 1))!;
  const result = wallClockToInstant({ ...next, hour: 0, minute: 0 });
  if (!result.ok) {
    // Paris never switches at midnight; a programming error if tz data ever says otherwise.
    throw new RangeError(`midnight does not exist in ${BUSINESS_TIME_ZONE} on ${day}`);
  }
  return result.instant;
}

/**
 * The same Paris wall-clock time `days` later: a deadline on Friday 18:00 stays Friday 18:00
 * a week later even when summer time starts or ends in between (so not `+ days × 24 h`).
 * Falls forward an hour when the target time falls in the spring-forward gap.
 */
export function shiftInstantByDays(instant: Date, days: number): Date {
  const clock = wallClockOf(instant);
  const target = parseDay(
    addDays(`${pad(clock.year, 4)}-${pad(clock.month)}-${pad(clock.day)}`, days),
  )!;
  const local = new TZDate(
    target.year,
    target.month - 1,
    target.day,
    clock.hour,
    clock.minute,
    BUSINESS_TIME_ZONE,
  );
  return new Date(local.getTime());
}
