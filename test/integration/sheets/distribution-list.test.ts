import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { loader as csvLoader } from '#app/routes/o.$slug.feuilles.$sheetId.distribution[.csv].tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.feuilles.$sheetId.distribution[.pdf].tsx';
import {
  action as paymentsAction,
  loader as paymentsLoader,
} from '#app/routes/o.$slug.feuilles.$sheetId_.paiements.tsx';
import { addMember, makeOrganisation, makeUser } from '#test/factories/index.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { extractPdfText } from '#test/utils/pdf.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import {
  type ClosedSheet,
  connectProducer,
  deliverAndInvoice,
  makeClosedSheet,
  payShare,
  setupStripeFake,
} from '../payments/harness.ts';

setupTestDatabase();
const fake = setupStripeFake();
const TODAY = parisDayOf(new Date());

let sheet: ClosedSheet;
let slug: string;
let groupName: string;
const cookies: Record<'owner' | 'coordinator' | 'member' | 'outsider' | 'producer', string> = {
  owner: '',
  coordinator: '',
  member: '',
  outsider: '',
  producer: '',
};
let outsiderSlug: string;
let openSheet: { slug: string; sheetId: string; cookie: string };

type Household = { id: string; name: string; toPay: string; toPayCents: number; due: string };
type PaymentsPage = { manager: { households: Household[] } };

function download(
  loader: typeof pdfLoader,
  extension: 'pdf' | 'csv',
  options: { cookie?: string; slug?: string; sheetId?: string } = {},
) {
  const params = { slug: options.slug ?? slug, sheetId: options.sheetId ?? sheet.sheetId };
  return call(loader, {
    request: getRequest(
      `/o/${params.slug}/feuilles/${params.sheetId}/distribution.${extension}`,
      options.cookie,
    ),
    params,
  });
}

async function recordPayment(fields: Record<string, string>) {
  const response = await call(paymentsAction, {
    request: postRequest(
      `/o/${slug}/feuilles/${sheet.sheetId}/paiements`,
      { intent: 'record', reference: '', amount: '', receivedOn: TODAY, ...fields },
      cookies.owner,
    ),
    params: { slug, sheetId: sheet.sheetId },
  });
  if (response.status !== 302) {
    throw new Error(`paiement refusé : ${response.status} ${await response.text()}`);
  }
}

/** What the payments page shows the coordinator, per household name. */
async function paymentsPage(): Promise<Map<string, Household>> {
  const response = await call(paymentsLoader, {
    request: getRequest(`/o/${slug}/feuilles/${sheet.sheetId}/paiements`, cookies.owner),
    params: { slug, sheetId: sheet.sheetId },
  });
  const data = (await response.json()) as PaymentsPage;
  return new Map(data.manager.households.map((household) => [household.name, household]));
}

/** Asserts that `parts` appear in `text` in this order. */
function expectInOrder(text: string, parts: string[]) {
  let from = 0;
  for (const part of parts) {
    const index = text.indexOf(part, from);
    expect(index, `« ${part} » après la position ${from} dans : ${text}`).toBeGreaterThanOrEqual(0);
    from = index + part.length;
  }
}

/** « 55,64 € » with the ordinary space the PDF text extraction gives back. */
const plain = (text: string) => text.replace(/\s/gu, ' ');
const euros = (cents: number) =>
  `${Math.trunc(cents / 100)},${String(cents % 100).padStart(2, '0')}`;

