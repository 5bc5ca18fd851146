import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

/** A calendar day `days` after today, as 'YYYY-MM-DD' (UTC is fine this far from midnight). */
function dayFromNow(days: number): string {
  const date = new Date(Date.now() + days * 86_400_000);
  return date.toISOString().slice(0, 10);
}

function frenchDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

test('une productrice planifie une tournée, la duplique et télécharge une liste de préparation', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  const deliveryOn = dayFromNow(40 + Math.floor(Math.random() * 200));
  const before = (offset: number) => {
    const [y, m, d] = deliveryOn.split('-').map(Number);
    return new Date(Date.UTC(y!, m! - 1, d! + offset)).toISOString().slice(0, 10);
  };
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons');
  await page.getByRole('link', { name: 'Tournées' }).click();
  await expect(page.getByRole('heading', { name: 'Tournées de livraison' })).toBeVisible();
  await hydrated(page);

  // Plan the round.
  await page.getByLabel('Date de livraison').fill(deliveryOn);
  await page.getByLabel('Titre (facultatif)').fill('Tournée des pentes');
  await page.getByRole('button', { name: 'Créer la tournée' }).click();
  await expect(
    page.getByRole('heading', { name: `Tournée du ${frenchDay(deliveryOn)} — Tournée des pentes` }),
  ).toBeVisible();
  await hydrated(page);

  // First stop: the neighbourhood group, with a window and a deadline two days before.
  await page
    .getByLabel('Arrêt', { exact: true })
    .selectOption({ label: 'Voisins de la Croix-Rousse — Groupe de voisinage' });
  await page.getByLabel('Début du créneau').fill('17:00');
  await page.getByLabel('Fin du créneau').fill('19:00');
  await page.getByLabel('Date limite de commande').fill(`${before(-2)}T18:00`);
  await page.getByRole('button', { name: 'Ajouter l’arrêt' }).click();
  await expect(page.getByText('Arrêt « Voisins de la Croix-Rousse » ajouté.')).toBeVisible();

  // Second stop: the restaurant; a deadline after the delivery day is refused on its field.
  await page
    .getByLabel('Arrêt', { exact: true })
    .selectOption({ label: 'Le Bouchon des Canuts — Acheteur professionnel' });
  await page.getByLabel('Début du créneau').fill('09:00');
  await page.getByLabel('Fin du créneau').fill('08:00');
  await page.getByLabel('Date limite de commande').fill(`${before(1)}T10:00`);
  await page.getByRole('button', { name: 'Ajouter l’arrêt' }).click();
  await expect(page.getByText('La fin du créneau doit être après son début.')).toBeVisible();
  await expect(
    page.getByText(/La date limite de commande doit précéder la fin du jour de livraison/),
  ).toBeVisible();
  await page.getByLabel('Fin du créneau').fill('10:00');
  await page.getByLabel('Date limite de commande').fill(`${before(-1)}T12:00`);
  await page.getByRole('button', { name: 'Ajouter l’arrêt' }).click();
  await expect(page.getByText('Arrêt « Le Bouchon des Canuts » ajouté.')).toBeVisible();

  // The restaurant is delivered first.
  await page.getByRole('button', { name: 'Monter Le Bouchon des Canuts' }).click();
  const stopRows = page.getByRole('table').first().getByRole('row');
  await expect(stopRows.nth(1)).toContainText('Le Bouchon des Canuts');
  await expect(stopRows.nth(2)).toContainText('Voisins de la Croix-Rousse');

  // Offer a product with a stock shared by both stops; a negative stock is refused.
  const product = page.getByLabel('Produit', { exact: true });
  const firstProduct = await product.locator('option').nth(1).textContent();
  await product.selectOption({ index: 1 });
  await page.getByLabel('Stock pour la tournée').fill('-2');
  await page.getByRole('button', { name: 'Proposer le produit' }).click();
  await expect(page.getByText('« -2 » : une valeur négative n’est pas acceptée.')).toBeVisible();
  await page.getByLabel('Stock pour la tournée').fill('25');
  await page.getByLabel('Prix consommateur TTC pour la tournée (€)').fill('3,10');
  await page.getByRole('button', { name: 'Proposer le produit' }).click();
  await expect(page.getByText('Offre enregistrée.')).toBeVisible();
  const productName = firstProduct!.split(' (')[0]!;
  await expect(page.getByRole('cell', { name: productName, exact: true })).toBeVisible();

  // Duplicate it one week later (the default date).
  await page.getByRole('button', { name: 'Dupliquer', exact: true }).click();
  await expect(page.getByText(`Tournée copiée au ${frenchDay(before(7))}.`)).toBeVisible();
  await expect(
    page.getByRole('heading', { name: `Tournée du ${frenchDay(before(7))} — Tournée des pentes` }),
  ).toBeVisible();
  await expect(page.getByRole('table').first().getByRole('row')).toHaveCount(3);
  await expect(page.getByText(`${frenchDay(before(5))} à 18:00`)).toBeVisible();

  // Duplicating onto a day that already has this round is refused.
  await hydrated(page);
  await page.getByLabel('Nouvelle date de livraison').fill(deliveryOn);
  await page.getByRole('button', { name: 'Dupliquer', exact: true }).click();
  await expect(page.getByText(/Une tournée « Tournée des pentes » existe déjà le/)).toBeVisible();
});

