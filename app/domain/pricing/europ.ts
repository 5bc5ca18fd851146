/**
 * EUROP carcass conformation grid in thirds of class, low → high (BEEF-05; Reg. (EU) 1308/2013
 * annex IV). A formula pays `perThird` for each third above the reference class.
 */
export const EUROP_THIRDS = [
  'P-',
  'P=',
  'P+',
  'O-',
  'O=',
  'O+',
  'R-',
  'R=',
  'R+',
  'U-',
  'U=',
  'U+',
  'E-',
  'E=',
  'E+',
] as const;

export type ConformationClass = (typeof EUROP_THIRDS)[number];

/** Signed number of thirds from `reference` to `actual`: thirdsAbove('U-', 'R=') = 2. */
export function thirdsAbove(actual: ConformationClass, reference: ConformationClass): number {
  return EUROP_THIRDS.indexOf(actual) - EUROP_THIRDS.indexOf(reference);
}
