import { describe, expect, it } from 'vitest';
import { multiplyAndRound } from '#app/domain/money/money.ts';
import type { PriceFormulaInput } from '#app/domain/pricing/schemas.ts';
import { type CoveringContract, decideProLine, type ProLineInput } from './pro-order-line.ts';

/** RULES-FR B1: 70 % cost indicator + 30 % quotation, U- vs R=, Label Rouge premium. */
const B1: PriceFormulaInput = {
  decimals: 3,
  terms: [
    { indicator: 'cout-production', weight: 0.7, label: 'Coût de production' },
    { indicator: 'cotation-u', weight: 0.3, label: 'Cotation' },
  ],
  adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
  conformation: { reference: 'R=', perThird: 0.105 },
};

const contract: CoveringContract = {
  reference: 'CTR-0001',
  formula: B1,
  conformation: 'U-',
  priceUnit: '/ kg carcasse',
  indicators: {
    'cout-production': [
      { date: '2026-01-01', value: 4.9 },
      { date: '2026-07-01', value: 5.1 },
    ],
    'cotation-u': [{ date: '2026-11-16', value: 4.44 }],
  },
};

const heifers = (overrides: Partial<ProLineInput>): ProLineInput => ({
  productName: 'Génisse Charolaise Label Rouge',
  product: 'bovine_heifer',
  siqo: true,
  deliveryOn: '2026-11-30',
  proPriceCents: 600,
  contract: null,
  ...overrides,
});

describe('decideProLine', () => {
  it.each([
    [
      'X3 : boucher 90 000 €, producteur 40 000 € → exempté, prix pro',
      90_000_00,
      40_000_00,
      'exempt',
    ],
    [
      'X4 : boucher 150 000 €, producteur 8 000 € → exempté, prix pro',
      150_000_00,
      8_000_00,
      'exempt',
    ],
  ] as const)('%s', (_label, buyer, producer, decision) => {
    const result = decideProLine(
      heifers({ buyerTurnoverCents: buyer, producerTurnoverCents: producer }),
    );
    expect(result).toMatchObject({
      ok: true,
      unitPriceCents: 600,
      contractReference: null,
      classification: { decision },
    });
  });

  it('X5 sans contrat : refusé, avec la raison (contrat écrit obligatoire)', () => {
    const result = decideProLine(
      heifers({ buyerTurnoverCents: 150_000_00, producerTurnoverCents: 25_000_00 }),
    );
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toContain('aucun contrat Egalim signé');
    expect(!result.ok && result.reason).toContain('contrat écrit obligatoire');
  });

  it('chiffres d’affaires non déclarés : contrat exigé (prudence), la raison le dit', () => {
    const result = decideProLine(heifers({}));
    expect(!result.ok && result.reason).toContain('Chiffre d’affaires non renseigné');
  });

  it('X5 avec contrat : prix de la formule B1 au jour de livraison, trace et référence', () => {
    const result = decideProLine(
      heifers({ buyerTurnoverCents: 150_000_00, producerTurnoverCents: 25_000_00, contract }),
    );
    expect(result).toMatchObject({
      ok: true,
      unitPriceCents: 5332,
      priceBaseQuantityMilli: 10_000,
      contractReference: 'CTR-0001',
    });
    const texts = result.ok ? (result.priceTrace ?? []).map((step) => step.text) : [];
    expect(texts).toContain('Coût de production 5,10 × 0,70 = 3,570');
    expect(texts).toContain('Prix retenu : 5,332');
    expect(texts.at(-1)).toBe(
      'Prix unitaire de la commande (contrat CTR-0001) : 5,332 € / kg carcasse (montant de la ligne arrondi une fois au centime)',
    );
  });

  it('B1 : 420 kg au prix de la formule (5,332 €/kg) font 2 239,44 €, arrondi une seule fois', () => {
    const result = decideProLine(
      heifers({ buyerTurnoverCents: 150_000_00, producerTurnoverCents: 25_000_00, contract }),
    );
    expect(
      result.ok && multiplyAndRound(result.unitPriceCents, 420_000, result.priceBaseQuantityMilli),
    ).toBe(2_239_44);
  });

  it('avec contrat mais indicateur pas encore publié au jour de livraison : refusé', () => {
    const result = decideProLine(heifers({ deliveryOn: '2026-11-10', contract }));
    expect(!result.ok && result.reason).toContain('aucune valeur en vigueur au 2026-11-10');
  });

  it('légumes à un restaurant (X2) : écrit facultatif, vendu au prix pro sans contrat', () => {
    const result = decideProLine(
      heifers({
        productName: 'Carottes',
        product: 'fruit_vegetable',
        siqo: false,
        proPriceCents: 180,
      }),
    );
    expect(result).toMatchObject({
      ok: true,
      unitPriceCents: 180,
      classification: { decision: 'writing_optional' },
    });
  });

  it('sans prix pro ni contrat : refusé', () => {
    const result = decideProLine(
      heifers({ product: 'fruit_vegetable', siqo: false, proPriceCents: null }),
    );
    expect(!result.ok && result.reason).toContain('pas de prix professionnel');
  });
});
