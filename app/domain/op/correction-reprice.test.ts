import { describe, expect, it } from 'vitest';
import type { IndicatorPoint } from '#app/domain/pricing/schemas.ts';
import {
  isRepriceRequest,
  type RepriceLineInput,
  repriceCorrectedLine,
} from './correction-reprice.ts';
import { readFrameworkTerms } from './framework-terms.ts';
import { planCorrection } from './invoice-review.ts';

// Milk at 50 % production cost + 50 % butter-powder valuation + 25 € premium, € HT / 1 000 L.
const milkTerms = readFrameworkTerms({
  deliveryUnit: 'LTR',
  priceBaseQuantity: 1000,
  price: {
    mode: 'formula',
    formula: {
      decimals: 3,
      terms: [
        { indicator: 'cout-production-lait', weight: 0.5, label: 'Coût de production (CNIEL)' },
        {
          indicator: 'valorisation-beurre-poudre',
          weight: 0.5,
          label: 'Valorisation beurre-poudre',
        },
      ],
      adjustments: [{ label: 'Prime fromagère lait cru', amount: 25 }],
    },
  },
});

const series = (
  cost: IndicatorPoint[],
  butter: IndicatorPoint[] = [{ date: '2026-01-01', value: 438.7 }],
) => ({
  'cout-production-lait': cost,
  'valorisation-beurre-poudre': butter,
});

// Billed on the contested invoice: 500,55 € / 1 000 L (512,40 and 438,70 at the time).
const input = (extra: Partial<RepriceLineInput> = {}): RepriceLineInput => ({
  lineId: '1',
  agreementReference: 'AC-2026-1',
  terms: milkTerms,
  deliveredOn: '2026-03-04',
  indicators: series([{ date: '2026-01-01', value: 512.4 }]),
  billed: { unitPriceCents: 50_055, priceBaseQuantityMilli: 1_000_000, unitCode: 'LTR' },
  opName: 'OP Lait des Monts',
  today: '2026-04-08',
  reason: 'Indicateur CNIEL de janvier corrigé',
  ...extra,
});

