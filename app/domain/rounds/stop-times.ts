import {
  endOfParisDay,
  type LocalToInstantResult,
  parisDayTimeToInstant,
  parisLocalToInstant,
} from '#app/domain/calendar/paris-time.ts';
import { formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';

export type StopTimesInput = {
  deliveryOn: string;
  /** 'HH:mm' in Paris on the delivery day. */
  windowStart?: string;
  windowEnd?: string;
  /** 'YYYY-MM-DDTHH:mm' in Paris. */
  orderDeadline: string;
};

export type StopTimes = {
  windowStartAt: Date | null;
  windowEndAt: Date | null;
  orderDeadlineAt: Date;
};

type Field = 'windowStart' | 'windowEnd' | 'orderDeadline';
export type StopTimesResult =
  | { ok: true; times: StopTimes }
  | { ok: false; fieldErrors: Partial<Record<Field, string[]>> };

function failure(result: Extract<LocalToInstantResult, { ok: false }>, field: Field): string {
  if (result.reason === 'nonexistent') {
    return t('round.stop.nonexistentTime');
  }
  return field === 'orderDeadline' ? t('round.stop.deadline') : t('round.stop.invalidTime');
}

/**
 * A stop's window and order deadline as instants, with the rules between them: the window ends
 * after it starts, and orders close before the window opens (or, without a window, before the
 * delivery day is over) — a deadline after the delivery would let households order what has
 * already left the farm.
 */
export function resolveStopTimes(input: StopTimesInput): StopTimesResult {
  const errors: Partial<Record<Field, string[]>> = {};
  const at = (field: 'windowStart' | 'windowEnd'): Date | null => {
    const time = input[field];
    if (!time) {
      return null;
    }
    const result = parisDayTimeToInstant(input.deliveryOn, time);
    if (!result.ok) {
      errors[field] = [failure(result, field)];
      return null;
    }
    return result.instant;
  };
  const windowStartAt = at('windowStart');
  const windowEndAt = at('windowEnd');
  if (windowStartAt && windowEndAt && windowEndAt.getTime() <= windowStartAt.getTime()) {
    errors.windowEnd = [t('round.stop.windowOrder')];
  }
  const deadline = parisLocalToInstant(input.orderDeadline);
  if (!deadline.ok) {
    errors.orderDeadline = [failure(deadline, 'orderDeadline')];
  } else if (deadline.instant.getTime() >= endOfParisDay(input.deliveryOn).getTime()) {
    errors.orderDeadline = [t('round.stop.deadlineAfterDay', { day: formatDay(input.deliveryOn) })];
  } else if (windowStartAt && deadline.instant.getTime() > windowStartAt.getTime()) {
    errors.orderDeadline = [t('round.stop.deadlineAfterWindow')];
  }
  if (Object.keys(errors).length > 0 || !deadline.ok) {
    return { ok: false, fieldErrors: errors };
  }
  return { ok: true, times: { windowStartAt, windowEndAt, orderDeadlineAt: deadline.instant } };
}

/** A round is planned for today or later (Paris calendar days compare as strings). */
export function isDeliveryDayPast(deliveryOn: string, today: string): boolean {
  return deliveryOn < today;
}
