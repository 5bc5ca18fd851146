import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeCsvBytes } from './csv-decode.ts';

const SAMPLE = 'Nom;Prix\r\nŒufs;4,20 €\r\nCrème fraîche ½ L;3,10\r\n';

function bytes(...values: number[]): Uint8Array {
  return Uint8Array.from(values);
}

describe('decodeCsvBytes', () => {
  it.each([
    ['UTF-8 sans BOM', new TextEncoder().encode(SAMPLE), 'utf-8', false],
    ['UTF-8 avec BOM', new TextEncoder().encode(`\uFEFF${SAMPLE}`), 'utf-8', true],
    [
      'Windows-1252 (LibreOffice « Europe occidentale »)',
      iconv.encode(SAMPLE, 'win1252'),
      'windows-1252',
      false,
    ],
    [
      'UTF-16 LE avec BOM (Excel « texte Unicode »)',
      iconv.encode(SAMPLE, 'utf16le', { addBOM: true }),
      'utf-16le',
      true,
    ],
    ['UTF-16 BE avec BOM', iconv.encode(SAMPLE, 'utf16be', { addBOM: true }), 'utf-16be', true],
  ])('%s', (_label, input, encoding, bom) => {
    expect(decodeCsvBytes(input)).toEqual({ ok: true, text: SAMPLE, encoding, bom });
  });

  it.each([
    ['Œ', 0x8c],
    ['€', 0x80],
    ['½', 0xbd],
    ['è', 0xe8],
    ['î', 0xee],
    ['œ', 0x9c],
  ])('lit « %s » en Windows-1252 (octet %i)', (character, byte) => {
    const decoded = decodeCsvBytes(bytes(0x41, byte, 0x42));
    expect(decoded).toMatchObject({ ok: true, text: `A${character}B`, encoding: 'windows-1252' });
  });

  it('garde un texte ASCII pur en UTF-8', () => {
    expect(decodeCsvBytes(new TextEncoder().encode('Nom;Prix\n'))).toMatchObject({
      encoding: 'utf-8',
      bom: false,
    });
  });

  it.each([
    ['octet non attribué en Windows-1252 (0x81), ligne 2', bytes(0x61, 0x0a, 0x62, 0x81, 0x0a), 2],
    [
      'BOM UTF-8 suivi d’octets invalides, ligne 3',
      bytes(0xef, 0xbb, 0xbf, 0x61, 0x0d, 0x0a, 0x62, 0x0a, 0xff),
      3,
    ],
  ])('refuse un encodage inconnu : %s', (_label, input, line) => {
    expect(decodeCsvBytes(input)).toEqual({
      ok: false,
      line,
      message:
        'Caractères illisibles : enregistrez le fichier en CSV « Unicode (UTF-8) » ou « Europe occidentale (Windows-1252) ».',
    });
  });

  it.each([
    ['classeur .xlsx ou .ods (ZIP)', bytes(0x50, 0x4b, 0x03, 0x04, 0x14)],
    ['classeur .xls', bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1)],
  ])('explique qu’un %s n’est pas un CSV', (_label, input) => {
    expect(decodeCsvBytes(input)).toMatchObject({
      ok: false,
      line: 1,
      message: expect.stringMatching(/pas un CSV/),
    });
  });
});
