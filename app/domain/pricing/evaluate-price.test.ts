import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountCents } from './decimal.ts';
import type { ConformationClass } from './europ.ts';
import { evaluatePrice, type PriceResult } from './evaluate-price.ts';
import type { PriceFormulaInput, PriceRequestInput } from './schemas.ts';

/** BEEF-02: Charolaise U- Label Rouge, 70 % cost (R=), 30 % quotation. */
const b1Formula = {
  decimals: 3,
  terms: [
    { indicator: 'cost', weight: 0.7, label: 'Coût de production' },
    { indicator: 'quotation', weight: 0.3, label: 'Cotation' },
  ],
  adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
  conformation: { reference: 'R=', perThird: 0.105 },
} satisfies PriceFormulaInput;
const b1 = {
  formula: b1Formula,
  indicators: { cost: 5.1, quotation: 4.44 },
  conformation: 'U-',
} satisfies PriceRequestInput;

/** The example of the issue, word for word (public JSON format). */
const issueExample: PriceRequestInput = JSON.parse(
  '{"formula": {"decimals": 3, "terms": [{"indicator": "cost", "weight": 0.70}, {"indicator": "quotation", "weight": 0.30, "deduction": 0.10}], "adjustments": [{"label": "Label Rouge", "amount": 0.22}], "conformation": {"reference": "R=", "perThird": 0.15}, "tunnel": {"min": 5.40, "max": 6.20}}, "indicators": {"cost": 5.10, "quotation": 4.44}, "conformation": "U-"}',
);

const priceOf = (result: PriceResult) => (result.ok ? result.price : result.code);
const texts = (result: PriceResult) => (result.ok ? result.trace.map((step) => step.text) : []);

