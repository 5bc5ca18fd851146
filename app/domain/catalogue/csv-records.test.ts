import { describe, expect, it } from 'vitest';
import { detectSeparator, parseCsvRecords } from './csv-records.ts';

describe('detectSeparator', () => {
  it.each([
    ['point-virgule (LibreOffice en français)', 'Nom;Prix;TVA\r\nA;1,5;20', ';'],
    ['virgule', 'Nom,Prix,TVA\nA,"1,5",20', ','],
    ['tabulation (Excel « texte Unicode »)', 'Nom\tPrix\tTVA\n', '\t'],
    ['virgules entre guillemets ignorées', '"Nom, du produit";"Prix, TTC"\n', ';'],
    ['point-virgule entre guillemets ignoré', '"a;b;c",Nom,Prix\n', ','],
    ['seule la ligne de titres compte', 'Nom;Prix\na,b,c,d,e\n', ';'],
    ['égalité : le point-virgule l’emporte', 'a;b,c\n', ';'],
    ['une seule colonne', 'Nom\n', ';'],
    ['titre sur deux lignes entre guillemets', '"Prix\nTTC";"Nom";TVA,x\n', ';'],
  ])('%s', (_label, text, separator) => {
    expect(detectSeparator(text)).toBe(separator);
  });
});

describe('parseCsvRecords', () => {
  it.each([
    [
      'fins de ligne CRLF',
      'a;b\r\nc;d\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'fins de ligne LF, sans fin finale',
      'a;b\nc;d',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    [
      'fins de ligne CR seules (vieux Mac)',
      'a;b\rc;d\r',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['cellules vides', ';;\r\n', [['', '', '']]],
    ['séparateur entre guillemets', '"Œufs; x6";4,20\n', [['Œufs; x6', '4,20']]],
    ['guillemets doublés', '"Tomme ""vieille""";x\n', [['Tomme "vieille"', 'x']]],
    ['cellule vide entre guillemets', '"";x\n', [['', 'x']]],
    [
      'retour à la ligne CRLF dans une cellule, rendu en LF',
      '"ligne 1\r\nligne 2";x\r\n',
      [['ligne 1\nligne 2', 'x']],
    ],
    ['guillemet au milieu d’une cellule non citée', 'Tarte 30" ;x\n', [['Tarte 30" ', 'x']]],
    ['fichier vide', '', [['']]],
    ['ligne vide finale en plus', 'a\n\n', [['a'], ['']]],
  ])('%s', (_label, text, expected) => {
    const result = parseCsvRecords(text, ';');
    expect(result.ok && result.records.map((record) => record.cells)).toEqual(expected);
  });

  it('numérote les lignes comme le tableur, même quand une cellule tient sur plusieurs lignes', () => {
    const result = parseCsvRecords('Nom;Description\r\nA;"1\r\n2\r\n3"\r\nB;x\r\n', ';');
    expect(result.ok && result.records.map((record) => [record.line, record.cells[0]])).toEqual([
      [1, 'Nom'],
      [2, 'A'],
      [3, 'B'],
    ]);
  });

  it.each([
    [
      'guillemet jamais refermé',
      'a;b\n"ouvert;c\nd;e\n',
      2,
      'Guillemet ouvert jamais refermé (cellule commencée sur cette ligne).',
    ],
    [
      'texte après un guillemet fermant',
      'a;b\nc;"x"y\n',
      2,
      'Texte après un guillemet fermant : dans une cellule entre guillemets, doublez les guillemets ("").',
    ],
  ])('refuse : %s', (_label, text, line, message) => {
    expect(parseCsvRecords(text, ';')).toEqual({ ok: false, line, message });
  });
});
