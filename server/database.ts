import { connectDatabase, type Database, disconnectDatabase } from '#app/db/client.server.ts';
import { startEmbeddedDatabase } from '#app/db/embedded.server.ts';
import { migrate } from '#app/db/migrate.server.ts';
import type { Env } from '#app/utils/env.server.ts';

export type DatabaseHandle = {
  db: Database;
  url: string;
  embedded: boolean;
  close: () => Promise<void>;
};

/**
 * DATABASE_URL when set, the embedded PostgreSQL 15 otherwise; then the migrations.
 * Same driver, same SQL and same code path either way.
 */
export async function openDatabase(
  env: Env,
  options: { log?: (line: string) => void; migrate?: boolean } = {},
): Promise<DatabaseHandle> {
  let url = env.DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!url) {
    const embedded = await startEmbeddedDatabase({ dataDir: env.CABAS_DATA_DIR });
    url = embedded.url;
    stopEmbedded = embedded.stop;
  }
  try {
    const db = connectDatabase(url);
    if (options.migrate !== false) {
      const applied = await migrate(db.$client);
      for (const name of applied) {
        options.log?.(`migration appliquée : ${name}`);
      }
    }
    return {
      db,
      url,
      embedded: Boolean(stopEmbedded),
      close: async () => {
        await disconnectDatabase();
        await stopEmbedded?.();
      },
    };
  } catch (error) {
    await disconnectDatabase().catch(() => {});
    await stopEmbedded?.();
    throw error;
  }
}
