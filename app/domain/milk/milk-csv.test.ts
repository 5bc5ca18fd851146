import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { type MilkCsvOptions, parseAnalysesCsv, parseCollectionsCsv } from './milk-csv.ts';

const OPTIONS: MilkCsvOptions = {
  suppliers: [
    {
      producerId: 'gaec',
      code: 'P001',
      siret: '81245678800015',
      slug: 'gaec-des-monts',
      name: 'GAEC des Monts',
    },
    {
      producerId: 'pilat',
      code: 'P002',
      siret: null,
      slug: 'ferme-du-pilat',
      name: 'Ferme du Pilat',
    },
  ],
  today: '2026-09-02',
  isMonthLocked: (producerId, month) => producerId === 'pilat' && month === '2026-07',
};

const utf8 = (text: string) => new TextEncoder().encode(text);
const errorsOf = (result: { ok: boolean; errors?: unknown }) =>
  result.ok
    ? []
    : (result as { errors: { line: number; column: string | null; message: string }[] }).errors.map(
        (e) => `${e.line} ${e.column ?? '-'} : ${e.message}`,
      );

describe('parseCollectionsCsv', () => {
  it('lit un export de laiterie : « ; », Windows-1252, dates françaises, milliers espacés, colonnes inconnues ignorées', () => {
    const text =
      'N° producteur;Date de collecte;Tournée;Cuve;Volume (L);Température\r\nP001;01/08/2026;T1;1;1 523;4,1\r\n81245678800015;03/08/26;T1;1;1500;3,9\r\nP002;2026-08-02;T2;;980;4\r\n';
    const result = parseCollectionsCsv(iconv.encode(text, 'win1252'), OPTIONS);
    expect(result).toEqual({
      ok: true,
      ignoredColumns: ['Température'],
      rows: [
        {
          line: 2,
          producerId: 'gaec',
          record: { collectedOn: '2026-08-01', litres: 1523, tour: 'T1', tank: '1' },
        },
        {
          line: 3,
          producerId: 'gaec',
          record: { collectedOn: '2026-08-03', litres: 1500, tour: 'T1', tank: '1' },
        },
        {
          line: 4,
          producerId: 'pilat',
          record: { collectedOn: '2026-08-02', litres: 980, tour: 'T2', tank: '' },
        },
      ],
    });
  });

  it.each([
    [
      'producteur inconnu',
      'P999;01/08/2026;100',
      '2 producteur : Producteur « P999 » inconnu : ni un numéro de fournisseur, ni le SIRET d’un producteur collecté.',
    ],
    [
      'date impossible',
      'P001;31/06/2026;100',
      '2 date : Date « 31/06/2026 » invalide (JJ/MM/AAAA ou AAAA-MM-JJ).',
    ],
    ['date future', 'P001;03/09/2026;100', '2 date : Date du 2026-09-03 dans le futur.'],
    [
      'litres décimaux',
      'P001;01/08/2026;100,5',
      '2 litres : Litres : « 100,5 » : nombre entier attendu.',
    ],
    [
      'litres nuls',
      'P001;01/08/2026;0',
      '2 litres : Litres : 0 hors des valeurs possibles pour une collecte (1 à 100 000 L).',
    ],
    [
      'mois déjà facturé',
      'P002;15/07/2026;100',
      '2 date : Juillet 2026 est déjà facturé pour Ferme du Pilat : ses données ne changent plus (contestation, avoir puis nouvelle facture).',
    ],
  ])('refuse tout le fichier, ligne par ligne : %s', (_label, row, message) => {
    // A valid row first: one bad row is enough to refuse the whole file.
    const result = parseCollectionsCsv(
      utf8(`producteur;date;litres\nP001;02/08/2026;1000\n${row}`),
      OPTIONS,
    );
    expect(errorsOf(result)).toEqual([message.replace(/^2 /, '3 ')]);
  });

  it('signale une même collecte deux fois, une colonne manquante, un fichier vide', () => {
    expect(
      errorsOf(
        parseCollectionsCsv(
          utf8('producteur;date;litres\nP001;01/08/2026;10\nP001;01/08/2026;12'),
          OPTIONS,
        ),
      ),
    ).toEqual(['3 - : Même ligne que la ligne 2 (producteur, date et référence identiques).']);
    expect(
      errorsOf(parseCollectionsCsv(utf8('producteur;jour\nP001;01/08/2026'), OPTIONS)),
    ).toEqual(['1 litres : Colonne obligatoire absente : « litres ».']);
    expect(errorsOf(parseCollectionsCsv(utf8('\n\n'), OPTIONS))).toEqual([
      '1 - : Le fichier est vide : la ligne 1 doit contenir les titres des colonnes.',
    ]);
    expect(errorsOf(parseCollectionsCsv(utf8('producteur;date;litres\n'), OPTIONS))).toEqual([
      '2 - : Aucune ligne de données après les titres.',
    ]);
  });
});

