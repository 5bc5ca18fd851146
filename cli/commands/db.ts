import { getDb } from '#app/db/client.server.ts';
import { migrate } from '#app/db/migrate.server.ts';
import { demoLoginsText, seedDemo } from '#app/seed/demo.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand } from '../types.ts';

export const dbMigrateCommand: CliCommand = {
  path: ['db', 'migrate'],
  summary:
    'Applique les migrations SQL de supabase/migrations à la base (DATABASE_URL ou embarquée).',
  async run(_args, io) {
    const env = parseEnv(io.env);
    const applied = await withCliDatabase(env, async () => migrate(getDb().$client));
    io.stdout(`${JSON.stringify({ applied })}\n`);
    return 0;
  },
};

export const dbSeedCommand: CliCommand = {
  path: ['db', 'seed'],
  summary:
    'Installe la démonstration (--demo) : producteurs, groupe de voisinage, foyers, acheteur, OP.',
  usage: 'cabas db seed --demo',
  async run(args, io) {
    if (!args.includes('--demo')) {
      io.stderr('Précisez ce qu’il faut installer : « cabas db seed --demo ».\n');
      return 2;
    }
    const env = parseEnv(io.env);
    const result = await withCliDatabase(env, seedDemo);
    io.stdout(`${JSON.stringify({ demo: result.created ? 'installée' : 'déjà présente' })}\n`);
    io.stderr(`${demoLoginsText()}\n`);
    return 0;
  },
};
