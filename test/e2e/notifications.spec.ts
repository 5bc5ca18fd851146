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

// The coordinator chases a household whose row is empty: « Relancer les foyers », the mail
// leaves through the server's dispatcher (local outbox here), the page shows who was reminded
// when, and the household turns reminders off in « Mon compte ».
test('la coordinatrice relance un foyer à la ligne vide, qui reçoit l’e-mail et peut couper les rappels', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const coordinatorContext = await browser.newContext();
  const amina = await coordinatorContext.newPage();
  await signIn(amina, 'coordinatrice@demo.cabas.fr', DEMO_PASSWORD);
  await amina.waitForURL((url) => !url.pathname.startsWith('/connexion'));

  // A new household joins the group through an invitation link.
  await amina.goto('/o/voisins-de-la-croix-rousse/membres');
  await hydrated(amina);
  await amina.getByLabel('Rôle', { exact: true }).selectOption({ label: 'Foyer' });
  await amina.getByLabel('Ou nouveau foyer (rôle foyer)').fill('Martin');
  await amina.getByRole('button', { name: 'Créer le lien d’invitation' }).click();
  const link = (await amina.getByTestId('invitation-link').textContent())!.trim();
  const householdContext = await browser.newContext();
  const martin = await householdContext.newPage();
  const email = uniqueEmail('martin');
  await martin.goto(new URL(link).pathname);
  await martin.getByRole('link', { name: 'Créez un compte' }).click();
  await expect(martin).toHaveURL(/\/inscription\?redirectTo=%2Finvitation%2F/);
  await signUp(martin, { fullName: 'Lucie Martin', email, from: martin.url() });
  await martin.getByRole('button', { name: 'Rejoindre' }).click();
  await expect(martin.getByRole('heading', { level: 1 })).toContainText('Croix-Rousse');

  // The coordinator reminds the households that have not ordered yet.
  await amina.goto('/o/voisins-de-la-croix-rousse/feuilles');
  await amina.getByRole('link', { name: 'Commande du jeudi' }).click();
  await hydrated(amina);
  const reminders = amina.getByRole('region', { name: 'Relances' });
  await expect(reminders.getByRole('row', { name: /Martin/ })).toContainText('jamais relancé');
  await reminders.getByRole('button', { name: 'Relancer les foyers' }).click();
  await expect(amina.getByRole('status').filter({ hasText: /relancé/ })).toContainText(
    /relancés? \(1 e-mail\)/,
  );
  await expect(reminders.getByRole('row', { name: /Martin/ })).toContainText(
    /à \d{2}:\d{2} \(Amina Benali ; 1 e-mail : 1 (envoyé|en attente)\)/,
  );

  // The server's dispatcher, woken by the commit, has sent it.
  await expect
    .poll(() => {
      try {
        return lastMailTo(email).subject;
      } catch {
        return null;
      }
    })
    .toBe('Cabas — Rappel : commande groupée « Commande du jeudi »');
  const mail = lastMailTo(email);
  expect(mail.text).toContain('Amina Benali vous rappelle que votre ligne');
  const sheetLink = /https?:\/\/\S+\/o\/voisins-de-la-croix-rousse\/feuilles\/\S+/.exec(
    mail.text,
  )![0];

  await amina.reload();
  await expect(reminders.getByRole('row', { name: /Martin/ })).toContainText(
    /\(Amina Benali ; 1 e-mail : 1 envoyé\) · nouvelle relance possible le /,
  );

  // Clicking again at once is refused: at most once every 12 h.
  await reminders.getByRole('button', { name: 'Relancer les foyers' }).click();
  await expect(amina.getByRole('status').filter({ hasText: /relancé/ })).toContainText(
    'déjà relancé',
  );

  // The household follows the link to its row, then turns reminders off.
  await martin.goto(new URL(sheetLink).pathname);
  await expect(martin.getByRole('heading', { level: 2 })).toContainText('Commande du jeudi');
  await martin.goto('/compte');
  await hydrated(martin);
  await expect(martin.getByRole('row', { name: /Rappel : commande groupée/ })).toContainText(
    'envoyé',
  );
  await martin.getByRole('checkbox', { name: /Rappels/ }).uncheck();
  await martin.getByRole('button', { name: 'Enregistrer mes choix' }).click();
  await expect(
    martin.getByRole('status').filter({ hasText: 'Préférences d’e-mails enregistrées.' }),
  ).toBeVisible();
  await expect(martin.getByRole('checkbox', { name: /Rappels/ })).not.toBeChecked();
  await expect(martin.getByRole('checkbox', { name: /Part à payer/ })).toBeChecked();

  await coordinatorContext.close();
  await householdContext.close();
});
