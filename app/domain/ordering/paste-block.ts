import { parseQuantityMilli } from '#app/domain/catalogue/french-number.ts';

/**
 * A block copied from a spreadsheet (tab-separated columns, one line per row) as quantities
 * in thousandths: `null` for an empty cell (clears it), `undefined` for unreadable text.
 */
export function parsePasteBlock(text: string): (number | null | undefined)[][] {
  const lines = text.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return lines.map((line) =>
    line.split('\t').map((cell) => {
      const trimmed = cell.trim();
      if (trimmed === '') {
        return null;
      }
      const parsed = parseQuantityMilli(trimmed);
      return parsed.ok ? parsed.value : undefined;
    }),
  );
}

/** True when pasted text is a block (several cells) rather than one value. */
export function isPasteBlock(text: string): boolean {
  return /[\t\n]/.test(text.replace(/\r?\n$/, ''));
}
