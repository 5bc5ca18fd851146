import { and, eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { eg22ToJson } from '#app/domain/op/eg22-export.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { monthRange } from '#app/models/op-invoicing.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand } from '../types.ts';
import { parseOptions } from './invoices.ts';

async function organisationId(slug: string, kind: 'op' | 'buyer') {
  const [row] = await getDb()
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(eq(organisations.slug, slug), eq(organisations.kind, kind)));
  return row?.id ?? null;
}

/**
 * `npx cabas op export`: the monthly transmission of L631-24 IV last al. (EG-22) for one buyer,
 * as JSON on standard output (docs/cli.md).
 */
export const opExportCommand: CliCommand = {
  path: ['op', 'export'],
  summary:
    'Exporte le mois des éléments de facturation des membres d’une OP pour un acheteur (EG-22), en JSON.',
  usage: 'npx cabas op export --op <adresse> --buyer <adresse> --month AAAA-MM',
  async run(args, io) {
    const { options, problems } = parseOptions(args, {
      values: ['--op', '--buyer', '--month'],
      flags: [],
    });
    for (const [option, what] of [
      ['--op', 'adresse (slug) de l’organisation de producteurs'],
      ['--buyer', 'adresse (slug) de l’acheteur'],
      ['--month', 'mois AAAA-MM'],
    ] as const) {
      if (!options.has(option) && !problems.some((p) => p.includes(`« ${option} »`))) {
        problems.push(`Option « ${option} » : ${what} attendue.`);
      }
    }
    const month = options.get('--month');
    if (month !== undefined && !monthRange(month)) {
      problems.push(`Option « --month » : mois AAAA-MM attendu, reçu « ${month} ».`);
    }
    if (problems.length > 0) {
      io.stderr(`${problems.join('\n')}\n`);
      return 2;
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const opId = await organisationId(options.get('--op')!, 'op');
      const buyerId = await organisationId(options.get('--buyer')!, 'buyer');
      const unknown = [
        ...(opId
          ? []
          : [`Option « --op » : aucune organisation de producteurs « ${options.get('--op')} ».`]),
        ...(buyerId ? [] : [`Option « --buyer » : aucun acheteur « ${options.get('--buyer')} ».`]),
      ];
      if (unknown.length > 0) {
        io.stderr(`${unknown.join('\n')}\n`);
        return 2;
      }
      const result = await buildOpEgalimExport({
        opId: opId!,
        buyerId: buyerId!,
        month: month!,
        now: new Date(),
      });
      if (!result.ok) {
        io.stderr(`Option « --${result.field} » : ${result.message}\n`);
        return result.field === 'month' ? 2 : 1;
      }
      io.stdout(`${JSON.stringify(eg22ToJson(result.data), null, 2)}\n`);
      return 0;
    });
  },
};
