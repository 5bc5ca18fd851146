import os from 'node:os';
import path from 'node:path';
import { defineConfig, devices } from '@playwright/test';

const PORT = Number(process.env.E2E_PORT ?? 3210);
// A fresh data folder per run: the e2e suite exercises the first-start path (embedded
// Postgres initialised, migrated, demo seeded), exactly as `npm start` on a new machine.
process.env.CABAS_E2E_DATA_DIR ??= path.join(os.tmpdir(), `cabas-e2e-${process.pid}-${Date.now()}`);
// Online payment runs against a local Stripe fake (test/mocks/stripe-fake-server.ts): the app's
// official client calls it, the browser opens its hosted pages, it signs and sends webhooks.
const STRIPE_FAKE_PORT = Number(process.env.STRIPE_FAKE_PORT ?? PORT + 1000);
process.env.STRIPE_FAKE_URL ??= `http://127.0.0.1:${STRIPE_FAKE_PORT}`;
const STRIPE_WEBHOOK_SECRET = 'whsec_cabas_e2e_fake_secret';

export default defineConfig({
  testDir: 'test/e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_BIN || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'ordinateur', use: { ...devices['Desktop Chrome'] } }],
  webServer: [
    {
      command: 'node --import tsx test/mocks/stripe-fake-server.ts',
      url: `${process.env.STRIPE_FAKE_URL}/__fake/state`,
      timeout: 60_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        STRIPE_FAKE_PORT: String(STRIPE_FAKE_PORT),
        STRIPE_FAKE_WEBHOOK_URL: `http://127.0.0.1:${PORT}/webhooks/stripe`,
        STRIPE_WEBHOOK_SECRET,
      },
    },
    {
      command: 'node --import tsx server/index.ts',
      url: `http://127.0.0.1:${PORT}/healthz`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        NODE_ENV: 'production',
        PORT: String(PORT),
        CABAS_DATA_DIR: process.env.CABAS_E2E_DATA_DIR,
        CABAS_DEMO: '1',
        DATABASE_URL: '',
        STRIPE_SECRET_KEY: 'sk_test_cabas_e2e',
        STRIPE_WEBHOOK_SECRET,
        STRIPE_API_BASE_URL: process.env.STRIPE_FAKE_URL,
      },
    },
  ],
});
