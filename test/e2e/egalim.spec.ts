import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

async function openMontcelStop(page: import('@playwright/test').Page, organisation: RegExp) {
  await page.getByRole('link', { name: organisation }).first().click();
  await page.getByRole('link', { name: 'Commandes', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Commandes aux producteurs' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Élevage du Montcel' });
  await row.getByRole('link').click();
  await expect(page.getByRole('heading', { name: /Élevage du Montcel/ })).toBeVisible();
}

test('sans contrat Egalim, la commande de génisses du restaurant est refusée avec le motif', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'restaurant@demo.cabas.fr', DEMO_PASSWORD);
  await openMontcelStop(page, /Le Bouchon des Canuts/);
  await page.getByLabel('Génisse Charolaise Label Rouge (carcasse)').fill('100');
  await page.getByRole('button', { name: 'Enregistrer la commande' }).click();
  await expect(page.getByText('Commande refusée : voir le motif de chaque ligne.')).toBeVisible();
  const reason = page.getByRole('alert').filter({ hasText: 'aucun contrat Egalim signé' });
  await expect(reason).toContainText('contrat écrit obligatoire (art. L631-24 I CRPM)');
  await expect(page.getByRole('heading', { name: 'Votre commande' })).toHaveCount(0);
});

test('avec le contrat de démonstration, la boucherie commande au prix de la formule, calcul affiché', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'boucher@demo.cabas.fr', DEMO_PASSWORD);
  await openMontcelStop(page, /Boucherie Martinon/);
  await page.getByLabel('Génisse Charolaise Label Rouge (carcasse)').fill('420');
  await page.getByRole('button', { name: 'Enregistrer la commande' }).click();
  await expect(page.getByText('Commande enregistrée : 1 ligne(s).')).toBeVisible();
  const order = page.getByRole('region', { name: 'Votre commande' });
  const line = order.getByRole('row').filter({ hasText: 'Génisse Charolaise Label Rouge' });
  await expect(line).toContainText('420 kg');
  // The formula's price keeps its decimals; the line amount is rounded once (RULES-FR B1).
  await expect(line).toContainText('5,332 €');
  await expect(line).toContainText(/2\s239,44\s€/);
  await expect(line).toContainText(/Contrat CTR-\d{4}-0001/);
  await expect(line).toContainText('Coût de production 5,10 × 0,70 = 3,570');
  await expect(line).toContainText('Cotation génisse U 4,44 × 0,30 = 1,332');
  await expect(line).toContainText(
    'Conformation U- contre référence R= (2 tiers au-dessus) : 2 × 0,105 = +0,210',
  );
  await expect(line).toContainText('Prime Label Rouge : +0,220');
  await expect(line).toContainText('Prix retenu : 5,332');
});

test('l’éleveur voit le contrat signé, son prix du jour, ses indicateurs et son chiffre d’affaires', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'eleveur@demo.cabas.fr', DEMO_PASSWORD);
  await page
    .getByRole('link', { name: /Élevage du Montcel/ })
    .first()
    .click();
  await page.getByRole('link', { name: 'Contrats', exact: true }).click();
  await page.getByRole('link', { name: /CTR-\d{4}-0001/ }).click();
  await expect(page.getByText('Signé, en vigueur')).toBeVisible();
  await hydrated(page);
  await expect(
    page.getByText('Toutes les clauses obligatoires sont présentes : le contrat peut être signé.'),
  ).toBeVisible();
  await expect(page.getByText('Prix retenu : 5,332')).toBeVisible();
  await expect(
    page.getByText('Proposition écrite initiale du producteur (annexée au contrat)', {
      exact: false,
    }),
  ).toBeVisible();
  const pdfLink = page.getByRole('link', { name: /Télécharger le contrat/ });
  const pdf = await page.request.get((await pdfLink.getAttribute('href'))!);
  expect(pdf.headers()['content-type']).toBe('application/pdf');
  expect(pdf.headers()['content-disposition']).toMatch(/contrat-CTR-\d{4}-0001\.pdf/);

  await page.getByRole('link', { name: 'Indicateurs', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Indicateurs de prix' })).toBeVisible();
  await hydrated(page);
  await expect(page.getByRole('cell', { name: 'cout-production' })).toBeVisible();
  await page
    .getByLabel('Ou collez les lignes')
    .fill('indicateur;date;valeur\ncout-production;2026-13-01;5');
  await page.getByRole('button', { name: 'Importer' }).click();
  await expect(page.getByText('Ligne 2 : date « 2026-13-01 » invalide')).toBeVisible();

  await page.getByRole('link', { name: 'Chiffre d’affaires par produit' }).click();
  await expect(page.getByLabel('Génisse sous signe officiel de qualité')).toHaveValue('25000,00');
});