test('la liste de préparation de la tournée de démonstration se télécharge en PDF et en CSV', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons/tournees');
  const demoRow = page.getByRole('row').filter({ hasText: 'Tournée du jeudi' });
  await demoRow.getByRole('link').click();
  await expect(
    page.getByRole('heading', { name: /Tournée du .* — Tournée du jeudi/ }),
  ).toBeVisible();

  const pickingItem = page.getByRole('listitem').filter({ hasText: 'Préparation par arrêt' });
  const [pdfDownload] = await Promise.all([
    page.waitForEvent('download'),
    pickingItem.getByRole('link', { name: 'PDF' }).click(),
  ]);
  expect(pdfDownload.suggestedFilename()).toMatch(/^preparation-\d{4}-\d{2}-\d{2}-par-arret\.pdf$/);
  const pdf = await getDocumentProxy(new Uint8Array(await readFile((await pdfDownload.path())!)));
  const { text } = await extractText(pdf, { mergePages: true });
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain('Préparation par arrêt — Ferme des Quatre Saisons');
  expect(flat).toContain('Arrêt 1 — Le Bouchon des Canuts');
  expect(flat).toContain('Arrêt 2 — Voisins de la Croix-Rousse');
  for (const household of ['Dupont', 'Garcia', 'Nguyen']) {
    expect(flat).toContain(household);
  }
  expect(flat).toContain('liste provisoire');

  const householdItem = page.getByRole('listitem').filter({ hasText: 'Préparation par foyer' });
  const [csvDownload] = await Promise.all([
    page.waitForEvent('download'),
    householdItem.getByRole('link', { name: 'CSV' }).click(),
  ]);
  const csv = await readFile((await csvDownload.path())!, 'utf8');
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines[0]).toBe(
    'N° arrêt;Arrêt;Client;Type de client;Produit;Quantité;Unité;Poids estimé (kg)',
  );
  expect(lines.some((l) => l.startsWith('2;Voisins de la Croix-Rousse;Dupont;Foyer;'))).toBe(true);
  expect(
    lines.some((l) => l.startsWith('1;Le Bouchon des Canuts;Le Bouchon des Canuts;Organisation;')),
  ).toBe(true);
});

test('la productrice fixe un minimum de commande à l’arrêt du restaurant ; le restaurant le lit en commandant', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const farmContext = await browser.newContext();
  const farm = await farmContext.newPage();
  await signIn(farm, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(farm.getByText('Vous êtes connecté.')).toBeVisible();
  await farm.goto('/o/ferme-des-quatre-saisons/tournees');
  await farm.getByRole('row').filter({ hasText: 'Tournée du jeudi' }).getByRole('link').click();
  await hydrated(farm);
  // The demo's group stop already has one (60 €), not reached yet.
  const groupRow = farm.getByRole('row').filter({ hasText: 'Voisins de la Croix-Rousse' });
  await expect(groupRow).toContainText(/Minimum 60,00\s€ · commandé [\d ,]+\s€ : il manque/);
  // A bad value is refused in French and changes nothing.
  const input = farm.getByLabel('Minimum de commande de Le Bouchon des Canuts', { exact: true });
  await input.fill('-3');
  await farm
    .getByRole('button', { name: 'Enregistrer le minimum de commande de Le Bouchon des Canuts' })
    .click();
  await expect(farm.getByRole('alert').first()).toBeVisible();
  const restaurantRow = farm.getByRole('row').filter({ hasText: 'Le Bouchon des Canuts' });
  await expect(restaurantRow).toContainText('Pas de minimum');
  await farm
    .getByLabel('Minimum de commande de Le Bouchon des Canuts', { exact: true })
    .fill('500');
  await farm
    .getByRole('button', { name: 'Enregistrer le minimum de commande de Le Bouchon des Canuts' })
    .click();
  await expect(restaurantRow).toContainText(/Minimum 500,00\s€ · commandé [\d ,]+\s€ : il manque/);
  await farmContext.close();

  const restaurantContext = await browser.newContext();
  const restaurant = await restaurantContext.newPage();
  await signIn(restaurant, 'restaurant@demo.cabas.fr', DEMO_PASSWORD);
  await expect(restaurant.getByText('Vous êtes connecté.')).toBeVisible();
  await restaurant.goto('/o/le-bouchon-des-canuts/commandes-pro');
  await restaurant
    .getByRole('row')
    .filter({ hasText: 'Ferme des Quatre Saisons' })
    .getByRole('link', { name: /Tournée du jeudi/ })
    .click();
  await expect(restaurant.getByTestId('pro-minimum')).toContainText(
    /Minimum de commande du producteur pour cette livraison : 500,00\s€ HT ; votre commande : [\d ,]+\s€ HT, il manque/,
  );
  await restaurantContext.close();
});