describe('repriceCorrectedLine', () => {
  it.each([
    // label, cost indicator series, billed price base, expected cents, expected base
    [
      'valeur corrigée, prix au centime : même base que la ligne',
      [{ date: '2026-01-01', value: 514.1 }],
      1_000_000,
      50_140,
      1_000_000,
    ],
    [
      'prix à trois décimales : base de 10 000 L, comme à l’enregistrement',
      [{ date: '2026-01-01', value: 513.45 }],
      1_000_000,
      501_075,
      10_000_000,
    ],
    [
      'prix au centime sur une ligne facturée pour 10 000 L : exprimé dans sa base',
      [{ date: '2026-01-01', value: 514.1 }],
      10_000_000,
      501_400,
      10_000_000,
    ],
    [
      'valeur publiée en retard, en vigueur au jour de la livraison',
      [
        { date: '2026-01-01', value: 512.4 },
        { date: '2026-03-01', value: 516.4 },
        { date: '2026-03-05', value: 600 },
      ],
      1_000_000,
      50_255,
      1_000_000,
    ],
  ])('%s', (_label, cost, billedBase, unitPriceCents, priceBaseQuantityMilli) => {
    const result = repriceCorrectedLine(
      input({
        indicators: series(cost),
        billed: { unitPriceCents: 50_055, priceBaseQuantityMilli: billedBase, unitCode: 'LTR' },
      }),
    );
    expect(result).toMatchObject({ ok: true, unitPriceCents, priceBaseQuantityMilli });
  });

  it('porte la nouvelle trace pas à pas, puis la ligne du recalcul (date, OP, motif)', () => {
    const result = repriceCorrectedLine(
      input({ indicators: series([{ date: '2026-01-01', value: 513.45 }]) }),
    );
    if (!result.ok) {
      throw new Error(result.message);
    }
    // Prices print with non-breaking spaces; compared here with plain ones.
    expect(result.trace.map((text) => text.replace(/\s/g, ' '))).toEqual([
      'Coût de production (CNIEL) : valeur publiée le 2026-01-01, en vigueur au 2026-03-04 : 513,45',
      'Coût de production (CNIEL) 513,45 × 0,50 = 256,725',
      'Valorisation beurre-poudre : valeur publiée le 2026-01-01, en vigueur au 2026-03-04 : 438,70',
      'Valorisation beurre-poudre 438,70 × 0,50 = 219,350',
      'Somme pondérée des indicateurs : 476,075',
      'Prime fromagère lait cru : +25,000',
      'Prix calculé : 501,075',
      'Prix retenu : 501,075',
      'Prix de la livraison (accord-cadre AC-2026-1) : 501,075 € HT pour 1 000 litres',
      'Prix recalculé par OP Lait des Monts le 8 avril 2026 après contestation, avec la formule de l’accord-cadre AC-2026-1 et les indicateurs connus à cette date pour la livraison du 4 mars 2026 : 501,075 € / 1 000 L au lieu de 500,55 € / 1 000 L (Indicateur CNIEL de janvier corrigé).',
    ]);
  });

  it('même prix qu’à l’émission : la trace le dit', () => {
    const result = repriceCorrectedLine(input());
    expect(result).toMatchObject({ ok: true, unitPriceCents: 50_055 });
    expect(result.ok && result.trace.at(-1)).toMatch(/500,55.€ \/ 1.000.L, prix facturé inchangé/);
  });

  it.each([
    [
      'indicateur sans aucune valeur',
      { 'cout-production-lait': [{ date: '2026-01-01', value: 512.4 }] },
      'Ligne 1 : recalcul impossible avec la formule de l’accord-cadre AC-2026-1 — l’indicateur « Valorisation beurre-poudre » (valorisation-beurre-poudre) n’a aucune valeur en vigueur au 4 mars 2026, jour de la livraison. Publiez sa valeur ou saisissez le prix corrigé.',
    ],
    [
      'première valeur publiée après la livraison',
      series([{ date: '2026-03-10', value: 512.4 }]),
      'Ligne 1 : recalcul impossible avec la formule de l’accord-cadre AC-2026-1 — l’indicateur « Coût de production (CNIEL) » (cout-production-lait) n’a aucune valeur en vigueur au 4 mars 2026, jour de la livraison. Publiez sa valeur ou saisissez le prix corrigé.',
    ],
  ])('refusé : %s', (_label, indicators, message) => {
    expect(repriceCorrectedLine(input({ indicators }))).toEqual({ ok: false, message });
  });

  it('refusé quand l’accord fixe un prix sans formule', () => {
    const fixed = readFrameworkTerms({
      deliveryUnit: 'LTR',
      priceBaseQuantity: 1000,
      price: { mode: 'fixed', fixedPrice: 480 },
    });
    expect(repriceCorrectedLine(input({ terms: fixed }))).toEqual({
      ok: false,
      message:
        'Ligne 1 : recalcul impossible avec la formule de l’accord-cadre AC-2026-1 — l’accord ne fixe pas son prix par une formule ; saisissez le prix corrigé.',
    });
  });
});

describe('isRepriceRequest', () => {
  it.each([
    ['prix saisi', { lineId: '1', quantityMilli: 1, unitPriceCents: 2 }, false],
    ['recalcul demandé', { lineId: '1', quantityMilli: 1, reprice: true as const }, true],
  ])('%s', (_label, request, expected) => {
    expect(isRepriceRequest(request)).toBe(expected);
  });
});

describe('planCorrection avec une base de prix', () => {
  const line = {
    lineId: '1',
    label: 'Lait cru',
    quantityMilli: 12_000_000,
    unitPriceCents: 50_055,
    priceBaseQuantityMilli: 1_000_000,
  };
  it.each([
    ['même prix pour 10 000 L : inchangé', 500_550, 10_000_000, false],
    ['501,075 € pour 10 000 L : changé', 501_075, 10_000_000, true],
    ['même base, autre prix : changé', 50_056, 1_000_000, true],
  ])('%s', (_label, unitPriceCents, priceBaseQuantityMilli, changed) => {
    const plan = planCorrection(
      [line],
      [{ lineId: '1', quantityMilli: 11_000_000, unitPriceCents, priceBaseQuantityMilli }],
    );
    expect(plan).toMatchObject({
      ok: true,
      lines: [{ unitPriceCents, priceBaseQuantityMilli, priceChanged: changed }],
    });
  });

  it('refuse une base nulle', () => {
    const plan = planCorrection(
      [line],
      [{ lineId: '1', quantityMilli: 1, unitPriceCents: 1, priceBaseQuantityMilli: 0 }],
    );
    expect(plan.ok).toBe(false);
  });
});
