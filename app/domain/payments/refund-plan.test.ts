import { describe, expect, it } from 'vitest';
import { planCardRefunds } from './refund-plan.ts';

describe('planCardRefunds', () => {
  it.each([
    ['rien de trop', 0, [{ paymentId: 'p1', allocatedCents: 2340, refundedCents: 0 }], [], 0],
    [
      'remboursement partiel sur le seul paiement',
      130,
      [{ paymentId: 'p1', allocatedCents: 2340, refundedCents: 0 }],
      [{ paymentId: 'p1', amountCents: 130 }],
      0,
    ],
    [
      'le plus récent d’abord, puis le suivant',
      500,
      [
        { paymentId: 'p2', allocatedCents: 300, refundedCents: 0 },
        { paymentId: 'p1', allocatedCents: 2340, refundedCents: 0 },
      ],
      [
        { paymentId: 'p2', amountCents: 300 },
        { paymentId: 'p1', amountCents: 200 },
      ],
      0,
    ],
    [
      'jamais plus que ce que le paiement a versé au producteur, moins ce qui est déjà rendu',
      1000,
      [{ paymentId: 'p1', allocatedCents: 2340, refundedCents: 2000 }],
      [{ paymentId: 'p1', amountCents: 340 }],
      660,
    ],
    ['trop payé en espèces : rien à rendre sur la carte', 400, [], [], 400],
    [
      'un paiement déjà entièrement rendu est passé',
      100,
      [
        { paymentId: 'p2', allocatedCents: 300, refundedCents: 300 },
        { paymentId: 'p1', allocatedCents: 300, refundedCents: 0 },
      ],
      [{ paymentId: 'p1', amountCents: 100 }],
      0,
    ],
  ])('%s', (_label, overpaid, parts, refunds, remainingCents) => {
    expect(planCardRefunds(overpaid, parts)).toEqual({ refunds, remainingCents });
  });
});
