import { computeMilkPay } from '#app/domain/milk/compute-milk-pay.ts';
import { MilkPayInputSchema } from '#app/domain/milk/schemas.ts';
import { parseJsonInput } from '#app/domain/pricing/parse-input.ts';
import type { CliCommand } from '../types.ts';

/** `npx cabas milk price`: one producer's monthly milk pay (RULES-FR MILK-06, docs/cli.md). */
export const milkPriceCommand: CliCommand = {
  path: ['milk', 'price'],
  summary:
    'Calcule la paie mensuelle du lait (prix aux 1000 L, montant, TVA ou remboursement forfaitaire).',
  usage: 'npx cabas milk price < paie-lait.json',
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(
        `Argument inattendu : « ${args[0]} ». La paie se lit en JSON sur l’entrée standard.\n`,
      );
      return 2;
    }
    const parsed = parseJsonInput(MilkPayInputSchema, await io.readStdin());
    if (!parsed.ok) {
      io.stderr(`${parsed.message}\n`);
      return 2;
    }
    const result = computeMilkPay(parsed.value);
    if (!result.ok) {
      io.stderr(`${result.message}\n`);
      return 2;
    }
    const { ok: _ok, cents: _cents, ...pay } = result;
    io.stdout(`${JSON.stringify(pay, null, 2)}\n`);
    return 0;
  },
};
