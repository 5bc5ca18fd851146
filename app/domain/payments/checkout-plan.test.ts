import { describe, expect, it } from 'vitest';
import { planCheckout } from './checkout-plan.ts';
import { NO_FEE } from './fee.ts';

const ferme = { producerId: 'ferme', producerName: 'Ferme des Quatre Saisons' };
const chevrerie = { producerId: 'chevre', producerName: 'Chèvrerie du Vallon' };

describe('planCheckout', () => {
  it('une ligne par producteur payé en ligne, les autres à régler à part, les frais sur leur propre ligne', () => {
    const result = planCheckout(
      [
        { ...ferme, balanceCents: 4644, isOnline: true },
        { ...chevrerie, balanceCents: 1050, isOnline: false },
      ],
      { rateBp: 150, fixedCents: 0 },
    );
    expect(result).toEqual({
      ok: true,
      plan: {
        lines: [{ ...ferme, amountCents: 4644 }],
        feeCents: 70,
        totalCents: 4714,
        offline: [{ ...chevrerie, amountCents: 1050 }],
      },
    });
  });

  it.each([
    ['tout est payé', [{ ...ferme, balanceCents: 0, isOnline: true }], 'nothing_due'],
    ['trop-perçu seulement', [{ ...ferme, balanceCents: -130, isOnline: true }], 'nothing_due'],
    [
      'aucun producteur en ligne',
      [{ ...chevrerie, balanceCents: 1050, isOnline: false }],
      'offline',
    ],
    ['moins de 0,50 € en ligne', [{ ...ferme, balanceCents: 49, isOnline: true }], 'minimum'],
  ] as const)('refusé : %s', (_label, parts, kind) => {
    const codes = {
      nothing_due: 'nothing_to_pay',
      offline: 'no_online_producer',
      minimum: 'below_minimum',
    };
    const result = planCheckout([...parts], NO_FEE);
    expect(result).toMatchObject({ ok: false, code: codes[kind] });
    expect(!result.ok && result.message.length).toBeGreaterThan(10);
  });

  it('0,50 € pile passe ; un trop-perçu chez l’un ne réduit pas la part de l’autre', () => {
    const result = planCheckout(
      [
        { ...ferme, balanceCents: 50, isOnline: true },
        { ...chevrerie, balanceCents: -300, isOnline: true },
      ],
      NO_FEE,
    );
    expect(result).toMatchObject({ ok: true, plan: { totalCents: 50, feeCents: 0 } });
  });
});
