import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

type FakeState = {
  sessions: { id: string; amount_total: number; status: string }[];
  transfers: { id: string; amount: number; amount_reversed: number; destination: string }[];
  refunds: { amount: number; status: string; metadata: Record<string, string> }[];
  reversals: { amount: number; transfer: string }[];
  events: { type: string; status: number }[];
};

/** Amount in a French euro text ("17,90 €") as cents. */
function cents(text: string): number {
  const [euros, decimals] = text.replace(/[^\d,]/g, '').split(',');
  return Number(euros) * 100 + Number(decimals ?? 0);
}

test('un foyer d’une feuille close paie sa part par Checkout et la feuille le montre payé ; un manquant remboursé donne un remboursement et un avoir', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  test.setTimeout(120_000);
  const fakeState = async () =>
    (await (
      await page.request.get(`${process.env.STRIPE_FAKE_URL}/__fake/state`)
    ).json()) as FakeState;

  // The farm links its Stripe Express account (hosted onboarding on the fake Stripe).
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons');
  await page.getByRole('link', { name: 'Paiements', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Paiements', exact: true })).toBeVisible();
  await hydrated(page);
  await page.getByRole('button', { name: 'Activer le paiement en ligne' }).click();
  await expect(
    page.getByRole('heading', { name: 'Inscription Stripe Express (simulée)' }),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Terminer l’inscription' }).click();
  await expect(
    page.getByText('Paiement en ligne activé : les foyers peuvent vous payer par carte.'),
  ).toBeVisible();
  await expect(page.getByText(/^Paiement en ligne actif/)).toBeVisible();

  // A household of the closed sheet sees what it owes and pays it online.
  await page.context().clearCookies();
  await signIn(page, 'foyer.garcia@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/voisins-de-la-croix-rousse/feuilles');
  await page.getByRole('link', { name: 'Commande du 10 novembre' }).click();
  const whoPaid = page.getByRole('list', { name: 'Qui a payé' });
  await expect(whoPaid.getByRole('listitem').filter({ hasText: 'Garcia' })).toContainText(
    'À payer',
  );
  await expect(whoPaid.getByRole('listitem').filter({ hasText: 'Dupont' })).toContainText('Payé');
  await page.getByRole('link', { name: 'Payer ma part' }).click();
  await expect(
    page.getByRole('heading', { name: 'Paiements — Commande du 10 novembre' }),
  ).toBeVisible();
  await expect(
    page.getByText(/Ferme des Quatre Saisons : .* versé directement au producteur/),
  ).toBeVisible();
  await hydrated(page);
  const payButton = page.getByRole('button', { name: /^Payer .+ par carte$/ });
  const share = cents((await payButton.textContent())!);
  await payButton.click();

  // Stripe's hosted page (the fake): « Payer » completes the session and sends the webhook.
  await expect(
    page.getByRole('heading', { name: 'Paiement sécurisé (Stripe, simulé)' }),
  ).toBeVisible();
  await page.getByRole('button', { name: /^Payer / }).click();
  await expect(page.getByText('Merci, votre paiement est bien reçu.')).toBeVisible();
  await expect(page.getByRole('heading', { name: /Votre part — foyer Garcia/ })).toContainText(
    'Payé',
  );
  const paid = await fakeState();
  expect(paid.events.find((event) => event.type === 'checkout.session.completed')?.status).toBe(
    200,
  );
  const [transfer] = paid.transfers;
  // The farm received exactly the household's share (its invoice), straight to its account.
  expect(transfer?.amount).toBe(share);

  await page.getByRole('link', { name: '← La feuille' }).click();
  await expect(
    page
      .getByRole('list', { name: 'Qui a payé' })
      .getByRole('listitem')
      .filter({ hasText: 'Garcia' }),
  ).toContainText('Payé');

  // Carrots were short at delivery: the farm issues a credit note, the household is refunded.
  await page.context().clearCookies();
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons/factures');
  await page
    .getByRole('row')
    .filter({ hasText: 'Lucia Garcia' })
    .getByRole('link', { name: /^F2026-/ })
    .click();
  await expect(page.getByRole('heading', { name: /^Facture F2026-/ })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Les lignes cochées ci-dessous').check();
  await page.getByLabel(/^Créditer la ligne \d+ : Carottes des sables/).check();
  await page.getByLabel(/^Quantité à créditer, ligne \d+ : Carottes des sables/).fill('0,5');
  await page.getByLabel('Motif (imprimé sur l’avoir)').fill('carottes manquantes à la livraison');
  await page.getByRole('button', { name: 'Émettre l’avoir' }).click();
  const toast = page.getByText(
    /^Avoir A2026-\d+ émis\. Remboursement de .+ envoyé sur la carte du foyer\.$/,
  );
  await expect(toast).toBeVisible();
  const refunded = cents((await toast.textContent())!.split('Remboursement de ')[1]!);
  await expect(page.getByRole('heading', { name: /^Avoir A2026-/ })).toBeVisible();
  const creditNoteTotal = cents(
    (await page.getByText(/Total TTC/).textContent())!.split('Total TTC')[1]!,
  );
  expect(refunded).toBe(creditNoteTotal);
  await expect(page.getByRole('region', { name: 'Remboursements au foyer' })).toContainText(
    /Remboursé|En cours/,
  );
  const after = await fakeState();
  expect(after.refunds.map((refund) => refund.amount)).toEqual([creditNoteTotal]);
  // Taken back from the farm's transfer, for exactly the refunded amount.
  expect(after.reversals).toEqual([
    expect.objectContaining({ amount: creditNoteTotal, transfer: transfer!.id }),
  ]);

  // The household sees the refund on its share.
  await page.context().clearCookies();
  await signIn(page, 'foyer.garcia@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/paiements');
  await page.getByRole('link', { name: 'Détail' }).first().click();
  const refunds = page.getByRole('region', { name: 'Vos remboursements' });
  await expect(refunds).toContainText('Avoir A2026-');
  await expect(refunds).toContainText('Remboursé');
});

test('la coordinatrice note un paiement à la livraison ; la productrice voit la tournée, le rapprochement et l’export CSV', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  await signIn(page, 'coordinatrice@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/voisins-de-la-croix-rousse');
  await page.getByRole('link', { name: 'Paiements', exact: true }).click();
  await page.getByRole('link', { name: 'Commande du 10 novembre' }).click();
  const whoPaid = page.getByRole('table', { name: 'Qui a payé' });
  await expect(whoPaid.getByRole('row').filter({ hasText: 'Benali' })).toContainText(
    'Payé en partie',
  );
  // Benali pays the rest in cash at the pickup.
  await hydrated(page);
  const household = page.getByLabel('Foyer', { exact: true });
  const benali = await household.locator('option', { hasText: 'Benali' }).textContent();
  await household.selectOption({ label: benali! });
  await page.getByLabel('Moyen de paiement').selectOption('cash');
  await page.getByLabel('Montant reçu (vide : le reste dû)').fill('mille');
  await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
  await expect(
    page.getByText('Montant invalide : indiquez des euros, par exemple 12,50.'),
  ).toBeVisible();
  await page.getByLabel('Montant reçu (vide : le reste dû)').fill('');
  await page.getByRole('button', { name: 'Enregistrer le paiement' }).click();
  await expect(page.getByText('Paiement enregistré.')).toBeVisible();
  await expect(whoPaid.getByRole('row').filter({ hasText: 'Benali' })).toContainText('Payé');
  await expect(
    page
      .getByRole('region', { name: 'Paiements' })
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: 'Benali', exact: true }) })
      .filter({ hasText: 'Espèces' }),
  ).toContainText('noté par Amina Benali');

  await page.context().clearCookies();
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons/paiements');
  await page.getByRole('link', { name: /10 novembre 2026/ }).click();
  await expect(
    page.getByRole('heading', { name: /^Paiements de la tournée du 10 novembre 2026/ }),
  ).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Qui a payé' }).getByRole('row').filter({ hasText: 'Nguyen' }),
  ).toContainText('Payé');
  await page.getByRole('link', { name: '← Paiements' }).click();
  await page.getByRole('link', { name: 'Rapprochement' }).click();
  await expect(page.getByRole('heading', { name: 'Rapprochement des paiements' })).toBeVisible();
  await expect(page.getByRole('row').filter({ hasText: 'Dupont' })).toContainText('Facturé');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Télécharger en CSV (tableur)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('rapprochement-paiements-ferme-des-quatre-saisons.csv');
});
