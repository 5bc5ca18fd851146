import { describe, expect, it } from 'vitest';
import {
  deadlineReminderDueAt,
  isDeadlineReminderDue,
  MAX_SEND_ATTEMPTS,
  nextAttemptAt,
  reminderThrottle,
} from './schedule.ts';

const HOUR = 3_600_000;
const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe('deadlineReminderDueAt', () => {
  it.each([
    // [label, deadline (UTC), due (UTC), hours before]
    [
      'jeudi 18 h en hiver : la veille 18 h, 24 h avant',
      '2026-12-03T17:00:00Z',
      '2026-12-02T17:00:00Z',
      24,
    ],
    [
      'dimanche du passage à l’heure d’été : la veille 18 h, 23 h avant',
      '2025-03-30T16:00:00Z',
      '2025-03-29T17:00:00Z',
      23,
    ],
    [
      'dimanche du passage à l’heure d’hiver : la veille 18 h, 25 h avant',
      '2025-10-26T17:00:00Z',
      '2025-10-25T16:00:00Z',
      25,
    ],
    [
      'lundi 20 h après le passage à l’heure d’été : 24 h avant',
      '2025-03-31T18:00:00Z',
      '2025-03-30T18:00:00Z',
      24,
    ],
    [
      'lundi 2 h 30 : la veille 2 h 30 n’existe pas, 3 h 30 (23 h avant)',
      '2025-03-31T00:30:00Z',
      '2025-03-30T01:30:00Z',
      23,
    ],
  ])('%s', (_label, deadline, due, hours) => {
    const result = deadlineReminderDueAt(at(deadline));
    expect(result.toISOString()).toBe(at(due).toISOString());
    expect((at(deadline).getTime() - result.getTime()) / HOUR).toBe(hours);
  });
});

describe('isDeadlineReminderDue', () => {
  // Sunday 26 October 2025 18:00 Paris (winter time): due Saturday 18:00 summer time.
  const deadlineAt = at('2025-10-26T17:00:00Z');
  it.each([
    ['une minute avant la veille 18 h', '2025-10-25T15:59:00Z', false],
    ['la veille à 18 h pile (25 h avant, changement d’heure)', '2025-10-25T16:00:00Z', true],
    ['le matin même', '2025-10-26T08:00:00Z', true],
    ['1 h 01 avant l’échéance', new Date(deadlineAt.getTime() - HOUR - MINUTE).toISOString(), true],
    [
      '1 h avant l’échéance : trop tard',
      new Date(deadlineAt.getTime() - HOUR).toISOString(),
      false,
    ],
    ['après l’échéance', '2025-10-26T18:00:00Z', false],
  ])('%s → %s', (_label, now, due) => {
    expect(isDeadlineReminderDue({ deadlineAt, now: at(now) })).toBe(due);
  });
});

describe('reminderThrottle', () => {
  const now = at('2026-12-02T10:00:00Z');
  it.each([
    ['jamais relancé', null, null],
    [
      'relancé il y a 11 h 59',
      new Date(now.getTime() - 12 * HOUR + MINUTE),
      '2026-12-02T10:01:00.000Z',
    ],
    ['relancé il y a 12 h pile', new Date(now.getTime() - 12 * HOUR), null],
    ['relancé hier', new Date(now.getTime() - 24 * HOUR), null],
  ])('%s', (_label, lastRemindedAt, nextAt) => {
    const decision = reminderThrottle({ lastRemindedAt, now });
    expect(decision).toEqual(nextAt === null ? { ok: true } : { ok: false, nextAt: at(nextAt) });
  });
});

describe('nextAttemptAt', () => {
  const now = at('2026-12-02T10:00:00Z');
  it.each([
    ['1er échec : dans 1 min', 1, MINUTE],
    ['2e échec : dans 5 min', 2, 5 * MINUTE],
    ['5e échec : dans 1 h', 5, HOUR],
    ['9e échec : dans 12 h', 9, 12 * HOUR],
  ])('%s', (_label, attempts, delay) => {
    expect(nextAttemptAt({ attempts, now })?.getTime()).toBe(now.getTime() + delay);
  });

  it('abandonne après la dernière tentative', () => {
    expect(nextAttemptAt({ attempts: MAX_SEND_ATTEMPTS, now })).toBeNull();
  });
});
