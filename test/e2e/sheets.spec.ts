import type { Browser } from '@playwright/test';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

/** A new browser context signed in as a demo account, on the page after sign-in. */
async function signedIn(browser: Browser, email: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email, DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  return { context, page };
}

// Two neighbours on the demo's live sheet at the same time: each sees the other's edits
// and presence, through the real server, the real sync endpoint and the stock client.
test('deux voisins remplissent la même feuille en direct', async ({ browser, consoleErrors }) => {
  void consoleErrors;
  const household = await browser.newContext();
  const coordinator = await browser.newContext();
  const dupont = await household.newPage();
  const amina = await coordinator.newPage();
  await signIn(dupont, 'foyer.dupont@demo.cabas.fr', DEMO_PASSWORD);
  await signIn(amina, 'coordinatrice@demo.cabas.fr', DEMO_PASSWORD);
  for (const page of [dupont, amina]) {
    await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
    await page.goto('/o/voisins-de-la-croix-rousse');
    await page.getByRole('link', { name: 'Feuilles' }).click();
    await page.getByRole('link', { name: 'Commande du jeudi' }).click();
    await hydrated(page);
    await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
  }
  await expect(dupont.getByTestId('sheet-presence')).toContainText('Amina Benali');
  // The farm delivers the group above a minimum order (demo: 60 €); the sheet says how far.
  await expect(amina.getByTestId(/^minimum-/)).toContainText(
    /^minimum de commande 60,00\s€ (: il manque \d+,\d\d\s€|atteint)$/,
  );
  await expect(amina.getByTestId('sheet-presence')).toContainText('Claire Dupont');

  // Dupont types in his own row; the coordinator sees it.
  const ownCell = dupont.locator('tr.own-row input').first();
  const label = (await ownCell.getAttribute('aria-label'))!;
  await ownCell.fill('');
  await ownCell.press('Enter');
  await expect(amina.getByLabel(label, { exact: true })).toHaveValue('');
  await ownCell.fill('1');
  await ownCell.press('Enter');
  await expect(amina.getByLabel(label, { exact: true })).toHaveValue('1');

  // Presence: the cell Dupont is in is outlined for the coordinator with his name.
  await ownCell.focus();
  await expect(amina.getByLabel(label, { exact: true })).toHaveAttribute(
    'data-others',
    /Claire Dupont/,
  );

  // The coordinator fills Dupont's row; Dupont sees it. Another row is not his to edit.
  const secondLabel = (await dupont.locator('tr.own-row input').nth(1).getAttribute('aria-label'))!;
  const coordinatorCell = amina.getByLabel(secondLabel, { exact: true });
  await coordinatorCell.fill('');
  await coordinatorCell.press('Enter');
  await expect(dupont.getByLabel(secondLabel, { exact: true })).toHaveValue('');
  await coordinatorCell.fill('2');
  await coordinatorCell.press('Enter');
  await expect(dupont.getByLabel(secondLabel, { exact: true })).toHaveValue('2');
  await expect(dupont.locator('tr:not(.own-row) input').first()).toBeDisabled();

  // Undo of one's own edit comes back to everyone.
  await amina.getByRole('button', { name: 'Annuler' }).click();
  await expect(dupont.getByLabel(secondLabel, { exact: true })).toHaveValue('');

  await household.close();
  await coordinator.close();
});

test('sur un téléphone, un foyer remplit sa ligne comme un formulaire ; un refus s’affiche à côté', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
  });
  const page = await context.newPage();
  await signIn(page, 'foyer.nguyen@demo.cabas.fr', DEMO_PASSWORD);
  await page.waitForURL((url) => !url.pathname.startsWith('/connexion'));
  await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
  await page.getByRole('link', { name: 'Commande du jeudi' }).click();
  await hydrated(page);
  const form = page.getByRole('region', { name: 'Ma commande' });
  await expect(form).toBeVisible();
  await expect(page.locator('.sheet-table')).toBeHidden();
  await expect(form).toContainText('Votre total');
  await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
  await expect(page.getByText(/Clôture dans/).first()).toBeVisible();
  // A thousandth of a unit is off every product's step: refused, with the reason beside it.
  const first = form.getByRole('textbox').first();
  await first.fill('0,001');
  await first.press('Enter');
  await expect(form.getByRole('alert').first()).toContainText(/multiple|Maximum|Stock/);
  await context.close();
});

