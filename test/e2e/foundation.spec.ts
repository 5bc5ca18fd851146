import {
  DEMO_PASSWORD,
  expect,
  hydrated,
  lastMailTo,
  signIn,
  signUp,
  test,
  uniqueEmail,
} from './fixtures.ts';

test('la page d’accueil est en français et un compte de démonstration se connecte', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await page.goto('/');
  await expect(page).toHaveTitle(/Cabas/);
  await expect(page.getByRole('heading', { level: 1, name: 'Bienvenue sur Cabas' })).toBeVisible();
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bonjour Jeanne Martin' }),
  ).toBeVisible();
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page
    .getByRole('link', { name: /Ferme des Quatre Saisons/ })
    .first()
    .click();
  await expect(
    page.getByRole('heading', { level: 1, name: 'Ferme des Quatre Saisons' }),
  ).toBeVisible();
  await expect(page.getByText('84123456000016')).toBeVisible();
});

test('mauvais mot de passe : message en français, pas de session', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'maraicher@demo.cabas.fr', 'pas-le-bon-mot-de-passe');
  await expect(page.getByRole('alert')).toContainText('Adresse e-mail ou mot de passe incorrect.');
  await page.goto('/organisations/nouvelle');
  await expect(page).toHaveURL(/\/connexion\?redirectTo=/);
});

test('inscription, création d’une ferme, invitation d’un membre qui rejoint par le lien', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const owner = await browser.newContext();
  const page = await owner.newPage();
  const ownerEmail = uniqueEmail('fermiere');

  // Sign up: the form validates each field in French before anything is created.
  await page.goto('/inscription');
  await hydrated(page);
  await page.getByLabel('Nom complet').fill('Odile Ferrand');
  await page.getByLabel('Adresse e-mail').fill(ownerEmail);
  await page.getByLabel('Mot de passe', { exact: true }).fill('court');
  await page.getByLabel('Confirmer le mot de passe').fill('court');
  await page.getByRole('button', { name: 'Créer mon compte' }).click();
  await expect(
    page.getByText('Le mot de passe doit contenir au moins 10 caractères.'),
  ).toBeVisible();
  await signUp(page, { fullName: 'Odile Ferrand', email: ownerEmail });
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bonjour Odile Ferrand' }),
  ).toBeVisible();

  // Create a producer organisation; a wrong SIRET is refused on its field.
  await page.getByRole('link', { name: 'Créer une organisation' }).first().click();
  await hydrated(page);
  await page.getByLabel('Type d’organisation').selectOption({ label: 'Producteur' });
  await page.getByLabel('Nom affiché').fill('Ferme de la Combe');
  await page.getByLabel('SIRET').fill('842 345 670 00018');
  await page.getByRole('button', { name: 'Créer' }).click();
  await expect(
    page.getByText('Ce SIRET n’existe pas : la clé de contrôle est fausse (vérifiez la saisie).'),
  ).toBeVisible();
  await page.getByLabel('SIRET').fill('842 345 670 00017');
  await page.getByLabel('Numéro de TVA intracommunautaire').fill('FR06842345670');
  await page.getByLabel('Régime de TVA').selectOption('liable');
  await page.getByRole('button', { name: 'Créer' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ferme de la Combe' })).toBeVisible();
  await expect(page.getByText('Organisation « Ferme de la Combe » créée.')).toBeVisible();

  // Invite a manager and read the link shown once.
  await page.getByRole('link', { name: 'Membres' }).click();
  await page.getByLabel('Rôle').selectOption({ label: 'Gestionnaire' });
  await page.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
  const link = (await page.getByTestId('invitation-link').textContent())!.trim();
  expect(link).toMatch(/\/invitation\/[\w-]+$/);

  // A second person opens the link, creates an account from it, and joins.
  const guest = await browser.newContext();
  const guestPage = await guest.newPage();
  await guestPage.goto(new URL(link).pathname);
  await expect(guestPage.getByText(/Ferme de la Combe/)).toBeVisible();
  await guestPage.getByRole('link', { name: 'Créez un compte' }).click();
  await expect(guestPage).toHaveURL(/\/inscription\?redirectTo=%2Finvitation%2F/);
  await signUp(guestPage, {
    fullName: 'Bastien Ferrand',
    email: uniqueEmail('bastien'),
    from: guestPage.url(),
  });
  await expect(guestPage.getByRole('button', { name: 'Rejoindre' })).toBeVisible();
  await guestPage.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(
    guestPage.getByRole('heading', { level: 1, name: 'Ferme de la Combe' }),
  ).toBeVisible();
  await expect(guestPage.getByText('vous êtes gestionnaire')).toBeVisible();

  await page.reload();
  await expect(page.getByRole('cell', { name: 'Bastien Ferrand' })).toBeVisible();
  await owner.close();
  await guest.close();
});

test('mot de passe oublié : le lien reçu permet d’en choisir un nouveau', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  const email = uniqueEmail('oubli');
  await signUp(page, { fullName: 'Rémi Oubli', email });
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();

  await page.goto('/mot-de-passe-oublie');
  await hydrated(page);
  await page.getByLabel('Adresse e-mail').fill(email);
  await page.getByRole('button', { name: 'Envoyer le lien' }).click();
  await expect(page.getByText(/un lien de réinitialisation vient d’être envoyé/)).toBeVisible();

  const link = /https?:\/\/\S+/.exec(lastMailTo(email).text)![0];
  await page.goto(new URL(link).pathname + new URL(link).search);
  await hydrated(page);
  await page.getByLabel('Nouveau mot de passe').fill('toute-nouvelle-phrase');
  await page.getByLabel('Confirmer le mot de passe').fill('toute-nouvelle-phrase');
  await page.getByRole('button', { name: 'Enregistrer' }).click();
  await expect(page.getByText('Votre mot de passe a été changé.')).toBeVisible();
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page.getByText('Vous êtes déconnecté.')).toBeVisible();
  await signIn(page, email, 'toute-nouvelle-phrase');
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Rémi Oubli' })).toBeVisible();
});

test('sur téléphone, la navigation reste utilisable', async ({ browser, consoleErrors }) => {
  void consoleErrors;
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const page = await phone.newPage();
  await signIn(page, 'foyer.dupont@demo.cabas.fr', DEMO_PASSWORD);
  await expect(
    page.getByRole('heading', { level: 1, name: 'Bonjour Claire Dupont' }),
  ).toBeVisible();
  await page
    .getByRole('link', { name: /Voisins de la Croix-Rousse/ })
    .first()
    .click();
  await expect(page.getByText('Votre foyer : Dupont')).toBeVisible();
  // A household sees no member list: the tab is not offered and the URL is refused.
  await expect(page.getByRole('link', { name: 'Membres' })).toHaveCount(0);
  const response = await page.goto('/o/voisins-de-la-croix-rousse/membres');
  expect(response?.status()).toBe(403);
  await expect(
    page.getByRole('heading', { name: 'Vous n’avez pas accès à cette page.' }),
  ).toBeVisible();
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(390);
  await phone.close();
});
