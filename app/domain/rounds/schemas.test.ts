import { describe, expect, it } from 'vitest';
import { StopSchema, UpdateStopMinimumSchema } from './schemas.ts';

const stop = {
  organisationId: '6f1c1d6a-4d0e-4f43-9a55-0d7f5b8e2c11',
  orderDeadline: '2027-03-23T18:00',
};
const stopId = '0b8f4a52-3c6e-4b7a-8d2f-1e9c5a7b3d40';

function minimumErrors(result: { success: boolean; error?: { issues: unknown[] } }) {
  return (result.error?.issues ?? []) as { path: unknown[]; message: string }[];
}

describe('StopSchema — minimum de commande', () => {
  it.each([
    ['absent', undefined, null],
    ['vide', '', null],
    ['espaces', '   ', null],
    ['entier', '150', 15_000],
    ['virgule', '123,40', 12_340],
    ['point et symbole', '80.5 €', 8_050],
    ['milliers', '1 200,00', 120_000],
    ['un centime', '0,01', 1],
  ])('lit %s', (_label, text, cents) => {
    const result = StopSchema.safeParse({ ...stop, minimumOrder: text });
    expect(result.success).toBe(true);
    expect(result.data?.minimumOrder).toBe(cents);
  });

  it.each([
    [
      'zéro',
      '0',
      'Le minimum de commande doit être supérieur à 0 € (laissez vide pour ne pas en fixer).',
    ],
    [
      'zéro décimal',
      '0,00',
      'Le minimum de commande doit être supérieur à 0 € (laissez vide pour ne pas en fixer).',
    ],
    ['négatif', '-5', '« -5 » : une valeur négative n’est pas acceptée.'],
    ['illisible', 'cent euros', '« cent euros » n’est pas un nombre (exemple : 12,50).'],
  ])('refuse %s avec un message en français sur le champ', (_label, text, message) => {
    const result = StopSchema.safeParse({ ...stop, minimumOrder: text });
    expect(result.success).toBe(false);
    expect(minimumErrors(result)).toEqual([
      expect.objectContaining({ path: ['minimumOrder'], message }),
    ]);
  });

  it('refuse plus d’un centime de précision', () => {
    const result = StopSchema.safeParse({ ...stop, minimumOrder: '10,005' });
    expect(result.success).toBe(false);
    expect(minimumErrors(result)[0]?.path).toEqual(['minimumOrder']);
  });
});

describe('UpdateStopMinimumSchema', () => {
  it('lit un minimum ou son effacement', () => {
    expect(UpdateStopMinimumSchema.parse({ stopId, minimumOrder: '60' })).toEqual({
      stopId,
      minimumOrder: 6_000,
    });
    expect(UpdateStopMinimumSchema.parse({ stopId, minimumOrder: '' })).toEqual({
      stopId,
      minimumOrder: null,
    });
  });

  it('refuse un arrêt mal formé avec « introuvable »', () => {
    const result = UpdateStopMinimumSchema.safeParse({ stopId: 'abc', minimumOrder: '10' });
    expect(minimumErrors(result)).toEqual([
      expect.objectContaining({
        path: ['stopId'],
        message: 'Arrêt introuvable dans cette tournée.',
      }),
    ]);
  });
});
