import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import type { AgendaSection } from '#app/models/dashboard.server.ts';
import { loadBuyerAgenda, loadOpAgenda, loadProducerAgenda } from '#app/models/dashboard.server.ts';
import { createContractDraft, sendProposal } from '#app/models/egalim-contract.server.ts';
import { contestOpInvoice } from '#app/models/op-invoice-review.server.ts';
import { getSheetOpenPacks } from '#app/models/sheet.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import { loader as dashboardLoader } from '#app/routes/o.$slug._index.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { b1Terms, makeProSetup } from '#test/factories/egalim.ts';
import { makeOrder, makeRound, makeRoundProduct, makeStop } from '#test/factories/rounds.ts';
import { deliverAndIssue, makeOpSetup } from '#test/integration/op/op-helpers.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

beforeAll(async () => {
  await seedDemo();
}, 120_000);

async function agendaOf(email: string, slug: string): Promise<AgendaSection[]> {
  const user = await findUserByEmail(email);
  const response = await call(dashboardLoader, {
    request: getRequest(`/o/${slug}`, await sessionCookieFor(user!.id)),
    params: { slug },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { agenda: AgendaSection[] }).agenda;
}

const section = (agenda: AgendaSection[], title: string) => {
  const found = agenda.find((s) => s.title === title);
  expect(found, `section « ${title} »`).toBeDefined();
  return found!;
};
const texts = (agenda: AgendaSection[], title: string) =>
  section(agenda, title).items.map((item) => `${item.text} | ${item.detail ?? ''}`);

describe('tableau de bord « Cette semaine » (démo)', () => {
  it('la coordinatrice : la feuille ouverte et son remplissage, l’argent à encaisser de la feuille close', async () => {
    const agenda = await agendaOf('coordinatrice@demo.cabas.fr', 'voisins-de-la-croix-rousse');
    expect(texts(agenda, 'Feuilles de commande ouvertes')).toEqual([
      expect.stringMatching(
        /^Commande du jeudi \| date limite .* · 4 foyer\(s\) sur 4 ont commandé( · \d+ colis à compléter)?$/,
      ),
    ]);
    const money = section(agenda, 'Paiements à suivre').items;
    expect(money).toHaveLength(1);
    expect(money[0]!.text).toBe('Commande du 10 novembre');
    expect(money[0]!.to).toMatch(/^feuilles\/[0-9a-f-]{36}\/paiements$/);
    expect(money[0]!.detail).toMatch(/ à encaisser \(2 foyer\(s\)\)$/);
  });

  it('un foyer : sa ligne et sa seule part à payer, jamais le remplissage des autres', async () => {
    const agenda = await agendaOf('foyer.garcia@demo.cabas.fr', 'voisins-de-la-croix-rousse');
    expect(texts(agenda, 'Feuilles de commande ouvertes')).toEqual([
      expect.stringMatching(
        /^Commande du jeudi \| date limite .* · votre ligne est remplie( · \d+ colis à compléter)?$/,
      ),
    ]);
    expect(texts(agenda, 'Vos paiements')).toEqual([
      expect.stringMatching(/^Commande du 10 novembre \| votre part : 17,90\s€ à payer$/),
    ]);
    // A household that has paid sees nothing to pay.
    const paid = await agendaOf('foyer.dupont@demo.cabas.fr', 'voisins-de-la-croix-rousse');
    expect(section(paid, 'Vos paiements').items).toEqual([]);
  });

  it('la feuille ouverte dit combien de colis sont à compléter, d’après les lignes des foyers', async () => {
    const sql = getSql();
    const [sheet] = await sql<{ id: string }[]>`
      select s.id from sheets s join organisations g on g.id = s.group_id
      where g.slug = 'voisins-de-la-croix-rousse' and s.status = 'open'`;
    const detail = async () =>
      section(
        await agendaOf('coordinatrice@demo.cabas.fr', 'voisins-de-la-croix-rousse'),
        'Feuilles de commande ouvertes',
      ).items[0]!.detail!;
    const before = await getSheetOpenPacks(sheet!.id);
    const count = (text: string) => Number(/ · (\d+) colis à compléter$/.exec(text)?.[1] ?? 0);
    expect(count(await detail())).toBe(before.length);
    // A product the households ordered, now by packs one step larger than their total.
    const [product] = await sql<{ id: string; total: number; step: number }[]>`
      select p.id, sum(c.quantity_milli)::int as total, p.step_milli as step
      from sheet_cells c join products p on p.id = c.product_id
      where c.sheet_id = ${sheet!.id} and p.pack_milli is null
      group by p.id order by p.id limit 1`;
    await sql`update products set pack_milli = ${product!.total + product!.step} where id = ${product!.id}`;
    try {
      expect(count(await detail())).toBe(before.length + 1);
    } finally {
      await sql`update products set pack_milli = null where id = ${product!.id}`;
    }
  });

  it('la productrice : sa prochaine tournée, ses arrêts et commandes', async () => {
    const agenda = await agendaOf('maraicher@demo.cabas.fr', 'ferme-des-quatre-saisons');
    expect(texts(agenda, 'Prochaines tournées')).toEqual([
      expect.stringMatching(
        /— Tournée du jeudi \| 2 arrêt\(s\), 4 commande\(s\) · prochaine date limite /,
      ),
    ]);
    expect(section(agenda, 'Livraisons à facturer').items).toEqual([]);
  });

  it('un acheteur : les arrêts où commander, avec ou sans commande', async () => {
    const agenda = await agendaOf('restaurant@demo.cabas.fr', 'le-bouchon-des-canuts');
    // Listed by deadline; which comes first depends on the weekday the demo was seeded (both
    // rounds are placed relative to today), so the order is not asserted here.
    const items = texts(agenda, 'Commandes à passer');
    expect(items).toHaveLength(2);
    expect(items).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Élevage du Montcel — .* \| pas encore de commande · date limite /),
        expect.stringMatching(/^Ferme des Quatre Saisons — .* \| commande enregistrée, modifiable/),
      ]),
    );
  });

  it('la laiterie : sa section lait ; l’OP : la demande de membre en cours', async () => {
    const dairy = await agendaOf('laiterie@demo.cabas.fr', 'laiterie-de-la-coise');
    expect(section(dairy, 'Collecte de lait').items).toEqual([]);
    const op = await agendaOf('op@demo.cabas.fr', 'op-lait-des-monts-du-lyonnais');
    expect(texts(op, 'Demandes des membres')).toEqual([
      'Ferme du Pilat — Hausse de volume au printemps | changement de volume, en cours',
    ]);
    // The demo's Pilat farm contested last month's invoice the OP issued in its name.
    expect(texts(op, 'Facturation pour les membres')).toEqual([
      expect.stringMatching(/^Contestation de Ferme du Pilat — facture OP\d{4}-\d{6} \| à /),
    ]);
  });
});

