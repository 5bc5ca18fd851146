import { describe, expect, it } from 'vitest';
import { packFill } from '#app/domain/ordering/pack-fill.ts';
import {
  amountCents,
  packFillLabel,
  priceLabel,
  quantityWithUnit,
  reorderSummary,
} from './sheet-grid.tsx';

describe('packFillLabel (pied de colonne de la feuille)', () => {
  it.each([
    [0, 5000, 'aucun colis commencé'],
    [3500, 5000, 'il manque 1,5 kg'],
    [5000, 5000, '1 colis complet'],
    [6000, 5000, '1 colis complet · il manque 4 kg'],
    [15_000, 5000, '3 colis complets'],
    [11_500, 5000, '2 colis complets · il manque 3,5 kg'],
  ])('%i millièmes, colis de %i → « %s »', (total, pack, label) => {
    expect(packFillLabel(packFill(total, pack), () => 'kg')).toBe(label);
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

describe('montants et prix d’une colonne', () => {
  const carrots = { unitPriceCents: 260, estimatedWeightGrams: null };
  const chicken = { unitPriceCents: 1290, estimatedWeightGrams: 1600 };

  it('un produit au kg : prix × quantité, arrondi une fois au centime supérieur à la moitié', () => {
    expect(amountCents(1500, carrots)).toBe(390);
    expect(amountCents(250, { unitPriceCents: 333, estimatedWeightGrams: null })).toBe(83);
  });

  it('un produit à poids variable : pièces × poids estimé × prix au kg, comme la facture', () => {
    // 2 chickens of about 1,6 kg at 12,90 €/kg: 41,28 €, not 2 × 12,90 €.
    expect(amountCents(2000, chicken)).toBe(4128);
  });

  it('le prix dit l’unité du prix et, à poids variable, le poids estimé d’une pièce', () => {
    expect(
      priceLabel({ ...carrots, priceUnitLabel: 'kg', unitLabel: 'kg' }).replace(/\s/g, ' '),
    ).toBe('2,60 € / kg');
    expect(
      priceLabel({ ...chicken, priceUnitLabel: 'kg', unitLabel: 'pièce' }).replace(/\s/g, ' '),
    ).toBe('12,90 € / kg, pièce ≈ 1,6 kg');
  });
});

describe('quantityWithUnit', () => {
  it('au pluriel français à partir de deux, jamais pour les symboles', () => {
    expect(quantityWithUnit({ saleUnit: 'jar' }, 6000)).toBe('6 pots');
    expect(quantityWithUnit({ saleUnit: 'jar' }, 1000)).toBe('1 pot');
    expect(quantityWithUnit({ saleUnit: 'bottle' }, 1500)).toBe('1,5 bouteille');
    expect(quantityWithUnit({ saleUnit: 'kg' }, 3500)).toBe('3,5 kg');
    expect(quantityWithUnit({ saleUnit: 'piece' }, 2000)).toBe('2 pièces');
  });
});
