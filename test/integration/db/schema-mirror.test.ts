import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import * as schema from '#app/db/schema.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

const tables = (Object.values(schema) as unknown[]).filter(
  (value): value is PgTable =>
    typeof value === 'object' && value !== null && Symbol.for('drizzle:IsDrizzleTable') in value,
);

describe('app/db/schema.ts', () => {
  it.each(tables.map((t) => [getTableConfig(t).name, t] as const))(
    'la table %s existe avec les mêmes colonnes et nullabilités que les migrations',
    async (_name, table) => {
      const config = getTableConfig(table);
      const rows = await getSql()<{ column_name: string; is_nullable: 'YES' | 'NO' }[]>`
        select column_name, is_nullable from information_schema.columns
        where table_schema = ${config.schema ?? 'public'} and table_name = ${config.name}`;
      const actual = new Map(rows.map((r) => [r.column_name, r.is_nullable === 'YES']));
      for (const column of config.columns) {
        expect(actual.has(column.name), `${config.name}.${column.name}`).toBe(true);
        if (config.schema !== 'auth') {
          expect(actual.get(column.name), `${config.name}.${column.name} nullable`).toBe(
            !column.notNull,
          );
        }
      }
      if (config.schema !== 'auth') {
        expect([...actual.keys()].sort()).toEqual(config.columns.map((c) => c.name).sort());
      }
    },
  );
});