describe('ce qui attend une action', () => {
  it('une tournée passée non facturée, et une proposition de contrat à laquelle l’acheteur doit répondre', async () => {
    const setup = await makeProSetup();
    const now = new Date('2026-12-02T09:00:00Z');
    // A round delivered last week with one order, not invoiced yet.
    const round = await makeRound({
      producerId: setup.producer.id,
      deliveryOn: '2026-11-26',
      status: 'planned',
    });
    const stop = await makeStop({
      roundId: round.id,
      organisationId: setup.buyer.id,
      position: 1,
      orderDeadlineAt: new Date('2026-11-25T17:00:00Z'),
    });
    const product = await makeRoundProduct(setup.producer.id, { name: 'Carottes' });
    await makeOrder({
      roundId: round.id,
      stopId: stop.id,
      sellerId: setup.producer.id,
      customerOrganisationId: setup.buyer.id,
      lines: [{ product, quantityMilli: 2000 }],
    });
    const producerAgenda = await loadProducerAgenda({ producerId: setup.producer.id, now });
    expect(section(producerAgenda, 'Livraisons à facturer').items).toEqual([
      expect.objectContaining({
        to: `tournees/${round.id}/facturation`,
        detail: 'livrée ? Saisissez poids réels et manquants, puis émettez les factures',
      }),
    ]);

    const draft = await createContractDraft({
      producerId: setup.producer.id,
      buyerSlug: setup.buyer.slug,
      egalimCategory: 'bovine_heifer',
      isSiqo: true,
      title: 'Génisses',
      terms: b1Terms(),
      year: 2026,
      actorId: setup.producerOwner.id,
    });
    if (!draft.ok) throw new Error(draft.message);
    // A draft is the producer's to send; the buyer has nothing to do yet.
    expect(
      section(await loadProducerAgenda({ producerId: setup.producer.id, now }), 'Contrats Egalim')
        .items,
    ).toEqual([
      expect.objectContaining({ detail: expect.stringContaining('Envoyer la proposition') }),
    ]);
    expect(
      section(await loadBuyerAgenda({ buyerId: setup.buyer.id, now }), 'Contrats et accords-cadres')
        .items,
    ).toEqual([]);
    const sent = await sendProposal({
      organisationId: setup.producer.id,
      contractId: draft.id,
      actorId: setup.producerOwner.id,
    });
    expect(sent.ok).toBe(true);
    expect(
      section(await loadBuyerAgenda({ buyerId: setup.buyer.id, now }), 'Contrats et accords-cadres')
        .items,
    ).toEqual([
      expect.objectContaining({
        to: `contrats/${draft.id}`,
        detail: expect.stringContaining('Répondre à la proposition'),
      }),
    ]);
    // The producer now waits for the buyer.
    expect(
      section(await loadProducerAgenda({ producerId: setup.producer.id, now }), 'Contrats Egalim')
        .items,
    ).toEqual([]);
    // Another producer's dashboard shows none of it.
    const [other] = await getSql()<{ id: string }[]>`
      select id from organisations where slug = 'ferme-des-quatre-saisons'`;
    const otherAgenda = await loadProducerAgenda({ producerId: other!.id, now });
    expect(JSON.stringify(otherAgenda)).not.toContain(round.id);
    expect(JSON.stringify(otherAgenda)).not.toContain(draft.id);
  });
});

