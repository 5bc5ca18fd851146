import { describe, expect, it } from 'vitest';
import { milkAgreementTerms } from '#app/seed/demo-op-terms.ts';
import { agreementTermsToForm, formToAgreementTerms } from './agreement-form.ts';
import { readFrameworkTerms, validateFrameworkTerms } from './framework-terms.ts';

const INDICATORS = [
  {
    code: 'cout-production-lait',
    label: 'Coût de production (CNIEL)',
    kind: 'production_cost' as const,
    source: 'CNIEL',
  },
  {
    code: 'valorisation-beurre-poudre',
    label: 'Valorisation beurre-poudre',
    kind: 'market' as const,
    source: 'FranceAgriMer',
  },
];

describe('formToAgreementTerms / agreementTermsToForm', () => {
  it('un accord complet fait l’aller-retour par le formulaire et reste signable', () => {
    const terms = readFrameworkTerms(
      milkAgreementTerms({
        totalLitres: 600_000,
        premium: { label: 'Prime', amount: 25 },
        deliveryTerms: 'Collecte',
      }),
    );
    const values = agreementTermsToForm(terms);
    expect(values).toMatchObject({
      deliveryUnit: 'LTR',
      priceBaseQuantity: '1000',
      tolerancePercent: '10',
    });
    const back = formToAgreementTerms(values, INDICATORS);
    expect(back.ok).toBe(true);
    expect(back.ok && validateFrameworkTerms(back.terms, 'milk_cow', 'signed')).toEqual([]);
    expect(back.ok && back.terms.membersSplit).toEqual(terms.membersSplit);
  });

  it('valeurs mal formées : une erreur par champ, y compris ceux du contrat', () => {
    const result = formToAgreementTerms(
      { deliveryUnit: 'baril', tolerancePercent: 'dix', durationYears: 'cinq' },
      INDICATORS,
    );
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        durationYears: 'Nombre attendu (virgule décimale acceptée).',
        deliveryUnit: 'Choisissez l’unité de livraison.',
        tolerancePercent: 'Nombre positif attendu (virgule décimale acceptée).',
      },
    });
  });
});
