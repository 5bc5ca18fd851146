import { parse } from 'csv-parse/sync';
import { extractText, getDocumentProxy } from 'unpdf';
import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { createHousehold, type Organisation } from '#app/models/organisation.server.ts';
import { loader as csvLoader } from '#app/routes/o.$slug.tournees.$roundId.preparation[.csv].tsx';
import { loader as pdfLoader } from '#app/routes/o.$slug.tournees.$roundId.preparation[.pdf].tsx';
import { makeOrganisation } from '#test/factories/index.ts';
import { makeOrder, makeRound, makeRoundProduct, makeStop } from '#test/factories/rounds.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

let producer: Organisation;
let cookie: string;
let roundId: string;
let carrotsId: string;

beforeAll(async () => {
  const made = await makeOrganisation({ kind: 'producer', name: 'Ferme de la Préparation' });
  producer = made.organisation;
  cookie = await sessionCookieFor(made.owner.id);
  const group = (await makeOrganisation({ kind: 'group', name: 'Voisins de Fourvière' }))
    .organisation;
  const buyer = (await makeOrganisation({ kind: 'buyer', name: 'Brasserie Georges' })).organisation;
  const dupont = (await createHousehold({ groupId: group.id, name: 'Dupont' }))!;
  const nguyen = (await createHousehold({ groupId: group.id, name: 'Nguyen' }))!;
  const garcia = (await createHousehold({ groupId: group.id, name: 'Garcia' }))!;

  const carrots = await makeRoundProduct(producer.id, { name: 'Carottes' });
  carrotsId = carrots.id;
  const eggs = await makeRoundProduct(producer.id, {
    name: 'Œufs frais',
    saleUnit: 'piece',
    stepMilli: 1000,
  });
  const chicken = await makeRoundProduct(producer.id, {
    name: 'Poulet fermier',
    isVariableWeight: true,
    estimatedWeightGrams: 1600,
    stepMilli: 1000,
  });

  const round = await makeRound({
    producerId: producer.id,
    deliveryOn: '2027-03-25',
    title: 'Tournée Lyon',
  });
  roundId = round.id;
  const groupStop = await makeStop({
    roundId,
    organisationId: group.id,
    position: 1,
    address: '2 place de Fourvière, Lyon',
    orderDeadlineAt: new Date('2026-11-20T17:00:00Z'),
  });
  const buyerStop = await makeStop({
    roundId,
    organisationId: buyer.id,
    position: 2,
    orderDeadlineAt: new Date('2026-11-21T08:00:00Z'),
  });
  const base = { roundId, sellerId: producer.id };
  await makeOrder({
    ...base,
    stopId: groupStop.id,
    householdId: dupont.id,
    lines: [
      { product: carrots, quantityMilli: 2000 },
      { product: eggs, quantityMilli: 6000 },
      { product: chicken, quantityMilli: 2000 },
    ],
  });
  await makeOrder({
    ...base,
    stopId: groupStop.id,
    householdId: nguyen.id,
    lines: [{ product: carrots, quantityMilli: 1500 }],
  });
  // Cancelled orders are not picked.
  await makeOrder({
    ...base,
    stopId: groupStop.id,
    householdId: garcia.id,
    status: 'cancelled',
    lines: [{ product: carrots, quantityMilli: 9000 }],
  });
  await makeOrder({
    ...base,
    stopId: buyerStop.id,
    customerOrganisationId: buyer.id,
    lines: [{ product: carrots, quantityMilli: 10_000 }],
  });
});

function download(loader: typeof pdfLoader, extension: 'pdf' | 'csv', par: string) {
  return call(loader, {
    request: getRequest(
      `/o/${producer.slug}/tournees/${roundId}/preparation.${extension}?par=${par}`,
      cookie,
    ),
    params: { slug: producer.slug, roundId },
  });
}

async function pdfText(response: Response): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
  const { text } = await extractText(pdf, { mergePages: true });
  return text.replace(/\s+/g, ' ');
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