describe('parseAnalysesCsv', () => {
  it('lit un export de laboratoire : TB/TP, germes et cellules en milliers, cryoscopie, antibiotiques', () => {
    const text =
      'Code éleveur;Date prélèvement;N° échantillon;TB (g/L);TP (g/L);Germes (x1000/mL);CCS (x1000/mL);Cryoscopie (°C);Inhibiteurs;Urée\n' +
      'P001;04/08/2026;E-1001;42,1;34,0;45;210;-0,522;Négatif;250\n' +
      'P002;04/08/2026;E-1002;;;;;-522;+;\n' +
      'P002;11/08/2026;E-1003;39,85;32,4;;;;;';
    expect(parseAnalysesCsv(utf8(text), OPTIONS)).toEqual({
      ok: true,
      ignoredColumns: ['Urée'],
      rows: [
        {
          line: 2,
          producerId: 'gaec',
          record: {
            sampledOn: '2026-08-04',
            sampleRef: 'E-1001',
            fatMgPerL: 42_100,
            proteinMgPerL: 34_000,
            germsPerMl: 45_000,
            cellsPerMl: 210_000,
            freezingPointMilliC: -522,
            antibiotics: 'negative',
            butyricSporesPerL: null,
          },
        },
        {
          line: 3,
          producerId: 'pilat',
          record: {
            sampledOn: '2026-08-04',
            sampleRef: 'E-1002',
            fatMgPerL: null,
            proteinMgPerL: null,
            germsPerMl: null,
            cellsPerMl: null,
            freezingPointMilliC: -522,
            antibiotics: 'positive',
            butyricSporesPerL: null,
          },
        },
        {
          line: 4,
          producerId: 'pilat',
          record: {
            sampledOn: '2026-08-11',
            sampleRef: 'E-1003',
            fatMgPerL: 39_850,
            proteinMgPerL: 32_400,
            germsPerMl: null,
            cellsPerMl: null,
            freezingPointMilliC: null,
            antibiotics: null,
            butyricSporesPerL: null,
          },
        },
      ],
    });
  });

  it.each([
    [
      'taux en % au lieu de g/L',
      'P001;04/08/2026;4,2;;',
      '2 MG : Matière grasse : « 4,2 » g/L hors des valeurs possibles (20 à 80 g/L) ; vérifiez l’unité (g/L, pas %).',
    ],
    [
      'germes illisibles',
      'P001;04/08/2026;;abc;',
      '2 germes : Germes : « abc » n’est pas un nombre (exemple : 12,50).',
    ],
    [
      'point de congélation impossible',
      'P001;04/08/2026;;;-0,2',
      '2 point de congélation : Point de congélation « -0,2 » hors des valeurs possibles (−0,400 à −0,700 °C).',
    ],
    [
      'ligne sans résultat',
      'P001;04/08/2026;;;',
      '2 - : Aucun résultat sur la ligne (MG, MP, germes, cellules…).',
    ],
  ])('refuse : %s', (_label, row, message) => {
    const result = parseAnalysesCsv(
      utf8(`producteur;date;MG;germes;point de congélation\n${row}`),
      OPTIONS,
    );
    expect(errorsOf(result)).toEqual([message]);
  });

  it('deux échantillons du même jour sans numéro sont un doublon, avec numéros deux analyses', () => {
    const header = 'producteur;date;échantillon;MG\n';
    expect(
      errorsOf(
        parseAnalysesCsv(utf8(`${header}P001;04/08/2026;;42\nP001;04/08/2026;;42,2`), OPTIONS),
      ),
    ).toEqual(['3 - : Même ligne que la ligne 2 (producteur, date et référence identiques).']);
    const twoSamples = parseAnalysesCsv(
      utf8(`${header}P001;04/08/2026;A;42\nP001;04/08/2026;B;42,2`),
      OPTIONS,
    );
    expect(twoSamples.ok && twoSamples.rows.length).toBe(2);
  });
});
