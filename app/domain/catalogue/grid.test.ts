import { describe, expect, it } from 'vitest';
import {
  emptyGridCells,
  GRID_HEADERS,
  gridCellsOf,
  parseCatalogueGrid,
  parsePastedBlock,
  pasteIntoGrid,
} from './grid.ts';
import { makeProductDraft } from './make-product-draft.ts';

const column = (header: string) => GRID_HEADERS.indexOf(header);

describe('gridCellsOf / parseCatalogueGrid', () => {
  it('relit un produit tel que la grille l’affiche (aller-retour)', () => {
    const draft = makeProductDraft({ name: '=Promo', labels: ['ab'], isSiqo: true });
    const result = parseCatalogueGrid([{ productId: 'p1', cells: gridCellsOf(draft) }]);
    expect(result).toEqual({ ok: true, changes: [{ productId: 'p1', draft, line: 1 }] });
  });

  it.each([
    ['prix négatif', 'Prix consommateur TTC (€)', '-2,80', /négative/],
    ['unité inconnue', 'Unité', 'cageot', /Unité « cageot » inconnue/],
    ['TVA à 7 %', 'TVA (%)', '7', /non autorisé/],
    ['pas à zéro', 'Pas', '0', /supérieur à zéro/],
  ])(
    '%s : erreur nommant la ligne et la colonne, aucun changement',
    (_l, header, value, message) => {
      const cells = gridCellsOf(makeProductDraft());
      cells[column(header)] = value;
      const result = parseCatalogueGrid([
        { productId: null, cells: gridCellsOf(makeProductDraft({ sku: 'A' })) },
        { productId: null, cells },
      ]);
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.errors).toEqual([
        { line: 2, column: header, value, message: expect.stringMatching(message) },
      ]);
    },
  );

  it('ignore les nouvelles lignes vides, refuse de vider un produit existant', () => {
    expect(parseCatalogueGrid([{ productId: null, cells: emptyGridCells() }])).toEqual({
      ok: true,
      changes: [],
    });
    const result = parseCatalogueGrid([{ productId: 'p1', cells: emptyGridCells() }]);
    expect(result.ok ? null : result.errors[0]?.message).toMatch(/décochez « Actif »/);
  });

  it('signale une référence en double entre deux lignes', () => {
    const cells = gridCellsOf(makeProductDraft({ sku: 'oeuf-12' }));
    const result = parseCatalogueGrid([
      { productId: null, cells: gridCellsOf(makeProductDraft({ sku: 'OEUF-12' })) },
      { productId: null, cells },
    ]);
    expect(result.ok ? null : result.errors).toEqual([
      {
        line: 2,
        column: 'Référence',
        value: 'oeuf-12',
        message: 'Référence « oeuf-12 » déjà utilisée ligne 1.',
      },
    ]);
  });
});

describe('parsePastedBlock', () => {
  it.each([
    [
      'bloc LibreOffice (tabulations, retour final)',
      'a\tb\r\nc\td\r\n',
      [
        ['a', 'b'],
        ['c', 'd'],
      ],
    ],
    ['cellule entre guillemets avec retour à la ligne', '"x\ny"\t2,5\n', [['x\ny', '2,5']]],
    ['une seule cellule', '4,50', [['4,50']]],
    ['guillemet isolé dans une cellule', '5"\t2\n', [['5"', '2']]],
    ['vide', '', []],
  ])('%s', (_label, text, expected) => {
    expect(parsePastedBlock(text)).toEqual(expected);
  });
});

describe('pasteIntoGrid', () => {
  const row = (cells: string[]) => ({ productId: null, cells });
  it('colle à partir de la cellule choisie, ajoute des lignes, ignore les colonnes en trop', () => {
    const rows = [row(['a', 'b', 'c'])];
    const pasted = pasteIntoGrid({
      rows,
      target: { row: 0, column: 1 },
      block: [
        ['1', '2', '3'],
        ['4', '5'],
      ],
      makeRow: () => row(['', '', '']),
    });
    expect(pasted.map((r) => r.cells)).toEqual([
      ['a', '1', '2'],
      ['', '4', '5'],
    ]);
    expect(rows[0]!.cells).toEqual(['a', 'b', 'c']);
  });
});
