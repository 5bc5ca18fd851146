import { describe, expect, it } from 'vitest';
import {
  buildFrenchVatNumber,
  computeFrenchVatKey,
  hasValidLuhnChecksum,
  isValidFrenchVatNumber,
  isValidSiren,
  isValidSiret,
} from './siren.ts';

describe('hasValidLuhnChecksum', () => {
  it.each([
    ['un seul zéro', '0', true],
    ['chiffre de contrôle juste (18)', '18', true],
    ['chiffre de contrôle faux (19)', '19', false],
    ['doublement > 9 ramené à un chiffre (59 → 1+0+9)', '59', true],
    ['caractère non numérique', '12a4', false],
    ['chaîne vide', '', false],
  ])('%s', (_label, digits, expected) => {
    expect(hasValidLuhnChecksum(digits)).toBe(expected);
  });
});

describe('isValidSiren', () => {
  it.each([
    ['SIREN valide', '732829320', true],
    ['SIREN de La Poste (clé de Luhn valide)', '356000000', true],
    ['dernier chiffre modifié', '732829321', false],
    ['8 chiffres', '73282932', false],
    ['10 chiffres', '7328293200', false],
    ['neuf zéros (passe Luhn mais jamais attribué)', '000000000', false],
    ['espaces non retirés', '732 829 320', false],
  ])('%s', (_label, siren, expected) => {
    expect(isValidSiren(siren)).toBe(expected);
  });
});

describe('isValidSiret', () => {
  it.each([
    ['SIRET valide', '73282932000074', true],
    ['NIC modifié', '73282932000075', false],
    ['somme multiple de 5 hors La Poste : Luhn exigé', '73282932000072', false],
    ['Luhn valide sur 14 chiffres mais SIREN invalide', '73282932100007', false],
    ['siège de La Poste : Luhn', '35600000000048', true],
    ['établissement La Poste, somme des chiffres multiple de 5', '35600000000010', true],
    ['établissement La Poste, somme non multiple de 5', '35600000000028', false],
    ['13 chiffres', '7328293200007', false],
    ['quatorze zéros', '00000000000000', false],
  ])('%s', (_label, siret, expected) => {
    expect(isValidSiret(siret)).toBe(expected);
  });
});

describe('computeFrenchVatKey', () => {
  it.each([
    ['exemple publié FR40 303 265 045', '303265045', '40'],
    ['La Poste', '356000000', '39'],
    ['clé sur un chiffre complétée par un zéro', '000000001', '15'],
    ['SIREN quelconque', '732829320', '44'],
  ])('%s', (_label, siren, expected) => {
    expect(computeFrenchVatKey(siren)).toBe(expected);
  });
});

describe('buildFrenchVatNumber', () => {
  it('préfixe FR + clé + SIREN', () => {
    expect(buildFrenchVatNumber('303265045')).toBe('FR40303265045');
  });
});

describe('isValidFrenchVatNumber', () => {
  it.each([
    ['numéro valide', 'FR40303265045', true],
    ['clé fausse', 'FR41303265045', false],
    ['clé juste mais SIREN invalide', `FR${computeFrenchVatKey('303265046')}303265046`, false],
    ['clé alphanumérique (non vérifiable)', 'FRA0303265045', false],
    ['préfixe d’un autre pays', 'DE40303265045', false],
    ['minuscules non normalisées', 'fr40303265045', false],
  ])('%s', (_label, vatNumber, expected) => {
    expect(isValidFrenchVatNumber(vatNumber)).toBe(expected);
  });
});
