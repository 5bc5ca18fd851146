import { readFile } from 'node:fs/promises';
import iconv from 'iconv-lite';
import { prepareValidationChain, validateInvoiceXmls } from '../einvoice/validate.ts';
import { extractFacturxXml } from '../utils/pdf.ts';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

/** Today in Paris, 'YYYY-MM-DD' (the business calendar of the server). */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

function previousMonth(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/** « novembre 2026 ». */
function monthName(month: string): string {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('fr-FR', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Date.UTC(year, m - 1, 1)));
}

/**
 * The lab's corrected results for GAEC des Monts (supplier CO-0112) on the demo's sample days
 * of `month`: same sample numbers, so the import corrects them. Windows-1252, « ; », decimal comma.
 */
function correctedLabCsv(month: string): Buffer {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const lastDay = new Date(Date.UTC(year, m, 0)).getUTCDate();
  const rows = [3, 10, 17, 24, 31]
    .filter((day) => day <= lastDay)
    .map((day) => {
      const date = `${String(day).padStart(2, '0')}/${String(m).padStart(2, '0')}/${year}`;
      const ref = `LAB-CO-0112-${month.replace('-', '')}${String(day).padStart(2, '0')}`;
      return `CO-0112;${date};${ref};43,10;34,20;52 000;205 000;-0,522;Négatif`;
    });
  const text = [
    'Code éleveur;Date prélèvement;N° échantillon;TB (g/L);TP (g/L);Germes (/mL);CCS (/mL);Cryoscopie (°C);Inhibiteurs',
    ...rows,
  ].join('\r\n');
  return iconv.encode(text, 'win1252');
}

