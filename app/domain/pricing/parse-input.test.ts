import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { formatPath, parseJsonInput } from './parse-input.ts';

const Schema = z.strictObject({
  turnover: z.number().min(0),
  kind: z.enum(['consumer', 'professional']),
  items: z.array(z.strictObject({ label: z.string().min(1), weight: z.number().int() })).min(1),
  flag: z.boolean().optional(),
});

describe('parseJsonInput', () => {
  it.each([
    ['nombre en texte', { turnover: '25000' }, 'Champ « turnover » : nombre attendu.'],
    [
      'champ manquant',
      { turnover: undefined },
      'Champ « turnover » : valeur obligatoire manquante (nombre attendu).',
    ],
    ['nombre négatif', { turnover: -1 }, 'Champ « turnover » : valeur ≥ 0 attendue.'],
    [
      'valeur hors liste',
      { kind: 'shop' },
      'Champ « kind » : valeur attendue parmi "consumer", "professional".',
    ],
    ['liste vide', { items: [] }, 'Champ « items » : liste non vide attendue.'],
    [
      'texte vide dans une liste',
      { items: [{ label: '', weight: 1 }] },
      'Champ « items[0].label » : texte non vide attendu.',
    ],
    [
      'entier attendu',
      { items: [{ label: 'a', weight: 1.5 }] },
      'Champ « items[0].weight » : nombre entier attendu.',
    ],
    ['booléen', { flag: 'oui' }, 'Champ « flag » : booléen attendu (true ou false).'],
    [
      'champ inconnu imbriqué',
      { items: [{ label: 'a', weight: 1, wieght: 2 }] },
      'Champ « items[0].wieght » : champ inconnu.',
    ],
  ])('%s', (_label, data, line) => {
    const result = parseJsonInput(
      Schema,
      JSON.stringify({
        turnover: 1,
        kind: 'consumer',
        items: [{ label: 'a', weight: 1 }],
        ...data,
      }),
    );
    expect(result.ok ? '' : result.message.split('\n')).toContain(line);
  });

  it.each([
    [
      'entrée vide',
      '  \n',
      'Entrée : aucune donnée reçue, un document JSON est attendu sur l’entrée standard.',
    ],
    [
      'JSON coupé',
      '{"turnover": ',
      'Entrée : JSON invalide, un document JSON est attendu sur l’entrée standard.',
    ],
    [
      'JSON avec position',
      '{turnover: 1}',
      'Entrée : JSON invalide (erreur au caractère 2), un document JSON est attendu sur l’entrée standard.',
    ],
    ['tableau au lieu d’un objet', '[1]', 'Entrée : objet attendu.'],
  ])('entrée illisible : %s', (_label, text, message) => {
    expect(parseJsonInput(Schema, text)).toMatchObject({ ok: false, message });
  });

  it('renvoie la valeur validée', () => {
    expect(
      parseJsonInput(
        Schema,
        '{"turnover": 3, "kind": "consumer", "items": [{"label": "a", "weight": 1}]}',
      ),
    ).toEqual({
      ok: true,
      value: { turnover: 3, kind: 'consumer', items: [{ label: 'a', weight: 1 }] },
    });
  });
});

describe('formatPath', () => {
  it.each([
    [['formula', 'terms', 1, 'weight'], 'formula.terms[1].weight'],
    [[0, 'date'], '[0].date'],
    [[], ''],
  ])('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});
