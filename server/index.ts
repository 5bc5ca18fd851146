import { createServer } from 'node:http';
import { hostname } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequestHandler } from '@remix-run/express';
import type { ServerBuild } from '@remix-run/node';
import { installGlobals } from '@remix-run/node';
import compression from 'compression';
import express from 'express';
import morgan from 'morgan';
import { DataDirLockedError } from '#app/db/embedded.server.ts';
import { startNotificationDispatcher } from '#app/models/notification-dispatcher.server.ts';
import { demoLoginsText, isDatabaseEmpty, seedDemo } from '#app/seed/demo.server.ts';
import { getEnv } from '#app/utils/env.server.ts';
import { openDatabase } from './database.ts';
import { createPublicPageCache } from './public-page-cache.ts';
import { createSheetSyncServer } from './sheets/sheet-sync-server.ts';
import { createUpgradeRouter, type UpgradeHandler } from './upgrade.ts';

installGlobals({ nativeFetch: true });

const BUILD_PATH = path.resolve('build/index.js');

async function loadBuild(): Promise<ServerBuild> {
  return import(`${pathToFileURL(BUILD_PATH).href}?t=${Date.now()}`);
}

async function main() {
  const started = Date.now();
  const env = getEnv();
  const log = (line: string) => console.info(`[cabas] ${line}`);

  const database = await openDatabase(env, { log }).catch((error: unknown) => {
    if (error instanceof DataDirLockedError) {
      console.error(`[cabas] ${error.message}`);
      process.exit(1);
    }
    throw error;
  });
  log(
    database.embedded
      ? 'base embarquée PostgreSQL 15 prête'
      : 'base de données connectée (DATABASE_URL)',
  );

  try {
    await serve(env, database, started, log);
  } catch (error) {
    await database.close().catch(() => {});
    throw error;
  }
}

async function serve(
  env: ReturnType<typeof getEnv>,
  database: Awaited<ReturnType<typeof openDatabase>>,
  started: number,
  log: (line: string) => void,
) {
  if (env.CABAS_DEMO === '1' && (await isDatabaseEmpty())) {
    await seedDemo();
    log('démo installée');
  }

  const app = express();
  app.disable('x-powered-by');
  app.use(compression());
  app.use('/build', express.static('public/build', { immutable: true, maxAge: '1y' }));
  app.use(express.static('public', { maxAge: '1h' }));
  if (env.NODE_ENV !== 'test') {
    app.use(morgan('tiny'));
  }

  let build = await loadBuild();
  // Under `remix dev` (REMIX_DEV_ORIGIN set) reload the build on each rebuild.
  if (process.env.REMIX_DEV_ORIGIN) {
    const { broadcastDevReady } = await import('@remix-run/node');
    const { watch } = await import('node:fs');
    watch(path.resolve('build/version.txt'), async () => {
      build = await loadBuild();
      await broadcastDevReady(build);
    });
    await broadcastDevReady(build);
  }
  // Anonymous visitors of the public catalogue pages share a render for a few seconds.
  app.use(createPublicPageCache({ paths: /^\/(catalogue|producteurs\/[^/]+)\/?$/ }));
  // One request handler per build: creating it derives the route tree, ~7 ms per request.
  let handler: { build: ServerBuild; handle: ReturnType<typeof createRequestHandler> } | null =
    null;
  app.all('*', (req, res, next) => {
    if (handler?.build !== build) {
      handler = { build, handle: createRequestHandler({ build, mode: env.NODE_ENV }) };
    }
    return handler.handle(req, res, next);
  });

  // The live-sheet sync server registers itself here (issue: live grouped-order sheets).
  let syncHandler: UpgradeHandler | null = null;
  const server = createServer(app);
  server.on(
    'upgrade',
    createUpgradeRouter(() => syncHandler),
  );
  const registerSyncHandler = (handler: UpgradeHandler) => {
    syncHandler = handler;
  };
  // Live sheets: `/sync/sheet:<uuid>` (docs/sync.md), authenticated before the upgrade.
  const journalFile = path.resolve(env.CABAS_DATA_DIR, 'sync', `journal-${env.PORT}.bin`);
  const sheetSync = createSheetSyncServer({
    // The file journal is local to this process: with several, the one that takes a sheet
    // over after a crash could not replay it; they share a Redis stream per sheet instead
    // (ADR 018).
    journal:
      env.CABAS_SYNC_JOURNAL === '1' && !env.REDIS_URL
        ? { file: journalFile, id: `${hostname()}:${journalFile}` }
        : undefined,
    // Several processes: one owner per sheet, the others relay to it (ADR 018).
    cluster: env.REDIS_URL
      ? {
          redisUrl: env.REDIS_URL,
          advertiseUrl: () => env.SYNC_ADVERTISE_URL ?? `ws://127.0.0.1:${env.PORT}`,
        }
      : undefined,
  });
  registerSyncHandler(sheetSync.handler);

  // E-mail notifications (ADR 016): woken after each commit that queues one, and every minute.
  // Started before listening, so that a server answering /healthz is fully started.
  const notifications = await startNotificationDispatcher();
  await new Promise<void>((resolve) => server.listen(env.PORT, resolve));
  // This process owns the port, hence the journal named after it: replay what a killed
  // predecessor journaled before any sheet loads (loads wait for it).
  await sheetSync.open();
  if (env.REDIS_URL) {
    log('feuilles en direct partagées entre processus (REDIS_URL)');
  }
  log(`prêt en ${((Date.now() - started) / 1000).toFixed(1)} s sur http://localhost:${env.PORT}`);
  if (env.CABAS_DEMO === '1') {
    console.info(demoLoginsText());
  }

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    log(`arrêt (${signal})…`);
    // Pending sheet writes are stored before the database closes.
    await sheetSync.destroy().catch(() => {});
    await notifications.stop().catch(() => {});
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

main().catch((error: unknown) => {
  console.error('[cabas] démarrage impossible :', error);
  process.exit(1);
});