beforeAll(async () => {
  sheet = await makeClosedSheet({
    producers: [
      {
        key: 'ferme',
        products: [
          { key: 'panier', name: 'Panier de légumes', grossCents: 1500 },
          {
            key: 'poulet',
            name: 'Poulet fermier',
            grossCents: 1290,
            isVariableWeight: true,
            estimatedWeightGrams: 1800,
          },
        ],
      },
      { key: 'fournil', products: [{ key: 'pain', name: 'Pain de campagne', grossCents: 420 }] },
    ],
    households: 4,
    cells: [
      [0, 'panier', 1000],
      [0, 'poulet', 2000],
      [0, 'pain', 2000],
      [1, 'pain', 1000],
      [2, 'panier', 1000],
    ],
  });
  // Names out of order (and an accent) to check the sort; the fourth household orders nothing.
  const names = ['Perrin', 'Émery', 'Bonnet', 'Aubert'];
  for (const [index, name] of names.entries()) {
    await getSql()`update households set name = ${name}
      where id = ${sheet.households[index]!.householdId}`;
  }
  await getSql()`update round_stops set address = '5 place de la Croix-Rousse, Lyon',
      window_start_at = '2026-12-04T16:00:00Z', window_end_at = '2026-12-04T18:00:00Z'
    where id = any(${[...sheet.producers.values()].map((producer) => producer.stopId)}::uuid[])`;
  const [group] = await getSql()<{ slug: string; name: string }[]>`
    select slug, name from organisations where id = ${sheet.group.id}`;
  slug = group!.slug;
  groupName = group!.name;

  // The baker delivers one loaf of Perrin's two and invoices: his parts are invoiced.
  await deliverAndInvoice(sheet, 'fournil', [
    { household: 0, product: 'pain', delivered: 1000 },
    { household: 1, product: 'pain', delivered: 1000 },
  ]);

  cookies.owner = await sessionCookieFor(sheet.coordinator.id);
  const coordinator = await makeUser({ fullName: 'Camille Coordinatrice' });
  await addMember({ organisationId: sheet.group.id, user: coordinator, role: 'coordinator' });
  cookies.coordinator = await sessionCookieFor(coordinator.id);
  cookies.member = await sessionCookieFor(sheet.households[0]!.user.id);
  const outsider = await makeOrganisation({ kind: 'group', name: 'Voisins d’ailleurs' });
  outsiderSlug = outsider.organisation.slug;
  cookies.outsider = await sessionCookieFor(outsider.owner.id);
  cookies.producer = await sessionCookieFor(sheet.producers.get('ferme')!.ownerId);

  // Bonnet pays online; Émery in cash at the coordinator's; Perrin 10 € by cheque to the farm.
  const ferme = sheet.producers.get('ferme')!;
  await connectProducer(fake(), ferme.producerId, ferme.ownerId);
  await payShare(fake(), sheet, 2);
  await recordPayment({
    householdId: sheet.households[1]!.householdId,
    producerId: 'all',
    method: 'cash',
  });
  await recordPayment({
    householdId: sheet.households[0]!.householdId,
    producerId: ferme.producerId,
    method: 'cheque',
    amount: '10,00',
    reference: 'chèque n° 4242',
  });

  const open = await makeSheetScenario({ households: 1 });
  const [openGroup] = await getSql()<{ slug: string }[]>`
    select slug from organisations where id = ${open.group.id}`;
  openSheet = {
    slug: openGroup!.slug,
    sheetId: open.sheet.id,
    cookie: await sessionCookieFor(open.coordinator.id),
  };
});

describe('qui obtient la liste de distribution', () => {
  it.each([
    ['le responsable du groupe', 'owner', 200],
    ['un coordinateur', 'coordinator', 200],
    ['un foyer membre', 'member', 403],
    ['un producteur de la feuille', 'producer', 404],
    ['le responsable d’un autre groupe', 'outsider', 404],
  ] as const)('%s (%s) : %d en PDF comme en CSV', async (_label, who, status) => {
    for (const [loader, extension] of [
      [pdfLoader, 'pdf'],
      [csvLoader, 'csv'],
    ] as const) {
      const response = await download(loader, extension, { cookie: cookies[who] });
      expect(response.status, `${who} ${extension}`).toBe(status);
      if (status === 200) {
        expect(response.headers.get('Content-Disposition')).toBe(
          `attachment; filename="liste-distribution-2026-12-04.${extension}"`,
        );
        expect(response.headers.get('Cache-Control')).toBe('private, no-store');
      }
    }
  });

  it('anonyme : renvoyé à la connexion', async () => {
    for (const [loader, extension] of [
      [pdfLoader, 'pdf'],
      [csvLoader, 'csv'],
    ] as const) {
      const response = await download(loader, extension);
      expect(response.status).toBe(302);
      expect(response.headers.get('Location')).toBe(
        `/connexion?redirectTo=${encodeURIComponent(`/o/${slug}/feuilles/${sheet.sheetId}/distribution.${extension}`)}`,
      );
    }
  });

  it('la feuille d’un autre groupe, vue depuis le sien : 404', async () => {
    const response = await download(pdfLoader, 'pdf', {
      cookie: cookies.outsider,
      slug: outsiderSlug,
    });
    expect(response.status).toBe(404);
  });

  it.each([
    ['pas un identifiant', 'pas-un-uuid'],
    ['une feuille qui n’existe pas', randomUUID()],
    ['injection', "' or 1=1 --"],
  ])('mauvais identifiant (%s) : 404, jamais 500', async (_label, sheetId) => {
    for (const [loader, extension] of [
      [pdfLoader, 'pdf'],
      [csvLoader, 'csv'],
    ] as const) {
      const response = await download(loader, extension, { cookie: cookies.owner, sheetId });
      expect(response.status).toBe(404);
    }
  });

  it('feuille encore ouverte : 409 avec un message clair', async () => {
    for (const [loader, extension] of [
      [pdfLoader, 'pdf'],
      [csvLoader, 'csv'],
    ] as const) {
      const response = await download(loader, extension, {
        cookie: openSheet.cookie,
        slug: openSheet.slug,
        sheetId: openSheet.sheetId,
      });
      expect(response.status).toBe(409);
      expect(response.headers.get('Content-Type')).toBe('text/plain; charset=utf-8');
      expect(await response.text()).toBe(
        'La feuille n’est pas encore close : la liste de distribution sera prête à la clôture.',
      );
    }
  });
});