test('un foyer reprend sa commande de la feuille précédente en un clic', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  // The farm offers its carrots again this week (Nguyen bought some on 10 November).
  const { context: farmContext, page: farm } = await signedIn(browser, 'maraicher@demo.cabas.fr');
  await farm.goto('/o/ferme-des-quatre-saisons/tournees');
  await farm.getByRole('row').filter({ hasText: 'Tournée du jeudi' }).getByRole('link').click();
  await hydrated(farm);
  const product = farm.getByLabel('Produit', { exact: true });
  // The demo's own carrots (other tests add products of the same name).
  await product.selectOption({ label: 'Carottes des sables (CAR, kg)' });
  await farm.getByRole('button', { name: 'Proposer le produit' }).click();
  await expect(farm.getByText('Offre enregistrée.')).toBeVisible();
  await farmContext.close();

  const { context, page } = await signedIn(browser, 'foyer.nguyen@demo.cabas.fr');
  const ownRow = async () => {
    const values = new Map<string, string>();
    for (const input of await page.locator('tr.own-row input').all()) {
      values.set((await input.getAttribute('aria-label'))!, await input.inputValue());
    }
    return values;
  };
  const open = async (title: string) => {
    await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
    await page.getByRole('link', { name: title }).click();
    await hydrated(page);
    await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
  };
  // What Nguyen had on the closed sheet of 10 November.
  await open('Commande du 10 novembre');
  const carrotCell = 'Nguyen — Carottes des sables';
  await expect(page.getByLabel(carrotCell, { exact: true })).not.toHaveValue('');
  const previous = new Map([...(await ownRow())].filter(([, value]) => value !== ''));

  await open('Commande du jeudi');
  const labels = [...(await ownRow()).keys()].filter((label) => previous.has(label));
  expect(labels).toContain(carrotCell);
  await expect(page.getByLabel(carrotCell, { exact: true })).toHaveValue('');
  await page
    .getByRole('button', { name: 'Reprendre ma commande de « Commande du 10 novembre »' })
    .click();
  await expect(page.getByTestId('sheet-reorder-result')).toContainText(/repris/);
  await expect(page.getByTestId('sheet-reorder-result')).toContainText('pas proposé');
  for (const label of labels) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(previous.get(label)!);
  }
  // Accepted and stored by the server: a fresh load shows them; one « Annuler » undoes all.
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
  for (const label of labels) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(previous.get(label)!);
  }
  await context.close();
});

test('la coordinatrice reprend la commande précédente d’un foyer sans téléphone', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const { context, page } = await signedIn(browser, 'coordinatrice@demo.cabas.fr');
  const open = async (title: string) => {
    await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
    await page.getByRole('link', { name: title }).click();
    await hydrated(page);
    await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
  };
  const rowOf = async (household: string) => {
    const values = new Map<string, string>();
    for (const input of await page.getByLabel(new RegExp(`^${household} — `)).all()) {
      values.set((await input.getAttribute('aria-label'))!, await input.inputValue());
    }
    return values;
  };
  await open('Commande du 10 novembre');
  const previous = new Map([...(await rowOf('Garcia'))].filter(([, value]) => value !== ''));
  expect(previous.size).toBeGreaterThan(0);

  await open('Commande du jeudi');
  // Empty Garcia's row first: everything Garcia had last time and this sheet offers comes back.
  const now = await rowOf('Garcia');
  for (const [label, value] of now) {
    if (value !== '') {
      const cell = page.getByLabel(label, { exact: true });
      await cell.fill('');
      await cell.press('Enter');
      await expect(cell).toHaveValue('');
    }
  }
  await page.getByLabel('Reprendre pour le foyer').selectOption({ label: 'Garcia' });
  await page
    .getByRole('button', { name: 'Reprendre sa commande de « Commande du 10 novembre »' })
    .click();
  await expect(page.getByTestId('sheet-reorder-result')).toContainText(/repris/);
  const offered = [...previous.keys()].filter((label) => now.has(label));
  expect(offered.length).toBeGreaterThan(0);
  for (const label of offered) {
    await expect(page.getByLabel(label, { exact: true })).toHaveValue(previous.get(label)!);
  }
  // Stored by the server: Garcia sees them on the next load.
  const garcia = await signedIn(browser, 'foyer.garcia@demo.cabas.fr');
  await garcia.page.goto(page.url());
  await hydrated(garcia.page);
  for (const label of offered) {
    await expect(garcia.page.getByLabel(label, { exact: true })).toHaveValue(previous.get(label)!);
  }
  await garcia.context.close();
  await context.close();
});

