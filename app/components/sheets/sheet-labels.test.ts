import { describe, expect, it } from 'vitest';
import { packFill } from '#app/domain/ordering/pack-fill.ts';
import { packFillLabel, reorderSummary } from './sheet-grid.tsx';

describe('packFillLabel (pied de colonne de la feuille)', () => {
  it.each([
    [0, 5000, 'aucun colis commencé'],
    [3500, 5000, 'il manque 1,5 kg'],
    [5000, 5000, '1 colis complet'],
    [6000, 5000, '1 colis complet · il manque 4 kg'],
    [15_000, 5000, '3 colis complets'],
    [11_500, 5000, '2 colis complets · il manque 3,5 kg'],
  ])('%i millièmes, colis de %i → « %s »', (total, pack, label) => {
    expect(packFillLabel(packFill(total, pack), 'kg')).toBe(label);
  });
});

describe('reorderSummary', () => {
  it('dit ce qui a été repris, ajusté, gardé et ce qui manque', () => {
    expect(
      reorderSummary({
        values: [
          ['a', 1000],
          ['b', 2000],
        ],
        adjusted: [
          {
            productId: 'b',
            name: 'Poireaux',
            previousMilli: 3000,
            newMilli: 2000,
            reason: 'stock',
          },
          { productId: 'c', name: 'Ail', previousMilli: 1000, newMilli: 0, reason: 'maximum' },
        ],
        unavailable: 1,
        alreadyFilled: 2,
      }),
    ).toBe(
      '2 produits repris. Poireaux : 2 au lieu de 3 (stock). Ail : non repris (maximum par foyer). 2 produits déjà saisis gardés tels quels. 1 produit n’est pas proposé cette fois.',
    );
  });
});
