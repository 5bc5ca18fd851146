import { z } from 'zod';
import { amountCents, centsToDecimal, decimalPlaces } from '#app/domain/pricing/decimal.ts';
import { evaluatePrice, type PriceErrorCode } from '#app/domain/pricing/evaluate-price.ts';
import { parseJsonInput } from '#app/domain/pricing/parse-input.ts';
import { PriceRequestSchema } from '#app/domain/pricing/schemas.ts';
import type { CliCommand } from '../types.ts';

const PriceCommandInputSchema = PriceRequestSchema.extend({
  /** Optional quantity (kg carcass, litres…) to price a line: amount rounded once to the cent. */
  quantity: z
    .number()
    .min(0)
    .refine((quantity) => decimalPlaces(quantity) <= 3, { error: 'au plus 3 décimales' })
    .optional(),
});

/**
 * Missing or malformed fields exit 2; complete input whose price cannot be computed (no value in
 * force on that day, negative price) exits 1.
 */
const FIELD_ERRORS: ReadonlySet<PriceErrorCode> = new Set([
  'invalid_input',
  'indicator_missing',
  'indicator_date_missing',
  'conformation_missing',
]);

/** `npx cabas price evaluate`: a price formula evaluated with its trace (docs/cli.md). */
export const priceEvaluateCommand: CliCommand = {
  path: ['price', 'evaluate'],
  summary:
    'Calcule un prix à partir d’une formule Egalim et de ses indicateurs, avec le détail du calcul.',
  usage: 'npx cabas price evaluate < formule.json',
  async run(args, io) {
    if (args.length > 0) {
      io.stderr(
        `Argument inattendu : « ${args[0]} ». La formule se lit en JSON sur l’entrée standard.\n`,
      );
      return 2;
    }
    const parsed = parseJsonInput(PriceCommandInputSchema, await io.readStdin());
    if (!parsed.ok) {
      io.stderr(`${parsed.message}\n`);
      return 2;
    }
    const { quantity, ...request } = parsed.value;
    const result = evaluatePrice(request);
    if (!result.ok) {
      io.stderr(`${result.message}\n`);
      return FIELD_ERRORS.has(result.code) ? 2 : 1;
    }
    const line =
      quantity === undefined
        ? {}
        : { quantity, amount: centsToDecimal(amountCents(result.price, quantity)) };
    io.stdout(
      `${JSON.stringify({ price: result.price, ...line, trace: result.trace }, null, 2)}\n`,
    );
    return 0;
  },
};
