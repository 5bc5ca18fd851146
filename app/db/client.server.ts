import { drizzle, type PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres, { type Sql } from 'postgres';
import * as schema from './schema.ts';

export type Database = PostgresJsDatabase<typeof schema> & { $client: Sql };
/** The `tx` handed to `getDb().transaction(async (tx) => …)`. */
export type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

export function createSql(url: string, options: { max?: number } = {}): Sql {
  return postgres(url, {
    max: options.max ?? 10,
    onnotice: () => {},
  });
}

/**
 * Note: drizzle's postgres-js driver makes the raw client's json/jsonb and date/timestamp
 * (de)serializers pass-through (calendar days come back as 'YYYY-MM-DD' strings, which is what
 * we want). Raw `getSql()` queries must therefore send JSON as text: `${JSON.stringify(v)}::jsonb`.
 */
export function createDatabase(sql: Sql): Database {
  return drizzle(sql, { schema });
}

type Holder = { db?: Database; sql?: Sql };
const holder = globalThis as typeof globalThis & { __cabasDb?: Holder };
holder.__cabasDb ??= {};

/** Called once at boot (server, CLI, tests) with the connection URL. */
export function connectDatabase(url: string, options: { max?: number } = {}): Database {
  const sql = createSql(url, options);
  const db = createDatabase(sql);
  holder.__cabasDb = { db, sql };
  return db;
}

export function getDb(): Database {
  const db = holder.__cabasDb?.db;
  if (!db) {
    throw new Error(
      'Base de données non connectée : connectDatabase() doit être appelé au démarrage.',
    );
  }
  return db;
}

export function getSql(): Sql {
  return getDb().$client;
}

export async function disconnectDatabase(): Promise<void> {
  const sql = holder.__cabasDb?.sql;
  holder.__cabasDb = {};
  await sql?.end({ timeout: 5 });
}
