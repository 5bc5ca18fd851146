import { afterAll, beforeAll, inject } from 'vitest';
import {
  connectDatabase,
  createSql,
  type Database,
  disconnectDatabase,
} from '#app/db/client.server.ts';
import { withDatabase } from './global-setup.ts';

let counter = 0;

/** A fresh database cloned from the migrated template for the calling test file. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const adminUrl = inject('adminDatabaseUrl');
  const template = inject('templateDatabase');
  const ppid = template.split('_')[2];
  const name = `cabas_t_${ppid}_${process.pid}_${counter++}_${Date.now().toString(36)}`;
  const admin = createSql(adminUrl, { max: 1 });
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.unsafe(`create database ${name} template ${template}`);
      break;
    } catch (error) {
      // Two workers cloning at the same instant: "source database is being accessed".
      if (attempt >= 20 || !String(error).includes('being accessed')) {
        await admin.end();
        throw error;
      }
      await new Promise((r) => setTimeout(r, 50 + attempt * 20));
    }
  }
  return {
    url: withDatabase(adminUrl, name),
    drop: async () => {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks giving the file its own database, connected as the
 * app's global database (models use it through getDb()).
 */
export function setupTestDatabase(): { db: () => Database; url: () => string } {
  let database: Database | undefined;
  let handle: Awaited<ReturnType<typeof createTestDatabase>> | undefined;
  beforeAll(async () => {
    handle = await createTestDatabase();
    database = connectDatabase(handle.url, { max: 5 });
  });
  afterAll(async () => {
    await disconnectDatabase();
    await handle?.drop();
  });
  return {
    db: () => {
      if (!database) {
        throw new Error('setupTestDatabase: database not ready (call inside a test or hook).');
      }
      return database;
    },
    url: () => handle?.url ?? '',
  };
}
