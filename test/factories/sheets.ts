import { getDb } from '#app/db/client.server.ts';
import { roundOffers } from '#app/db/schema.ts';
import { openSheet } from '#app/models/sheet.server.ts';
import { addMember, makeOrganisation, makeUser } from './index.ts';
import { makeRound, makeRoundProduct, makeStop } from './rounds.ts';

const HOUR = 3_600_000;

/** A group with a coordinator and households, on a producer's round offering three products. */
export async function makeGroupWithHouseholds(options: { households: number; name?: string }) {
  const coordinator = await makeUser({ fullName: 'Claire Coordinatrice' });
  const { organisation: group } = await makeOrganisation({
    kind: 'group',
    owner: coordinator,
    name: options.name,
  });
  const households: { user: Awaited<ReturnType<typeof makeUser>>; householdId: string }[] = [];
  for (let index = 0; index < options.households; index++) {
    const user = await makeUser();
    const { householdId } = await addMember({
      organisationId: group.id,
      user,
      role: 'household',
    });
    households.push({ user, householdId: householdId! });
  }
  return { group, coordinator, households };
}

/** Carrots (stock `stockMilli`, 5 kg unless given; null: unlimited) and eggs (unlimited). */
export async function makeRoundWithOffers(options: { stockMilli?: number | null } = {}) {
  const { organisation: producer } = await makeOrganisation({ kind: 'producer' });
  const round = await makeRound({ producerId: producer.id, deliveryOn: '2026-12-04' });
  const carrots = await makeRoundProduct(producer.id, {
    name: 'Carottes',
    stepMilli: 500,
    maxPerHouseholdMilli: 3000,
    consumerPriceGrossCents: 280,
  });
  const eggs = await makeRoundProduct(producer.id, {
    name: 'Œufs',
    saleUnit: 'dozen',
    stepMilli: 1000,
    consumerPriceGrossCents: 420,
    egalimCategory: 'egg',
  });
  const [carrotOffer, eggOffer] = await getDb()
    .insert(roundOffers)
    .values([
      {
        roundId: round.id,
        productId: carrots.id,
        stockMilli: options.stockMilli === undefined ? 5000 : options.stockMilli,
      },
      { roundId: round.id, productId: eggs.id, consumerPriceOverrideCents: 390 },
    ])
    .returning();
  return { producer, round, carrots, eggs, carrotOffer: carrotOffer!, eggOffer: eggOffer! };
}

/** One open sheet of a group over one stop of the round; deadline in `deadlineInHours`. */
export async function makeOpenSheet(options: {
  groupId: string;
  userId: string;
  roundId: string;
  position?: number;
  deadlineInHours?: number;
  now?: Date;
}) {
  const now = options.now ?? new Date();
  const stop = await makeStop({
    roundId: options.roundId,
    organisationId: options.groupId,
    position: options.position ?? 1,
    orderDeadlineAt: new Date(now.getTime() + (options.deadlineInHours ?? 48) * HOUR),
  });
  const opened = await openSheet({
    groupId: options.groupId,
    userId: options.userId,
    title: 'Commande de la semaine',
    stopIds: [stop.id],
    now,
  });
  if (!opened.ok) {
    throw new Error(`makeOpenSheet: ${opened.error}`);
  }
  return { sheet: opened.sheet, stop };
}

/** The usual sheet setup: a group with households, a round with its offers, an open sheet. */
export async function makeSheetScenario(options: {
  households: number;
  stockMilli?: number | null;
  deadlineInHours?: number;
  now?: Date;
}) {
  const group = await makeGroupWithHouseholds({ households: options.households });
  const offers = await makeRoundWithOffers({ stockMilli: options.stockMilli });
  const { sheet, stop } = await makeOpenSheet({
    groupId: group.group.id,
    userId: group.coordinator.id,
    roundId: offers.round.id,
    ...(options.deadlineInHours === undefined ? {} : { deadlineInHours: options.deadlineInHours }),
    ...(options.now === undefined ? {} : { now: options.now }),
  });
  return { ...group, offers, sheet, stop };
}
