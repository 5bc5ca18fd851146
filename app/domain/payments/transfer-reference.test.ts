import { describe, expect, it } from 'vitest';
import { formatTransferReference, normalizeTransferReference } from './transfer-reference.ts';

describe('formatTransferReference', () => {
  it.each([
    ['zéros', [0, 0, 0, 0, 0], 'CABAS-0000-0000'],
    ['uns', [255, 255, 255, 255, 255], 'CABAS-ZZZZ-ZZZZ'],
    ['mélange', [0x12, 0x34, 0x56, 0x78, 0x9a], 'CABAS-28T5-CY4T'],
    [
      'seuls les 5 premiers octets comptent',
      [0x12, 0x34, 0x56, 0x78, 0x9a, 0xff],
      'CABAS-28T5-CY4T',
    ],
  ])('%s', (_label, bytes, expected) => {
    expect(formatTransferReference(Uint8Array.from(bytes))).toBe(expected);
  });

  it('refuse moins de 5 octets (erreur de programmation)', () => {
    expect(() => formatTransferReference(Uint8Array.from([1, 2]))).toThrow(RangeError);
  });
});

describe('normalizeTransferReference', () => {
  it.each([
    ['telle quelle', 'CABAS-28T5-CY4T', 'CABAS-28T5-CY4T'],
    ['en minuscules avec espaces', ' cabas 28t5 cy4t ', 'CABAS-28T5-CY4T'],
    ['sans préfixe', '28T5CY4T', 'CABAS-28T5-CY4T'],
    ['O lu pour 0, I et L pour 1', 'CABAS-O0IL-ABCD', 'CABAS-0011-ABCD'],
    ['trop courte', 'CABAS-28T5', null],
    ['lettre U (hors alphabet)', 'CABAS-28T5-CY4U', null],
    ['vide', '', null],
  ])('%s', (_label, text, expected) => {
    expect(normalizeTransferReference(text)).toBe(expected);
  });
});
