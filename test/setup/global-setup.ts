import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { createSql } from '#app/db/client.server.ts';
import { startEmbeddedDatabase } from '#app/db/embedded.server.ts';
import { migrate } from '#app/db/migrate.server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL with rights to CREATE/DROP DATABASE (its database name is replaced per test file). */
    adminDatabaseUrl: string;
    /** The migrated template each test file clones. */
    templateDatabase: string;
  }
}

/**
 * One Postgres for the whole run: the server named by TEST_DATABASE_URL (CI: the machine's
 * PostgreSQL 15), or an embedded PostgreSQL 15 in a temporary folder. The migrations are
 * applied once to a template database; each test file clones it (test/setup/db.ts).
 */
export default async function setup(project: TestProject) {
  let adminUrl = process.env.TEST_DATABASE_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  let tempDir: string | undefined;
  if (!adminUrl) {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'cabas-test-'));
    const embedded = await startEmbeddedDatabase({ dataDir: tempDir });
    adminUrl = embedded.url;
    stopEmbedded = embedded.stop;
  }
  const template = `cabas_tpl_${process.pid}_${Date.now().toString(36)}`;
  const admin = createSql(adminUrl, { max: 1 });
  await admin.unsafe(`create database ${template}`);
  const templateSql = createSql(withDatabase(adminUrl, template), { max: 1 });
  try {
    await migrate(templateSql);
  } finally {
    await templateSql.end();
  }
  project.provide('adminDatabaseUrl', adminUrl);
  project.provide('templateDatabase', template);

  return async () => {
    const leftovers = await admin<{ datname: string }[]>`
      select datname from pg_database where datname like ${`cabas_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) {
      await admin.unsafe(`drop database if exists ${datname} with (force)`);
    }
    await admin.end();
    await stopEmbedded?.();
    if (tempDir) {
      await rm(tempDir, { recursive: true, force: true });
    }
  };
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
