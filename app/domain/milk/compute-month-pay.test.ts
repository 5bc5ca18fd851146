import { describe, expect, it } from 'vitest';
import { computeMonthPay, type MonthPayInput } from './compute-month-pay.ts';
import { type DairyGridRaw, M1_DAIRY_GRID, parseDairyGrid } from './dairy-grid.ts';
import type { MilkAnalysis, MilkCollection } from './records.ts';

function grid(change: Partial<DairyGridRaw> = {}) {
  const parsed = parseDairyGrid({ ...M1_DAIRY_GRID, ...change });
  if (!parsed.ok) {
    throw new Error(parsed.message);
  }
  return parsed.value;
}

/** 15 collections of 2 000 L every other day of August 2026: 30 000 L (vector M1). */
const AUGUST: MilkCollection[] = Array.from({ length: 15 }, (_, i) => ({
  collectedOn: `2026-08-${String(1 + 2 * i).padStart(2, '0')}`,
  litres: 2000,
  tour: 'T1',
  tank: '',
}));

function analysis(sampledOn: string, change: Partial<MilkAnalysis> = {}): MilkAnalysis {
  return {
    sampledOn,
    sampleRef: '',
    fatMgPerL: 42_000,
    proteinMgPerL: 34_000,
    germsPerMl: 60_000,
    cellsPerMl: 200_000,
    freezingPointMilliC: -522,
    antibiotics: 'negative',
    butyricSporesPerL: null,
    ...change,
  };
}

/** Weekly analyses of vector M1: 42,0 g/L MG, 34,0 g/L MP, 60 000 germs. */
const WEEKLY = ['2026-08-04', '2026-08-11', '2026-08-18', '2026-08-25'].map((day) => analysis(day));

function input(change: Partial<MonthPayInput> = {}): MonthPayInput {
  return {
    month: '2026-08',
    grid: grid(),
    vatRegime: 'liable',
    collections: AUGUST,
    analyses: WEEKLY,
    ...change,
  };
}

function price(change: Partial<MonthPayInput>) {
  const result = computeMonthPay(input(change));
  return result.ok ? result.pay.pricePer1000L : result.message;
}

