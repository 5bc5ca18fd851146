import { classifySale } from '#app/domain/egalim/classify.ts';
import { SaleInputSchema } from '#app/domain/egalim/schemas.ts';
import { parseJsonInput } from '#app/domain/pricing/parse-input.ts';
import type { CliCommand } from '../types.ts';

/** `npx cabas egalim classify`: RULES-FR §1.1 on one sale, JSON in and out (docs/cli.md). */
export const egalimClassifyCommand: CliCommand = {
  path: ['egalim', 'classify'],
  summary:
    'Dit si une vente exige un contrat écrit Egalim 2 (exemptée, écrit facultatif, contrat obligatoire).',
  usage: 'npx cabas egalim classify < vente.json',
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(
        `Argument inattendu : « ${args[0]} ». La vente se lit en JSON sur l’entrée standard.\n`,
      );
      return 2;
    }
    const parsed = parseJsonInput(SaleInputSchema, await io.readStdin());
    if (!parsed.ok) {
      io.stderr(`${parsed.message}\n`);
      return 2;
    }
    io.stdout(`${JSON.stringify(classifySale(parsed.value), null, 2)}\n`);
    return 0;
  },
};
