import { shiftInstantByDays } from '#app/domain/calendar/paris-time.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The coordinator reaches one household of a sheet at most once in this span. */
export const REMINDER_THROTTLE_MS = 12 * HOUR;

/**
 * No automatic reminder with less than this left before the deadline: a mail read after the
 * sheet closed only annoys (the server was down at the due time, or the sheet opened late).
 */
export const DEADLINE_REMINDER_MIN_LEAD_MS = HOUR;

/**
 * When the automatic reminder becomes due: the day before the deadline, at the same Paris
 * wall-clock time (« la veille à la même heure »), so 23 h or 25 h before it when summer time
 * starts or ends in between — a household told « demain 18 h » reads it at 18 h.
 */
export function deadlineReminderDueAt(deadlineAt: Date): Date {
  return shiftInstantByDays(deadlineAt, -1);
}

/** The automatic reminder of an open sheet is due from the day before until 1 h before. */
export function isDeadlineReminderDue(options: { deadlineAt: Date; now: Date }): boolean {
  const now = options.now.getTime();
  return (
    now >= deadlineReminderDueAt(options.deadlineAt).getTime() &&
    now < options.deadlineAt.getTime() - DEADLINE_REMINDER_MIN_LEAD_MS
  );
}

export type ThrottleDecision = { ok: true } | { ok: false; nextAt: Date };

/** A household reminded at `lastRemindedAt` can be reminded again 12 h later, not before. */
export function reminderThrottle(options: {
  lastRemindedAt: Date | null;
  now: Date;
}): ThrottleDecision {
  if (!options.lastRemindedAt) {
    return { ok: true };
  }
  const nextAt = new Date(options.lastRemindedAt.getTime() + REMINDER_THROTTLE_MS);
  return options.now.getTime() >= nextAt.getTime() ? { ok: true } : { ok: false, nextAt };
}

/** Sending gives up after this many attempts (about two days of retries). */
export const MAX_SEND_ATTEMPTS = 10;

const BACKOFF_MS = [
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  2 * HOUR,
  4 * HOUR,
  8 * HOUR,
  12 * HOUR,
] as const;

/**
 * After the `attempts`-th failed send: when to try again, or null to give up. Growing delays,
 * so a mail server down for a night is retried about ten times, not thousands.
 */
export function nextAttemptAt(options: { attempts: number; now: Date }): Date | null {
  if (options.attempts >= MAX_SEND_ATTEMPTS) {
    return null;
  }
  const delay = BACKOFF_MS[Math.min(Math.max(options.attempts, 1), BACKOFF_MS.length) - 1]!;
  return new Date(options.now.getTime() + delay);
}
