import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

/** Every page of a test fails it on a console error or an uncaught exception. */
export const test = base.extend<{ consoleErrors: string[] }>({
  consoleErrors: async ({ context }, use) => {
    const errors: string[] = [];
    context.on('page', (page) => {
      page.on('console', (msg) => {
        if (msg.type() === 'error') {
          errors.push(`${page.url()} : ${msg.text()}`);
        }
      });
      page.on('pageerror', (error) => errors.push(`${page.url()} : ${error.message}`));
    });
    await use(errors);
    expect(errors, 'erreurs dans la console du navigateur').toEqual([]);
  },
});
export { expect };

export const DEMO_PASSWORD = 'cabas-demo-2026';

export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now()}.${Math.floor(Math.random() * 1e6)}@exemple.fr`;
}

/** Waits for Remix to hydrate, so clicks go through client-side navigation and validation. */
export async function hydrated(page: Page): Promise<void> {
  // The root sets data-hydrated in its first effect, i.e. once React owns the page.
  await page.locator('html[data-hydrated="true"]').waitFor({ state: 'attached' });
}

export async function signUp(
  page: Page,
  options: { fullName: string; email: string; password?: string; from?: string },
) {
  await page.goto(options.from ?? '/inscription');
  await hydrated(page);
  await page.getByLabel('Nom complet').fill(options.fullName);
  await page.getByLabel('Adresse e-mail').fill(options.email);
  await page
    .getByLabel('Mot de passe', { exact: true })
    .fill(options.password ?? 'une-phrase-assez-longue');
  await page
    .getByLabel('Confirmer le mot de passe')
    .fill(options.password ?? 'une-phrase-assez-longue');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
}

export async function signIn(page: Page, email: string, password: string) {
  await page.goto('/connexion');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

/** The last mail the local mailer wrote to the e2e data folder's outbox. */
export function lastMailTo(email: string): { subject: string; text: string } {
  const file = path.join(process.env.CABAS_E2E_DATA_DIR!, 'outbox.jsonl');
  const mails = readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { to: string; subject: string; text: string })
    .filter((m) => m.to === email);
  const mail = mails.at(-1);
  if (!mail) {
    throw new Error(`aucun e-mail pour ${email}`);
  }
  return mail;
}
