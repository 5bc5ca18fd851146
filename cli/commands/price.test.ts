import { describe, expect, it } from 'vitest';
import type { CliCommand, CliIO } from '../types.ts';
import { priceEvaluateCommand } from './price.ts';

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

const evaluate = (input: unknown) => runCommand(priceEvaluateCommand, JSON.stringify(input));

/** BEEF-02 / vector B1. */
const b1 = {
  formula: {
    decimals: 3,
    terms: [
      { indicator: 'cost', weight: 0.7, label: 'Coût de production' },
      { indicator: 'quotation', weight: 0.3, label: 'Cotation' },
    ],
    adjustments: [{ label: 'Label Rouge', amount: 0.22 }],
    conformation: { reference: 'R=', perThird: 0.105 },
  },
  indicators: { cost: 5.1, quotation: 4.44 },
  conformation: 'U-',
};

describe('priceEvaluateCommand', () => {
  it('se déclare sous « price evaluate »', () => {
    expect(priceEvaluateCommand.path).toEqual(['price', 'evaluate']);
  });

  it('B1 × 420 kg : 5,332 €/kg, 2 239,44 €, avec la trace', async () => {
    const result = await evaluate({ ...b1, quantity: 420 });
    expect(result.code).toBe(0);
    expect(result.stdout.endsWith('\n')).toBe(true);
    const output = JSON.parse(result.stdout);
    expect(output).toMatchObject({ price: '5.332', quantity: 420, amount: '2239.44' });
    expect(output.trace[0]).toEqual({
      kind: 'term',
      text: 'Coût de production 5,10 × 0,70 = 3,570',
      value: '3.57',
    });
    expect(output.trace.at(-1).text).toBe('Prix retenu : 5,332');
  });

  it('sans quantité : le prix seul', async () => {
    const output = JSON.parse((await evaluate(b1)).stdout);
    expect(Object.keys(output)).toEqual(['price', 'trace']);
  });

  it('exemple du ticket (texte JSON tel quel) : 5,392 porté au plancher 5,400', async () => {
    const result = await runCommand(
      priceEvaluateCommand,
      '{"formula": {"decimals": 3, "terms": [{"indicator": "cost", "weight": 0.70}, {"indicator": "quotation", "weight": 0.30, "deduction": 0.10}], "adjustments": [{"label": "Label Rouge", "amount": 0.22}], "conformation": {"reference": "R=", "perThird": 0.15}, "tunnel": {"min": 5.40, "max": 6.20}}, "indicators": {"cost": 5.10, "quotation": 4.44}, "conformation": "U-"}',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).price).toBe('5.400');
  });

  it('séries datées évaluées au jour de livraison', async () => {
    const indicators = {
      cost: [
        { date: '2026-04-01', value: 5 },
        { date: '2026-10-01', value: 5.1 },
      ],
      quotation: [{ date: '2026-09-28', value: 4.44 }],
    };
    const output = JSON.parse((await evaluate({ ...b1, indicators, on: '2026-10-15' })).stdout);
    expect(output.price).toBe('5.332');
  });

  it.each([
    [
      'poids en texte',
      { ...b1, formula: { ...b1.formula, terms: [{ indicator: 'cost', weight: '0.7' }] } },
      'Champ « formula.terms[0].weight » : nombre attendu.',
    ],
    [
      'quantité plus fine que le millième',
      { ...b1, quantity: 1.0001 },
      'Champ « quantity » : au plus 3 décimales.',
    ],
    [
      'indicateur absent',
      { ...b1, indicators: { cost: 5.1 } },
      'Champ « indicators.quotation » : valeur obligatoire, la formule utilise cet indicateur.',
    ],
    [
      'classe de carcasse absente',
      { ...b1, conformation: undefined },
      'Champ « conformation » : classe EUROP de la carcasse obligatoire, la formule ajuste le prix par tiers de classe (référence R=).',
    ],
  ])('entrée invalide, code 2 et champ nommé : %s', async (_label, input, message) => {
    expect(await evaluate(input)).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('aucune valeur en vigueur à la date : code 1 (calcul impossible)', async () => {
    const indicators = { cost: [{ date: '2026-10-01', value: 5.1 }], quotation: 4.44 };
    expect(await evaluate({ ...b1, indicators, on: '2026-06-01' })).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'Indicateur « cost » : aucune valeur en vigueur au 2026-06-01 (première valeur publiée le 2026-10-01).\n',
    });
  });

  it('JSON invalide : code 2', async () => {
    const result = await runCommand(priceEvaluateCommand, 'formule');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^Entrée : JSON invalide/);
  });
});
