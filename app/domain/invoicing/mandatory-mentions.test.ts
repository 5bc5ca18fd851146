import { describe, expect, it } from 'vitest';
import type { InvoiceNote } from './invoice-types.ts';
import {
  buildMandatoryNotes,
  type MandatoryMentionsInput,
  MENTION_TEXTS,
} from './mandatory-mentions.ts';

const subjects = (notes: readonly InvoiceNote[]) => notes.map((note) => note.subjectCode);

describe('buildMandatoryNotes', () => {
  it.each<[string, MandatoryMentionsInput, (string | undefined)[]]>([
    [
      'facture B2B d’un producteur assujetti',
      { buyerKind: 'b2b', typeCode: '380', sellerVatRegime: 'liable' },
      ['PMD', 'PMT', 'AAB'],
    ],
    [
      'facture B2C d’un producteur assujetti',
      { buyerKind: 'b2c', typeCode: '380', sellerVatRegime: 'liable' },
      ['PMD', 'PMT', 'AAB'],
    ],
    [
      'avoir B2B (381) : mêmes mentions obligatoires',
      { buyerKind: 'b2b', typeCode: '381', sellerVatRegime: 'liable' },
      ['PMD', 'PMT', 'AAB'],
    ],
    [
      'autofacture lait (389)',
      { buyerKind: 'b2b', typeCode: '389', sellerVatRegime: 'liable' },
      ['REG', 'PMD', 'PMT', 'AAB'],
    ],
    [
      'avoir d’autofacturation (261)',
      { buyerKind: 'b2b', typeCode: '261', sellerVatRegime: 'liable' },
      ['REG', 'PMD', 'PMT', 'AAB'],
    ],
    [
      'producteur au remboursement forfaitaire',
      { buyerKind: 'b2b', typeCode: '380', sellerVatRegime: 'flat_rate' },
      ['REG', 'PMD', 'PMT', 'AAB'],
    ],
  ])('%s : PMD, PMT et AAB une seule fois chacune (BR-FR-05/06)', (_label, input, expected) => {
    const notes = buildMandatoryNotes(input);
    expect(subjects(notes)).toEqual(expected);
    expect(notes.every((note) => note.text.trim().length > 0)).toBe(true);
  });

  it.each([
    ['B2B', 'b2b' as const, MENTION_TEXTS.recoveryIndemnityB2b, /40 €/],
    ['B2C', 'b2c' as const, MENTION_TEXTS.recoveryIndemnityB2c, /non applicable/],
  ])('indemnité forfaitaire de 40 € en %s', (_label, buyerKind, text, pattern) => {
    const notes = buildMandatoryNotes({ buyerKind, typeCode: '380', sellerVatRegime: 'liable' });
    expect(notes.find((note) => note.subjectCode === 'PMT')?.text).toBe(text);
    expect(text).toMatch(pattern);
  });

  it('mention « Pas d’escompte pour paiement anticipé »', () => {
    const notes = buildMandatoryNotes({
      buyerKind: 'b2b',
      typeCode: '380',
      sellerVatRegime: 'liable',
    });
    expect(notes.find((note) => note.subjectCode === 'AAB')?.text).toBe(
      "Pas d'escompte pour paiement anticipé.",
    );
  });

  it.each([
    ['389', /^Autofacturation : facture émise par l'acheteur .* ; mandat écrit du 2026-01-02\.$/],
    ['261', /^Autofacturation : avoir émis par l'acheteur/],
  ] as const)('mention « Autofacturation » pour le type %s', (typeCode, pattern) => {
    const notes = buildMandatoryNotes({
      buyerKind: 'b2b',
      typeCode,
      sellerVatRegime: 'liable',
      billingMandate: 'mandat écrit du 2026-01-02',
    });
    expect(notes[0]?.text).toMatch(pattern);
  });

  it('taux de pénalité contractuel à la place du texte par défaut', () => {
    const notes = buildMandatoryNotes({
      buyerKind: 'b2b',
      typeCode: '380',
      sellerVatRegime: 'liable',
      latePenaltiesText: 'Pénalités de retard : 12 % l’an.',
    });
    expect(notes.find((note) => note.subjectCode === 'PMD')?.text).toBe(
      'Pénalités de retard : 12 % l’an.',
    );
  });

  it('la mention du remboursement forfaitaire cite le CGI', () => {
    const notes = buildMandatoryNotes({
      buyerKind: 'b2c',
      typeCode: '380',
      sellerVatRegime: 'flat_rate',
    });
    expect(notes[0]?.text).toMatch(/TVA non applicable.*298 bis/);
  });
});
