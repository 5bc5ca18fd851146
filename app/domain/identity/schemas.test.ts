import { describe, expect, it } from 'vitest';
import {
  CentsSchema,
  FrenchVatNumberSchema,
  INT4_MAX,
  QuantityMilliSchema,
  SirenSchema,
  SiretSchema,
  VatRateBpSchema,
} from './schemas.ts';

function firstMessage(result: { success: boolean; error?: { issues: { message: string }[] } }) {
  return result.error?.issues.map((issue) => issue.message);
}

describe('CentsSchema', () => {
  it.each([
    ['zéro centime', 0],
    ['un centime', 1],
    ['plus grand entier Postgres', INT4_MAX],
  ])('accepte %s', (_label, value) => {
    expect(CentsSchema.safeParse(value)).toEqual({ success: true, data: value });
  });

  it.each([
    ['un montant négatif', -1, 'Le montant ne peut pas être négatif.'],
    ['des fractions de centime', 12.5, 'Le montant doit être un nombre entier de centimes.'],
    ['au-delà d’un entier Postgres', INT4_MAX + 1, 'Le montant est trop élevé.'],
    ['une chaîne', '12,50', 'Le montant doit être un nombre entier de centimes.'],
  ])('refuse %s', (_label, value, message) => {
    expect(firstMessage(CentsSchema.safeParse(value))).toEqual([message]);
  });
});

describe('QuantityMilliSchema', () => {
  it.each([
    ['1,25 kg', 1250, true],
    ['zéro', 0, true],
    ['négatif', -1000, false],
    ['fraction de millième', 0.5, false],
  ])('%s', (_label, value, expected) => {
    expect(QuantityMilliSchema.safeParse(value).success).toBe(expected);
  });
});

describe('VatRateBpSchema', () => {
  it.each([
    ['5,5 %', 550, true],
    ['10 %', 1000, true],
    ['20 %', 2000, true],
    ['7 % (ancien taux, refusé)', 700, false],
    ['2,1 % (presse, hors alimentaire)', 210, false],
    ['zéro : le forfait agricole se note null', 0, false],
    ['null sans .nullable()', null, false],
  ])('%s', (_label, value, expected) => {
    expect(VatRateBpSchema.safeParse(value).success).toBe(expected);
  });
});

describe('SirenSchema', () => {
  it.each([
    ['avec espaces', '732 829 320', '732829320'],
    ['avec espaces insécables', '732\u00A0829\u202F320', '732829320'],
  ])('normalise un SIREN %s', (_label, input, expected) => {
    expect(SirenSchema.safeParse(input)).toEqual({ success: true, data: expected });
  });

  it.each([
    ['vide', '', 'Le SIREN est obligatoire.'],
    ['de 8 chiffres', '73282932', 'Le SIREN doit comporter 9 chiffres.'],
    [
      'à clé fausse',
      '732829321',
      'Ce SIREN n’existe pas : la clé de contrôle est fausse (vérifiez la saisie).',
    ],
  ])('refuse un SIREN %s avec un seul message', (_label, input, message) => {
    expect(firstMessage(SirenSchema.safeParse(input))).toEqual([message]);
  });
});

describe('SiretSchema', () => {
  it.each([
    ['ordinaire', '732 829 320 00074', '73282932000074'],
    ['d’un bureau de La Poste', '356 000 000 00010', '35600000000010'],
  ])('accepte un SIRET %s', (_label, input, expected) => {
    expect(SiretSchema.safeParse(input)).toEqual({ success: true, data: expected });
  });

  it.each([
    ['trop court', '7328293200007', 'Le SIRET doit comporter 14 chiffres (SIREN + NIC).'],
    [
      'à clé fausse',
      '73282932000075',
      'Ce SIRET n’existe pas : la clé de contrôle est fausse (vérifiez la saisie).',
    ],
  ])('refuse un SIRET %s', (_label, input, message) => {
    expect(firstMessage(SiretSchema.safeParse(input))).toEqual([message]);
  });
});

describe('FrenchVatNumberSchema', () => {
  it('normalise espaces et minuscules', () => {
    expect(FrenchVatNumberSchema.safeParse('fr 40 303 265 045')).toEqual({
      success: true,
      data: 'FR40303265045',
    });
  });

  it.each([
    [
      'mauvaise forme',
      'FR4030326504',
      'Le numéro de TVA doit avoir la forme FR + 2 chiffres de clé + 9 chiffres du SIREN.',
    ],
    ['SIREN invalide', 'FR40303265046', 'Le SIREN contenu dans le numéro de TVA est invalide.'],
    ['clé fausse', 'FR41303265045', 'La clé du numéro de TVA ne correspond pas au SIREN.'],
  ])('refuse un numéro à %s', (_label, input, message) => {
    expect(firstMessage(FrenchVatNumberSchema.safeParse(input))).toEqual([message]);
  });
});