test('le lait du mois : le producteur conteste, la laiterie importe les analyses corrigées, voit la paie recalculée, émet avoir et facture rectificative ; le producteur télécharge son autofacture Factur-X', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  test.setTimeout(180_000);
  const today = parisToday();
  const lastMonth = previousMonth(today);
  const lastMonthName = monthName(lastMonth);

  // The farmer sees its collections and last month's statement, and contests the invoice.
  await signIn(page, 'laitier@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/gaec-des-monts');
  await page.getByRole('link', { name: 'Lait', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Lait livré' })).toBeVisible();
  await expect(page.getByRole('heading', { name: /Laiterie de la Coise/ })).toBeVisible();
  await page.getByRole('link', { name: `Bulletin de ${lastMonthName}` }).click();
  await expect(
    page.getByRole('heading', { name: `Bulletin de paie du lait — ${lastMonthName}` }),
  ).toBeVisible();
  await hydrated(page);
  await page.getByText('Détail du calcul').click();
  await expect(page.getByText(/^Prix du lait : \d+,\d{3} €\/1000 L/)).toBeVisible();
  await expect(page.getByText(/^Prime de saisonnalité|^Prix de base/).first()).toBeVisible();
  await page
    .getByLabel('Motif de la contestation')
    .fill('Notre laboratoire mesure 43,1 g/L de matière grasse sur tous les échantillons du mois.');
  await page.getByRole('button', { name: /^Contester la facture AF/ }).click();
  await expect(page.getByText(/^Facture AF\S+ contestée/)).toBeVisible();

  // The dairy imports the corrected lab results and records today's collection by hand.
  await page.context().clearCookies();
  await signIn(page, 'laiterie@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(`/o/laiterie-de-la-coise/lait/analyses?mois=${lastMonth}`);
  await expect(page.getByRole('heading', { name: `Analyses de ${lastMonthName}` })).toBeVisible();
  await hydrated(page);
  await page
    .getByLabel('Fichier CSV du laboratoire')
    .setInputFiles({ name: 'labo.csv', mimeType: 'text/csv', buffer: correctedLabCsv(lastMonth) });
  await page.getByRole('button', { name: 'Importer les analyses' }).click();
  await expect(
    page.getByText(/^Analyses importées : 0 nouvelle\(s\), \d corrigée\(s\)/),
  ).toBeVisible();
  // A bad file is refused row by row, nothing written.
  await hydrated(page);
  await page.getByLabel('Fichier CSV du laboratoire').setInputFiles({
    name: 'faux.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('producteur;date;MG\nCO-9999;01/01/2026;4,2\n'),
  });
  await page.getByRole('button', { name: 'Importer les analyses' }).click();
  await expect(page.getByRole('heading', { name: 'Fichier d’analyses refusé' })).toBeVisible();
  await expect(page.getByText(/Producteur « CO-9999 » inconnu/)).toBeVisible();

  await page.goto('/o/laiterie-de-la-coise/lait/collectes');
  await hydrated(page);
  const entry = page.getByRole('region', { name: 'Saisir une collecte' });
  await entry
    .getByLabel('Producteur', { exact: true })
    .selectOption({ label: 'CO-0112 — GAEC des Monts' });
  await entry.getByLabel('Date de collecte').fill(today);
  await entry.getByLabel('Tournée (facultatif)').fill('Tournée du soir');
  await entry.getByLabel('Litres').fill('1 850');
  await entry.getByRole('button', { name: 'Enregistrer la collecte' }).click();
  await expect(
    page.getByText(/^Collecte du .+ enregistrée : 1\s850\sL pour GAEC des Monts\.$/),
  ).toBeVisible();

  // The month's pay, recomputed with its trace, then the correction: credit note + new 389.
  await page.goto('/o/laiterie-de-la-coise/lait');
  await page.getByRole('link', { name: `Paie de ${lastMonthName}` }).click();
  await expect(
    page.getByRole('heading', { name: `Paie du lait de ${lastMonthName}` }),
  ).toBeVisible();
  const gaec = page.getByRole('region', { name: 'CO-0112 — GAEC des Monts' });
  await expect(gaec.getByText('facturé, contesté par le producteur')).toBeVisible();
  await expect(
    gaec.getByRole('heading', { name: 'Recalculé sur les collectes et analyses corrigées' }),
  ).toBeVisible();
  await hydrated(page);
  await gaec.getByText('Détail du calcul').last().click();
  await expect(
    gaec.getByText(
      /Matière grasse du mois : moyenne de \d résultat\(s\) pondérée par les volumes collectés = 43,1 g\/L\./,
    ),
  ).toBeVisible();
  await page.getByRole('link', { name: 'Contestations', exact: true }).click();
  await hydrated(page);
  await page.getByRole('button', { name: 'Émettre l’avoir et la facture rectificative' }).click();
  const done = page.getByText(/^Avoir (\S+) et facture rectificative (\S+) émis\.$/);
  await expect(done).toBeVisible();
  const [, creditNote, invoice] = /^Avoir (\S+) et facture rectificative (\S+) émis\.$/.exec(
    (await done.textContent())!.trim(),
  )!;

  await page.goto(`/o/laiterie-de-la-coise/lait/paie/${lastMonth}`);
  const [dairyDownload] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: `PDF Factur-X de ${invoice}` }).click(),
  ]);
  const dairyXml = await extractFacturxXml(
    new Uint8Array(await readFile((await dairyDownload.path())!)),
  );
  expect(dairyXml).toContain(`<ram:ID>${invoice}</ram:ID>`);

  // The farmer sees today's collection, the new statement and its self-billed invoices.
  await page.context().clearCookies();
  await signIn(page, 'laitier@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto('/o/gaec-des-monts/lait');
  await expect(page.getByRole('cell', { name: /^1\s850\sL$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: invoice })).toBeVisible();
  await page.goto('/o/gaec-des-monts/factures');
  const row = page.getByRole('row').filter({ hasText: invoice });
  await expect(row).toContainText('Facture');
  await expect(page.getByRole('row').filter({ hasText: creditNote! })).toBeVisible();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    row.getByRole('link', { name: `PDF de ${invoice}` }).click(),
  ]);
  const xml = await extractFacturxXml(new Uint8Array(await readFile((await download.path())!)));
  expect(xml).toContain('<ram:TypeCode>389</ram:TypeCode>');
  expect(xml).toContain('Autofacturation');
  expect(xml).toContain(`Facture rectificative : remplace la facture`);
  await prepareValidationChain();
  const reports = await validateInvoiceXmls([xml, dairyXml]);
  expect(reports.flatMap((report) => report.failures)).toEqual([]);
});
