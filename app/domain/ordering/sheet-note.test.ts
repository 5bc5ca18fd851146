import { describe, expect, it } from 'vitest';
import { parseSheetNote, SHEET_NOTE_MAX_LENGTH } from './sheet-note.ts';

describe('parseSheetNote', () => {
  it('garde le texte sur une ligne, espaces et retours à la ligne réduits', () => {
    expect(parseSheetNote('  Je passe\r\nvers   19 h ')).toEqual({
      ok: true,
      note: 'Je passe vers 19 h',
    });
  });

  it('vide ou absent : la note est retirée', () => {
    expect(parseSheetNote('   ')).toEqual({ ok: true, note: null });
    expect(parseSheetNote(null)).toEqual({ ok: true, note: null });
    expect(parseSheetNote(undefined)).toEqual({ ok: true, note: null });
  });

  it(`refuse plus de ${SHEET_NOTE_MAX_LENGTH} caractères, comptés comme on les lit`, () => {
    expect(parseSheetNote('é'.repeat(SHEET_NOTE_MAX_LENGTH))).toMatchObject({ ok: true });
    expect(parseSheetNote('🍎'.repeat(SHEET_NOTE_MAX_LENGTH))).toMatchObject({ ok: true });
    expect(parseSheetNote('a'.repeat(SHEET_NOTE_MAX_LENGTH + 1))).toEqual({
      ok: false,
      message: `La note fait ${SHEET_NOTE_MAX_LENGTH + 1} caractères : ${SHEET_NOTE_MAX_LENGTH} au plus.`,
    });
  });

  it('refuse les caractères de contrôle et ce qui n’est pas du texte', () => {
    expect(parseSheetNote('bonjour\u0000')).toMatchObject({ ok: false });
    expect(parseSheetNote('sonnez\u0007 fort')).toMatchObject({ ok: false });
    expect(parseSheetNote(42)).toEqual({ ok: false, message: 'La note doit être un texte.' });
  });
});
