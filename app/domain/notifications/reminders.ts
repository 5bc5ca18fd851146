import { reminderThrottle } from './schedule.ts';

/** A household of an open sheet, as the reminder rules see it. */
export type ReminderCandidate = {
  householdId: string;
  /** Everything its row holds (0: empty row). */
  orderedMilli: number;
  /** Members with an account (who can be e-mailed). */
  memberCount: number;
  /** Its latest reminder on this sheet, by the coordinator or automatic. */
  lastRemindedAt: Date | null;
  /** The automatic reminder of the day before already went out. */
  hasDeadlineReminder: boolean;
};

export type ReminderPlan = {
  remind: string[];
  /** Reminded less than 12 h ago: not again before `nextAt`. */
  throttled: { householdId: string; nextAt: Date }[];
  /** Empty rows of households without any account: to be told some other way. */
  withoutMembers: string[];
  /** Rows already filled: nothing to remind. */
  filledCount: number;
};

/**
 * Who is reminded of an open sheet. Only households whose row is still empty: Cabas has no
 * per-household « confirmed » state, and an empty row is what the coordinator chases (a row
 * being filled is the household's business until the deadline). At most once per 12 h per
 * household, whoever sent the previous one; the automatic reminder once per sheet.
 */
export function planReminders(options: {
  households: readonly ReminderCandidate[];
  kind: 'manual' | 'deadline';
  now: Date;
}): ReminderPlan {
  const plan: ReminderPlan = { remind: [], throttled: [], withoutMembers: [], filledCount: 0 };
  for (const household of options.households) {
    if (household.orderedMilli > 0) {
      plan.filledCount += 1;
      continue;
    }
    if (options.kind === 'deadline' && household.hasDeadlineReminder) {
      continue;
    }
    if (household.memberCount === 0) {
      plan.withoutMembers.push(household.householdId);
      continue;
    }
    const throttle = reminderThrottle({
      lastRemindedAt: household.lastRemindedAt,
      now: options.now,
    });
    if (!throttle.ok) {
      plan.throttled.push({ householdId: household.householdId, nextAt: throttle.nextAt });
      continue;
    }
    plan.remind.push(household.householdId);
  }
  return plan;
}

export type ReminderDelivery = { sent: number; pending: number; failed: number; skipped: number };

/** « 2 e-mails envoyés, 1 en attente » — what became of one reminder's mails. */
export function reminderDeliveryLabel(delivery: ReminderDelivery): string {
  const total = delivery.sent + delivery.pending + delivery.failed + delivery.skipped;
  if (total === 0) {
    return 'aucun e-mail (e-mails désactivés ou foyer sans compte)';
  }
  const parts = [
    delivery.sent > 0 ? `${delivery.sent} envoyé${delivery.sent > 1 ? 's' : ''}` : null,
    delivery.pending > 0 ? `${delivery.pending} en attente` : null,
    delivery.failed > 0 ? `${delivery.failed} en échec` : null,
    delivery.skipped > 0
      ? `${delivery.skipped} non envoyé${delivery.skipped > 1 ? 's' : ''} (plus utile)`
      : null,
  ].filter((part) => part !== null);
  return `${total} e-mail${total > 1 ? 's' : ''} : ${parts.join(', ')}`;
}
