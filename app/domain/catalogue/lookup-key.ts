/**
 * Spreadsheet text is typed by hand: "Unité", "UNITE", "unité " and "Unite" must all
 * find the same column or code. A lookup key is lower-case, without accents or
 * punctuation, with single spaces.
 */
export function toLookupKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/&/g, ' et ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * Builds a key → code map from each code's accepted spellings (the code itself is always
 * accepted). Two codes claiming one spelling is a programming error, caught by tests.
 */
export function buildLookup<Code extends string>(
  entries: Iterable<readonly [Code, readonly string[]]>,
): ReadonlyMap<string, Code> {
  const lookup = new Map<string, Code>();
  for (const [code, spellings] of entries) {
    for (const spelling of [code, ...spellings]) {
      const key = toLookupKey(spelling);
      const existing = lookup.get(key);
      if (existing !== undefined && existing !== code) {
        throw new Error(`Ambiguous spelling "${spelling}" for ${existing} and ${code}`);
      }
      lookup.set(key, code);
    }
  }
  return lookup;
}
