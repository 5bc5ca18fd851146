import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeMilkPay, type MilkPayResult } from './compute-milk-pay.ts';
import type { MilkPayInputRaw } from './schemas.ts';

/** Vector M1 in the public JSON format (shared/einvoice/samples/milk-selfbilled-389.xml). */
const m1: MilkPayInputRaw = JSON.parse(`{"basePrice": 450, "fat": 42.0, "protein": 34.0,
  "germs": 60000, "cells": 200000, "litres": 30000,
  "grid": {"fat": [{"from": 38, "to": 40, "perG": 2.91}, {"from": 40, "perG": 1.45}, {"to": 38, "perG": 2.91}],
    "protein": [{"perG": 8.60}],
    "germs": [{"upTo": 50000, "amount": 0}, {"upTo": 100000, "amount": -9.147}, {"amount": -24.392}],
    "premiums": [{"label": "saisonnalité", "amount": 20}]},
  "vatRegime": "liable", "vatRate": 5.5}`);

const withM1 = (change: Partial<MilkPayInputRaw>): MilkPayInputRaw => ({ ...m1, ...change });
const priceOf = (result: MilkPayResult) => (result.ok ? result.pricePer1000L : result.message);

describe('computeMilkPay', () => {
  it('M1 : 486,773 €/1000 L, 14 603,19 € HT, TVA 803,18 €, 15 406,37 € TTC', () => {
    const result = computeMilkPay(m1);
    expect(result).toMatchObject({
      ok: true,
      pricePer1000L: '486.773',
      amountExclVat: '14603.19',
      vat: '803.18',
      total: '15406.37',
      flatRateRefund: null,
      cents: { amountExclVat: 1_460_319, vat: 80_318, total: 1_540_637, flatRateRefund: null },
    });
    expect(result.ok && result.trace.map((step) => step.text)).toEqual([
      'Prix de base (38 g/L MG, 32 g/L MP) : 450,000 €/1000 L',
      'Matière grasse 42,0 g/L, tranche de 38 à 40 g/L : +2,0 g/L × 2,91 = +5,820 €/1000 L',
      'Matière grasse 42,0 g/L, tranche au-delà de 40 g/L : +2,0 g/L × 1,45 = +2,900 €/1000 L',
      'Matière protéique 34,0 g/L : +2,0 g/L × 8,60 = +17,200 €/1000 L',
      'Germes 60\u202f000/mL, classe jusqu’à 100\u202f000/mL : \u22129,147 €/1000 L',
      'Cellules 200\u202f000/mL : pas de classes dans la grille, sans effet',
      'saisonnalité : +20,000 €/1000 L',
      'Prix du lait : 486,773 €/1000 L',
      'Montant HT : 486,773 €/1000 L × 30\u202f000 L = 14\u202f603,19 €',
      'TVA 5,5 % : 803,18 €',
      'Total TTC : 15\u202f406,37 €',
    ]);
  });

  it('M1 au remboursement forfaitaire : pas de TVA, 5,59 % à réclamer à l’État (VAT-05)', () => {
    const result = computeMilkPay(withM1({ vatRegime: 'flat_rate', vatRate: undefined }));
    expect(result).toMatchObject({
      pricePer1000L: '486.773',
      amountExclVat: '14603.19',
      vat: '0.00',
      total: '14603.19',
      // 14 603,19 × 5,59 % = 816,318321 → 816,32
      flatRateRefund: '816.32',
      cents: { amountExclVat: 1_460_319, vat: 0, total: 1_460_319, flatRateRefund: 81_632 },
    });
    expect(result.ok && result.trace.at(-1)?.text).toBe(
      'Remboursement forfaitaire 5,59 % à demander à l’État (CGI art. 298 quater) : 816,32 €',
    );
  });

  it.each([
    ['MG au standard 38,0 : sans ajustement', { fat: 38 }, '478.053'],
    ['MG 39,0 : 1 g dans la tranche 38–40', { fat: 39 }, '480.963'],
    ['MG 40,0 pile : toute la tranche 38–40, rien au-delà', { fat: 40 }, '483.873'],
    ['MG 36,5 : 1,5 g sous le standard, pénalité 2,91 par g', { fat: 36.5 }, '473.688'],
    ['MP 32,0 : au standard', { protein: 32 }, '469.573'],
    ['MP 31,0 : 1 g sous le standard, −8,60', { protein: 31 }, '460.973'],
    ['germes 50 000 pile : classe de référence', { germs: 50_000 }, '495.920'],
    ['germes 100 000 pile : classe A', { germs: 100_000 }, '486.773'],
    ['germes 100 001 : classe B, −24,392', { germs: 100_001 }, '471.528'],
  ])('%s', (_label, change, expected) => {
    expect(priceOf(computeMilkPay(withM1(change)))).toBe(expected);
  });

  it('grille de cellules (même forme que les germes) et prime par critère', () => {
    const grid = {
      ...m1.grid,
      cells: [{ upTo: 250_000, amount: 1.524 }, { upTo: 400_000, amount: 0 }, { amount: -15.245 }],
    };
    expect(priceOf(computeMilkPay(withM1({ grid, cells: 250_000 })))).toBe('488.297');
    expect(priceOf(computeMilkPay(withM1({ grid, cells: 450_000 })))).toBe('471.528');
  });

  it('arrondit le prix au millième avant le montant, une seule fois au centime', () => {
    // MG 41,25 : 2 × 2,91 + 1,25 × 1,45 = 7,6325 → prix 485,6855 → 485,686
    const result = computeMilkPay(withM1({ fat: 41.25, litres: 1 }));
    expect(result).toMatchObject({ pricePer1000L: '485.686', amountExclVat: '0.49' });
    expect(result.ok && result.trace.find((step) => step.kind === 'price')?.text).toBe(
      'Prix du lait : 485,686 €/1000 L (arrondi de 485,6855, demi vers le haut)',
    );
  });

  it('base convenue à une autre composition (R631-8 : grille avec son propre standard)', () => {
    const grid = { ...m1.grid, standard: { fat: 40, protein: 33 } };
    // MG 42 : 2 g au-delà de 40 → +2,90 ; MP 34 : 1 g → +8,60
    expect(priceOf(computeMilkPay(withM1({ grid })))).toBe('472.353');
  });

  it.each<[string, Partial<MilkPayInputRaw>, string]>([
    [
      'taux de TVA manquant',
      { vatRate: undefined },
      'Champ « vatRate » : taux de TVA obligatoire quand « vatRegime » vaut « liable » (5.5 pour le lait).',
    ],
    [
      'taux de TVA non français',
      { vatRate: 7 },
      'Champ « vatRate » : taux de TVA français attendu en pourcentage (5.5, 10, 20 ou 2.1).',
    ],
    [
      'comptage de germes manquant',
      { germs: undefined },
      'Champ « germs » : comptage obligatoire : la grille prévoit des classes pour ce critère.',
    ],
    ['litres trop précis', { litres: 30_000.0001 }, 'Champ « litres » : au plus 3 décimale(s).'],
    [
      'régime inconnu',
      { vatRegime: 'exempt' as 'liable' },
      'Champ « vatRegime » : valeur attendue parmi "liable", "flat_rate".',
    ],
    [
      'germes au-delà d’une grille sans dernière classe ouverte',
      { grid: { ...m1.grid, germs: [{ upTo: 50_000, amount: 0 }] } },
      'Champ « germs » : 60000 dépasse la dernière classe de la grille (jusqu’à 50000) ; ajouter une classe sans « upTo ».',
    ],
    [
      'tranches qui se chevauchent',
      {
        grid: {
          ...m1.grid,
          fat: [
            { from: 38, to: 41, perG: 2.91 },
            { from: 40, perG: 1.45 },
          ],
        },
      },
      'Champ « grid.fat[1] » : la tranche chevauche la tranche n° 1.',
    ],
    [
      'tranche à l’envers',
      { grid: { ...m1.grid, fat: [{ from: 40, to: 38, perG: 2.91 }] } },
      'Champ « grid.fat[0].to » : « from » doit être inférieur à « to ».',
    ],
    [
      'classe ouverte avant la fin',
      { grid: { ...m1.grid, germs: [{ amount: 0 }, { upTo: 100_000, amount: -9 }] } },
      'Champ « grid.germs[0].upTo » : seule la dernière classe peut omettre « upTo ».',
    ],
    [
      'pénalités plus fortes que le prix',
      { basePrice: 10, protein: 20 },
      'Champ « grid » : le prix calculé est négatif (\u221273,627 €/1000 L), vérifier les pénalités de la grille.',
    ],
  ])('refus expliqué en français : %s', (_label, change, message) => {
    expect(computeMilkPay(withM1(change))).toEqual({ ok: false, code: 'invalid_input', message });
  });

  const grams = fc.integer({ min: 300, max: 500 }).map((tenths) => tenths / 10);

  it('payer plus de matière grasse ou protéique ne baisse jamais le prix (propriété)', () => {
    fc.assert(
      fc.property(grams, grams, fc.integer({ min: 0, max: 50 }), (fat, protein, extraTenths) => {
        const before = computeMilkPay(withM1({ fat, protein }));
        const moreFat = computeMilkPay(withM1({ fat: fat + extraTenths / 10, protein }));
        const moreProtein = computeMilkPay(withM1({ fat, protein: protein + extraTenths / 10 }));
        expect(Number(priceOf(moreFat))).toBeGreaterThanOrEqual(Number(priceOf(before)));
        expect(Number(priceOf(moreProtein))).toBeGreaterThanOrEqual(Number(priceOf(before)));
      }),
    );
  });

  it('HT + TVA = TTC au centime près, sans écart (propriété)', () => {
    fc.assert(
      fc.property(
        grams,
        fc.integer({ min: 0, max: 200_000 }),
        fc.constantFrom(5.5, 10, 20),
        (fat, litres, vatRate) => {
          const result = computeMilkPay(withM1({ fat, litres, vatRate }));
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(result.cents.amountExclVat + result.cents.vat).toBe(result.cents.total);
            expect((result.cents.total / 100).toFixed(2)).toBe(result.total);
          }
        },
      ),
    );
  });
});
