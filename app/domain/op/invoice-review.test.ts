import { describe, expect, it } from 'vitest';
import { contestWindowOn } from './billing-mandate.ts';
import {
  checkAcceptance,
  checkContest,
  checkResolution,
  planCorrection,
  type ReviewEvent,
  type ReviewInput,
  reviewInvoice,
} from './invoice-review.ts';

// An invoice issued on 31 March 2026 under a mandate giving 15 days: contestable until 15 April.
const base = (events: ReviewEvent[], today: string, extra: Partial<ReviewInput> = {}) => ({
  number: 'OP-2026-000001',
  issuedOn: '2026-03-31',
  contestDays: 15,
  mandateReference: 'MF-2026-0001',
  events,
  today,
  ...extra,
});
const contested: ReviewEvent = { kind: 'contested', on: '2026-04-03', reason: 'Litres faux' };
const rejected: ReviewEvent = { kind: 'contest_rejected', on: '2026-04-05', reason: 'Pesée ok' };

describe('contestWindowOn', () => {
  it.each([
    ['le jour de l’émission', '2026-03-31', true],
    ['le dernier jour du délai', '2026-04-15', true],
    ['le lendemain du délai', '2026-04-16', false],
  ])('%s', (_label, today, isOpen) => {
    expect(contestWindowOn('2026-03-31', 15, today)).toEqual({ deadline: '2026-04-15', isOpen });
  });
});

describe('reviewInvoice', () => {
  it.each([
    ['rien encore, dans le délai', [], '2026-04-10', 'pending', true],
    ['rien encore, délai passé : réputée acceptée', [], '2026-04-16', 'deemed_accepted', false],
    [
      'acceptée par le membre',
      [{ kind: 'accepted', on: '2026-04-01', reason: null }],
      '2026-04-02',
      'accepted',
      false,
    ],
    ['contestée, même après le délai', [contested], '2026-05-01', 'contested', false],
    ['contestation refusée, délai ouvert', [contested, rejected], '2026-04-06', 'pending', true],
    [
      'contestation refusée, délai passé',
      [contested, rejected],
      '2026-04-20',
      'deemed_accepted',
      false,
    ],
    [
      'corrigée par avoir et facture rectificative',
      [contested, { kind: 'corrected', on: '2026-04-08', reason: null }],
      '2026-04-09',
      'corrected',
      false,
    ],
  ] as const)('%s', (_label, events, today, state, canContest) => {
    const review = reviewInvoice(base([...events], today));
    expect(review.state).toBe(state);
    expect(review.canContest).toBe(canContest);
    expect(review.deadline).toBe('2026-04-15');
  });

  it('une correction sans facture rectificative : annulée par avoir', () => {
    const events: ReviewEvent[] = [
      contested,
      { kind: 'corrected', on: '2026-04-08', reason: null },
    ];
    expect(reviewInvoice(base(events, '2026-04-09', { hasReplacement: false })).state).toBe(
      'cancelled',
    );
  });
});

describe('checkContest / checkAcceptance / checkResolution', () => {
  it.each([
    ['motif trop court', [], '2026-04-10', 'ok', /3 à 1 000 caractères/],
    [
      'après le délai : refus qui nomme la date limite',
      [],
      '2026-04-16',
      'Quantité fausse',
      /passé : 15 jours après son émission, soit jusqu’au 15 avril 2026 \(mandat MF-2026-0001\)/,
    ],
    [
      'déjà acceptée',
      [{ kind: 'accepted', on: '2026-04-01', reason: null }],
      '2026-04-02',
      'Quantité fausse',
      /accepté la facture OP-2026-000001 le 1 avril 2026/,
    ],
    [
      'déjà contestée',
      [contested],
      '2026-04-04',
      'Autre motif',
      /déjà contestée depuis le 3 avril 2026/,
    ],
  ] as const)('contestation refusée : %s', (_label, events, today, reason, message) => {
    const checked = checkContest({ ...base([...events], today), reason });
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toMatch(message);
  });

  it('contestation et acceptation possibles dans le délai, une seule réponse', () => {
    expect(checkContest({ ...base([], '2026-04-15'), reason: 'Litres faux' }).ok).toBe(true);
    expect(checkAcceptance(base([], '2026-04-15')).ok).toBe(true);
    const late = checkAcceptance(base([], '2026-04-16'));
    expect(!late.ok && late.message).toMatch(/jusqu’au 15 avril 2026/);
  });

  it('l’OP ne traite qu’une contestation ouverte', () => {
    expect(checkResolution(base([contested], '2026-04-20')).ok).toBe(true);
    const none = checkResolution(base([contested, rejected], '2026-04-06'));
    expect(!none.ok && none.message).toMatch(/n’est pas sous contestation \(à accepter\)/);
  });
});

describe('planCorrection', () => {
  const lines = [
    { lineId: '1', label: 'Lait — 4 mars', quantityMilli: 12_000_000, unitPriceCents: 50_055 },
    { lineId: '2', label: 'Lait — 6 mars', quantityMilli: 8_000_000, unitPriceCents: 50_055 },
  ];
  it.each([
    [
      'quantité corrigée sur une ligne',
      [{ lineId: '1', quantityMilli: 11_500_000, unitPriceCents: 50_055 }],
      [true, false],
      false,
    ],
    [
      'prix corrigé sur une ligne',
      [{ lineId: '2', quantityMilli: 8_000_000, unitPriceCents: 50_100 }],
      [false, true],
      false,
    ],
    [
      'toutes les lignes retirées : l’avoir seul',
      [
        { lineId: '1', quantityMilli: 0, unitPriceCents: 50_055 },
        { lineId: '2', quantityMilli: 0, unitPriceCents: 50_055 },
      ],
      [true, true],
      true,
    ],
  ])('%s', (_label, corrections, changed, cancelsOnly) => {
    const plan = planCorrection(lines, corrections);
    expect(plan.ok).toBe(true);
    if (plan.ok) {
      expect(plan.lines.map((l) => l.quantityChanged || l.priceChanged)).toEqual(changed);
      expect(plan.cancelsOnly).toBe(cancelsOnly);
    }
  });

  it.each([
    [
      'rien ne change',
      [{ lineId: '1', quantityMilli: 12_000_000, unitPriceCents: 50_055 }],
      /ne change ni quantité ni prix/,
    ],
    ['ligne inconnue', [{ lineId: '9', quantityMilli: 1, unitPriceCents: 1 }], /Ligne 9 inconnue/],
    [
      'quantité négative',
      [{ lineId: '1', quantityMilli: -1, unitPriceCents: 1 }],
      /positifs ou nuls/,
    ],
  ])('refusée : %s', (_label, corrections, message) => {
    const plan = planCorrection(lines, corrections);
    expect(!plan.ok && plan.message).toMatch(message);
  });
});
