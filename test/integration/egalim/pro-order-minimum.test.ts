import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { multiplyAndRound } from '#app/domain/money/money.ts';
import { formatCents } from '#app/i18n/format.ts';
import {
  action as orderAction,
  loader as stopLoader,
} from '#app/routes/o.$slug.commandes-pro.$stopId.tsx';
import { makeB1Indicators, makeProSetup, makeSignedContract } from '#test/factories/egalim.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

// The producer's minimum for a delivery (ADR 020), as the professional buyer reads it on the
// page where it orders: HT, against its order as recorded.

setupTestDatabase();

describe('commande pro : minimum de commande de la livraison', () => {
  it('absent : rien ; fixé : ce qui manque, puis atteint une fois la commande enregistrée', async () => {
    const setup = await makeProSetup();
    await makeB1Indicators(setup.producer.id);
    await makeSignedContract({
      producerId: setup.producer.id,
      producerOwnerId: setup.producerOwner.id,
      buyerId: setup.buyer.id,
      buyerSlug: setup.buyer.slug,
      buyerOwnerId: setup.buyerOwner.id,
    });
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const params = { slug: setup.buyer.slug, stopId: setup.stopId };
    const url = `/o/${setup.buyer.slug}/commandes-pro/${setup.stopId}`;
    const minimumText = async () => {
      const response = await call(stopLoader, { request: getRequest(url, buyer), params });
      expect(response.status).toBe(200);
      return ((await response.json()) as { stop: { minimum: string | null } }).stop.minimum;
    };
    expect(await minimumText()).toBeNull();

    const sql = getSql();
    await sql`update round_stops set minimum_order_cents = 150000 where id = ${setup.stopId}`;
    expect(await minimumText()).toBe(
      `Minimum de commande du producteur pour cette livraison : ${formatCents(150_000)} HT ; votre commande : ${formatCents(0)} HT, il manque ${formatCents(150_000)}.`,
    );

    const order = await call(orderAction, {
      request: postRequest(url, { [`q.${setup.heiferId}`]: '420' }, buyer),
      params,
    });
    expect(order.status).toBe(302);
    const lines = await sql<
      { unit_price_cents: number; quantity_milli: number; price_base_quantity_milli: number }[]
    >`
      select l.unit_price_cents, l.quantity_milli, l.price_base_quantity_milli
      from order_lines l join orders o on o.id = l.order_id
      where o.stop_id = ${setup.stopId} and o.status <> 'cancelled'`;
    const ordered = lines.reduce(
      (sum, l) =>
        sum + multiplyAndRound(l.unit_price_cents, l.quantity_milli, l.price_base_quantity_milli),
      0,
    );
    // 420 kg of heifer at the contract's price is well above 1 500 €.
    expect(ordered).toBeGreaterThan(150_000);
    expect(await minimumText()).toBe(
      `Minimum de commande du producteur pour cette livraison : ${formatCents(150_000)} HT, atteint (votre commande : ${formatCents(ordered)} HT).`,
    );
  });

  it('un produit vendu par colis le dit à l’acheteur', async () => {
    const setup = await makeProSetup();
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const params = { slug: setup.buyer.slug, stopId: setup.stopId };
    const url = `/o/${setup.buyer.slug}/commandes-pro/${setup.stopId}`;
    const packs = async () => {
      const response = await call(stopLoader, { request: getRequest(url, buyer), params });
      const data = (await response.json()) as {
        offers: { productId: string; pack: string | null }[];
      };
      return data.offers.find((offer) => offer.productId === setup.heiferId)!.pack;
    };
    expect(await packs()).toBeNull();
    const [product] = await getSql()<{ step_milli: number }[]>`
      select step_milli from products where id = ${setup.heiferId}`;
    await getSql()`update products set pack_milli = ${product!.step_milli * 50} where id = ${setup.heiferId}`;
    expect(await packs()).toBe(
      `par colis de ${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format((product!.step_milli * 50) / 1000)} kg`,
    );
  });
});
