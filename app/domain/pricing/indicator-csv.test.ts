import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIndicatorCsv } from './indicator-csv.ts';

describe('parseIndicatorCsv', () => {
  it.each([
    [
      'point-virgule et virgule décimale (tableur français)',
      'indicator;date;value\ncost;2026-10-01;5,10\nquotation;2026-10-01;4,44\n',
    ],
    [
      'virgule et point décimal',
      'indicator,date,value\ncost,2026-10-01,5.10\nquotation,2026-10-01,4.44',
    ],
    [
      'virgule, décimales entre guillemets',
      'indicator,date,value\r\ncost,2026-10-01,"5,10"\r\nquotation,2026-10-01,"4,44"\r\n',
    ],
    [
      'en-tête en français, BOM, dates JJ/MM/AAAA',
      '\uFEFFIndicateur;Date;Valeur\ncost;01/10/2026;5,10\n\nquotation;01/10/2026;4,44',
    ],
  ])('lit le fichier : %s', (_label, text) => {
    expect(parseIndicatorCsv(text)).toEqual({
      ok: true,
      rowCount: 2,
      indicators: {
        cost: [{ date: '2026-10-01', value: 5.1 }],
        quotation: [{ date: '2026-10-01', value: 4.44 }],
      },
    });
  });

  it('range chaque série par date', () => {
    const result = parseIndicatorCsv(
      'indicator;date;value\ncost;2026-10-01;5,10\ncost;2026-04-01;5\n',
    );
    expect(result.ok && result.indicators.cost).toEqual([
      { date: '2026-04-01', value: 5 },
      { date: '2026-10-01', value: 5.1 },
    ]);
  });

  it('tout ou rien : une erreur par ligne fautive, rien n’est importé', () => {
    const text = [
      'indicator;date;value',
      'cost;2026-10-01;5,10',
      'cost;2026-13-01;5,20',
      ';2026-10-01;abc',
      'quotation;2026-10-01;4,44;x',
      'cost;01/10/2026;5,30',
      'cost;2026-11-01;"5,1',
    ].join('\n');
    const result = parseIndicatorCsv(text);
    expect(result).toEqual({
      ok: false,
      code: 'csv_invalid',
      errors: [
        { line: 3, message: 'date « 2026-13-01 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA)' },
        { line: 4, message: 'nom d’indicateur vide' },
        { line: 4, message: 'valeur « abc » invalide (nombre décimal attendu)' },
        { line: 5, message: '4 colonnes au lieu de 3' },
        { line: 6, message: '« cost » au 2026-10-01 figure déjà ligne 2' },
        { line: 7, message: 'guillemet non refermé' },
      ],
      message: expect.stringMatching(
        /^Fichier d’indicateurs refusé, rien n’a été importé :\nLigne 3 : date/,
      ),
    });
  });

  it.each([
    ['fichier vide', '', 1, 'en-tête « indicator;date;value » attendu en première ligne'],
    [
      'mauvais en-tête',
      'nom;jour;prix\ncost;2026-10-01;5',
      1,
      'en-tête « indicator;date;value » attendu en première ligne',
    ],
    ['en-tête seul', 'indicator;date;value\n\n', 2, 'aucune ligne de données après l’en-tête'],
    [
      'virgule décimale non protégée avec le séparateur virgule',
      'indicator,date,value\ncost,2026-10-01,5,10',
      2,
      '4 colonnes au lieu de 3 (avec le séparateur « , », écrire les décimales avec un point ou entre guillemets)',
    ],
    [
      'valeur trop précise pour être gardée exactement',
      'indicator;date;value\ncost;2026-10-01;5,12345678901234567',
      2,
      'valeur « 5,12345678901234567 » invalide (nombre décimal attendu)',
    ],
  ])('refuse : %s', (_label, text, line, message) => {
    expect(parseIndicatorCsv(text)).toMatchObject({ ok: false, errors: [{ line, message }] });
  });

  it('relit ce qu’il a écrit, quels que soient séparateur et virgule (propriété)', () => {
    const point = fc.record({
      name: fc.constantFrom('cost', 'quotation', 'ipampa lait'),
      day: fc.integer({ min: 1, max: 28 }),
      month: fc.integer({ min: 1, max: 12 }),
      centimes: fc.integer({ min: -100_000, max: 10_000_000 }),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 30 }), fc.boolean(), (points, french) => {
        const unique = [
          ...new Map(points.map((p) => [`${p.name}|${p.month}|${p.day}`, p])).values(),
        ];
        const iso = (p: (typeof unique)[number]) =>
          `2026-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
        const value = (p: (typeof unique)[number]) => p.centimes / 100;
        const sep = french ? ';' : ',';
        const rows = unique.map((p) =>
          [p.name, iso(p), french ? String(value(p)).replace('.', ',') : String(value(p))].join(
            sep,
          ),
        );
        const result = parseIndicatorCsv([`indicator${sep}date${sep}value`, ...rows].join('\n'));
        if (unique.length === 0) {
          expect(result.ok).toBe(false);
          return;
        }
        expect(result.ok && result.rowCount).toBe(unique.length);
        for (const p of unique) {
          expect(result.ok && result.indicators[p.name]).toContainEqual({
            date: iso(p),
            value: value(p),
          });
        }
      }),
    );
  });
});
