import { describe, expect, it } from 'vitest';
import { milkAgreementTerms } from '#app/seed/demo-op-terms.ts';
import { priceDelivery } from './delivery-price.ts';
import {
  describeFrameworkTerms,
  type FrameworkTermsInput,
  readFrameworkTerms,
  toleranceBp,
  totalQuantityMilli,
  validateFrameworkTerms,
} from './framework-terms.ts';

/** French number formatting groups thousands with a narrow no-break space. */
const plain = (text: string | undefined) => (text ?? '').replace(/[\u202f\u00a0]/g, ' ');

/** An accord-cadre for cow milk with every clause of L631-24 III and IV (the demo's). */
const COMPLETE: FrameworkTermsInput = milkAgreementTerms({
  totalLitres: 600_000,
  premium: { label: 'Prime AOP', amount: 25 },
  deliveryTerms: 'Collecte à la ferme tous les deux jours',
});

describe('validateFrameworkTerms (L631-24 III et IV)', () => {
  it('un accord-cadre complet se signe', () => {
    expect(validateFrameworkTerms(COMPLETE, 'milk_cow', 'signed')).toEqual([]);
  });

  it.each<[string, Partial<FrameworkTermsInput>, string[]]>([
    [
      'sans règles de répartition',
      { membersSplit: { transferRules: 'x' } },
      ['split_rules_missing'],
    ],
    ['sans cession des contrats', { membersSplit: { rules: 'x' } }, ['transfer_rules_missing']],
    ['sans gestion des écarts', { volumeGaps: { tolerancePercent: 5 } }, ['volume_gaps_missing']],
    ['sans tolérance', { volumeGaps: { rules: 'x' } }, ['tolerance_missing']],
    ['sans règles acheteur–OP', { negotiationRules: ' ' }, ['negotiation_rules_missing']],
    ['sans transparence', { transparency: undefined }, ['transparency_missing']],
    ['sans transmission mensuelle', { monthlyTransmission: '' }, ['monthly_transmission_missing']],
    ['sans unité de livraison', { deliveryUnit: undefined }, ['delivery_unit_missing']],
    [
      'quantité à 4 décimales',
      { quantity: { ...COMPLETE.quantity, total: 1.2345 } },
      ['quantity_precision'],
    ],
    ['lait de vache sur 3 ans (R631-10)', { durationYears: 3 }, ['duration_too_short']],
    ['sans force majeure (EG-10 6°)', { forceMajeure: '' }, ['force_majeure_missing']],
  ])('%s', (_label, change, codes) => {
    const issues = validateFrameworkTerms({ ...COMPLETE, ...change }, 'milk_cow', 'signed');
    expect(issues.map((i) => i.code)).toEqual(codes);
  });

  it('proposition : l’indicateur de marché n’est exigé qu’à la signature (EG-11)', () => {
    const price = {
      ...COMPLETE.price!,
      formula: { ...COMPLETE.price!.formula!, terms: [COMPLETE.price!.formula!.terms[0]!] },
    };
    const terms = { ...COMPLETE, price };
    expect(validateFrameworkTerms(terms, 'milk_cow', 'proposal')).toEqual([]);
    expect(validateFrameworkTerms(terms, 'milk_cow', 'signed').map((i) => i.code)).toEqual([
      'market_indicator_missing',
    ]);
  });

  it('chaque clause manquante cite son article', () => {
    const [issue] = validateFrameworkTerms({ ...COMPLETE, transparency: '' }, 'milk_cow', 'signed');
    expect(issue).toMatchObject({ rule: 'EG-21', clause: 'L631-24 IV 5°' });
    expect(issue!.message).toMatch(/art\. L631-24 IV 5° CRPM/);
  });

  it('champ mal formé : un motif par champ', () => {
    const issues = validateFrameworkTerms(
      { ...COMPLETE, deliveryUnit: 'barils' },
      'milk_cow',
      'signed',
    );
    expect(issues.map((i) => [i.code, i.field])).toEqual([['invalid_field', 'deliveryUnit']]);
  });
});

describe('totalQuantityMilli / toleranceBp / readFrameworkTerms', () => {
  it('quantité et tolérance en entiers', () => {
    const terms = readFrameworkTerms(COMPLETE);
    expect(totalQuantityMilli(terms)).toBe(600_000_000);
    expect(toleranceBp(terms)).toBe(1000);
    expect(totalQuantityMilli(readFrameworkTerms({}))).toBeNull();
    expect(toleranceBp(readFrameworkTerms({}))).toBe(0);
  });

  it('des conditions illisibles se lisent vides', () => {
    expect(readFrameworkTerms({ deliveryUnit: 42 })).toEqual(readFrameworkTerms({}));
  });
});

