import { describe, expect, it } from 'vitest';
import { formatIban, normalizeBic, normalizeIban } from './bank-details.ts';

describe('normalizeIban', () => {
  it.each([
    [
      'IBAN français valide, en groupes',
      'FR76 3000 6000 0112 3456 7890 189',
      'FR7630006000011234567890189',
    ],
    ['minuscules', 'fr7630006000011234567890189', 'FR7630006000011234567890189'],
    ['IBAN allemand valide', 'DE89 3704 0044 0532 0130 00', 'DE89370400440532013000'],
    ['clé fausse', 'FR7730006000011234567890189', null],
    ['trop court', 'FR76 3000', null],
    ['caractères interdits', 'FR76-3000-6000-0112-3456-7890-18!', null],
  ])('%s', (_label, text, expected) => {
    expect(normalizeIban(text)).toBe(expected);
  });

  it('formatIban groupe par quatre', () => {
    expect(formatIban('FR7630006000011234567890189')).toBe('FR76 3000 6000 0112 3456 7890 189');
  });
});

describe('normalizeBic', () => {
  it.each([
    ['8 caractères', 'agrifrpp', 'AGRIFRPP'],
    ['11 caractères', 'AGRI FRPP 839', 'AGRIFRPP839'],
    ['9 caractères', 'AGRIFRPP8', null],
    ['chiffres dans le code banque', '1GRIFRPP', null],
  ])('%s', (_label, text, expected) => {
    expect(normalizeBic(text)).toBe(expected);
  });
});
