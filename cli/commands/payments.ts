import { getSql } from '#app/db/client.server.ts';
import { runPaymentOutbox } from '#app/models/payment-outbox.server.ts';
import { settleRoundAfterInvoicing } from '#app/models/payment-refund.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand, CliIO } from '../types.ts';
import { parseOptions } from './invoices.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function fail(io: CliIO, problems: string[], code: 1 | 2): number {
  io.stderr(`${problems.join('\n')}\n`);
  return code;
}

/** The JSON result, or (code 1, nothing on stdout) Stripe's refusals one per line. */
function report(io: CliIO, output: object, failures: readonly string[]): number {
  if (failures.length > 0) {
    return fail(io, [...failures], 1);
  }
  io.stdout(`${JSON.stringify(output, null, 2)}\n`);
  return 0;
}

/** For a scheduled job: what the webhooks could not send (a Stripe outage) is sent again. */
export const paymentsOutboxCommand: CliCommand = {
  path: ['payments', 'outbox'],
  summary:
    'Envoie à Stripe les virements aux producteurs et les remboursements en attente (tâche planifiée).',
  usage: 'npx cabas payments outbox',
  async run(args, io) {
    const { problems } = parseOptions(args, { values: [], flags: [] });
    if (problems.length > 0) {
      return fail(io, problems, 2);
    }
    const env = parseEnv(io.env);
    if (!env.STRIPE_SECRET_KEY || !env.STRIPE_WEBHOOK_SECRET) {
      return fail(
        io,
        ['Paiement en ligne désactivé : STRIPE_SECRET_KEY et STRIPE_WEBHOOK_SECRET manquent.'],
        1,
      );
    }
    return withCliDatabase(env, async () => {
      const result = await runPaymentOutbox();
      return report(io, result, result.failures);
    });
  },
};

/** The producer's « Rembourser les trop-perçus » of an invoiced round, from the command line. */
export const paymentsSettleCommand: CliCommand = {
  path: ['payments', 'settle'],
  summary:
    'Rembourse sur la carte des foyers les trop-perçus d’une tournée facturée (manquants, poids plus légers).',
  usage: 'npx cabas payments settle --round <id>',
  async run(args, io) {
    const { options, problems } = parseOptions(args, { values: ['--round'], flags: [] });
    const roundId = options.get('--round');
    if (!roundId) {
      problems.push('Option « --round » : identifiant de tournée attendu.');
    } else if (!UUID.test(roundId)) {
      problems.push(`Option « --round » : « ${roundId} » n’est pas un identifiant de tournée.`);
    }
    if (problems.length > 0 || !roundId) {
      return fail(io, problems, 2);
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const [round] = await getSql()<{ producer_id: string; status: string }[]>`
        select producer_id, status::text from delivery_rounds where id = ${roundId}`;
      if (!round) {
        return fail(io, ['Tournée introuvable.'], 1);
      }
      if (round.status !== 'invoiced') {
        return fail(
          io,
          ['Les trop-perçus se remboursent une fois les factures de la tournée émises.'],
          1,
        );
      }
      const settled = await settleRoundAfterInvoicing({
        roundId,
        producerId: round.producer_id,
        actorId: null,
      });
      return report(io, { roundId, ...settled }, settled.failures);
    });
  },
};
