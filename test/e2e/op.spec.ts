import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { DEMO_PASSWORD, expect, hydrated, signIn, test } from './fixtures.ts';

const OP = '/o/op-lait-des-monts-du-lyonnais';

/** Today in Paris, 'YYYY-MM-DD' (the business calendar of the server). */
function parisToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(new Date());
}

function previousMonth(day: string): string {
  const [y, m] = day.split('-').map(Number);
  return m === 1 ? `${y! - 1}-12` : `${y}-${String(m! - 1).padStart(2, '0')}`;
}

/** French display groups thousands with narrow no-break spaces. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

test('l’OP émet des factures au nom de ses membres à deux acheteurs et télécharge l’export mensuel EG-22', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  test.setTimeout(120_000);
  const today = parisToday();
  const year = today.slice(0, 4);
  const lastMonth = previousMonth(today);
  // The demo invoiced last month's deliveries to the cheese maker: number 1 of each member's
  // OP series, unless last month was in another year (yearly reset).
  const next = lastMonth.startsWith(year) ? '000002' : '000001';

  await signIn(page, 'op@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(OP);
  await page.getByRole('link', { name: 'Livraisons et factures' }).click();
  await expect(page.getByRole('heading', { name: /Livraisons des membres/ })).toBeVisible();

  // Today's deliveries: the GAEC to the cheese maker, the Pilat farm to the restaurant.
  for (const [member, buyer, litres] of [
    ['ML-001 — GAEC des Monts', 'Fromagerie Chambost', '2000'],
    ['ML-002 — Ferme du Pilat', 'Le Bouchon des Canuts', '150'],
  ] as const) {
    await hydrated(page);
    await page.getByLabel('Membre', { exact: true }).selectOption({ label: member });
    const agreement = page.getByLabel('Acheteur et accord-cadre');
    const option = await agreement
      .locator('option')
      .filter({ hasText: new RegExp(`^${buyer}`) })
      .first()
      .textContent();
    await agreement.selectOption({ label: option! });
    await page.getByLabel('Jour de livraison').fill(today);
    await page.getByLabel('Quantité (dans l’unité de l’accord)').fill(litres);
    await page.getByRole('button', { name: 'Enregistrer la livraison' }).click();
    await expect(page.getByText(/Livraison enregistrée au prix de/)).toBeVisible();
    // The month's table shows the new delivery once the page is reloaded with it.
    await expect(
      page.locator('table').first().getByRole('row').filter({ hasText: buyer }),
    ).toHaveCount(1);
  }

  // One action issues both buyers' invoices, in the members' names.
  await hydrated(page);
  const issue = page.locator('section').filter({ hasText: 'Émettre les factures du mois' });
  await expect(issue.getByLabel('Fromagerie Chambost')).toBeChecked();
  await expect(issue.getByLabel('Le Bouchon des Canuts')).toBeChecked();
  await issue.getByRole('button', { name: 'Émettre les factures' }).click();
  await expect(page.getByText('2 factures émises au nom des membres.')).toBeVisible();
  const issued = page.locator('table').last();
  // 2 000 L × (0,5 × 518,90 + 0,5 × 446,20 + 25) € / 1 000 L = 1 015,10 € HT + 5,5 % = 1 070,93 €.
  const cheese = issued.getByRole('row').filter({ hasText: 'SARL Fromagerie Chambost' }).first();
  await expect(cheese).toContainText(`OP${year}-${next}`);
  await expect(cheese).toContainText('GAEC des Monts');
  expect(plain(await cheese.innerText())).toContain('1 070,93 €');
  // 150 L × (482,55 + 40) € / 1 000 L = 78,38 €, a flat-rate farm: no VAT.
  const restaurant = issued.getByRole('row').filter({ hasText: 'SARL Les Canuts Gourmands' });
  await expect(restaurant).toContainText(`OP${year}-${next}`);
  await expect(restaurant).toContainText('Ferme du Pilat');
  expect(plain(await restaurant.innerText())).toContain('78,38 €');

  // The restaurant's invoice, as a Factur-X PDF in the member's name.
  const pdfDownload = page.waitForEvent('download');
  await restaurant.getByRole('link', { name: `OP${year}-${next}` }).click();
  const pdf = await pdfDownload;
  expect(pdf.suggestedFilename()).toBe(`OP${year}-${next}.pdf`);
  const document = await getDocumentProxy(new Uint8Array(await readFile((await pdf.path())!)));
  const { text } = await extractText(document, { mergePages: true });
  const printed = plain(text).replace(/\s+/g, ' ');
  expect(printed).toContain(
    'Facture établie par Association OP Lait des Monts du Lyonnais au nom et pour le compte de EARL Ferme du Pilat',
  );

  // Last month's EG-22 export for the cheese maker, as a spreadsheet.
  await page.getByRole('link', { name: 'Export Egalim' }).click();
  await hydrated(page);
  await page.getByLabel('Acheteur').selectOption({ label: 'Fromagerie Chambost' });
  await page.getByLabel('Mois').fill(lastMonth);
  await page.getByRole('button', { name: 'Afficher' }).click();
  await expect(page.getByRole('heading', { name: /^2 facture\(s\)/ })).toBeVisible();
  const csvDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger le CSV (tableur)' }).click();
  const csv = await csvDownload;
  expect(csv.suggestedFilename()).toBe(`egalim-facturation-${lastMonth}.csv`);
  const content = await readFile((await csv.path())!, 'utf8');
  expect(content.startsWith('\uFEFF')).toBe(true);
  const rows = parse(content.slice(1), { delimiter: ';' }) as string[][];
  expect(rows[0]!.slice(3, 9)).toEqual([
    'N° adhérent',
    'Membre',
    'SIREN membre',
    'Facture',
    'Type',
    'Émise par',
  ]);
  const lines = rows.slice(1);
  // Four deliveries a month per member, one invoice per member, both issued by the OP.
  expect(lines.map((r) => [r[3], r[4], r[6], r[8]])).toEqual([
    ...Array(4).fill([
      'ML-001',
      'GAEC des Monts',
      `OP${lastMonth.slice(0, 4)}-000001`,
      'OP (mandataire)',
    ]),
    ...Array(4).fill([
      'ML-002',
      'Ferme du Pilat',
      `OP${lastMonth.slice(0, 4)}-000001`,
      'OP (mandataire)',
    ]),
  ]);
  // 12 650 L at 507,55 € / 1 000 L: 6 420,51 € HT, 6 773,64 € TTC (5,5 %); 7 370 L, no VAT.
  expect(lines.map((r) => r[21])).toEqual([
    ...Array(4).fill('6773,64'),
    ...Array(4).fill('3740,65'),
  ]);
  expect(lines.every((r) => r[15] === '507,55' && r[16] === '1000')).toBe(true);
  expect(lines[0]![23]).toContain('Prix déterminé par formule');
  expect(lines[0]![24]).toContain('Coût de production (CNIEL)');
  expect(lines[0]![24]).toContain('Prix retenu : 507,550');
});

test('le membre conteste une facture émise par l’OP, l’OP la corrige par avoir et facture rectificative', async ({
  page,
  consoleErrors,
}) => {
  void consoleErrors;
  test.setTimeout(120_000);
  const today = parisToday();
  const MEMBER = '/o/gaec-des-monts';

  // The OP invoices today's delivery of the GAEC to the restaurant (a fresh contest period).
  await signIn(page, 'op@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(`${OP}/livraisons-op`);
  await hydrated(page);
  await page
    .getByLabel('Membre', { exact: true })
    .selectOption({ label: 'ML-001 — GAEC des Monts' });
  const agreement = page.getByLabel('Acheteur et accord-cadre');
  const option = await agreement
    .locator('option')
    .filter({ hasText: /^Le Bouchon des Canuts/ })
    .first()
    .textContent();
  await agreement.selectOption({ label: option! });
  await page.getByLabel('Jour de livraison').fill(today);
  await page.getByLabel('Quantité (dans l’unité de l’accord)').fill('300');
  await page.getByRole('button', { name: 'Enregistrer la livraison' }).click();
  await expect(page.getByText(/Livraison enregistrée au prix de/)).toBeVisible();
  await hydrated(page);
  const issue = page.locator('section').filter({ hasText: 'Émettre les factures du mois' });
  await expect(issue.getByLabel('Le Bouchon des Canuts')).toBeChecked();
  await issue.getByRole('button', { name: 'Émettre les factures' }).click();
  await expect(page.getByText('1 facture émise au nom des membres.')).toBeVisible();
  const row = page
    .locator('table')
    .last()
    .getByRole('row')
    .filter({ hasText: 'GAEC des Monts' })
    .filter({ hasText: 'SARL Les Canuts Gourmands' })
    .first();
  await expect(row).toContainText('À accepter');
  const number = (await row.getByRole('cell').first().innerText()).trim();

  // The member contests it from « Mon OP », before the deadline.
  await page.context().clearCookies();
  await signIn(page, 'laitier@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(MEMBER);
  await page.getByRole('link', { name: 'Mon OP' }).click();
  await page.getByRole('link', { name: 'Voir les factures' }).click();
  await page.getByRole('link', { name: `Facture ${number}` }).click();
  await expect(page.getByTestId('review-state')).toContainText('À accepter');
  await hydrated(page);
  await page.getByLabel('Motif de la contestation').fill('Relevé du tank : 280 L, pas 300');
  await page.getByRole('button', { name: 'Contester la facture' }).click();
  await expect(
    page.getByText(`Contestation de la facture ${number} envoyée à l’OP.`),
  ).toBeVisible();
  await expect(page.getByTestId('review-state')).toContainText('Contestée');

  // The OP corrects the quantity: a credit note and a rectifying invoice in the member's name.
  await page.context().clearCookies();
  await signIn(page, 'op@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(OP);
  await page.getByRole('link', { name: 'Factures des membres' }).click();
  await hydrated(page);
  await page.getByLabel('État').selectOption({ value: 'contested' });
  await page.getByRole('button', { name: 'Filtrer' }).click();
  await page.getByRole('link', { name: `Facture ${number}` }).click();
  await expect(page.getByText('Relevé du tank : 280 L, pas 300', { exact: true })).toBeVisible();
  await hydrated(page);
  await page.getByLabel('Quantité corrigée, ligne 1').fill('280');
  await page
    .getByLabel('Explication (imprimée sur l’avoir et la facture)')
    .fill('Relevé du tank retenu');
  await page.getByRole('button', { name: 'Émettre l’avoir et la facture rectificative' }).click();
  const toast = page.getByText(
    /^Avoir OP\d{4}-\d{6} émis et facture rectificative OP\d{4}-\d{6} au nom du membre\.$/,
  );
  await expect(toast).toBeVisible();
  const [, creditNote, rectifying] =
    /Avoir (\S+) émis et facture rectificative (\S+) au nom/.exec(await toast.innerText()) ?? [];
  await expect(page.getByRole('heading', { name: `Facture ${rectifying}` })).toBeVisible();
  await expect(page.getByText(`Facture rectificative de la facture ${number}`)).toBeVisible();

  // The member sees both documents, the contested invoice settled, the new one to answer.
  await page.context().clearCookies();
  await signIn(page, 'laitier@demo.cabas.fr', DEMO_PASSWORD);
  await expect(page.getByText('Vous êtes connecté.')).toBeVisible();
  await page.goto(`${MEMBER}/factures-op`);
  const table = page.locator('table');
  await expect(table.getByRole('row').filter({ hasText: `Facture ${rectifying}` })).toContainText(
    'À accepter',
  );
  await expect(table.getByRole('row').filter({ hasText: `Avoir ${creditNote}` })).toContainText(
    `Avoir sur ${number}`,
  );
  await expect(table.getByRole('row').filter({ hasText: `Facture ${number}` })).toContainText(
    'Corrigée (avoir et facture rectificative)',
  );
  await table.getByRole('link', { name: `Facture ${rectifying}` }).click();
  // 280 L instead of 300 L, with the new contest period printed on the Factur-X PDF.
  await expect(page.getByRole('cell', { name: /^280\sL$/ })).toBeVisible();
  const pdfDownload = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Télécharger le PDF Factur-X' }).click();
  const pdf = await pdfDownload;
  const document = await getDocumentProxy(new Uint8Array(await readFile((await pdf.path())!)));
  const { text } = await extractText(document, { mergePages: true });
  const printed = plain(text).replace(/\s+/g, ' ');
  expect(printed).toContain(`Facture rectificative de la facture ${number}`);
  expect(printed).toContain(`annulée par l’avoir ${creditNote}`);
});