describe('describeFrameworkTerms', () => {
  it('les clauses du contrat puis celles de l’accord-cadre, en français', () => {
    const sections = describeFrameworkTerms(readFrameworkTerms(COMPLETE));
    expect(sections.map((s) => s.title.split(' ').slice(0, 2).join(' '))).toEqual([
      '1° Prix',
      '2° Quantité,',
      '3° Collecte',
      '4° Paiement',
      '5° Durée',
      '6° Force',
      '7° Résiliation',
      'Accord-cadre IV',
      'Accord-cadre IV',
      'Accord-cadre IV',
      'Accord-cadre IV',
      'Accord-cadre IV',
      'Transmission mensuelle',
    ]);
    expect(sections[9]!.title).toBe(
      'Accord-cadre IV 3° — Écarts entre volumes contractés et livrés',
    );
    expect(plain(sections[0]!.lines.at(-1))).toBe(
      'Livraisons et factures en litres ; le prix s’entend pour 1 000 litres.',
    );
    expect(sections[9]!.lines[0]).toBe('Tolérance : ± 10 %');
  });
});

describe('priceDelivery', () => {
  const terms = readFrameworkTerms(COMPLETE);
  const indicators = {
    'cout-production-lait': [
      { date: '2026-01-01', value: 512.4 },
      { date: '2026-04-01', value: 520 },
    ],
    'valorisation-beurre-poudre': [{ date: '2026-01-01', value: 438.7 }],
  };
  const base = { agreementReference: 'AC-2026-0001', terms, indicators };

  it('formule au jour de livraison : 0,5 × 512,40 + 0,5 × 438,70 + 25 = 500,550 €/1 000 L', () => {
    const price = priceDelivery({ ...base, deliveredOn: '2026-03-15' });
    expect(price).toMatchObject({
      ok: true,
      source: 'agreement',
      unitPriceCents: 50_055,
      priceBaseQuantityMilli: 1_000_000,
    });
    expect(price.ok && price.trace.map((s) => plain(s.text))).toContain(
      'Prix de la livraison (accord-cadre AC-2026-0001) : 500,550 € HT pour 1 000 litres',
    );
  });

  it('un indicateur révisé change le prix des livraisons suivantes (révision automatique)', () => {
    const price = priceDelivery({ ...base, deliveredOn: '2026-04-01' });
    // 0,5 × 520 + 0,5 × 438,70 + 25 = 504,350
    expect(price).toMatchObject({ ok: true, unitPriceCents: 50_435 });
  });

  it('trois décimales : le prix est gardé exact sur une base de 10 000 L', () => {
    const price = priceDelivery({
      ...base,
      indicators: {
        'cout-production-lait': [{ date: '2026-01-01', value: 512.457 }],
        'valorisation-beurre-poudre': indicators['valorisation-beurre-poudre'],
      },
      deliveredOn: '2026-03-15',
    });
    // 256,2285 + 219,35 + 25 = 500,5785 → 500,579
    expect(price).toMatchObject({
      ok: true,
      unitPriceCents: 500_579,
      priceBaseQuantityMilli: 10_000_000,
    });
  });

  it.each([
    [
      'indicateur sans valeur à la date',
      { deliveredOn: '2025-12-31' },
      /ne peut pas être calculé au 2025-12-31/,
    ],
    [
      'prix saisi sans motif',
      { deliveredOn: '2026-03-15', manual: { priceText: '480', reason: '' } },
      /motivé/,
    ],
    [
      'prix saisi illisible',
      { deliveredOn: '2026-03-15', manual: { priceText: 'cher', reason: 'Lot déclassé' } },
      /Prix invalide/,
    ],
  ])('%s : refusé', (_label, change, message) => {
    const price = priceDelivery({ ...base, ...change });
    expect(price.ok).toBe(false);
    expect(!price.ok && price.message).toMatch(message);
  });

  it('prix saisi par l’OP, avec son motif dans la trace', () => {
    const price = priceDelivery({
      ...base,
      deliveredOn: '2026-03-15',
      manual: { priceText: '470,5', reason: 'Lot déclassé (cellules)' },
    });
    expect(price).toMatchObject({ ok: true, source: 'manual', unitPriceCents: 47_050 });
    expect(price.ok && plain(price.trace[0]!.text)).toBe(
      'Prix fixé par l’OP pour cette livraison : 470,5 € HT pour 1 000 litres — motif : Lot déclassé (cellules)',
    );
  });

  it('prix fixe de l’accord ; critères sans prix calculable : saisie demandée', () => {
    const fixed = readFrameworkTerms({
      ...COMPLETE,
      price: { mode: 'fixed', fixedPrice: 495.5, automaticRevision: true, indicators: [] },
    });
    expect(priceDelivery({ ...base, terms: fixed, deliveredOn: '2026-03-15' })).toMatchObject({
      ok: true,
      unitPriceCents: 49_550,
    });
    const criteria = readFrameworkTerms({
      ...COMPLETE,
      price: { mode: 'criteria', criteria: 'Grille interprofessionnelle', indicators: [] },
    });
    const refused = priceDelivery({ ...base, terms: criteria, deliveredOn: '2026-03-15' });
    expect(!refused.ok && refused.message).toMatch(/saisissez le prix/);
  });
});
