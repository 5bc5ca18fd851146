import { describe, expect, it } from 'vitest';
import { MAX_PRODUCT_ROWS, parseCatalogueCsv } from './csv-import.ts';
import { makeProductDraft } from './make-product-draft.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = 'Référence;Nom;Unité;TVA;Prix consommateur TTC';

function errorsOf(bytes: Uint8Array) {
  const result = parseCatalogueCsv(bytes);
  return result.ok ? [] : result.errors;
}

// All or nothing: every problem is reported, and no row comes back.
describe('parseCatalogueCsv', () => {
  it.each([
    [
      'fichier vide',
      '',
      [
        {
          line: 1,
          column: null,
          value: null,
          message: 'Le fichier est vide : la ligne 1 doit contenir les titres des colonnes.',
        },
      ],
    ],
    [
      'titres sans produit',
      `${HEADER}\r\n;;;;\r\n`,
      [{ line: 2, column: null, value: null, message: 'Le fichier ne contient aucun produit.' }],
    ],
    [
      'guillemet jamais refermé',
      `${HEADER}\nA;"Pain;pièce;5,5;3\n`,
      [
        {
          line: 2,
          column: null,
          value: null,
          message: 'Guillemet ouvert jamais refermé (cellule commencée sur cette ligne).',
        },
      ],
    ],
  ])('%s', (_label, text, errors) => {
    expect(parseCatalogueCsv(utf8(text))).toMatchObject({ ok: false, errors });
  });

  it('signale chaque colonne inconnue, en double ou manquante', () => {
    expect(errorsOf(utf8('Nom;Couleur;Prix;Tarif TTC;produit\nPain;bleu;3;3;x\n'))).toEqual([
      {
        line: 1,
        column: 'Couleur',
        value: 'Couleur',
        message: expect.stringMatching(
          /^Colonne « Couleur » inconnue\. Colonnes reconnues : Référence, Nom,/,
        ),
      },
      {
        line: 1,
        column: 'Tarif TTC',
        value: 'Tarif TTC',
        message: expect.stringMatching(/^Colonne « Tarif TTC » inconnue/),
      },
      {
        line: 1,
        column: 'produit',
        value: 'produit',
        message: 'Colonne « produit » en double avec « Nom ».',
      },
      {
        line: 1,
        column: 'Référence',
        value: null,
        message: 'Colonne obligatoire absente : « Référence ».',
      },
      {
        line: 1,
        column: 'Unité',
        value: null,
        message: 'Colonne obligatoire absente : « Unité ».',
      },
      {
        line: 1,
        column: 'TVA (%)',
        value: null,
        message: 'Colonne obligatoire absente : « TVA (%) ».',
      },
    ]);
  });

  it('rapporte toutes les erreurs de toutes les lignes, aux numéros du tableur, et aucune ligne', () => {
    const text = [
      `${HEADER};Pas;Max par foyer`,
      'A;Pain;pièce;5,5;3;1;',
      '',
      'B;Brioche;kilo-ish;7 %;-2;1;',
      'C;;pièce;;0,005;0,5;1,25',
      'a;Pain bis;pièce;5,5;3,2;1;;oups',
    ].join('\r\n');
    const result = parseCatalogueCsv(utf8(text));
    expect(result).toEqual({
      ok: false,
      meta: { encoding: 'utf-8', separator: ';', bom: false },
      errors: [
        {
          line: 4,
          column: 'Unité',
          value: 'kilo-ish',
          message: expect.stringMatching(
            /^Unité « kilo-ish » inconnue\. Unités possibles : pièce, kg,/,
          ),
        },
        {
          line: 4,
          column: 'TVA',
          value: '7 %',
          message:
            'Taux de TVA « 7 % » non autorisé : 5,5 %, 10 % ou 20 %, ou « aucune » (remboursement forfaitaire).',
        },
        {
          line: 4,
          column: 'Prix consommateur TTC',
          value: '-2',
          message: '« -2 » : une valeur négative n’est pas acceptée.',
        },
        { line: 5, column: 'Nom', value: '', message: 'Valeur obligatoire.' },
        {
          line: 5,
          column: 'TVA',
          value: '',
          message:
            'Indiquez le taux de TVA (5,5 %, 10 % ou 20 %) ou « aucune » si vous êtes au remboursement forfaitaire.',
        },
        {
          line: 5,
          column: 'Prix consommateur TTC',
          value: '0,005',
          message: '« 0,005 » : un prix se donne au centime près (2 décimales au plus).',
        },
        {
          line: 6,
          column: 'colonne H',
          value: 'oups',
          message: 'Valeur dans une colonne sans titre en ligne 1.',
        },
        {
          line: 6,
          column: 'Référence',
          value: 'a',
          message: 'Référence « a » déjà utilisée ligne 2.',
        },
      ],
    });
  });

  it.each([
    [
      'pas qui ne divise pas le maximum',
      'Pas;Max par foyer',
      '0,5;1,25',
      'Max par foyer',
      '1,25',
      'Le maximum par foyer (1,25) doit être un multiple du pas de commande (0,5).',
    ],
    [
      'poids variable hors kg',
      'Poids variable;Poids estimé (g)',
      'oui;800',
      'Unité',
      'pièce',
      'Un produit à poids variable a son prix au kg : choisissez l’unité kg.',
    ],
    [
      'SIQO « non » avec Label Rouge',
      'SIQO;Labels',
      'non;Label Rouge',
      'SIQO',
      'non',
      'Le label « Label Rouge » est un signe officiel de qualité (SIQO) : indiquez SIQO « oui ».',
    ],
    [
      'booléen illisible',
      'Actif',
      'peut-être',
      'Actif',
      'peut-être',
      '« peut-être » : répondez oui ou non.',
    ],
    [
      'label inconnu',
      'Labels',
      'AB, Bio-ish',
      'Labels',
      'AB, Bio-ish',
      expect.stringMatching(/^Label « Bio-ish » inconnu\. Labels possibles : AB, Label Rouge/),
    ],
    [
      'catégorie Egalim inconnue',
      'Catégorie Egalim',
      'Poulet',
      'Catégorie Egalim',
      'Poulet',
      expect.stringMatching(/^Catégorie Egalim « Poulet » inconnue/),
    ],
    [
      'poids estimé décimal',
      'Poids estimé (g)',
      '12,5',
      'Poids estimé (g)',
      '12,5',
      '« 12,5 » : nombre entier attendu.',
    ],
    [
      'prix non numérique',
      'Prix pro HT',
      'douze',
      'Prix pro HT',
      'douze',
      '« douze » n’est pas un nombre (exemple : 12,50).',
    ],
    [
      'référence invalide',
      'Rayon',
      'Pains',
      'Référence',
      'A;B',
      expect.stringMatching(/^La référence commence par/),
    ],
    ['nom trop long', 'Rayon', 'Pains', 'Nom', 'x'.repeat(121), 'Au plus 120 caractères.'],
  ])('%s', (_label, extraHeader, extraCells, column, value, message) => {
    const nameCell = column === 'Nom' ? value : 'Pain';
    const skuCell = column === 'Référence' ? `"${value}"` : 'P1';
    const text = `${HEADER};${extraHeader}\n${skuCell};${nameCell};pièce;5,5;3;${extraCells}\n`;
    expect(errorsOf(utf8(text))).toEqual([{ line: 2, column, value, message }]);
  });

  it('refuse un fichier au-delà du nombre maximal de produits', () => {
    const rows = Array.from(
      { length: MAX_PRODUCT_ROWS + 1 },
      (_, index) => `P${index};Pain;pièce;5,5;3`,
    );
    expect(errorsOf(utf8([HEADER, ...rows].join('\n')))).toEqual([
      {
        line: 1,
        column: null,
        value: null,
        message:
          'Le fichier dépasse 5\u202F000 lignes de produits : découpez-le en plusieurs fichiers.',
      },
    ]);
  });

  it('n’importe rien quand une seule ligne sur plusieurs est fausse', () => {
    const valid = `P1;${makeProductDraft().name};douzaine;5,5;4,80`;
    const result = parseCatalogueCsv(
      utf8([HEADER, valid, 'P2;Œufs;douzaine;5,5;4,805'].join('\n')),
    );
    expect(result.ok).toBe(false);
    expect(result).not.toHaveProperty('rows');
  });
});
