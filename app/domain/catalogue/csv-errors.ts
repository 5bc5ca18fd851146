/** One problem of an imported file, located as the spreadsheet shows it. */
export type CsvImportError = {
  /** Spreadsheet row, header = 1. */
  line: number;
  /** Column title as written in the file (or its letter, or the expected title when absent). */
  column: string | null;
  /** The cell as read, when the problem is about one cell. */
  value: string | null;
  /** French, for the producer. */
  message: string;
};

/** Spreadsheet column letter: 0 → A, 25 → Z, 26 → AA. */
export function columnLetter(index: number): string {
  let letters = '';
  let rest = index + 1;
  while (rest > 0) {
    const digit = (rest - 1) % 26;
    letters = String.fromCharCode(65 + digit) + letters;
    rest = Math.floor((rest - 1) / 26);
  }
  return letters;
}

/** A column as the producer can find it: its title, or its letter when it has none. */
export function describeColumn(title: string, index: number): string {
  const trimmed = title.trim();
  return trimmed === '' ? `colonne ${columnLetter(index)}` : trimmed;
}
