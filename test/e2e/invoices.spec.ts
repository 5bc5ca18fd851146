import { readFile } from 'node:fs/promises';
import { extractText, getDocumentProxy } from 'unpdf';
import { prepareValidationChain, validateInvoiceXmls } from '../einvoice/validate.ts';
import { extractFacturxXml } from '../utils/pdf.ts';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

/** Today in Paris, 'YYYY-MM-DD' (the business calendar of the server). */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

function frenchDay(day: string): string {
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y!, m! - 1, d!)),
  );
}

test('une productrice saisit la livraison réelle, émet les factures de la tournée, télécharge un Factur-X et établit un avoir', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  test.setTimeout(120_000);
  const today = parisToday();
  const title = `Tournée facturée ${Math.floor(Math.random() * 1e6)}`;

  // A round delivered today to the restaurant. (Products sold by weight need an Egalim contract
  // for a professional buyer: the actual-weight entry is covered by the integration tests.)
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons/tournees');
  await hydrated(page);
  await page.getByLabel('Date de livraison').fill(today);
  await page.getByLabel('Titre (facultatif)').fill(title);
  await page.getByRole('button', { name: 'Créer la tournée' }).click();
  await expect(page.getByRole('heading', { name: new RegExp(title) })).toBeVisible();
  const roundUrl = page.url();
  await hydrated(page);
  await page
    .getByLabel('Arrêt', { exact: true })
    .selectOption({ label: 'Le Bouchon des Canuts — Acheteur professionnel' });
  await page.getByLabel('Date limite de commande').fill(`${today}T23:59`);
  await page.getByRole('button', { name: 'Ajouter l’arrêt' }).click();
  await expect(page.getByText('Arrêt « Le Bouchon des Canuts » ajouté.')).toBeVisible();
  for (const sku of ['(CAR,', '(CAR-BOT,']) {
    const product = page.getByLabel('Produit', { exact: true });
    const label = await product.locator('option', { hasText: sku }).first().textContent();
    await product.selectOption({ label: label! });
    await page.getByRole('button', { name: 'Proposer le produit' }).click();
    await expect(page.getByText('Offre enregistrée.')).toBeVisible();
  }

  // The restaurant orders on it.
  await page.context().clearCookies();
  await signIn(page, 'restaurant@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page
    .getByRole('link', { name: /Le Bouchon des Canuts/ })
    .first()
    .click();
  await page.getByRole('link', { name: 'Commandes', exact: true }).click();
  await page
    .getByRole('row')
    .filter({ hasText: 'Ferme des Quatre Saisons' })
    .filter({ hasText: frenchDay(today) })
    .getByRole('link')
    .click();
  await page.getByLabel('Carottes des sables').fill('10');
  await page.getByLabel('Carottes nouvelles en botte').fill('6');
  await page.getByRole('button', { name: 'Enregistrer la commande' }).click();
  await expect(page.getByText('Commande enregistrée : 2 ligne(s).')).toBeVisible();

  // The producer enters the delivery: 9,5 kg of carrots instead of 10, no bunches at all.
  await page.context().clearCookies();
  await signIn(page, 'maraicher@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/ferme-des-quatre-saisons');
  await page.getByRole('link', { name: 'Factures' }).click();
  await expect(page.getByRole('heading', { name: 'Factures', exact: true })).toBeVisible();
  await page.getByRole('link', { name: new RegExp(title) }).click();
  await expect(page.getByRole('heading', { name: /Livraison et facturation/ })).toBeVisible();
  expect(page.url()).toBe(`${roundUrl}/facturation`);
  await hydrated(page);
  await page
    .getByLabel('Quantité livrée (kg) : Carottes des sables — Le Bouchon des Canuts')
    .fill('12');
  await page.getByRole('button', { name: 'Enregistrer la livraison' }).click();
  await expect(
    page.getByText(/on ne livre pas plus que la quantité commandée/).first(),
  ).toBeVisible();
  await page
    .getByLabel('Quantité livrée (kg) : Carottes des sables — Le Bouchon des Canuts')
    .fill('9,5');
  await page.getByLabel('Manquant : Carottes nouvelles en botte — Le Bouchon des Canuts').check();
  await page.getByRole('button', { name: 'Enregistrer et marquer la tournée livrée' }).click();
  await expect(
    page.getByText('Tournée marquée livrée : vous pouvez émettre les factures.'),
  ).toBeVisible();

  // Issue the invoices: progress while it runs, then the issued list.
  await hydrated(page);
  await page.getByRole('button', { name: 'Émettre les factures de la tournée' }).click();
  await expect(page.getByText('1 facture émise.')).toBeVisible();
  const issued = page.getByRole('region', { name: '3. Factures émises' });
  // Invoices carry the buyer's legal name.
  const row = issued.getByRole('row').filter({ hasText: 'SARL Les Canuts Gourmands' });
  await expect(row).toBeVisible();
  const number = (await row.getByRole('link').first().textContent())!.trim();

  // The Factur-X PDF: PDF/A-3 with factur-x.xml, the invoice's number and the weighed line.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: `PDF de ${number}` }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`${number}.pdf`);
  const bytes = new Uint8Array(await readFile((await download.path())!));
  const xml = await extractFacturxXml(bytes);
  expect(xml).toContain(`<ram:ID>${number}</ram:ID>`);
  expect(xml).toContain('<ram:TypeCode>380</ram:TypeCode>');
  // The XML extracted from the Factur-X PDF passes the whole official chain.
  await prepareValidationChain();
  const [invoiceReport] = await validateInvoiceXmls([xml]);
  expect(invoiceReport!.failures).toEqual([]);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(bytes)), {
    mergePages: true,
  });
  const flat = text.replace(/\s+/g, ' ');
  expect(flat).toContain(`N° ${number}`);
  expect(flat).toContain('9,5 kg');
  expect(flat).not.toContain('Carottes nouvelles en botte');
  expect(flat).toContain('Indemnité forfaitaire pour frais de recouvrement');

  // A credit note on part of the carrots, with its reason.
  await row.getByRole('link', { name: number, exact: true }).click();
  await expect(page.getByRole('heading', { name: `Facture ${number}` })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Les lignes cochées ci-dessous').check();
  await page.getByLabel('Créditer la ligne 1 : Carottes des sables').check();
  await page.getByLabel('Quantité à créditer, ligne 1 : Carottes des sables').fill('1,5');
  await page.getByLabel('Motif (imprimé sur l’avoir)').fill('carottes abîmées au transport');
  await page.getByRole('button', { name: 'Émettre l’avoir' }).click();
  await expect(page.getByText(/^Avoir .+ émis\.$/)).toBeVisible();
  await expect(page.getByRole('heading', { name: /^Avoir / })).toBeVisible();
  await expect(page.getByText(`Avoir sur la facture ${number}`)).toBeVisible();
  await expect(page.getByText('Motif de l’avoir : carottes abîmées au transport')).toBeVisible();
  const creditNoteXml = await (
    await page.request.get(
      (await page.getByRole('link', { name: 'XML CII (EN 16931)' }).getAttribute('href'))!,
    )
  ).text();
  expect(creditNoteXml).toContain('<ram:TypeCode>381</ram:TypeCode>');
  const [creditNoteReport] = await validateInvoiceXmls([creditNoteXml]);
  expect(creditNoteReport!.failures).toEqual([]);
});
