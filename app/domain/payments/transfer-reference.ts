/** Crockford's base 32: no I, L, O, U, so a reference read over the phone is not misheard. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const PREFIX = 'CABAS';

/**
 * The bank-transfer reference of a household's share of a sheet, from 5 bytes of a digest of
 * the pair (computed by the caller): `CABAS-XXXX-XXXX` (40 bits, so two shares of one producer
 * practically never share a reference). Deterministic: the same share always shows the same one.
 */
export function formatTransferReference(digest: Uint8Array): string {
  if (digest.length < 5) {
    throw new RangeError('formatTransferReference: 5 octets au moins');
  }
  let bits = 0n;
  for (const byte of digest.slice(0, 5)) {
    bits = (bits << 8n) | BigInt(byte);
  }
  let code = '';
  for (let index = 7; index >= 0; index--) {
    code += ALPHABET[Number((bits >> BigInt(index * 5)) & 31n)];
  }
  return `${PREFIX}-${code.slice(0, 4)}-${code.slice(4)}`;
}

/**
 * A reference as a household or a bank statement writes it: any case, spaces or dashes, with or
 * without the prefix, O for 0 and I/L for 1. Null when it cannot be one of ours.
 */
export function normalizeTransferReference(text: string): string | null {
  const compact = text
    .toUpperCase()
    .replace(/[\s\-_.]/g, '')
    .replace(/^CABAS/, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(compact)) {
    return null;
  }
  return `${PREFIX}-${compact.slice(0, 4)}-${compact.slice(4)}`;
}