describe('factures émises par l’OP au nom d’un membre', () => {
  it('le membre voit celle qu’il doit accepter ; contestée, elle passe chez l’OP', async () => {
    const s = await makeOpSetup();
    const [invoice] = await deliverAndIssue(s, {
      deliveries: [['2026-03-04', 12_000]],
      issueDate: '2026-03-31',
    });
    const now = new Date('2026-04-02T08:00:00Z');
    const member = await loadProducerAgenda({ producerId: s.gaec.organisation.id, now });
    expect(section(member, 'Factures émises en votre nom').items).toEqual([
      expect.objectContaining({
        to: `factures-op/${invoice!.id}`,
        detail: expect.stringContaining('acceptez-la ou contestez-la avant le 15 avril 2026'),
      }),
    ]);
    expect(
      await contestOpInvoice({
        producerId: s.gaec.organisation.id,
        invoiceId: invoice!.id,
        today: '2026-04-02',
        actorId: s.gaec.owner.id,
        reason: 'Volume du 4 mars erroné',
      }),
    ).toEqual({ ok: true });
    const after = await loadProducerAgenda({ producerId: s.gaec.organisation.id, now });
    expect(after.find((x) => x.title === 'Factures émises en votre nom')).toBeUndefined();
    const op = await loadOpAgenda({ opId: s.opId, now });
    expect(section(op, 'Facturation pour les membres').items).toEqual([
      expect.objectContaining({
        to: `factures-op/${invoice!.id}`,
        text: expect.stringMatching(/^Contestation de .* — facture /),
      }),
    ]);
    // The other member has nothing to accept: its section does not show.
    const other = await loadProducerAgenda({ producerId: s.pilat.organisation.id, now });
    expect(other.find((x) => x.title === 'Factures émises en votre nom')).toBeUndefined();
  });
});
