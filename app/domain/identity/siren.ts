/**
 * Checks on French company identifiers (INSEE SIREN/SIRET, intra-EU VAT number).
 * Pure string arithmetic: identifiers stay strings so leading zeros survive.
 */

/** SIREN of La Poste, whose establishments (SIRET) do not follow the Luhn rule. */
export const LA_POSTE_SIREN = '356000000';

/**
 * SIRET of La Poste's head office: unlike the other La Poste establishments it does
 * satisfy the Luhn rule, and INSEE validates it that way.
 */
export const LA_POSTE_HEAD_OFFICE_SIRET = '35600000000048';

const SPACES = /[\s\u00A0\u202F\u2009]/g;

/** Removes the spaces people type or paste in identifiers ("356 000 000 00048"). */
export function stripIdentifierSpaces(input: string): string {
  return input.replace(SPACES, '');
}

/** Luhn (mod 10) checksum, the algorithm INSEE uses for SIREN and SIRET. */
export function hasValidLuhnChecksum(digits: string): boolean {
  if (!/^\d+$/.test(digits)) {
    return false;
  }
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    const fromRight = digits.length - 1 - index;
    let digit = Number(digits[index]);
    // Every second digit from the right is doubled.
    if (fromRight % 2 === 1) {
      digit *= 2;
      if (digit > 9) {
        digit -= 9;
      }
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

// All zeros passes Luhn but is never issued: it is what an empty, zero-filled field looks like.
const ALL_ZEROS = /^0+$/;

export function isValidSiren(siren: string): boolean {
  return /^\d{9}$/.test(siren) && !ALL_ZEROS.test(siren) && hasValidLuhnChecksum(siren);
}

/**
 * SIRET = SIREN + 5-digit establishment number (NIC), Luhn-checked over 14 digits.
 * Exception (INSEE): La Poste (SIREN 356 000 000) has more establishments than the
 * Luhn key space allows, so its SIRETs other than the head office are instead
 * checked by "the sum of the 14 digits is a multiple of 5".
 */
export function isValidSiret(siret: string): boolean {
  // A SIRET starts with its company's SIREN, which carries its own Luhn key.
  if (!/^\d{14}$/.test(siret) || !isValidSiren(siret.slice(0, 9))) {
    return false;
  }
  if (siret.startsWith(LA_POSTE_SIREN) && siret !== LA_POSTE_HEAD_OFFICE_SIRET) {
    const digitSum = [...siret].reduce((sum, digit) => sum + Number(digit), 0);
    return digitSum % 5 === 0;
  }
  return hasValidLuhnChecksum(siret);
}

/**
 * Two-digit key of a French VAT number built from a SIREN:
 * key = (12 + 3 × (SIREN mod 97)) mod 97, the DGFiP formula.
 */
export function computeFrenchVatKey(siren: string): string {
  const key = (12 + 3 * (Number(siren) % 97)) % 97;
  return String(key).padStart(2, '0');
}

/** Builds "FR" + key + SIREN from a valid SIREN. */
export function buildFrenchVatNumber(siren: string): string {
  return `FR${computeFrenchVatKey(siren)}${siren}`;
}

/**
 * Only SIREN-based numbers with a numeric key are accepted: alphanumeric keys
 * (issued to businesses without a SIREN) cannot be verified offline.
 */
export function isValidFrenchVatNumber(vatNumber: string): boolean {
  const match = /^FR(\d{2})(\d{9})$/.exec(vatNumber);
  if (!match) {
    return false;
  }
  const [, key, siren] = match;
  return siren !== undefined && isValidSiren(siren) && computeFrenchVatKey(siren) === key;
}