describe('computeMonthPay', () => {
  it('M1 : 30 000 L d’août, 486,773 €/1000 L, 14 603,19 € HT, TVA 803,18 €, 15 406,37 € TTC', () => {
    const result = computeMonthPay(input());
    expect(result).toMatchObject({
      ok: true,
      litres: 30_000,
      collectionCount: 15,
      fat: { tenths: 420, fromMonth: '2026-08' },
      protein: { tenths: 340 },
      germs: { value: 60_000, samples: 4 },
      pay: {
        pricePer1000L: '486.773',
        cents: { amountExclVat: 1_460_319, vat: 80_318, total: 1_540_637, flatRateRefund: null },
      },
      label: 'Lait cru de vache, collecte août 2026 (42,0 g/L MG ; 34,0 g/L MP)',
      warnings: [],
    });
    expect(result.ok && result.trace.slice(0, 5)).toEqual([
      'Collectes de août 2026 : 15 collecte(s), 30\u202f000 L.',
      'Matière grasse du mois : moyenne de 4 résultat(s) pondérée par les volumes collectés = 42,0 g/L.',
      'Matière protéique du mois : moyenne de 4 résultat(s) pondérée par les volumes collectés = 34,0 g/L.',
      'Germes à 30 °C : moyenne géométrique du mois de 4 résultat(s) = 60\u202f000/mL.',
      'Cellules somatiques : moyenne géométrique du mois de 4 résultat(s) = 200\u202f000/mL.',
    ]);
    expect(result.ok && result.trace).toContain('Prime de saisonnalité : +20,000 €/1000 L');
  });

  it('M1 au remboursement forfaitaire : pas de TVA, 816,32 € à réclamer (5,59 %)', () => {
    const result = computeMonthPay(input({ vatRegime: 'flat_rate' }));
    expect(result).toMatchObject({
      pay: {
        cents: { amountExclVat: 1_460_319, vat: 0, total: 1_460_319, flatRateRefund: 81_632 },
      },
    });
  });

  it('pondère chaque analyse par le lait collecté depuis la précédente (règle explicite)', () => {
    // 40,0 g/L le 10 août pour 5 collectes (10 000 L), 44,0 g/L le 31 pour les 10 suivantes.
    const analyses = [
      analysis('2026-08-10', { fatMgPerL: 40_000 }),
      analysis('2026-08-31', { fatMgPerL: 44_000 }),
    ];
    const weighted = computeMonthPay(input({ analyses }));
    // (40 × 10 000 + 44 × 20 000) / 30 000 = 42,666… → 42,7
    expect(weighted.ok && weighted.fat.tenths).toBe(427);
    expect(weighted.ok && weighted.fat.samples.map((s) => s.text)).toEqual([
      '40,0 g/L le 10 août × 10\u202f000\u00a0L collectés du 1er août au 10 août',
      '44,0 g/L le 31 août × 20\u202f000\u00a0L collectés du 11 août au 31 août',
    ]);
    const mean = computeMonthPay(
      input({ analyses, grid: grid({ composition: 'arithmetic_mean' }) }),
    );
    expect(mean.ok && mean.fat.tenths).toBe(420);
  });

  it.each([
    ['la dernière analyse couvre aussi les jours suivants', ['2026-08-05'], [42_300], 423],
    [
      'deux échantillons du même jour comptent une fois, à leur moyenne',
      ['2026-08-05', '2026-08-05'],
      [42_000, 42_200],
      421,
    ],
    [
      '42,05 g/L s’arrondit au dixième supérieur (demi vers le haut)',
      ['2026-08-15', '2026-08-31'],
      [42_000, 42_100],
      421,
    ],
    ['42,049 g/L s’arrondit à 42,0', ['2026-08-15', '2026-08-31'], [42_000, 42_098], 420],
  ])('composition : %s', (_label, days, values, tenths) => {
    const analyses = days.map((day, i) => analysis(day, { fatMgPerL: values[i]! }));
    // Equal weights: 8 collections up to the 15th, 7 after, so use 2 collections of equal volume.
    const collections: MilkCollection[] = [
      { collectedOn: '2026-08-01', litres: 1000, tour: '', tank: '' },
      { collectedOn: '2026-08-20', litres: 1000, tour: '', tank: '' },
    ];
    const result = computeMonthPay(input({ analyses, collections }));
    expect(result.ok && result.fat.tenths).toBe(tenths);
  });

  it.each([
    ['moyenne géométrique exactement 100 000 : classe A', [100_000, 100_000], '486.773'],
    ['moyenne géométrique 100 001 : classe B (−24,392)', [100_000, 100_002], '471.528'],
    ['50 000 pile : classe de référence', [25_000, 100_000], '495.920'],
  ])('germes : %s', (_label, germs, expected) => {
    const analyses = germs.map((g, i) => analysis(`2026-08-0${i + 3}`, { germsPerMl: g }));
    expect(price({ analyses })).toBe(expected);
  });

  it.each([
    ['aucune collecte', { collections: [] }, 'Aucune collecte en août 2026 : rien à payer.'],
    [
      'aucune analyse de matière grasse',
      { analyses: WEEKLY.map((a) => ({ ...a, fatMgPerL: null })) },
      'Pas de résultat de matière grasse pour août 2026 ; la grille ne prévoit pas de méthode de substitution : importez ou saisissez les analyses du laboratoire avant de calculer la paie.',
    ],
    [
      'aucun comptage de germes alors que la grille a des classes',
      { analyses: WEEKLY.map((a) => ({ ...a, germsPerMl: null })) },
      'Pas de résultat de germes pour août 2026 ; la grille ne prévoit pas de méthode de substitution : importez ou saisissez les analyses du laboratoire avant de calculer la paie.',
    ],
    [
      'substitution prévue, mais rien non plus sur les deux mois précédents',
      { analyses: [], grid: grid({ missingResults: 'last_known' }) },
      'Pas de résultat de matière grasse pour août 2026 ni pour les deux mois précédents : importez ou saisissez les analyses du laboratoire avant de calculer la paie.',
    ],
  ])('refus expliqué : %s', (_label, change, message) => {
    expect(computeMonthPay(input(change as Partial<MonthPayInput>))).toEqual({
      ok: false,
      code: expect.any(String),
      message,
    });
  });

  it('méthode de substitution (R631-8) : reprend la composition du dernier mois analysé', () => {
    const july = [analysis('2026-07-20', { fatMgPerL: 41_000, proteinMgPerL: 33_000 })];
    const julyCollections = [{ collectedOn: '2026-07-19', litres: 1800, tour: '', tank: '' }];
    const result = computeMonthPay(
      input({
        grid: grid({ missingResults: 'last_known' }),
        collections: [...julyCollections, ...AUGUST],
        analyses: july,
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      litres: 30_000,
      fat: { tenths: 410, fromMonth: '2026-07' },
    });
    expect(result.ok && result.trace).toContain(
      'Méthode de substitution (art. R631-8 CRPM) : pas de résultat de matière grasse en août 2026, résultats de juillet 2026 retenus.',
    );
  });

  it('antibiotiques positifs : pénalité de la grille par résultat, sinon un avertissement', () => {
    const analyses = [...WEEKLY, analysis('2026-08-28', { antibiotics: 'positive' })];
    const penalised = computeMonthPay(
      input({ analyses, grid: grid({ antibioticsPenaltyPerResult: 15.245 }) }),
    );
    expect(penalised.ok && penalised.pay.pricePer1000L).toBe('471.528');
    expect(penalised.ok && penalised.trace).toContain(
      'Antibiotiques : 1 résultat(s) positif(s) × 15,245 €/1000 L : \u221215,245 €/1000 L',
    );
    const warned = computeMonthPay(input({ analyses }));
    expect(warned.ok && warned.pay.pricePer1000L).toBe('486.773');
    expect(warned.ok && warned.warnings).toEqual([
      '1 résultat(s) antibiotiques positif(s) en août 2026 : la grille ne prévoit pas de pénalité, vérifiez le lait concerné.',
    ]);
  });

  it('moyennes géométriques glissantes UE : germes sur 2 mois, cellules sur 3, avertissement au-delà', () => {
    const analyses = [
      analysis('2026-06-15', { cellsPerMl: 500_000 }),
      analysis('2026-07-15', { germsPerMl: 160_000, cellsPerMl: 450_000 }),
      ...WEEKLY,
    ];
    const result = computeMonthPay(input({ analyses }));
    expect(
      result.ok && result.euChecks.map((c) => [c.measure, c.geometricMean, c.isAbove]),
    ).toEqual([
      // (160 000 × 60 000⁴)^(1/5) = 73 004
      ['germsPerMl', 73_004, false],
      // (500 000 × 450 000 × 200 000⁴)^(1/6) = 266 717
      ['cellsPerMl', 266_717, false],
    ]);
    const worse = computeMonthPay(
      input({ analyses: [analysis('2026-07-10', { germsPerMl: 2_000_000 }), ...WEEKLY] }),
    );
    expect(worse.ok && worse.warnings).toEqual([
      'Germes à 30 °C : moyenne géométrique glissante sur 2 mois (juillet–août 2026, 5 résultat(s)) = 120\u202f984/mL, AU-DESSUS de la limite européenne de 100\u202f000/mL : lait non conforme, à signaler (règl. CE 853/2004, art. D654-37).',
    ]);
  });

  it('classe de cellules sur la moyenne glissante de 3 mois quand la grille le dit', () => {
    const cells = [
      { upTo: 250_000, amount: 1.524 },
      { upTo: 400_000, amount: 0 },
      { amount: -15.245 },
    ];
    const analyses = [analysis('2026-06-15', { cellsPerMl: 900_000 }), ...WEEKLY];
    expect(price({ analyses, grid: grid({ cells }) })).toBe('488.297');
    expect(
      price({
        analyses,
        grid: grid({ cells, hygieneBasis: { germs: 'month', cells: 'rolling' } }),
      }),
    ).toBe('486.773');
  });

  it.each([
    ['prime de saisonnalité d’août à novembre : appliquée en août', '2026-08', '486.773'],
    ['la même en juin : sans effet', '2026-06', '466.773'],
  ])('%s', (_label, month, expected) => {
    const seasonal = grid({
      premiums: [{ label: 'Saisonnalité', amount: 20, months: [8, 9, 10, 11] }],
    });
    const shift = (day: string) => `${month}${day.slice(7)}`;
    expect(
      price({
        month,
        grid: seasonal,
        collections: AUGUST.map((c) => ({ ...c, collectedOn: shift(c.collectedOn) })),
        analyses: WEEKLY.map((a) => ({ ...a, sampledOn: shift(a.sampledOn) })),
      }),
    ).toBe(expected);
  });

  it('spores butyriques : classe du mois appliquée comme une étape du prix', () => {
    const butyricSpores = [
      { upTo: 800, amount: 1.524 },
      { upTo: 2000, amount: 0 },
      { amount: -6.098 },
    ];
    const analyses = WEEKLY.map((a) => ({ ...a, butyricSporesPerL: 3000 }));
    const result = computeMonthPay(input({ analyses, grid: grid({ butyricSpores }) }));
    expect(result.ok && result.pay.pricePer1000L).toBe('480.675');
    expect(result.ok && result.trace).toContain(
      'Spores butyriques 3\u202f000/L, classe au-delà de 2\u202f000/L : \u22126,098 €/1000 L',
    );
  });

  it('base convenue à une autre composition : le prix à 38/32 est donné pour information (R631-8)', () => {
    const result = computeMonthPay(input({ grid: grid({ standard: { fat: 40, protein: 33 } }) }));
    // 450 − 2 × 2,91 (40 → 38) − 1 × 8,60 (33 → 32) = 435,58
    expect(result.ok && result.trace).toContain(
      'Pour information (art. R631-8 CRPM) : prix de base ramené à la composition standard 38 g/L MG et 32 g/L MP = 435,580 €/1000 L.',
    );
  });
});
