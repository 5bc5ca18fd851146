import { describe, expect, it } from 'vitest';
import { formatInvoiceNumber, isValidInvoiceNumber } from './invoice-number.ts';

describe('formatInvoiceNumber', () => {
  it.each([
    ['facture courante', { prefix: 'F', year: 2026, number: 123, width: 6 }, 'F2026-000123'],
    [
      'première facture de l’année',
      { prefix: 'F', year: 2027, number: 1, width: 6 },
      'F2027-000001',
    ],
    ['série des avoirs', { prefix: 'AV', year: 2026, number: 7, width: 4 }, 'AV2026-0007'],
    ['sans préfixe', { prefix: '', year: 2026, number: 42, width: 6 }, '2026-000042'],
    [
      'la largeur est un minimum, jamais une troncature',
      { prefix: 'F', year: 2026, number: 1_234_567, width: 6 },
      'F2026-1234567',
    ],
    [
      'série autofacturation lait avec / et _',
      { prefix: 'AF/LAIT_', year: 2026, number: 17, width: 4 },
      'AF/LAIT_2026-0017',
    ],
    [
      'exactement 35 caractères',
      { prefix: 'ABCDEFGHIJKLMNOPQRSTUVWX', year: 2026, number: 1, width: 6 },
      'ABCDEFGHIJKLMNOPQRSTUVWX2026-000001',
    ],
  ])('%s', (_label, options, expected) => {
    expect(formatInvoiceNumber(options)).toEqual({ ok: true, value: expected });
    expect(isValidInvoiceNumber(expected)).toBe(true);
  });

  it.each([
    [
      '36 caractères (BR-FR-01)',
      { prefix: 'ABCDEFGHIJKLMNOPQRSTUVWXY', year: 2026, number: 1, width: 6 },
      'too_long',
    ],
    [
      'espace interdit (BR-FR-02)',
      { prefix: 'F ', year: 2026, number: 1, width: 6 },
      'invalid_characters',
    ],
    [
      'accent interdit (BR-FR-02)',
      { prefix: 'Fé', year: 2026, number: 1, width: 6 },
      'invalid_characters',
    ],
    [
      'point interdit (BR-FR-02)',
      { prefix: 'F.', year: 2026, number: 1, width: 6 },
      'invalid_characters',
    ],
    ['numéro zéro', { prefix: 'F', year: 2026, number: 0, width: 6 }, 'invalid_sequence_number'],
    [
      'numéro négatif',
      { prefix: 'F', year: 2026, number: -3, width: 6 },
      'invalid_sequence_number',
    ],
    [
      'numéro décimal',
      { prefix: 'F', year: 2026, number: 1.5, width: 6 },
      'invalid_sequence_number',
    ],
    [
      'année hors 2000–2099 (BR-FR-03)',
      { prefix: 'F', year: 1999, number: 1, width: 6 },
      'invalid_year',
    ],
    ['largeur nulle', { prefix: 'F', year: 2026, number: 1, width: 0 }, 'invalid_width'],
  ])('refuse : %s', (_label, options, code) => {
    const result = formatInvoiceNumber(options);
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok === false && result.message.length > 0).toBe(true);
  });
});

describe('isValidInvoiceNumber', () => {
  it.each([
    ['F2026-000042', true],
    ['AF-LAIT-2026-08-0017', true],
    ['F+2026/01_A', true],
    ['', false],
    ['F 2026', false],
    ['F2026#1', false],
    ['X'.repeat(35), true],
    ['X'.repeat(36), false],
  ])('« %s » → %s', (value, expected) => {
    expect(isValidInvoiceNumber(value)).toBe(expected);
  });
});
