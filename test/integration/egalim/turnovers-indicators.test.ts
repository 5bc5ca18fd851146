import { describe, expect, it } from 'vitest';
import {
  createIndicator,
  importIndicatorCsv,
  listIndicators,
  loadIndicatorSeries,
} from '#app/models/egalim-indicator.server.ts';
import {
  getTurnoverMap,
  listTurnovers,
  saveTurnovers,
  turnoverKey,
} from '#app/models/egalim-turnover.server.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

describe('chiffres d’affaires déclarés', () => {
  it('enregistre, met à jour et retire les déclarations d’une année par production', async () => {
    const { organisation, owner } = await makeOrganisation({ kind: 'producer' });
    await saveTurnovers({
      organisationId: organisation.id,
      year: 2025,
      actorId: owner.id,
      entries: [
        { egalimCategory: 'bovine_heifer', isSiqo: true, turnoverCents: 25_000_00 },
        { egalimCategory: 'bovine_heifer', isSiqo: false, turnoverCents: 3_000_00 },
        { egalimCategory: 'fruit_vegetable', isSiqo: false, turnoverCents: 80_000_00 },
      ],
    });
    await saveTurnovers({
      organisationId: organisation.id,
      year: 2025,
      actorId: owner.id,
      entries: [
        { egalimCategory: 'bovine_heifer', isSiqo: true, turnoverCents: 26_000_00 },
        { egalimCategory: 'bovine_heifer', isSiqo: false, turnoverCents: null },
      ],
    });
    expect(await listTurnovers({ organisationId: organisation.id })).toEqual([
      { year: 2025, egalimCategory: 'bovine_heifer', isSiqo: true, turnoverCents: 26_000_00 },
      { year: 2025, egalimCategory: 'fruit_vegetable', isSiqo: false, turnoverCents: 80_000_00 },
    ]);
    const map = await getTurnoverMap({ organisationIds: [organisation.id], year: 2025 });
    expect(map.get(turnoverKey(organisation.id, 'bovine_heifer', true))).toBe(26_000_00);
    expect(map.get(turnoverKey(organisation.id, 'bovine_heifer', false))).toBeUndefined();
  });

  it('refuse un SIQO hors bovins et un montant négatif (contraintes SQL)', async () => {
    const { organisation } = await makeOrganisation({ kind: 'buyer' });
    await expect(
      saveTurnovers({
        organisationId: organisation.id,
        year: 2025,
        actorId: null,
        entries: [{ egalimCategory: 'egg', isSiqo: true, turnoverCents: 1 }],
      }),
    ).rejects.toThrow();
    await expect(
      saveTurnovers({
        organisationId: organisation.id,
        year: 2025,
        actorId: null,
        entries: [{ egalimCategory: 'egg', isSiqo: false, turnoverCents: -1 }],
      }),
    ).rejects.toThrow();
    expect(await listTurnovers({ organisationId: organisation.id })).toEqual([]);
  });
});

describe('indicateurs : import CSV tout ou rien', () => {
  async function producerWithIndicators() {
    const { organisation, owner } = await makeOrganisation({ kind: 'producer' });
    for (const [code, kind] of [
      ['cout', 'production_cost'],
      ['cotation', 'market'],
    ] as const) {
      const created = await createIndicator({
        ownerId: organisation.id,
        indicator: { code, label: code, kind, unit: '€/kg eqc', source: 'Idele' },
      });
      expect(created.ok).toBe(true);
    }
    return { organisation, owner };
  }

  it('importe un fichier valide et donne la série au jour près', async () => {
    const { organisation, owner } = await producerWithIndicators();
    const result = await importIndicatorCsv({
      ownerId: organisation.id,
      actorId: owner.id,
      text: 'indicateur;date;valeur\ncout;2026-01-01;4,90\ncout;01/07/2026;5,10\ncotation;2026-11-16;4,44\n',
    });
    expect(result).toEqual({ ok: true, rowCount: 3, indicatorCount: 2 });
    expect(
      await loadIndicatorSeries({ ownerId: organisation.id, codes: ['cout', 'cotation'] }),
    ).toEqual({
      cout: [
        { date: '2026-01-01', value: 4.9 },
        { date: '2026-07-01', value: 5.1 },
      ],
      cotation: [{ date: '2026-11-16', value: 4.44 }],
    });
    const list = await listIndicators({ ownerId: organisation.id });
    expect(list.find((i) => i.code === 'cout')).toMatchObject({
      valueCount: 2,
      lastValue: { on: '2026-07-01', value: '5.1' },
    });
    expect(
      await createIndicator({
        ownerId: organisation.id,
        indicator: { code: 'cout', label: 'x', kind: 'market', unit: 'x', source: '' },
      }),
    ).toEqual({ ok: false, code: 'code_taken' });
  });

  it.each([
    [
      'une ligne invalide',
      'indicateur;date;valeur\ncout;2026-01-01;4,90\ncout;2026-02-30;5,10\n',
      ['Ligne 3 : date « 2026-02-30 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA).'],
    ],
    [
      'un indicateur inconnu du producteur',
      'indicateur;date;valeur\ncout;2026-01-01;4,90\ninconnu;2026-01-01;1\n',
      ['Ligne 3 : indicateur « inconnu » inconnu : créez-le d’abord dans vos indicateurs.'],
    ],
  ])('refuse tout le fichier pour %s, avec le rapport par ligne', async (_label, text, lines) => {
    const { organisation } = await producerWithIndicators();
    const result = await importIndicatorCsv({ ownerId: organisation.id, actorId: null, text });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message.split('\n')).toEqual([
      'Fichier d’indicateurs refusé, rien n’a été importé :',
      ...lines,
    ]);
    expect(await loadIndicatorSeries({ ownerId: organisation.id, codes: ['cout'] })).toEqual({});
  });

  it('n’importe pas dans les indicateurs d’un autre producteur', async () => {
    const { organisation: mine } = await producerWithIndicators();
    const { organisation: other } = await makeOrganisation({ kind: 'producer' });
    const result = await importIndicatorCsv({
      ownerId: other.id,
      actorId: null,
      text: 'indicator;date;value\ncout;2026-01-01;9\n',
    });
    expect(result.ok).toBe(false);
    expect(await loadIndicatorSeries({ ownerId: mine.id, codes: ['cout'] })).toEqual({});
  });
});
