import { describe, expect, it } from 'vitest';
import { planReorder, type ReorderProduct } from './reorder.ts';

const product = (id: string, overrides: Partial<ReorderProduct> = {}): ReorderProduct => ({
  id,
  name: `Produit ${id}`,
  stepMilli: 1000,
  maxPerHouseholdMilli: null,
  stockLeftMilli: null,
  ...overrides,
});

describe('reprendre la dernière commande', () => {
  it('reprend les quantités telles quelles quand elles respectent les règles du jour', () => {
    const plan = planReorder(
      { a: 2000, b: 500 },
      [product('a'), product('b', { stepMilli: 250 })],
      {},
    );
    expect(plan.values).toEqual([
      ['a', 2000],
      ['b', 500],
    ]);
    expect(plan.adjusted).toEqual([]);
    expect(plan.unavailable).toBe(0);
  });

  it('ne touche pas à ce qui est déjà saisi et compte ce qui n’est plus proposé', () => {
    const plan = planReorder({ a: 2000, b: 3000, gone: 1000 }, [product('a'), product('b')], {
      a: 5000,
    });
    expect(plan.values).toEqual([['b', 3000]]);
    expect(plan.alreadyFilled).toBe(1);
    expect(plan.unavailable).toBe(1);
  });

  it('une case vidée (0) se remplit de nouveau', () => {
    const plan = planReorder({ a: 2000 }, [product('a')], { a: 0 });
    expect(plan.values).toEqual([['a', 2000]]);
  });

  it('plafonne au maximum par foyer', () => {
    const plan = planReorder({ a: 6000 }, [product('a', { maxPerHouseholdMilli: 4000 })], {});
    expect(plan.values).toEqual([['a', 4000]]);
    expect(plan.adjusted).toEqual([
      { productId: 'a', name: 'Produit a', previousMilli: 6000, newMilli: 4000, reason: 'maximum' },
    ]);
  });

  it('ramène au pas du jour, au moins un pas quand quelque chose était commandé', () => {
    const plan = planReorder(
      { a: 1500, b: 300 },
      [product('a'), product('b', { stepMilli: 500 })],
      {},
    );
    expect(plan.values).toEqual([
      ['a', 1000],
      ['b', 500],
    ]);
    expect(plan.adjusted.map((a) => [a.productId, a.reason, a.newMilli])).toEqual([
      ['a', 'step', 1000],
      ['b', 'step', 500],
    ]);
  });

  it('un pas plus grand que le maximum : rien n’est repris', () => {
    const plan = planReorder(
      { a: 300 },
      [product('a', { stepMilli: 500, maxPerHouseholdMilli: 400 })],
      {},
    );
    expect(plan.values).toEqual([]);
    expect(plan.adjusted[0]).toMatchObject({ newMilli: 0 });
  });

  it('prend ce qui reste du stock, au pas, ou rien', () => {
    const plan = planReorder(
      { a: 5000, b: 2000, c: 1000 },
      [
        product('a', { stockLeftMilli: 3500 }),
        product('b', { stockLeftMilli: 0 }),
        product('c', { stockLeftMilli: 1000 }),
      ],
      {},
    );
    expect(plan.values).toEqual([
      ['a', 3000],
      ['c', 1000],
    ]);
    expect(plan.adjusted.map((a) => [a.productId, a.reason, a.newMilli])).toEqual([
      ['a', 'stock', 3000],
      ['b', 'stock', 0],
    ]);
  });

  it('ignore les quantités nulles ou invalides de la feuille précédente', () => {
    const plan = planReorder({ a: 0, b: -1000 }, [product('a'), product('b')], {});
    expect(plan.values).toEqual([]);
    expect(plan.adjusted).toEqual([]);
  });
});
