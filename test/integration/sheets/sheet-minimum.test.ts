import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { roundOffers } from '#app/db/schema.ts';
import { lineAmountCents } from '#app/domain/catalogue/quantity.ts';
import { formatCents } from '#app/i18n/format.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import * as sheetPage from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { makeRoundProduct } from '#test/factories/rounds.ts';
import { makeSheetScenario } from '#test/factories/sheets.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

// A producer's minimum order for a group's stop, seen on the group's live sheet; and products
// sold by variable weight, whose amounts on the sheet are the invoice's (pieces × weight × €/kg).

setupTestDatabase();

type PageProduct = {
  id: string;
  unitLabel: string;
  priceUnitLabel: string;
  estimatedWeightGrams: number | null;
};

async function pageData(slug: string, sheetId: string, cookie: string) {
  const response = await call(sheetPage.loader, {
    request: getRequest(`/o/${slug}/feuilles/${sheetId}`, cookie),
    params: { slug, sheetId },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { products: PageProduct[]; minimums: Record<string, number> };
}

describe('minimum de commande et poids variable sur une feuille', () => {
  it('un produit à poids variable se saisit en pièces, au prix du kg, avec le poids d’une pièce', async () => {
    const scenario = await makeSheetScenario({ households: 1 });
    const chicken = await makeRoundProduct(scenario.offers.producer.id, {
      name: 'Poulet fermier',
      isVariableWeight: true,
      estimatedWeightGrams: 1600,
      stepMilli: 1000,
      consumerPriceGrossCents: 1290,
    });
    await getDb()
      .insert(roundOffers)
      .values({ roundId: scenario.offers.round.id, productId: chicken.id });
    const data = await pageData(
      scenario.group.slug,
      scenario.sheet.id,
      await sessionCookieFor(scenario.households[0]!.user.id),
    );
    const byId = new Map(data.products.map((p) => [p.id, p]));
    expect(byId.get(chicken.id)).toMatchObject({
      unitLabel: 'pièce',
      priceUnitLabel: 'kg',
      estimatedWeightGrams: 1600,
    });
    expect(byId.get(scenario.offers.carrots.id)).toMatchObject({
      unitLabel: 'kg',
      priceUnitLabel: 'kg',
      estimatedWeightGrams: null,
    });
    // No stop of this sheet has a minimum.
    expect(data.minimums).toEqual({});
  });

  it('la démo : la feuille porte le minimum de la ferme ; clore en dessous le dit, avec ce qui manque', async () => {
    await seedDemo();
    const slug = 'voisins-de-la-croix-rousse';
    const sql = getSql();
    const [sheet] = await sql<{ id: string }[]>`
      select s.id from sheets s join organisations g on g.id = s.group_id
      where g.slug = ${slug} and s.status = 'open'`;
    const [farm] = await sql<{ id: string; name: string; minimum: number }[]>`
      select r.producer_id as id, org.name, st.minimum_order_cents as minimum
      from sheet_stops ss join round_stops st on st.id = ss.stop_id
      join delivery_rounds r on r.id = st.round_id join organisations org on org.id = r.producer_id
      where ss.sheet_id = ${sheet!.id} and st.minimum_order_cents is not null`;
    expect(farm).toBeDefined();
    const household = await sessionCookieFor(
      (await findUserByEmail('foyer.dupont@demo.cabas.fr'))!.id,
    );
    expect((await pageData(slug, sheet!.id, household)).minimums).toEqual({
      [farm!.id]: farm!.minimum,
    });

    // The farm's amount on the sheet, product by product, as the invoice will price it.
    const lines = await sql<
      { total: number; price: number; variable: boolean; grams: number | null }[]
    >`
      select sum(c.quantity_milli)::int as total,
             coalesce(o.consumer_price_override_cents, p.consumer_price_gross_cents) as price,
             p.is_variable_weight as variable, p.estimated_weight_grams as grams
      from sheet_cells c join round_offers o on o.id = c.offer_id join products p on p.id = c.product_id
      where c.sheet_id = ${sheet!.id} and p.producer_id = ${farm!.id}
      group by p.id, o.id`;
    const ordered = lines.reduce(
      (sum, line) =>
        sum +
        lineAmountCents({
          unitPriceCents: line.price,
          quantityMilli: line.total,
          estimatedWeightGrams: line.variable ? line.grams : null,
        }).amountCents,
      0,
    );
    expect(ordered).toBeLessThan(farm!.minimum);

    const closed = await call(sheetPage.action, {
      request: postRequest(
        `/o/${slug}/feuilles/${sheet!.id}`,
        { intent: 'close' },
        await sessionCookieFor((await findUserByEmail('coordinatrice@demo.cabas.fr'))!.id),
      ),
      params: { slug, sheetId: sheet!.id },
    });
    expect((await closed.json()).message).toContain(
      `Minimum de commande non atteint, à voir avec le producteur : ${farm!.name} (il manque ${formatCents(farm!.minimum - ordered)}).`,
    );
  });
});
