import iconv from 'iconv-lite';
import { type CatalogueMessageKey, tc } from './messages.ts';

/**
 * Turns the bytes of a spreadsheet export into text. What producers send:
 * - LibreOffice, French locale, "Europe occidentale (Windows-1252/WinLatin 1)": Windows-1252;
 * - LibreOffice/Excel "CSV UTF-8": UTF-8, with a BOM from Excel, often without from LibreOffice;
 * - Excel "Texte Unicode": UTF-16 LE with a BOM (tab-separated).
 * Without a BOM, text that is valid UTF-8 is UTF-8 (Windows-1252 accents are never valid
 * UTF-8 sequences in practice), anything else is read as Windows-1252.
 */

export type CsvEncoding = 'utf-8' | 'windows-1252' | 'utf-16le' | 'utf-16be';

export type DecodedCsv =
  | { ok: true; text: string; encoding: CsvEncoding; bom: boolean }
  | { ok: false; line: number; message: string };

const REPLACEMENT_CHARACTER = '\uFFFD';

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

// Spreadsheet files uploaded instead of their CSV export get a message that says so.
const SPREADSHEET_SIGNATURES: readonly (readonly number[])[] = [
  [0x50, 0x4b, 0x03, 0x04], // ZIP container: .xlsx, .ods
  [0xd0, 0xcf, 0x11, 0xe0], // OLE container: .xls
];

function failAt(text: string, key: CatalogueMessageKey): DecodedCsv {
  const index = text.indexOf(REPLACEMENT_CHARACTER);
  const line = index < 0 ? 1 : text.slice(0, index).split(/\r\n?|\n/).length;
  return { ok: false, line, message: tc(key) };
}

function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (SPREADSHEET_SIGNATURES.some((signature) => startsWith(bytes, signature))) {
    return { ok: false, line: 1, message: tc('csv.spreadsheetFile') };
  }
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) {
    const body = bytes.subarray(3);
    const text = decodeUtf8(body);
    return text === null
      ? failAt(new TextDecoder('utf-8').decode(body), 'csv.undecodable')
      : { ok: true, text, encoding: 'utf-8', bom: true };
  }
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const text = iconv.decode(bytes.subarray(2), encoding === 'utf-16le' ? 'utf16le' : 'utf16be');
    return text.includes(REPLACEMENT_CHARACTER)
      ? failAt(text, 'csv.undecodable')
      : { ok: true, text, encoding, bom: true };
  }
  const utf8 = decodeUtf8(bytes);
  if (utf8 !== null) {
    return { ok: true, text: utf8, encoding: 'utf-8', bom: false };
  }
  // Bytes 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in Windows-1252: their presence means
  // another encoding (Mac Roman, DOS 850…), which would otherwise import as wrong accents.
  const windows1252 = iconv.decode(bytes, 'win1252');
  return windows1252.includes(REPLACEMENT_CHARACTER)
    ? failAt(windows1252, 'csv.undecodable')
    : { ok: true, text: windows1252, encoding: 'windows-1252', bom: false };
}
