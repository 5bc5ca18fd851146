import { describe, expect, it } from 'vitest';
import { CATEGORY_OF, NOTIFICATION_KINDS, wantsNotification } from './kinds.ts';
import { planReminders, type ReminderCandidate, reminderDeliveryLabel } from './reminders.ts';

const now = new Date('2026-12-02T10:00:00Z');
const HOUR = 3_600_000;

function household(id: string, overrides: Partial<ReminderCandidate> = {}): ReminderCandidate {
  return {
    householdId: id,
    orderedMilli: 0,
    memberCount: 1,
    lastRemindedAt: null,
    hasDeadlineReminder: false,
    ...overrides,
  };
}

describe('planReminders', () => {
  it.each([
    ['ligne vide, jamais relancé : relancé', 'manual', household('a'), 'remind'],
    ['ligne remplie : rien', 'manual', household('a', { orderedMilli: 500 }), 'filled'],
    [
      'ligne vide sans compte : à prévenir autrement',
      'manual',
      household('a', { memberCount: 0 }),
      'withoutMembers',
    ],
    [
      'relancé il y a 3 h : pas avant 12 h',
      'manual',
      household('a', { lastRemindedAt: new Date(now.getTime() - 3 * HOUR) }),
      'throttled',
    ],
    [
      'relancé il y a 13 h : relancé',
      'manual',
      household('a', { lastRemindedAt: new Date(now.getTime() - 13 * HOUR) }),
      'remind',
    ],
    [
      'rappel automatique déjà parti : le coordinateur peut relancer 12 h après',
      'manual',
      household('a', {
        hasDeadlineReminder: true,
        lastRemindedAt: new Date(now.getTime() - 13 * HOUR),
      }),
      'remind',
    ],
    [
      'rappel automatique : une seule fois par feuille',
      'deadline',
      household('a', { hasDeadlineReminder: true }),
      'nothing',
    ],
    [
      'rappel automatique : pas si le coordinateur a relancé il y a 2 h',
      'deadline',
      household('a', { lastRemindedAt: new Date(now.getTime() - 2 * HOUR) }),
      'throttled',
    ],
  ] as const)('%s', (_label, kind, candidate, expected) => {
    const plan = planReminders({ households: [candidate], kind, now });
    const where = {
      remind: plan.remind.length,
      filled: plan.filledCount,
      withoutMembers: plan.withoutMembers.length,
      throttled: plan.throttled.length,
    };
    const outcome = Object.entries(where).find(([, count]) => count > 0)?.[0] ?? 'nothing';
    expect(outcome).toBe(expected);
  });

  it('un foyer relancé il y a 3 h peut l’être de nouveau 9 h plus tard', () => {
    const plan = planReminders({
      households: [household('a', { lastRemindedAt: new Date(now.getTime() - 3 * HOUR) })],
      kind: 'manual',
      now,
    });
    expect(plan.throttled).toEqual([
      { householdId: 'a', nextAt: new Date(now.getTime() + 9 * HOUR) },
    ]);
  });
});

describe('wantsNotification', () => {
  it.each(NOTIFICATION_KINDS.map((kind) => [kind, CATEGORY_OF[kind]] as const))(
    '%s : tout désactiver ne coupe que les e-mails facultatifs',
    (kind, category) => {
      const everything = new Set(['share_payable', 'reminders', 'payment_receipt'] as const);
      expect(wantsNotification(kind, everything)).toBe(category === null);
      expect(wantsNotification(kind, new Set())).toBe(true);
    },
  );

  it.each([
    ['facture disponible', 'invoice_available'],
    ['avoir émis', 'credit_note_issued'],
    ['remboursement', 'refund_sent'],
  ] as const)('%s : obligatoire (poids légal)', (_label, kind) => {
    expect(CATEGORY_OF[kind]).toBeNull();
  });
});

describe('reminderDeliveryLabel', () => {
  it.each([
    [
      'rien mis en file',
      { sent: 0, pending: 0, failed: 0, skipped: 0 },
      'aucun e-mail (e-mails désactivés ou foyer sans compte)',
    ],
    ['un envoyé', { sent: 1, pending: 0, failed: 0, skipped: 0 }, '1 e-mail : 1 envoyé'],
    [
      'deux envoyés, un en attente',
      { sent: 2, pending: 1, failed: 0, skipped: 0 },
      '3 e-mails : 2 envoyés, 1 en attente',
    ],
    [
      'un en échec, un devenu inutile',
      { sent: 0, pending: 0, failed: 1, skipped: 1 },
      '2 e-mails : 1 en échec, 1 non envoyé (plus utile)',
    ],
  ])('%s', (_label, delivery, expected) => {
    expect(reminderDeliveryLabel(delivery)).toBe(expected);
  });
});
