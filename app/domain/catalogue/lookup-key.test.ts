import { describe, expect, it } from 'vitest';
import {
  EGALIM_CATEGORIES,
  EGALIM_CATEGORY_LABELS,
  findEgalimCategory,
} from './egalim-categories.ts';
import { buildLookup, toLookupKey } from './lookup-key.ts';
import {
  findQualityLabel,
  hasSiqoLabel,
  QUALITY_LABEL_DEFINITIONS,
  QUALITY_LABELS,
} from './quality-labels.ts';
import { findSaleUnit, SALE_UNIT_DEFINITIONS, SALE_UNITS } from './sale-units.ts';

describe('toLookupKey', () => {
  it.each([
    ['accents et majuscules', 'Unité', 'unite'],
    ['tout en majuscules', 'UNITÉ', 'unite'],
    ['ligature œ', 'Œufs', 'oeufs'],
    ['esperluette', 'Nature & Progrès', 'nature et progres'],
    ['unité entre parenthèses', 'Prix pro HT (€)', 'prix pro ht'],
    ['espaces multiples et insécables', '  Max\u00A0 par   foyer ', 'max par foyer'],
    ['tirets et cœur', 'Bleu-Blanc-Cœur', 'bleu blanc coeur'],
  ])('%s : « %s »', (_label, text, key) => {
    expect(toLookupKey(text)).toBe(key);
  });
});

describe('buildLookup', () => {
  it('refuse une orthographe revendiquée par deux codes', () => {
    expect(() =>
      buildLookup([
        ['kg', ['kilo']],
        ['g', ['Kilo']],
      ] as const),
    ).toThrow(/Kilo/);
  });
});

describe('findSaleUnit', () => {
  it.each(SALE_UNITS)('retrouve « %s » par son libellé et son code UN/ECE', (unit) => {
    const definition = SALE_UNIT_DEFINITIONS[unit];
    expect(findSaleUnit(toLookupKey(definition.label))).toBe(unit);
    expect(findSaleUnit(toLookupKey(definition.unece))).toBe(unit);
  });

  it.each([
    ['pièce', 'C62'],
    ['kg', 'KGM'],
    ['g', 'GRM'],
    ['L', 'LTR'],
    ['cl', 'CLT'],
    ['douzaine', 'DZN'],
  ])('« %s » a le code UN/ECE %s', (label, code) => {
    const unit = findSaleUnit(toLookupKey(label));
    expect(unit && SALE_UNIT_DEFINITIONS[unit].unece).toBe(code);
  });

  it.each([
    ['Kilo', 'kg'],
    ['Pièces', 'piece'],
    ['bocal', 'jar'],
    ['Colis', 'box'],
  ])('reconnaît « %s »', (text, unit) => {
    expect(findSaleUnit(toLookupKey(text))).toBe(unit);
  });
});

describe('findEgalimCategory', () => {
  it.each(EGALIM_CATEGORIES)('retrouve %s par son code et son libellé', (category) => {
    expect(findEgalimCategory(toLookupKey(category))).toBe(category);
    expect(findEgalimCategory(toLookupKey(EGALIM_CATEGORY_LABELS[category]))).toBe(category);
  });
});

describe('findQualityLabel', () => {
  it.each(QUALITY_LABELS)('retrouve %s par son nom', (label) => {
    expect(findQualityLabel(toLookupKey(QUALITY_LABEL_DEFINITIONS[label].label))).toBe(label);
  });

  it.each([
    ['bio', 'ab'],
    ['Nature et Progrès', 'nature_progres'],
    ['bleu blanc coeur', 'bleu_blanc_coeur'],
  ])('reconnaît « %s »', (text, label) => {
    expect(findQualityLabel(toLookupKey(text))).toBe(label);
  });
});

describe('hasSiqoLabel', () => {
  it.each([
    ['aucun label', [], false],
    ['HVE n’est pas un SIQO', ['hve'], false],
    ['Label Rouge est un SIQO', ['hve', 'label_rouge'], true],
    ['AB est un SIQO', ['ab'], true],
  ] as const)('%s', (_label, labels, expected) => {
    expect(hasSiqoLabel(labels)).toBe(expected);
  });
});
