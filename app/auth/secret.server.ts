import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { getEnv } from '#app/utils/env.server.ts';

let cached: string[] | undefined;

/**
 * Cookie-signing secrets: SESSION_SECRET (comma-separated, newest first) or, on a local
 * install, one generated at first start and kept in the data folder so restarts keep sessions.
 */
export function getSessionSecrets(): string[] {
  if (cached) {
    return cached;
  }
  const env = getEnv();
  if (env.SESSION_SECRET) {
    cached = env.SESSION_SECRET.split(',').map((s) => s.trim());
    return cached;
  }
  const file = path.resolve(env.CABAS_DATA_DIR, 'session-secret');
  try {
    cached = [readFileSync(file, 'utf8').trim()];
  } catch {
    mkdirSync(path.dirname(file), { recursive: true });
    try {
      writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
    } catch {
      // Another process wrote it first: read theirs.
    }
    cached = [readFileSync(file, 'utf8').trim()];
  }
  return cached;
}
