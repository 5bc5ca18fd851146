import { describe, expect, it } from 'vitest';
import type { CliCommand, CliIO } from '../types.ts';
import { milkPriceCommand } from './milk.ts';

async function runCommand(command: CliCommand, stdin: string, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = {
    readStdin: async () => stdin,
    stdout: (text) => out.push(text),
    stderr: (text) => err.push(text),
    env: {},
  };
  const code = await command.run(args, io);
  return { code, stdout: out.join(''), stderr: err.join('') };
}

/** Vector M1, word for word in the public format. */
const m1Text = `{"basePrice": 450, "fat": 42.0, "protein": 34.0, "germs": 60000, "cells": 200000,
  "litres": 30000, "grid": {"fat": [{"from": 38, "to": 40, "perG": 2.91}, {"from": 40, "perG": 1.45},
  {"to": 38, "perG": 2.91}], "protein": [{"perG": 8.60}], "germs": [{"upTo": 50000, "amount": 0},
  {"upTo": 100000, "amount": -9.147}, {"amount": -24.392}], "premiums": [{"label": "saisonnalité",
  "amount": 20}]}, "vatRegime": "liable", "vatRate": 5.5}`;
const m1 = JSON.parse(m1Text);

describe('milkPriceCommand', () => {
  it('se déclare sous « milk price »', () => {
    expect(milkPriceCommand.path).toEqual(['milk', 'price']);
  });

  it('M1 : sortie publique exacte', async () => {
    const result = await runCommand(milkPriceCommand, m1Text);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const output = JSON.parse(result.stdout);
    expect(Object.keys(output)).toEqual([
      'pricePer1000L',
      'amountExclVat',
      'vat',
      'total',
      'flatRateRefund',
      'trace',
    ]);
    expect(output).toMatchObject({
      pricePer1000L: '486.773',
      amountExclVat: '14603.19',
      vat: '803.18',
      total: '15406.37',
      flatRateRefund: null,
    });
    expect(output.trace.at(-1)).toEqual({
      kind: 'total',
      text: 'Total TTC : 15\u202f406,37 €',
      value: '15406.37',
    });
  });

  it('M1 au remboursement forfaitaire : TVA 0,00, remboursement 816,32 € à part', async () => {
    const { vatRate: _vatRate, ...rest } = m1;
    const result = await runCommand(
      milkPriceCommand,
      JSON.stringify({ ...rest, vatRegime: 'flat_rate' }),
    );
    expect(JSON.parse(result.stdout)).toMatchObject({
      amountExclVat: '14603.19',
      vat: '0.00',
      total: '14603.19',
      flatRateRefund: '816.32',
    });
  });

  it.each([
    ['matière grasse en texte', { ...m1, fat: '42,0' }, 'Champ « fat » : nombre attendu.'],
    [
      'grille de matière protéique absente',
      { ...m1, grid: { ...m1.grid, protein: undefined } },
      'Champ « grid.protein » : valeur obligatoire manquante (liste attendue).',
    ],
    [
      'taux de TVA manquant',
      { ...m1, vatRate: undefined },
      'Champ « vatRate » : taux de TVA obligatoire quand « vatRegime » vaut « liable » (5.5 pour le lait).',
    ],
  ])('entrée invalide, code 2 et champ nommé : %s', async (_label, input, message) => {
    expect(await runCommand(milkPriceCommand, JSON.stringify(input))).toEqual({
      code: 2,
      stdout: '',
      stderr: `${message}\n`,
    });
  });

  it('JSON invalide : code 2', async () => {
    const result = await runCommand(milkPriceCommand, '');
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: 'Entrée : aucune donnée reçue, un document JSON est attendu sur l’entrée standard.\n',
    });
  });
});