test('un produit vendu par colis : la feuille dit en direct ce qui manque pour compléter le colis', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  // The farm now sells its carrots by 5 kg crates (offered on this week's round by the test above).
  const { context: farmContext, page: farm } = await signedIn(browser, 'maraicher@demo.cabas.fr');
  await farm.goto('/o/ferme-des-quatre-saisons/catalogue');
  await hydrated(farm);
  const row = await farm
    .getByLabel(/^Ligne \d+, Référence$/)
    .evaluateAll((inputs) =>
      inputs.findIndex((input) => (input as HTMLInputElement).value === 'CAR'),
    );
  expect(row).toBeGreaterThanOrEqual(0);
  await farm.getByTitle(`Modifier le produit de la ligne ${row + 1}`, { exact: true }).click();
  await farm.getByLabel('Vendu par colis de').fill('5');
  await farm.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(farm.getByText('Produit « Carottes des sables » enregistré.')).toBeVisible();
  await farmContext.close();

  const open = async (email: string) => {
    const { context, page } = await signedIn(browser, email);
    await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
    await page.getByRole('link', { name: 'Commande du jeudi' }).click();
    await hydrated(page);
    await expect(page.getByTestId('sheet-connection')).toHaveText('● en direct');
    return { context, page };
  };
  const coordinator = await open('coordinatrice@demo.cabas.fr');
  const amina = coordinator.page;
  await expect(amina.getByRole('columnheader', { name: /Carottes des sables/ })).toContainText(
    'par colis de 5 kg',
  );
  // The coordinator sets the group's carrots: 1,5 kg for Dupont, 2 kg for Nguyen, none else.
  const set = async (household: string, value: string) => {
    const cell = amina.getByLabel(`${household} — Carottes des sables`, { exact: true });
    await cell.fill(value);
    await cell.press('Enter');
    await expect(cell).toHaveValue(value);
  };
  for (const name of ['Benali', 'Garcia']) {
    await set(name, '');
  }
  await set('Dupont', '1,5');
  await set('Nguyen', '2');
  const packs = amina.getByTestId('sheet-packs');
  await expect(packs).toContainText(
    'Carottes des sables : il manque 1,5 kg pour compléter le colis de 5 kg',
  );

  // Dupont completes the crate from his phone; the coordinator's sheet follows at once.
  const household = await open('foyer.dupont@demo.cabas.fr');
  await expect(household.page.getByTestId('sheet-packs')).toContainText(
    'Carottes des sables : il manque 1,5 kg',
  );
  const own = household.page.getByLabel('Dupont — Carottes des sables', { exact: true });
  await own.fill('3');
  await own.press('Enter');
  await expect(amina.getByLabel('Dupont — Carottes des sables', { exact: true })).toHaveValue('3');
  await expect(amina.locator('tfoot')).toContainText('1 colis complet');
  await expect(
    amina.getByTestId('sheet-packs').filter({ hasText: 'Carottes des sables' }),
  ).toHaveCount(0);
  await household.context.close();
  await coordinator.context.close();
});

test('un foyer laisse une note sur la feuille ; la coordinatrice la lit', async ({
  browser,
  consoleErrors,
}) => {
  void consoleErrors;
  const open = async (email: string) => {
    const { context, page } = await signedIn(browser, email);
    await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
    await page.getByRole('link', { name: 'Commande du jeudi' }).click();
    await hydrated(page);
    return { context, page };
  };
  const nguyen = await open('foyer.nguyen@demo.cabas.fr');
  const notes = nguyen.page.getByRole('region', { name: 'Notes des foyers' });
  await notes.getByLabel('Nguyen', { exact: true }).fill('Je passe vers 19 h, merci !');
  await notes.getByRole('button', { name: 'Enregistrer la note de Nguyen' }).click();
  await expect(notes.getByRole('status')).toHaveText('Note enregistrée.');
  // Another household's note is not an input for Nguyen.
  await expect(notes.getByRole('textbox')).toHaveCount(1);
  await nguyen.context.close();

  const coordinator = await open('coordinatrice@demo.cabas.fr');
  await expect(
    coordinator.page.getByRole('region', { name: 'Notes des foyers' }).getByLabel('Nguyen', {
      exact: true,
    }),
  ).toHaveValue('Je passe vers 19 h, merci !');
  await coordinator.context.close();
});
