import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createClient } from '@redis/client';
import { afterAll } from 'vitest';
import { freePort, killServer } from './processes.ts';

// A real Redis for the tests of several sync processes (ADR 018): TEST_REDIS_URL, else the
// machine's server on 127.0.0.1:6379, else a `redis-server` this file starts on a free port
// and stops at the end (Debian's redis-server package; .ci/run installs it). Without any of
// them the caller's tests are reported as skipped, with the reason.

async function answers(url: string): Promise<boolean> {
  const client = createClient({ url, socket: { connectTimeout: 500, reconnectStrategy: false } });
  client.on('error', () => {});
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    await client.close().catch(() => {});
  }
}

const hasRedisServer = () => spawnSync('redis-server', ['--version']).status === 0;

/**
 * A `redis-server` of the test's own on a free port (no persistence), killed when the file
 * ends or by `stop()`; null without the binary.
 */
export async function startRedisServer(): Promise<{ url: string; stop(): Promise<void> } | null> {
  if (!hasRedisServer()) {
    return null;
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const stop = () => killServer(child);
  afterAll(stop);
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 50; attempt++) {
    if (await answers(url)) {
      return { url, stop };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`redis-server ne répond pas sur ${url}`);
}

export async function testRedisUrl(): Promise<string | null> {
  if (process.env.TEST_REDIS_URL) {
    return process.env.TEST_REDIS_URL;
  }
  if (await answers('redis://127.0.0.1:6379')) {
    return 'redis://127.0.0.1:6379';
  }
  const own = await startRedisServer();
  if (own === null) {
    console.warn('[test] ni TEST_REDIS_URL, ni Redis sur 127.0.0.1:6379, ni redis-server');
  }
  return own?.url ?? null;
}
