import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['app/**/*.test.ts', 'server/**/*.test.ts', 'cli/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    globalSetup: ['./test/setup/global-setup.ts'],
    setupFiles: ['./test/setup/setup-each.ts'],
    pool: 'forks',
    // Vitest's default is one fork per core minus one: one on a 2-core machine. Most files wait
    // on Postgres or child processes, so two forks use the machine better.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    env: {
      NODE_ENV: 'test',
      SESSION_SECRET: 'vitest-session-secret-0123456789abcdef',
      CABAS_DATA_DIR: path.join(os.tmpdir(), 'cabas-vitest-data'),
      CABAS_DEMO: '0',
    },
  },
});
