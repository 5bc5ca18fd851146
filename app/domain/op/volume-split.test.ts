import { describe, expect, it } from 'vitest';
import { checkSplit, compareDeliveredToSplit, splitVolume } from './volume-split.ts';

const members = (...references: number[]) =>
  references.map((referenceMilli, index) => ({ memberId: `m${index + 1}`, referenceMilli }));
const quantities = (shares: { quantityMilli: number }[]) => shares.map((s) => s.quantityMilli);

describe('splitVolume (plus forts restes, en millièmes)', () => {
  it.each([
    ['proportionnel exact', 1_000_000, [600, 400], [600_000, 400_000]],
    ['trois parts égales de 1 000 : le reste va au premier', 1000, [1, 1, 1], [334, 333, 333]],
    ['plus fort reste', 10, [55, 45], [6, 4]],
    ['reste à égalité : la plus grosse référence gagne', 2, [1, 3], [0, 2]],
    ['membre sans volume de référence', 1000, [500, 0], [1000, 0]],
    ['aucune référence : partage égal', 1001, [0, 0], [501, 500]],
    ['total nul', 0, [10, 20], [0, 0]],
    [
      'gros volumes sans débordement',
      6_000_000_000,
      [2_500_000_000, 3_500_000_000],
      [2_500_000_000, 3_500_000_000],
    ],
  ])('%s', (_label, total, references, expected) => {
    const shares = splitVolume(total, members(...references));
    expect(quantities(shares)).toEqual(expected);
    expect(quantities(shares).reduce((a, b) => a + b, 0)).toBe(total);
  });

  it('la somme est toujours le total (1 000 cas)', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let run = 0; run < 1000; run++) {
      const total = random() % 10_000_000;
      const refs = Array.from({ length: 1 + (random() % 7) }, () => random() % 500_000);
      const shares = splitVolume(total, members(...refs));
      expect(quantities(shares).reduce((a, b) => a + b, 0)).toBe(total);
      expect(shares.every((s) => s.quantityMilli >= 0)).toBe(true);
    }
  });

  it('sans membre, rien à répartir ; total négatif refusé', () => {
    expect(splitVolume(1000, [])).toEqual([]);
    expect(() => splitVolume(-1, members(1))).toThrow(RangeError);
  });
});

describe('checkSplit', () => {
  const format = (milli: number) => `${milli / 1000} L`;
  it.each([
    [
      'somme égale au total',
      [
        { memberId: 'a', quantityMilli: 600 },
        { memberId: 'b', quantityMilli: 400 },
      ],
      [],
    ],
    [
      'somme inférieure',
      [
        { memberId: 'a', quantityMilli: 600 },
        { memberId: 'b', quantityMilli: 300 },
      ],
      [
        'La répartition totalise 0.9 L pour 1 L prévus à l’accord (écart −0.1 L) : la somme doit être égale au total.',
      ],
    ],
    [
      'somme supérieure',
      [{ memberId: 'a', quantityMilli: 1100 }],
      [
        'La répartition totalise 1.1 L pour 1 L prévus à l’accord (écart +0.1 L) : la somme doit être égale au total.',
      ],
    ],
    [
      'non-membre',
      [{ memberId: 'x', quantityMilli: 1000 }],
      ['Ce producteur n’est pas membre de l’OP.'],
    ],
    [
      'membre en double',
      [
        { memberId: 'a', quantityMilli: 500 },
        { memberId: 'a', quantityMilli: 500 },
      ],
      ['Membre présent deux fois.'],
    ],
    [
      'quantité négative',
      [{ memberId: 'a', quantityMilli: -1 }],
      ['Quantité positive ou nulle attendue.'],
    ],
  ])('%s', (_label, shares, expected) => {
    const issues = checkSplit({
      totalMilli: 1000,
      shares,
      memberIds: ['a', 'b'],
      formatQuantity: format,
    });
    expect(issues.map((i) => i.message)).toEqual(expected);
  });
});

describe('compareDeliveredToSplit (tolérance de l’accord)', () => {
  const shares = [
    { memberId: 'a', quantityMilli: 100_000 },
    { memberId: 'b', quantityMilli: 100_000 },
    { memberId: 'c', quantityMilli: 100_000 },
    { memberId: 'd', quantityMilli: 0 },
  ];
  it('écart, part livrée et statut par membre à ± 5 %', () => {
    const delivered = new Map([
      ['a', 105_000],
      ['b', 105_001],
      ['c', 94_999],
      ['d', 10],
    ]);
    const gaps = compareDeliveredToSplit({ shares, delivered, toleranceBp: 500 });
    expect(gaps.map((g) => [g.memberId, g.gapMilli, g.deliveredBp, g.status])).toEqual([
      ['a', 5000, 10_500, 'within'],
      ['b', 5001, 10_500, 'over'],
      ['c', -5001, 9499, 'under'],
      ['d', 10, null, 'over'],
    ]);
  });

  it('rien livré : tout sous la répartition', () => {
    const gaps = compareDeliveredToSplit({
      shares: shares.slice(0, 1),
      delivered: new Map(),
      toleranceBp: 0,
    });
    expect(gaps[0]).toMatchObject({ deliveredMilli: 0, gapMilli: -100_000, status: 'under' });
  });
});
