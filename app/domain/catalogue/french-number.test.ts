import { describe, expect, it } from 'vitest';
import {
  formatEuroCents,
  formatPercentBasisPoints,
  formatQuantityMilli,
  formatScaledDecimal,
  parseEuroCents,
  parsePercentBasisPoints,
  parseQuantityMilli,
  parseScaledDecimal,
  parseWholeNumber,
} from './french-number.ts';

describe('parseEuroCents', () => {
  it.each([
    ['zéro', '0', 0],
    ['un centime', '0,01', 1],
    ['virgule décimale', '12,50', 1250],
    ['point décimal', '12.50', 1250],
    ['une seule décimale', '12,5', 1250],
    ['sans décimale', '12', 1200],
    ['décimale sans partie entière', ',5', 50],
    ['zéros inutiles au-delà du centime', '12,500', 1250],
    ['espace des milliers', '1 234,50', 123450],
    ['espace insécable des milliers (U+00A0)', '1\u00A0234,50', 123450],
    ['espace fine insécable des milliers (U+202F)', '1\u202F234,50', 123450],
    ['millions groupés', '1 234 567,89', 123456789],
    ['symbole € après, avec espace insécable', '12,50\u00A0€', 1250],
    ['symbole € collé', '12,50€', 1250],
    ['symbole € avant', '€12,50', 1250],
    ['« EUR » après', '12,50 EUR', 1250],
    ['espaces autour', '  4,20  ', 420],
    ['signe plus', '+3,10', 310],
    ['0,1 + 0,2 ne dérive pas', '0,30', 30],
    ['plus grand montant stockable', '21 474 836,47', 2_147_483_647],
  ])('%s : « %s » → %i centimes', (_label, text, cents) => {
    expect(parseEuroCents(text)).toEqual({ ok: true, value: cents });
  });

  it.each([
    [
      'un demi-centime',
      '0,005',
      '« 0,005 » : un prix se donne au centime près (2 décimales au plus).',
    ],
    [
      'trois décimales significatives',
      '12,505 €',
      '« 12,505 € » : un prix se donne au centime près (2 décimales au plus).',
    ],
    ['un prix négatif', '-1,00', '« -1,00 » : une valeur négative n’est pas acceptée.'],
    [
      'un signe moins typographique',
      '\u22121,00',
      '« \u22121,00 » : une valeur négative n’est pas acceptée.',
    ],
    ['du texte', 'gratuit', '« gratuit » n’est pas un nombre (exemple : 12,50).'],
    ['une virgule finale', '12,', '« 12, » n’est pas un nombre (exemple : 12,50).'],
    [
      'un groupe de milliers mal formé',
      '12 34,5',
      '« 12 34,5 » n’est pas un nombre (exemple : 12,50).',
    ],
    ['une notation scientifique', '1E+03', '« 1E+03 » n’est pas un nombre (exemple : 12,50).'],
    [
      'point des milliers et virgule décimale',
      '1.234,50',
      '« 1.234,50 » : utilisez la virgule pour les décimales et une espace pour les milliers (exemple : 1 234,50).',
    ],
    [
      'un montant au-delà d’un entier Postgres',
      '21 474 836,48',
      '« 21 474 836,48 » est trop grand.',
    ],
    ['une cellule vide', '', 'Valeur vide.'],
  ])('refuse %s', (_label, text, message) => {
    expect(parseEuroCents(text)).toEqual({ ok: false, message });
  });
});

describe('parseQuantityMilli', () => {
  it.each([
    ['un kilo', '1', 1000],
    ['1,25 kg', '1,25', 1250],
    ['un millième', '0,001', 1],
    ['zéros au-delà du millième', '0,2500', 250],
    ['milliers', '1 000', 1_000_000],
  ])('%s', (_label, text, milli) => {
    expect(parseQuantityMilli(text)).toEqual({ ok: true, value: milli });
  });

  it('refuse un dix-millième', () => {
    expect(parseQuantityMilli('0,0005')).toEqual({
      ok: false,
      message: '« 0,0005 » : 3 décimales au plus (au millième près).',
    });
  });
});

describe('parsePercentBasisPoints', () => {
  it.each([
    ['5,5 % avec espace insécable', '5,5\u00A0%', 550],
    ['5,5 % avec espace fine insécable', '5,5\u202F%', 550],
    ['format LibreOffice 5,50 %', '5,50 %', 550],
    ['sans symbole', '20', 2000],
    ['point décimal', '5.5%', 550],
  ])('%s', (_label, text, bp) => {
    expect(parsePercentBasisPoints(text)).toEqual({ ok: true, value: bp });
  });

  it('refuse trois décimales de pourcentage', () => {
    expect(parsePercentBasisPoints('5,555 %')).toEqual({
      ok: false,
      message: '« 5,555 % » : 2 décimales au plus pour un pourcentage.',
    });
  });
});

describe('parseWholeNumber', () => {
  it.each([
    ['groupé', '1 800', { ok: true, value: 1800 }],
    ['décimale nulle', '1800,0', { ok: true, value: 1800 }],
    ['décimale', '1800,5', { ok: false, message: '« 1800,5 » : nombre entier attendu.' }],
  ])('%s', (_label, text, expected) => {
    expect(parseWholeNumber(text)).toEqual(expected);
  });
});

describe('parseScaledDecimal', () => {
  it('accepte une borne maximale plus basse', () => {
    const options = { decimals: 0, tooPreciseMessage: 'number.wholePrecision', max: 10 } as const;
    expect(parseScaledDecimal('10', options)).toEqual({ ok: true, value: 10 });
    expect(parseScaledDecimal('11', options)).toEqual({
      ok: false,
      message: '« 11 » est trop grand.',
    });
  });
});

describe('formatScaledDecimal', () => {
  it.each([
    ['centimes, deux décimales imposées', 123450, { decimals: 2, minDecimals: 2 }, '1234,50'],
    ['zéro centime', 0, { decimals: 2, minDecimals: 2 }, '0,00'],
    ['un centime', 1, { decimals: 2, minDecimals: 2 }, '0,01'],
    ['millièmes sans zéro final', 1250, { decimals: 3 }, '1,25'],
    ['unité entière', 1000, { decimals: 3 }, '1'],
    ['un millième', 1, { decimals: 3 }, '0,001'],
    ['négatif (avoir)', -1250, { decimals: 2, minDecimals: 2 }, '-12,50'],
    ['point décimal', 550, { decimals: 2, decimalSeparator: '.' }, '5.5'],
  ] as const)('%s', (_label, value, options, expected) => {
    expect(formatScaledDecimal(value, options)).toBe(expected);
  });
});

describe('formatEuroCents / formatQuantityMilli / formatPercentBasisPoints', () => {
  it.each([
    ['prix', formatEuroCents(1250), '12,50'],
    ['prix, point décimal', formatEuroCents(1250, '.'), '12.50'],
    ['quantité', formatQuantityMilli(500), '0,5'],
    ['taux réduit', formatPercentBasisPoints(550), '5,5'],
    ['taux normal', formatPercentBasisPoints(2000), '20'],
  ])('%s', (_label, actual, expected) => {
    expect(actual).toBe(expected);
  });

  it.each([0, 1, 99, 100, 123450, 2_147_483_647])(
    '%i centimes reviennent à l’identique',
    (cents) => {
      expect(parseEuroCents(formatEuroCents(cents))).toEqual({ ok: true, value: cents });
    },
  );
});
