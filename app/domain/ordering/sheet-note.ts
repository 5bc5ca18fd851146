/**
 * A household's note on a sheet (the comment column of the old spreadsheet). Pure: what is
 * kept of the text typed, or why it is refused, in French. Empty: the note is removed.
 */

export const SHEET_NOTE_MAX_LENGTH = 280;

export type SheetNoteResult = { ok: true; note: string | null } | { ok: false; message: string };

export function parseSheetNote(input: unknown): SheetNoteResult {
  if (input !== null && input !== undefined && typeof input !== 'string') {
    return { ok: false, message: 'La note doit être un texte.' };
  }
  // One line on the distribution list: line breaks and runs of spaces become one space.
  const note = (input ?? '').replace(/\s+/g, ' ').trim();
  if (note === '') {
    return { ok: true, note: null };
  }
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (/[\u0000-\u001f\u007f]/.test(note)) {
    return { ok: false, message: 'La note contient des caractères invisibles non autorisés.' };
  }
  const length = [...note].length;
  if (length > SHEET_NOTE_MAX_LENGTH) {
    return {
      ok: false,
      message: `La note fait ${length} caractères : ${SHEET_NOTE_MAX_LENGTH} au plus.`,
    };
  }
  return { ok: true, note };
}