describe('contenu', () => {
  const HEADER = [
    'Foyer',
    'Type',
    'Producteur',
    'Produit',
    'Quantité',
    'Unité',
    'Poids (kg)',
    'Poids estimé',
    'Prix unitaire (€)',
    'Montant (€)',
    'Payé en ligne (€)',
    'Payé à la main (€)',
    'Remboursé (€)',
    'Déjà payé (€)',
    'Reste à payer (€)',
    'À rendre (€)',
    'Remis',
    'Note du foyer',
  ];

  async function csvRecords() {
    const response = await download(csvLoader, 'csv', { cookie: cookies.owner });
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8 with a BOM, so a spreadsheet opened by double-click reads the accents.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    const rows = parse(text, { delimiter: ';', bom: true }) as string[][];
    expect(rows[0]).toEqual(HEADER);
    return rows.slice(1).map((row) => Object.fromEntries(HEADER.map((h, i) => [h, row[i]!])));
  }

  it('CSV : les lignes de chaque foyer, triés par nom, sans le foyer qui n’a rien commandé', async () => {
    const records = await csvRecords();
    const lines = records
      .filter((row) => row.Type === 'Ligne')
      .map((row) => [
        row.Foyer,
        row.Produit,
        row.Quantité,
        row.Unité,
        row['Poids (kg)'],
        row['Poids estimé'],
        row['Prix unitaire (€)'],
        row['Montant (€)'],
      ]);
    expect(lines).toEqual([
      ['Bonnet', 'Panier de légumes', '1', 'pièce', '', '', '15,00', '15,00'],
      ['Émery', 'Pain de campagne', '1', 'pièce', '', '', '4,20', '4,20'],
      ['Perrin', 'Panier de légumes', '1', 'pièce', '', '', '15,00', '15,00'],
      // 2 chickens × 1.8 kg estimated × 12.90 €/kg.
      ['Perrin', 'Poulet fermier', '2', 'pièce', '3,6', 'oui', '12,90', '46,44'],
      // One loaf delivered of the two ordered.
      ['Perrin', 'Pain de campagne', '1', 'pièce', '', '', '4,20', '4,20'],
    ]);
    expect(records.some((row) => row.Foyer === 'Aubert')).toBe(false);
    expect(records.filter((row) => row.Type === 'Total foyer').map((row) => row.Foyer)).toEqual([
      'Bonnet',
      'Émery',
      'Perrin',
    ]);
  });

  it('CSV : dû, payé (en ligne, à la main) et reste à payer de chaque foyer = la page des paiements', async () => {
    const records = await csvRecords();
    const page = await paymentsPage();
    const totals = records.filter((row) => row.Type === 'Total foyer');
    for (const row of totals) {
      const household = page.get(row.Foyer!)!;
      expect(plain(household.due), row.Foyer).toBe(`${row['Montant (€)']} €`);
      expect(plain(household.toPay), row.Foyer).toBe(`${row['Reste à payer (€)']} €`);
    }
    const byName = Object.fromEntries(totals.map((row) => [row.Foyer, row]));
    expect(byName.Bonnet).toMatchObject({
      'Montant (€)': '15,00',
      'Payé en ligne (€)': '15,00',
      'Payé à la main (€)': '0,00',
      'Reste à payer (€)': '0,00',
    });
    expect(byName.Émery).toMatchObject({
      'Payé en ligne (€)': '0,00',
      'Reste à payer (€)': '0,00',
    });
    expect(byName.Émery!['Payé à la main (€)']).toBe(byName.Émery!['Montant (€)']);
    expect(byName.Perrin).toMatchObject({
      'Payé à la main (€)': '10,00',
      'Déjà payé (€)': '10,00',
      'Poids estimé': 'oui',
    });
    // Each household's lines and adjustments add up to its total, to the cent.
    for (const row of totals) {
      const detail = records
        .filter((r) => r.Foyer === row.Foyer && (r.Type === 'Ligne' || r.Type === 'Ajustement'))
        .reduce((sum, r) => sum + Number(r['Montant (€)']!.replace(',', '')), 0);
      expect(euros(detail), row.Foyer).toBe(row['Montant (€)']);
    }
    const perrin = page.get('Perrin')!;
    expect(perrin.toPayCents).toBe(Number(byName.Perrin!['Montant (€)']!.replace(',', '')) - 1000);
  });

  it('CSV : totaux par producteur et total général, le reste à encaisser est celui du registre', async () => {
    const records = await csvRecords();
    const page = await paymentsPage();
    const producers = records.filter((row) => row.Type === 'Total producteur');
    expect(producers).toHaveLength(2);
    const [grand] = records.filter((row) => row.Type === 'Total général');
    const cents = (text: string) => Number(text.replace(',', ''));
    const sumOf = (rows: typeof records, key: string) =>
      rows.reduce((sum, row) => sum + cents(row[key]!), 0);
    expect(sumOf(producers, 'Montant (€)')).toBe(cents(grand!['Montant (€)']!));
    expect(sumOf(producers, 'Reste à payer (€)')).toBe(cents(grand!['Reste à payer (€)']!));
    const toPay = [...page.values()].reduce((sum, household) => sum + household.toPayCents, 0);
    expect(cents(grand!['Reste à payer (€)']!)).toBe(toPay);
    expect(toPay).toBeGreaterThan(0);
  });

  it('PDF : en-tête, un bloc par foyer avec ses cases à remplir, totaux, en français', async () => {
    const response = await download(pdfLoader, 'pdf', { cookie: cookies.coordinator });
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    const text = await extractPdfText(new Uint8Array(await response.arrayBuffer()));
    const page = await paymentsPage();
    expectInOrder(text, [
      `Liste de distribution — ${groupName}`,
      'Commande de la semaine — livraison du 4 décembre 2026',
      'Retrait : 5 place de la Croix-Rousse, Lyon — de 17:00 à 19:00',
      'Éditée le',
      'Bonnet',
      'Déjà payé : 15,00 € (en ligne : 15,00 €)',
      'Panier de légumes',
      'Reste à payer au retrait',
      plain(page.get('Bonnet')!.toPay),
      'Remis',
      'Signature',
      'Émery',
      'enregistré à la main',
      'Pain de campagne',
      'Remis',
      'Signature',
      'Perrin',
      'Déjà payé : 10,00 € (enregistré à la main : 10,00 €)',
      'Poulet fermier',
      '2 pièces (≈ 3,6 kg, poids estimé)',
      '12,90 € / kg',
      '46,44 € (estimé)',
      'Pain de campagne',
      '1 pièce — commandé : 2 pièces',
      plain(page.get('Perrin')!.due),
      plain(page.get('Perrin')!.toPay),
      'Remis',
      'Signature',
      'Totaux',
      'Reste à encaisser au retrait',
      '1 foyer sans commande ne figure pas sur la liste.',
      'Total général',
    ]);
    expect(text).not.toContain('Aubert');
    expect(text).toContain('Page 1 / ');
  });
});
