import { describe, expect, it } from 'vitest';
import type { CliCommand, CliIO } from '../types.ts';
import { egalimClassifyCommand } from './egalim.ts';

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

const classify = (input: unknown) => runCommand(egalimClassifyCommand, JSON.stringify(input));
const heifers = { product: 'bovine_heifer', siqo: true, buyer: 'professional' };

describe('egalimClassifyCommand', () => {
  it('se déclare sous « egalim classify »', () => {
    expect(egalimClassifyCommand.path).toEqual(['egalim', 'classify']);
  });

  it.each([
    [
      'X1 légumes à un particulier',
      { product: 'fruit_vegetable', buyer: 'consumer' },
      'exempt',
      null,
      'EG-02a',
    ],
    [
      'X2 légumes à un restaurant, 80 000 €',
      { product: 'fruit_vegetable', buyer: 'professional', producerTurnoverEur: 80_000 },
      'writing_optional',
      null,
      'EG-05',
    ],
    [
      'X3 génisses Label Rouge, boucher à 90 000 €',
      { ...heifers, buyerTurnoverEur: 90_000, producerTurnoverEur: 40_000 },
      'exempt',
      null,
      'EG-04',
    ],
    [
      'X4 génisses Label Rouge, producteur à 8 000 €',
      { ...heifers, buyerTurnoverEur: 150_000, producerTurnoverEur: 8_000 },
      'exempt',
      null,
      'EG-04',
    ],
    [
      'X5 génisses Label Rouge, producteur à 25 000 €',
      { ...heifers, buyerTurnoverEur: 150_000, producerTurnoverEur: 25_000 },
      'contract_required',
      3,
      'EG-14',
    ],
    [
      'X8 agneaux à 4 000 €',
      { product: 'lamb_lt12m', buyer: 'professional', producerTurnoverEur: 4_000 },
      'exempt',
      null,
      'EG-04',
    ],
    [
      'X8 agneaux à 6 000 €',
      { product: 'lamb_lt12m', buyer: 'professional', producerTurnoverEur: 6_000 },
      'contract_required',
      3,
      'EG-14',
    ],
    [
      'X9 œufs à 9 500 €',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 9_500 },
      'exempt',
      null,
      'EG-04',
    ],
    [
      'X9 œufs à 12 000 €',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: 12_000 },
      'contract_required',
      3,
      'EG-14',
    ],
    [
      'X10 miel à une boutique',
      { product: 'honey', buyer: 'professional', producerTurnoverEur: 250_000 },
      'writing_optional',
      null,
      'EG-05',
    ],
    [
      'X12 association caritative',
      { product: 'bovine_cow', buyer: 'charity', buyerTurnoverEur: 1e6, producerTurnoverEur: 1e6 },
      'exempt',
      null,
      'EG-02b',
    ],
    [
      'lait de vache, producteur installé il y a exactement 5 ans',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 1e6,
        producerStartedYearsAgo: 5,
      },
      'contract_required',
      5,
      'EG-15',
    ],
    [
      'lait de vache, producteur installé il y a 3 ans',
      {
        product: 'milk_cow',
        buyer: 'professional',
        buyerTurnoverEur: 1e6,
        producerStartedYearsAgo: 3,
      },
      'contract_required',
      7,
      'EG-15',
    ],
  ])('%s', async (_label, input, decision, minDurationYears, rule) => {
    const result = await classify(input);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout.endsWith('}\n')).toBe(true);
    const output = JSON.parse(result.stdout);
    expect(output).toEqual({
      decision,
      minDurationYears,
      rule,
      reason: expect.stringMatching(/CRPM\)/),
    });
  });

  it.each([
    [
      'chiffre d’affaires en texte',
      { product: 'egg', buyer: 'professional', producerTurnoverEur: '25000' },
      'Champ « producerTurnoverEur » : nombre attendu.',
    ],
    [
      'chiffre d’affaires nécessaire absent',
      { product: 'egg', buyer: 'professional' },
      'Champ « producerTurnoverEur » : chiffre d’affaires annuel du produit requis pour appliquer le seuil de 10\u202f000 € (art. R631-6 I CRPM).',
    ],
    [
      'acheteur manquant',
      { product: 'egg' },
      'Champ « buyer » : valeur obligatoire manquante, attendue parmi "consumer", "professional", "charity", "wholesale_market_fixed_price".',
    ],
    [
      'type d’acheteur inconnu',
      { product: 'egg', buyer: 'shop' },
      'Champ « buyer » : valeur attendue parmi "consumer", "professional", "charity", "wholesale_market_fixed_price".',
    ],
    [
      'champ mal orthographié',
      { product: 'egg', buyer: 'consumer', producerTurnover: 3 },
      'Champ « producerTurnover » : champ inconnu.',
    ],
  ])('entrée invalide, code 2 et champ nommé : %s', async (_label, input, message) => {
    const result = await classify(input);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `${message}\n` });
  });

  it('JSON invalide : code 2 et message en français', async () => {
    const result = await runCommand(egalimClassifyCommand, '{"product": "egg",');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^Entrée : JSON invalide( \(erreur au caractère \d+\))?, un document JSON est attendu sur l’entrée standard\.\n$/,
    );
  });

  it('argument inattendu : code 2', async () => {
    const result = await runCommand(egalimClassifyCommand, '{}', ['--verbose']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Argument inattendu : « --verbose »');
  });
});