describe('liste de préparation PDF', () => {
  it('par arrêt : en-tête, arrêts dans l’ordre, clients et leurs lignes, total à charger', async () => {
    const response = await download(pdfLoader, 'pdf', 'arret');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/pdf');
    expect(response.headers.get('Content-Disposition')).toBe(
      'attachment; filename="preparation-2027-03-25-par-arret.pdf"',
    );
    const text = await pdfText(response);
    expectInOrder(text, [
      'Préparation par arrêt — Ferme de la Préparation',
      'Tournée du 25 mars 2027 — Tournée Lyon',
      'Éditée le',
      'Arrêt 1 — Voisins de Fourvière',
      '2 place de Fourvière, Lyon',
      'Commandes closes le 20 novembre 2026 à 18:00.',
      'Dupont',
      'Carottes',
      '2 kg',
      'Œufs frais',
      '6 pièces',
      'Poulet fermier',
      '2 pièces (≈ 3,2 kg)',
      'Nguyen',
      'Carottes',
      '1,5 kg',
      'Total à charger pour l’arrêt',
      'Carottes',
      '3,5 kg',
      'Arrêt 2 — Brasserie Georges',
      'Brasserie Georges',
      'Carottes',
      '10 kg',
      'Page 1 / 1',
    ]);
    expect(text).not.toContain('Garcia');
  });

  it('par produit : total de la tournée et répartition par arrêt', async () => {
    const text = await pdfText(await download(pdfLoader, 'pdf', 'produit'));
    expectInOrder(text, [
      'Préparation par produit',
      'Carottes — 13,5 kg',
      'Arrêt 1 — Voisins de Fourvière',
      '3,5 kg',
      'Arrêt 2 — Brasserie Georges',
      '10 kg',
      'Œufs frais — 6 pièces',
      'Poulet fermier — 2 pièces (≈ 3,2 kg)',
    ]);
  });

  it('par foyer : un panier par client', async () => {
    const text = await pdfText(await download(pdfLoader, 'pdf', 'foyer'));
    expectInOrder(text, [
      'Préparation par foyer',
      'Dupont',
      'Arrêt 1 — Voisins de Fourvière',
      'Carottes',
      '2 kg',
      'Nguyen',
      'Carottes',
      '1,5 kg',
      'Brasserie Georges',
      'Arrêt 2 — Brasserie Georges',
      'Carottes',
      '10 kg',
    ]);
  });

  it('une tournée sans commande donne un PDF qui le dit', async () => {
    const empty = await makeRound({ producerId: producer.id, deliveryOn: '2027-04-01' });
    const response = await call(pdfLoader, {
      request: getRequest(
        `/o/${producer.slug}/tournees/${empty.id}/preparation.pdf?par=produit`,
        cookie,
      ),
      params: { slug: producer.slug, roundId: empty.id },
    });
    expect(await pdfText(response)).toContain('Aucune commande pour cette tournée.');
  });

  it('une longue liste passe sur plusieurs pages, en-têtes répétés', async () => {
    const big = await makeRound({ producerId: producer.id, deliveryOn: '2027-04-08' });
    const group = (await makeOrganisation({ kind: 'group', name: 'Grand Groupe' })).organisation;
    const stop = await makeStop({
      roundId: big.id,
      organisationId: group.id,
      position: 1,
      orderDeadlineAt: new Date('2027-04-06T16:00:00Z'),
    });
    const product = await makeRoundProduct(producer.id, { name: 'Pommes' });
    for (let i = 0; i < 70; i++) {
      const household = (await createHousehold({
        groupId: group.id,
        name: `Foyer ${String(i).padStart(2, '0')}`,
      }))!;
      await makeOrder({
        roundId: big.id,
        stopId: stop.id,
        sellerId: producer.id,
        householdId: household.id,
        lines: [{ product, quantityMilli: 1000 }],
      });
    }
    const response = await call(pdfLoader, {
      request: getRequest(`/o/${producer.slug}/tournees/${big.id}/preparation.pdf`, cookie),
      params: { slug: producer.slug, roundId: big.id },
    });
    const pdf = await getDocumentProxy(new Uint8Array(await response.arrayBuffer()));
    expect(pdf.numPages).toBeGreaterThan(1);
    const { text } = await extractText(pdf, { mergePages: false });
    for (const page of text) {
      expect(page).toContain('Préparation par arrêt — Ferme de la Préparation');
    }
    expect(text.at(-1)).toContain(`Page ${pdf.numPages} / ${pdf.numPages}`);
    expect(text.join(' ')).toContain('Foyer 69');
  });
});

