import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { listContracts } from '#app/models/egalim-contract.server.ts';
import { getProStop, listProStops } from '#app/models/egalim-pro-order.server.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

describe('démo Egalim', () => {
  it('contrat B1 signé entre le Montcel et la boucherie ; le restaurant sans contrat', async () => {
    expect(await seedDemo()).toEqual({ created: true });
    expect(await findUserByEmail('boucher@demo.cabas.fr')).not.toBeNull();
    const butcher = (await getOrganisationBySlug('boucherie-martinon'))!;
    const restaurant = (await getOrganisationBySlug('le-bouchon-des-canuts'))!;
    const [contract] = await listContracts({ organisationId: butcher.id });
    expect(contract).toMatchObject({ status: 'signed', producerName: 'Élevage du Montcel' });

    const now = new Date();
    const [butcherStop] = await listProStops({ buyerId: butcher.id, now });
    const priced = await getProStop({ buyerId: butcher.id, stopId: butcherStop!.stopId, now });
    expect(priced?.offers[0]?.decision).toMatchObject({
      ok: true,
      unitPriceCents: 5332,
      priceBaseQuantityMilli: 10_000,
      contractReference: contract!.reference,
    });

    const restaurantStops = await listProStops({ buyerId: restaurant.id, now });
    const montcelStop = restaurantStops.find((stop) => stop.producerName === 'Élevage du Montcel');
    const refused = await getProStop({ buyerId: restaurant.id, stopId: montcelStop!.stopId, now });
    expect(refused?.offers[0]?.decision).toMatchObject({ ok: false });
    const vegetables = restaurantStops.find(
      (stop) => stop.producerName === 'Ferme des Quatre Saisons',
    );
    expect(vegetables?.hasOrder).toBe(true);
    // Its vegetable order went through the pro order path: writing optional (RULES-FR X2).
    const [logged] = await getSql()<{ data: { lines: { decision: string }[] } }[]>`
      select data from audit_log where action = 'pro_order.submitted' and organisation_id = ${restaurant.id}`;
    expect(new Set(logged?.data.lines.map((line) => line.decision))).toEqual(
      new Set(['writing_optional']),
    );
  });
});
