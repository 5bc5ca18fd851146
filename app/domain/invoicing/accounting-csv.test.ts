import { describe, expect, it } from 'vitest';
import { accountingRowsToCsv, formatCentsFr, formatRateFr } from './accounting-csv.ts';

describe('formatCentsFr', () => {
  it.each([
    [0, '0,00'],
    [5, '0,05'],
    [123_456, '1234,56'],
    [-66, '-0,66'],
    [-1266, '-12,66'],
  ])('%i → %s', (cents, text) => {
    expect(formatCentsFr(cents)).toBe(text);
  });
});

describe('formatRateFr', () => {
  it.each([
    [550, '5,5'],
    [1000, '10'],
    [2000, '20'],
    [210, '2,1'],
    [0, '0'],
  ])('%i bp → %s', (rate, text) => {
    expect(formatRateFr(rate)).toBe(text);
  });
});

describe('accountingRowsToCsv', () => {
  it('BOM, « ; », CRLF, champs contenant « ; » entre guillemets', () => {
    const csv = accountingRowsToCsv([
      {
        invoiceNumber: 'F2026-000001',
        typeCode: '380',
        issueDate: '2026-09-15',
        dueDate: '2026-10-14',
        sellerSiren: '841234560',
        buyerName: 'Dupont; Claire',
        buyerKind: 'b2c',
        vatCategory: 'S',
        vatRateBp: 550,
        netCents: 2874,
        vatCents: 158,
        grossCents: 3032,
      },
    ]);
    expect(csv.startsWith('\uFEFFNuméro;Type;')).toBe(true);
    expect(csv.split('\r\n')[1]).toBe(
      'F2026-000001;Facture;2026-09-15;2026-10-14;;841234560;"Dupont; Claire";;particulier;S;5,5;28,74;1,58;30,32',
    );
  });
});