describe('liste de préparation CSV', () => {
  async function rows(par: string) {
    const response = await download(csvLoader, 'csv', par);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await response.arrayBuffer());
    // UTF-8 BOM, so that Excel and LibreOffice read the accents.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text).toContain('\r\n');
    return parse(text, { delimiter: ';', bom: true }) as string[][];
  }

  it('par arrêt : ce qu’il faut charger pour chaque arrêt', async () => {
    expect(await rows('arret')).toEqual([
      [
        'N° arrêt',
        'Arrêt',
        'Produit',
        'Quantité',
        'Unité',
        'Poids estimé (kg)',
        'Colis à préparer',
      ],
      ['1', 'Voisins de Fourvière', 'Carottes', '3,5', 'kg', '', ''],
      ['1', 'Voisins de Fourvière', 'Œufs frais', '6', 'pièce', '', ''],
      ['1', 'Voisins de Fourvière', 'Poulet fermier', '2', 'pièce', '3,2', ''],
      ['2', 'Brasserie Georges', 'Carottes', '10', 'kg', '', ''],
    ]);
  });

  it('par produit : répartition et total de la tournée', async () => {
    expect(await rows('produit')).toEqual([
      [
        'Produit',
        'N° arrêt',
        'Arrêt',
        'Quantité',
        'Unité',
        'Poids estimé (kg)',
        'Colis à préparer',
      ],
      ['Carottes', '1', 'Voisins de Fourvière', '3,5', 'kg', '', ''],
      ['Carottes', '2', 'Brasserie Georges', '10', 'kg', '', ''],
      ['Carottes', '', 'Total de la tournée', '13,5', 'kg', '', ''],
      ['Œufs frais', '1', 'Voisins de Fourvière', '6', 'pièce', '', ''],
      ['Œufs frais', '', 'Total de la tournée', '6', 'pièce', '', ''],
      ['Poulet fermier', '1', 'Voisins de Fourvière', '2', 'pièce', '3,2', ''],
      ['Poulet fermier', '', 'Total de la tournée', '2', 'pièce', '3,2', ''],
    ]);
  });

  it('par foyer : une ligne par produit de chaque client', async () => {
    expect(await rows('foyer')).toEqual([
      [
        'N° arrêt',
        'Arrêt',
        'Client',
        'Type de client',
        'Produit',
        'Quantité',
        'Unité',
        'Poids estimé (kg)',
      ],
      ['1', 'Voisins de Fourvière', 'Dupont', 'Foyer', 'Carottes', '2', 'kg', ''],
      ['1', 'Voisins de Fourvière', 'Dupont', 'Foyer', 'Œufs frais', '6', 'pièce', ''],
      ['1', 'Voisins de Fourvière', 'Dupont', 'Foyer', 'Poulet fermier', '2', 'pièce', '3,2'],
      ['1', 'Voisins de Fourvière', 'Nguyen', 'Foyer', 'Carottes', '1,5', 'kg', ''],
      ['2', 'Brasserie Georges', 'Brasserie Georges', 'Organisation', 'Carottes', '10', 'kg', ''],
    ]);
  });

  it('une liste inconnue est une erreur 400 en français, pas une erreur serveur', async () => {
    const response = await download(csvLoader, 'csv', 'couleur');
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('Liste inconnue : par=arret, par=produit ou par=foyer.');
    expect((await download(pdfLoader, 'pdf', 'couleur')).status).toBe(400);
  });
});

describe('produit vendu par colis', () => {
  it('les listes par arrêt et par produit comptent les colis à préparer, pas celle par foyer', async () => {
    // Carrots now leave the farm in 5 kg crates: 3,5 kg for the group, 10 kg for the brasserie.
    await getSql()`update products set pack_milli = 5000 where id = ${carrotsId}`;
    try {
      const csv = async (par: string) =>
        parse(await (await download(csvLoader, 'csv', par)).text(), {
          delimiter: ';',
          bom: true,
        }) as string[][];
      const byProduct = (await csv('produit')).filter((row) => row[0] === 'Carottes');
      expect(byProduct.map((row) => [row[2], row[3], row[6]])).toEqual([
        ['Voisins de Fourvière', '3,5', '1'],
        ['Brasserie Georges', '10', '2'],
        ['Total de la tournée', '13,5', '3'],
      ]);
      const eggs = (await csv('arret')).find((row) => row[2] === 'Œufs frais');
      expect(eggs?.[6]).toBe('');

      const pdf = await pdfText(await download(pdfLoader, 'pdf', 'produit'));
      expectInOrder(pdf, [
        'Carottes — 13,5 kg — 2 colis de 5 kg + 3,5 kg',
        '3,5 kg (colis de 5 kg entamé)',
        '10 kg — 2 colis de 5 kg',
      ]);
      const household = await pdfText(await download(pdfLoader, 'pdf', 'foyer'));
      expect(household).not.toContain('colis');
    } finally {
      await getSql()`update products set pack_milli = null where id = ${carrotsId}`;
    }
  });
});
