import { describe, expect, it } from 'vitest';
import {
  parseAntibioticsCell,
  parseCountCell,
  parseDayCell,
  parseFreezingPointCell,
  parseGramsPerLitreCell,
  parseLitresCell,
} from './cells.ts';

const value = <T>(result: { ok: true; value: T } | { ok: false; message: string }) =>
  result.ok ? result.value : result.message;

describe('parseDayCell', () => {
  it.each([
    ['date française', '05/08/2026', '2026-08-05'],
    ['année sur deux chiffres', '5/8/26', '2026-08-05'],
    ['date ISO', '2026-08-31', '2026-08-31'],
    ['aujourd’hui pile', '2026-09-02', '2026-09-02'],
    ['30 février', '30/02/2026', 'date « 30/02/2026 » invalide (JJ/MM/AAAA ou AAAA-MM-JJ)'],
    ['demain', '03/09/2026', 'date du 2026-09-03 dans le futur'],
  ])('%s', (_label, text, expected) => {
    expect(value(parseDayCell(text, '2026-09-02'))).toBe(expected);
  });
});

describe('parseGramsPerLitreCell et parseLitresCell', () => {
  it.each([
    ['42,15 g/L', '42,15', 42_150],
    ['borne basse 20', '20', 20_000],
    ['borne haute 80', '80,0', 80_000],
    [
      '19,999 : hors plage',
      '19,999',
      'MG : « 19,999 » g/L hors des valeurs possibles (20 à 80 g/L) ; vérifiez l’unité (g/L, pas %)',
    ],
    ['4 décimales', '42,1234', 'MG : « 42,1234 » : 3 décimales au plus (au millième près).'],
  ])('teneur %s', (_label, text, expected) => {
    expect(value(parseGramsPerLitreCell(text, 'MG'))).toBe(expected);
  });

  it.each([
    ['1 523', 1523],
    ['1523,0', 1523],
    ['100 000', 100_000],
    ['100 001', 'litres : 100001 hors des valeurs possibles pour une collecte (1 à 100 000 L)'],
  ])('litres « %s »', (text, expected) => {
    expect(value(parseLitresCell(text))).toBe(expected);
  });
});

describe('parseFreezingPointCell, parseCountCell, parseAntibioticsCell', () => {
  it.each([
    ['−0,522 °C', '−0,522', -522],
    ['-0,4 (borne)', '-0,4', -400],
    ['522 m°C', '522', -522],
    ['-700 m°C (borne)', '-700', -700],
    [
      '-0,399',
      '-0,399',
      'point de congélation « -0,399 » hors des valeurs possibles (−0,400 à −0,700 °C)',
    ],
  ])('point de congélation %s', (_label, text, expected) => {
    expect(value(parseFreezingPointCell(text))).toBe(expected);
  });

  it.each([
    ['comptage', '45 000', false, 45_000],
    ['en milliers', '45', true, 45_000],
    ['en milliers avec décimale', '45,5', true, 45_500],
    ['décimale sans milliers', '45,5', false, 'germes : « 45,5 » : nombre entier attendu.'],
  ])('germes %s', (_label, text, thousands, expected) => {
    expect(value(parseCountCell(text, 'germes', thousands))).toBe(expected);
  });

  it.each([
    ['Négatif', 'negative'],
    ['-', 'negative'],
    ['POSITIF', 'positive'],
    ['+', 'positive'],
    ['douteux', 'antibiotiques : « douteux » inconnu (négatif ou positif)'],
  ])('antibiotiques « %s »', (text, expected) => {
    expect(value(parseAntibioticsCell(text))).toBe(expected);
  });
});
