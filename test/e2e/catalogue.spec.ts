import path from 'node:path';
import { devices } from '@playwright/test';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/catalogue');

test('un producteur importe le CSV LibreOffice de 200 produits et les voit sur sa page publique', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons/catalogue');
  await page.getByRole('link', { name: 'Importer un CSV' }).click();
  await expect(page.getByRole('heading', { name: 'Importer un fichier CSV' })).toBeVisible();
  await page.getByLabel('Fichier CSV').setInputFiles(path.join(FIXTURES, 'libreoffice-fr-200.csv'));
  await page.getByRole('button', { name: 'Importer' }).click();
  await expect(
    page.getByText('Fichier importé : 200 produit(s) créé(s), 0 modifié(s), 0 inchangé(s).'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Grille du catalogue' })).toBeVisible();

  await page.goto('/producteurs/ferme-des-quatre-saisons');
  await expect(
    page.getByRole('heading', { level: 1, name: 'Ferme des Quatre Saisons' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Bouquet de fleurs de saison – lot de la semaine' }),
  ).toBeVisible();
  await expect(
    page.getByRole('heading', { name: 'Carottes des sables (grand format)' }),
  ).toBeVisible();
});

test('un fichier avec des erreurs affiche le rapport par ligne et n’importe rien', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'fromager@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/producteurs/chevrerie-du-vallon');
  const before = await page.locator('.product-card').count();

  await page.goto('/o/chevrerie-du-vallon/catalogue/import');
  await page
    .getByLabel('Fichier CSV')
    .setInputFiles(path.join(FIXTURES, 'libreoffice-fr-broken.csv'));
  await page.getByRole('button', { name: 'Importer' }).click();
  const report = page.getByRole('alert').filter({ hasText: 'Le fichier n’a pas été importé' });
  await expect(report).toBeVisible();
  await expect(report).toContainText('rien n’a été enregistré');
  const priceRow = report.getByRole('row').filter({ hasText: 'Prix consommateur TTC' }).first();
  await expect(priceRow).toContainText('3');
  await expect(priceRow).toContainText('négative');
  await expect(report.getByRole('row').filter({ hasText: '« cageot »' })).toContainText(
    'Unité « cageot » inconnue',
  );

  await page.goto('/producteurs/chevrerie-du-vallon');
  await expect(page.locator('.product-card')).toHaveCount(before);
  await expect(page.getByRole('heading', { name: 'Salade feuille de chêne' })).toHaveCount(0);
});

test('la grille : navigation au clavier et collage d’un bloc copié depuis un tableur', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'fromager@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/chevrerie-du-vallon/catalogue');
  await hydrated(page);
  await expect(page.getByRole('heading', { name: 'Grille du catalogue' })).toBeVisible();

  // Arrows move between cells like a spreadsheet.
  const firstName = page.getByLabel('Ligne 1, Nom', { exact: true });
  await firstName.focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Ligne 2, Nom', { exact: true })).toBeFocused();

  const rowsBefore = await page.locator('table.catalogue-grid tbody tr').count();
  await page.getByRole('button', { name: 'Ajouter une ligne' }).click();
  const target = page.getByLabel(`Ligne ${rowsBefore + 1}, Référence`, { exact: true });
  // Two rows as LibreOffice Calc copies them: tabs between cells, CRLF, decimal comma.
  const block = [
    [
      'CAB-1',
      'Cabécou frais',
      '',
      'Fromages',
      'Autre',
      'non',
      'Fermier',
      'pièce',
      'non',
      '',
      '1',
      '6',
      'aucune',
      '1,90',
    ],
    [
      'CAB-2',
      'Cabécou affiné',
      'Affiné 3 semaines',
      'Fromages',
      'Autre',
      'non',
      '',
      'pièce',
      'non',
      '',
      '1',
      '',
      'aucune',
      '2,10',
    ],
  ]
    .map((cells) => cells.join('\t'))
    .join('\r\n');
  await target.evaluate((input, text) => {
    const data = new DataTransfer();
    data.setData('text/plain', `${text}\r\n`);
    input.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, block);
  await expect(page.getByLabel(`Ligne ${rowsBefore + 2}, Nom`, { exact: true })).toHaveValue(
    'Cabécou affiné',
  );
  await expect(
    page.getByLabel(`Ligne ${rowsBefore + 1}, Prix consommateur TTC (€)`, { exact: true }),
  ).toHaveValue('1,90');

  await page.getByRole('button', { name: 'Enregistrer la grille' }).click();
  await expect(page.getByText(/Catalogue enregistré : 2 créé\(s\), 0 modifié\(s\)/)).toBeVisible();

  await page.goto('/producteurs/chevrerie-du-vallon');
  await expect(page.getByRole('heading', { name: 'Cabécou affiné' })).toBeVisible();
  await expect(page.locator('.product-card').filter({ hasText: 'Cabécou frais' })).toContainText(
    '1,90',
  );
});

test('sur un téléphone : recherche et filtres du catalogue de tous les producteurs', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const context = await browser.newContext({
    ...devices['Pixel 5'],
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  const page = await context.newPage();
  await page.goto('/');
  await page.getByRole('link', { name: 'Catalogue', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Le catalogue des producteurs' })).toBeVisible();
  await hydrated(page);

  await page.getByLabel('Rechercher').fill('tomme');
  await page.getByLabel('Label', { exact: true }).selectOption({ label: 'Produit de montagne' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page).toHaveURL(/q=tomme.*label=montagne/);
  await expect(page.getByRole('heading', { name: 'Tomme de chèvre', exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Meule entière de tomme (pro)' })).toHaveCount(0);
  await expect(page.getByText('2 produits · prix TTC')).toBeVisible();

  await page.getByLabel('Catégorie').selectOption({ label: 'Miel' });
  await page.getByLabel('Rechercher').fill('');
  await page.getByLabel('Label', { exact: true }).selectOption({ label: 'Tous' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await expect(page.getByRole('heading', { name: 'Miel de châtaignier 500 g' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Chèvrerie du Vallon' }).first()).toBeVisible();

  // Phone layout: nothing wider than the screen.
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  );
  expect(overflow).toBeLessThanOrEqual(0);
  await context.close();
});
