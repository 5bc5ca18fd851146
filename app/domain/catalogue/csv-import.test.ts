import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { parseCatalogueCsv } from './csv-import.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const HEADER = 'Référence;Nom;Unité;TVA;Prix consommateur TTC';

function rowsOf(text: string) {
  const result = parseCatalogueCsv(utf8(text));
  if (!result.ok) {
    throw new Error(JSON.stringify(result.errors));
  }
  return result.rows;
}

describe('parseCatalogueCsv', () => {
  const eggs = {
    sku: 'OEUF-6',
    name: 'Œufs frais',
    saleUnit: 'dozen',
    vatRateBp: 550,
    consumerPriceGrossCents: 420,
  };

  it.each([
    [
      'UTF-8 sans BOM, point-virgule',
      utf8('Référence;Nom;Unité;TVA;Prix\nOEUF-6;Œufs frais;douzaine;5,5 %;4,20 €\n'),
      { encoding: 'utf-8', separator: ';', bom: false },
    ],
    [
      'UTF-8 avec BOM, virgule et guillemets',
      utf8('\uFEFFRéférence,Nom,Unité,TVA,Prix\r\nOEUF-6,Œufs frais,douzaine,"5,5","4,20"\r\n'),
      { encoding: 'utf-8', separator: ',', bom: true },
    ],
    [
      'Windows-1252, CRLF',
      iconv.encode(
        'Référence;Nom;Unité;TVA;Prix\r\nOEUF-6;Œufs frais;douzaine;5,5;4,20\r\n',
        'win1252',
      ),
      { encoding: 'windows-1252', separator: ';', bom: false },
    ],
    [
      'tabulations, UTF-16 (Excel)',
      iconv.encode(
        'Référence\tNom\tUnité\tTVA\tPrix\r\nOEUF-6\tŒufs frais\tdouzaine\t5,5\t4,20\r\n',
        'utf16le',
        { addBOM: true },
      ),
      { encoding: 'utf-16le', separator: '\t', bom: true },
    ],
  ])('%s', (_label, bytes, meta) => {
    const result = parseCatalogueCsv(bytes);
    expect(result).toMatchObject({ ok: true, meta, rows: [eggs] });
  });

  it('applique les valeurs par défaut des colonnes facultatives absentes', () => {
    expect(rowsOf(`${HEADER}\nMIEL-500;Miel de tilleul;pot;5,5;9\n`)).toEqual([
      {
        sku: 'MIEL-500',
        name: 'Miel de tilleul',
        description: '',
        egalimCategory: 'other',
        isSiqo: false,
        shelf: '',
        saleUnit: 'jar',
        isVariableWeight: false,
        estimatedWeightGrams: null,
        stepMilli: 1000,
        maxPerHouseholdMilli: null,
        packMilli: null,
        vatRateBp: 550,
        consumerPriceGrossCents: 900,
        proPriceNetCents: null,
        labels: [],
        isActive: true,
      },
    ]);
  });

  it('reconnaît les titres sans tenir compte de la casse, des accents ni des synonymes', () => {
    const rows = rowsOf(
      'REFERENCE;produit;UNITE;taux de tva;Prix TTC;prix pro;max/foyer;pas de commande\nA1;Beurre;pièce;5,5;3,50;2,80;4;1\n',
    );
    expect(rows[0]).toMatchObject({
      proPriceNetCents: 280,
      maxPerHouseholdMilli: 4000,
      stepMilli: 1000,
    });
  });

  it('lit un produit complet, poids variable, labels et booléens LibreOffice', () => {
    const text = [
      'Référence;Nom;Description;Rayon;Catégorie Egalim;SIQO;Labels;Unité;Poids variable;Poids estimé (g);Pas;Max par foyer;TVA (%);Prix consommateur TTC (€);Prix pro HT (€);Actif',
      'VEAU-COLIS;Colis de veau;"Rosé, élevé sous la mère\n5 morceaux";Boucherie;Génisse;VRAI;AB / Label Rouge;kg;VRAI;5 000;1;2;5,5 %;19,90 €;16,50;FAUX',
    ].join('\r\n');
    expect(rowsOf(text)).toEqual([
      {
        sku: 'VEAU-COLIS',
        name: 'Colis de veau',
        description: 'Rosé, élevé sous la mère\n5 morceaux',
        egalimCategory: 'bovine_heifer',
        isSiqo: true,
        shelf: 'Boucherie',
        saleUnit: 'kg',
        isVariableWeight: true,
        estimatedWeightGrams: 5000,
        stepMilli: 1000,
        maxPerHouseholdMilli: 2000,
        packMilli: null,
        vatRateBp: 550,
        consumerPriceGrossCents: 1990,
        proPriceNetCents: 1650,
        labels: ['ab', 'label_rouge'],
        isActive: false,
      },
    ]);
  });

  describe('colonne facultative « Colis »', () => {
    it('lit la taille du colis, dans l’unité de vente et en pièces pour le poids variable', () => {
      const rows = rowsOf(
        [
          `${HEADER};Pas;Colis;Poids variable;Poids estimé (g)`,
          'POM;Pommes Gala;kg;5,5;3,20;0,5;5;non;',
          'JUS;Jus de pomme 1 L;bouteille;5,5;3,50;1;6;non;',
          'POU;Poulet fermier;kg;5,5;12,90;1;4;oui;1 800',
          'POI;Poireaux;kg;5,5;3,20;0,5;;non;',
        ].join('\n'),
      );
      expect(rows.map((row) => [row.sku, row.packMilli])).toEqual([
        ['POM', 5000],
        ['JUS', 6000],
        ['POU', 4000],
        ['POI', null],
      ]);
    });

    it('dit quelles colonnes le fichier a : sans « Colis », le modèle garde les colis déjà saisis', () => {
      const without = parseCatalogueCsv(utf8(`${HEADER};Pas\nA;Pain;pièce;5,5;3;1\n`));
      expect(without.ok && without.columns).toEqual([
        'sku',
        'name',
        'saleUnit',
        'vatRateBp',
        'consumerPriceGrossCents',
        'stepMilli',
      ]);
      const withPacks = parseCatalogueCsv(utf8(`${HEADER};Colis\nA;Pain;pièce;5,5;3;\n`));
      expect(withPacks.ok && withPacks.columns).toContain('packMilli');
    });

    it.each(['Colis de', 'vendu par colis de', 'COLIS'])('reconnaît le titre « %s »', (title) => {
      expect(rowsOf(`${HEADER};${title}\nA;Pain;pièce;5,5;3;12\n`)[0]?.packMilli).toBe(12_000);
    });

    it('refuse un colis invalide ligne par ligne, en français, et n’importe rien', () => {
      const text = [
        `${HEADER};Pas;Colis;Poids variable;Poids estimé (g)`,
        'OK;Pommes;kg;5,5;3,20;1;5;non;',
        'A;Pommes;kg;5,5;3,20;1;2,5;non;',
        'B;Poires;kg;5,5;3,80;0,5;0;non;',
        'C;Jus;bouteille;5,5;3,50;1;six;non;',
        'D;Poulet;kg;5,5;12,90;1;1,5;oui;1 800',
      ].join('\n');
      const result = parseCatalogueCsv(utf8(text));
      expect(result).toMatchObject({ ok: false });
      expect(result.ok ? [] : result.errors).toEqual([
        {
          line: 3,
          column: 'Colis',
          value: '2,5',
          message:
            'Le colis (2,5) doit être un multiple du pas de commande (1) : les foyers le remplissent pas à pas.',
        },
        {
          line: 4,
          column: 'Colis',
          value: '0',
          message:
            'Le colis doit contenir plus que zéro (laissez vide si le produit est vendu au détail).',
        },
        {
          line: 5,
          column: 'Colis',
          value: 'six',
          message: '« six » n’est pas un nombre (exemple : 12,50).',
        },
        {
          line: 6,
          column: 'Colis',
          value: '1,5',
          message:
            'Un produit à poids variable se commande à la pièce : le colis compte un nombre entier de pièces.',
        },
      ]);
      expect('rows' in result).toBe(false);
    });
  });

  it.each([
    ['5,5 %', 550],
    ['5,50\u00A0%', 550],
    ['10', 1000],
    ['20 %', 2000],
    ['0,055 (pourcentage enregistré sans mise en forme)', 550],
    ['aucune', null],
    ['Non applicable', null],
  ])('TVA « %s »', (cell, vatRateBp) => {
    const value = cell.split(' (')[0];
    expect(rowsOf(`${HEADER}\nA;Pain;pièce;${value};3\n`)[0]?.vatRateBp).toBe(vatRateBp);
  });

  it('déduit SIQO des labels quand la colonne est absente', () => {
    const rows = rowsOf(`${HEADER};Labels\nA;Comté;kg;5,5;24;AOP\nB;Tomme;kg;5,5;18;HVE\n`);
    expect(rows.map((row) => row.isSiqo)).toEqual([true, false]);
  });

  it('ignore les lignes vides et les lignes de séparateurs, en fin comme au milieu', () => {
    const rows = rowsOf(
      `${HEADER}\r\nA;Pain;pièce;5,5;3\r\n;;;;\r\n\r\nB;Brioche;pièce;5,5;6\r\n;;;;\r\n;;;;\r\n\r\n`,
    );
    expect(rows.map((row) => row.sku)).toEqual(['A', 'B']);
  });

  it('retire la protection anti-formule ajoutée à l’export', () => {
    expect(rowsOf(`${HEADER}\nA;'=Promo;pièce;5,5;3\n`)[0]?.name).toBe('=Promo');
  });

  it('accepte une colonne sans titre tant qu’elle est vide', () => {
    expect(rowsOf(`${HEADER};;\nA;Pain;pièce;5,5;3;;\n`)).toHaveLength(1);
  });
});