describe('evaluatePrice', () => {
  it('B1 : 5,10 × 0,70 + 4,44 × 0,30 + U- contre R= (+0,21) + Label Rouge (+0,22) = 5,332', () => {
    const result = evaluatePrice(b1);
    expect(priceOf(result)).toBe('5.332');
    expect(texts(result)).toEqual([
      'Coût de production 5,10 × 0,70 = 3,570',
      'Cotation 4,44 × 0,30 = 1,332',
      'Somme pondérée des indicateurs : 4,902',
      'Conformation U- contre référence R= (2 tiers au-dessus) : 2 × 0,105 = +0,210',
      'Label Rouge : +0,220',
      'Prix calculé : 5,332',
      'Prix retenu : 5,332',
    ]);
  });

  it('B1 × 420 kg de carcasse = 2 239,44 €', () => {
    const result = evaluatePrice(b1);
    expect(result.ok && amountCents(result.price, 420)).toBe(223_944);
  });

  it('exemple du ticket : déduction 0,10, 0,15 par tiers → 5,392, porté au plancher du tunnel 5,400', () => {
    const result = evaluatePrice(issueExample);
    expect(priceOf(result)).toBe('5.400');
    expect(texts(result)).toEqual([
      'Indicateur « cost » 5,10 × 0,70 = 3,570',
      'Indicateur « quotation » (4,44 − 0,10) × 0,30 = 1,302',
      'Somme pondérée des indicateurs : 4,872',
      'Conformation U- contre référence R= (2 tiers au-dessus) : 2 × 0,15 = +0,300',
      'Label Rouge : +0,220',
      'Prix calculé : 5,392',
      'Tunnel de prix [5,40 ; 6,20] : 5,392 est sous le plancher, prix porté à 5,400',
      'Prix retenu : 5,400',
    ]);
  });

  it.each<[string, Partial<PriceFormulaInput>, Record<string, number>, ConformationClass, string]>([
    [
      '0,15 par tiers sans déduction : 5,422, dans le tunnel',
      { conformation: { reference: 'R=', perThird: 0.15 }, tunnel: { min: 5.4, max: 6.2 } },
      {},
      'U-',
      '5.422',
    ],
    [
      'B1 avec le tunnel du ticket : 5,332 porté à 5,400',
      { tunnel: { min: 5.4, max: 6.2 } },
      {},
      'U-',
      '5.400',
    ],
    [
      'prix pile au plancher : 5,332 reste 5,332',
      { tunnel: { min: 5.332, max: 6.2 } },
      {},
      'U-',
      '5.332',
    ],
    [
      'prix pile au plafond : 5,332 reste 5,332',
      { tunnel: { min: 5, max: 5.332 } },
      {},
      'U-',
      '5.332',
    ],
    [
      'cotation qui flambe : ramené au plafond 6,200',
      { tunnel: { min: 5.4, max: 6.2 } },
      { quotation: 9 },
      'U-',
      '6.200',
    ],
    ['carcasse R= : pas d’ajustement de conformation', {}, {}, 'R=', '5.122'],
    ['carcasse O= : 3 tiers sous R= → −0,315', {}, {}, 'O=', '4.807'],
    ['carcasse E+ : 7 tiers au-dessus de R= → +0,735', {}, {}, 'E+', '5.857'],
    ['carcasse P- : 7 tiers sous R= → −0,735', {}, {}, 'P-', '4.387'],
  ])('%s', (_label, formulaChange, indicatorChange, conformation, expected) => {
    const result = evaluatePrice({
      formula: { ...b1Formula, ...formulaChange },
      indicators: { ...b1.indicators, ...indicatorChange },
      conformation,
    });
    expect(priceOf(result)).toBe(expected);
  });

  it.each([
    ['5,3915 → 5,392 (demi vers le haut)', 5.3915, '5.392'],
    ['5,39149 → 5,391', 5.39149, '5.391'],
    ['5,3925 → 5,393', 5.3925, '5.393'],
  ])('arrondi unique à 3 décimales : %s', (_label, cost, expected) => {
    const result = evaluatePrice({
      formula: { decimals: 3, terms: [{ indicator: 'cost', weight: 1 }] },
      indicators: { cost },
    });
    expect(priceOf(result)).toBe(expected);
    expect(texts(result)).toContain(
      `Arrondi à 3 décimale(s), demi vers le haut : ${String(cost).replace('.', ',')} → ${expected.replace('.', ',')}`,
    );
  });

  it('arrondi à 2 décimales quand la formule le demande', () => {
    const result = evaluatePrice({
      formula: { decimals: 2, terms: [{ indicator: 'cost', weight: 0.7 }] },
      indicators: { cost: 5.15 },
    });
    expect(priceOf(result)).toBe('3.61');
  });

  describe('indicateurs en séries datées', () => {
    const series = {
      cost: [
        { date: '2026-04-01', value: 5.0 },
        { date: '2026-10-01', value: 5.1 },
      ],
      quotation: 4.44,
    };
    it.each([
      ['la veille de la révision : valeur d’avril', '2026-09-30', '5.262'],
      ['le jour de la révision : nouvelle valeur', '2026-10-01', '5.332'],
      ['des mois après : dernière valeur publiée', '2027-03-15', '5.332'],
    ])('%s', (_label, on, expected) => {
      expect(priceOf(evaluatePrice({ ...b1, indicators: series, on }))).toBe(expected);
    });

    it('la trace dit quelle valeur a été retenue', () => {
      const result = evaluatePrice({ ...b1, indicators: series, on: '2026-10-15' });
      expect(texts(result)[0]).toBe(
        'Coût de production : valeur publiée le 2026-10-01, en vigueur au 2026-10-15 : 5,10',
      );
    });

    it('la série n’a pas besoin d’être triée', () => {
      const reversed = { ...series, cost: [...series.cost].reverse() };
      expect(priceOf(evaluatePrice({ ...b1, indicators: reversed, on: '2026-10-02' }))).toBe(
        '5.332',
      );
    });
  });

  it.each<[string, PriceRequestInput, string, string]>([
    [
      'indicateur absent',
      { ...b1, indicators: { cost: 5.1 } },
      'indicator_missing',
      'Champ « indicators.quotation » : valeur obligatoire, la formule utilise cet indicateur.',
    ],
    [
      'aucune valeur avant la date',
      {
        ...b1,
        indicators: { cost: [{ date: '2026-10-01', value: 5.1 }], quotation: 4.44 },
        on: '2026-09-30',
      },
      'indicator_not_in_force',
      'Indicateur « cost » : aucune valeur en vigueur au 2026-09-30 (première valeur publiée le 2026-10-01).',
    ],
    [
      'série sans date d’évaluation',
      { ...b1, indicators: { cost: [{ date: '2026-10-01', value: 5.1 }], quotation: 4.44 } },
      'indicator_date_missing',
      'Champ « on » : date d’évaluation obligatoire (AAAA-MM-JJ), l’indicateur « cost » est une série datée.',
    ],
    [
      'classe de carcasse absente',
      { formula: b1Formula, indicators: b1.indicators },
      'conformation_missing',
      'Champ « conformation » : classe EUROP de la carcasse obligatoire, la formule ajuste le prix par tiers de classe (référence R=).',
    ],
    [
      'poids négatif',
      { ...b1, formula: { terms: [{ indicator: 'cost', weight: -0.7 }] } },
      'invalid_input',
      'Champ « formula.terms[0].weight » : valeur > 0 attendue.',
    ],
    [
      'classe EUROP inconnue',
      { ...b1, conformation: 'Z' as 'U-' },
      'invalid_input',
      'Champ « conformation » : classe EUROP attendue parmi P-, P=, P+, O-, O=, O+, R-, R=, R+, U-, U=, U+, E-, E=, E+.',
    ],
    [
      'tunnel inversé',
      { ...b1, formula: { ...b1Formula, tunnel: { min: 6, max: 5 } } },
      'invalid_input',
      'Champ « formula.tunnel.min » : le plancher (min) doit être inférieur ou égal au plafond (max).',
    ],
    [
      'borne plus fine que le prix',
      { ...b1, formula: { ...b1Formula, tunnel: { min: 5.4001, max: 6 } } },
      'invalid_input',
      'Champ « formula.tunnel.min » : au plus 3 décimale(s), comme le prix.',
    ],
    [
      'date impossible',
      { ...b1, on: '2026-02-30' },
      'invalid_input',
      'Champ « on » : date calendaire AAAA-MM-JJ attendue (ex. 2026-10-01).',
    ],
    [
      'prix négatif',
      {
        formula: { terms: [{ indicator: 'cost', weight: 1, deduction: 6 }] },
        indicators: { cost: 5.1 },
      },
      'price_negative',
      'Le prix calculé est négatif (−0,900) : vérifier les déductions et ajustements de la formule.',
    ],
  ])('refus expliqué en français : %s', (_label, request, code, message) => {
    expect(evaluatePrice(request)).toEqual({ ok: false, code, message });
  });

  it('une classe de carcasse sans grille de conformation est signalée dans la trace, sans effet', () => {
    const result = evaluatePrice({
      formula: { terms: [{ indicator: 'cost', weight: 1 }] },
      indicators: { cost: 5 },
      conformation: 'E+',
    });
    expect(priceOf(result)).toBe('5.000');
    expect(texts(result)).toContain(
      'Conformation E+ : la formule ne prévoit pas d’ajustement de conformation',
    );
  });

  const arbitraryPrice = fc.integer({ min: 0, max: 20_000 }).map((milli) => milli / 1000);

  it('le prix ne baisse jamais quand un indicateur de poids positif monte (propriété)', () => {
    fc.assert(
      fc.property(
        arbitraryPrice,
        arbitraryPrice,
        arbitraryPrice,
        fc.integer({ min: 0, max: 5000 }),
        fc.boolean(),
        (cost, quotation, rise, risePick, withTunnel) => {
          const formula = { ...b1Formula, tunnel: withTunnel ? { min: 5.4, max: 6.2 } : undefined };
          const raised =
            risePick % 2 === 0
              ? { cost: cost + rise, quotation }
              : { cost, quotation: quotation + rise };
          const before = evaluatePrice({ ...b1, formula, indicators: { cost, quotation } });
          const after = evaluatePrice({ ...b1, formula, indicators: raised });
          expect(before.ok && after.ok).toBe(true);
          if (before.ok && after.ok) {
            expect(Number(after.price)).toBeGreaterThanOrEqual(Number(before.price));
          }
        },
      ),
    );
  });

  it('le prix reste toujours dans le tunnel (propriété)', () => {
    fc.assert(
      fc.property(
        arbitraryPrice,
        arbitraryPrice,
        fc.integer({ min: 0, max: 9000 }),
        fc.integer({ min: 0, max: 9000 }),
        (cost, quotation, a, b) => {
          const [min, max] = [Math.min(a, b) / 1000, Math.max(a, b) / 1000];
          const result = evaluatePrice({
            ...b1,
            formula: { ...b1Formula, tunnel: { min, max } },
            indicators: { cost, quotation },
          });
          expect(result.ok).toBe(true);
          if (result.ok) {
            expect(Number(result.price)).toBeGreaterThanOrEqual(min);
            expect(Number(result.price)).toBeLessThanOrEqual(max);
            expect(result.price).toMatch(/^\d+\.\d{3}$/);
          }
        },
      ),
    );
  });
});
