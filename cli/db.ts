import { connectDatabase, disconnectDatabase } from '#app/db/client.server.ts';
import { readLock, startEmbeddedDatabase } from '#app/db/embedded.server.ts';
import { migrate } from '#app/db/migrate.server.ts';
import type { Env } from '#app/utils/env.server.ts';

/**
 * The CLI's database: DATABASE_URL, else the embedded cluster of the data folder — reusing
 * the running app's server when one holds the folder, starting (then stopping) it otherwise.
 */
export async function withCliDatabase<T>(env: Env, fn: () => Promise<T>): Promise<T> {
  let url = env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const running = await readLock(env.CABAS_DATA_DIR);
    if (running) {
      url = `postgres://postgres:cabas-local@127.0.0.1:${running.port}/cabas`;
    } else {
      const embedded = await startEmbeddedDatabase({ dataDir: env.CABAS_DATA_DIR });
      url = embedded.url;
      stop = embedded.stop;
    }
  }
  try {
    const db = connectDatabase(url, { max: 4 });
    await migrate(db.$client);
    return await fn();
  } finally {
    await disconnectDatabase();
    await stop?.();
  }
}

export { migrate };
