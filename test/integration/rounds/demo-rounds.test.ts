import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { deliveryRounds } from '#app/db/schema.ts';
import { buildPickingList } from '#app/domain/rounds/picking-list.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { loadPickingInput } from '#app/models/picking-list.server.ts';
import { listStops } from '#app/models/round-stop.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { DEMO_ROUND_TITLE, seedDemoRounds } from '#app/seed/demo-rounds.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

const { db } = setupTestDatabase();

describe('seedDemoRounds', () => {
  it('planifie une tournée à venir par producteur de la démo, avec des commandes, une seule fois', async () => {
    await seedDemo();
    await seedDemoRounds();
    const ferme = (await getOrganisationBySlug('ferme-des-quatre-saisons'))!;
    const rounds = await db()
      .select()
      .from(deliveryRounds)
      .where(eq(deliveryRounds.title, DEMO_ROUND_TITLE));
    expect(rounds).toHaveLength(2);
    const round = rounds.find((r) => r.producerId === ferme.id)!;
    expect(round.status).toBe('planned');
    const list = buildPickingList(await loadPickingInput(round.id));
    expect(list.stops.map((s) => s.stop.name)).toEqual([
      'Le Bouchon des Canuts',
      'Voisins de la Croix-Rousse',
    ]);
    expect(list.stops[1]!.customers.map((c) => c.name)).toEqual(['Dupont', 'Garcia', 'Nguyen']);
    expect(list.products.length).toBeGreaterThan(0);
    // The group stop's minimum is not reached yet by the demo orders (and the open sheet).
    const stops = await listStops(round.id);
    expect(stops.map((s) => [s.organisationName, s.minimumOrderCents])).toEqual([
      ['Le Bouchon des Canuts', null],
      ['Voisins de la Croix-Rousse', 6000],
    ]);
    expect(stops[1]!.orderedCents).toBeGreaterThan(0);
    expect(stops[1]!.orderedCents).toBeLessThan(6000);
  });
});
