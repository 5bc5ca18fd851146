import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { addDays } from '#app/domain/invoicing/calendar-days.ts';
import { type DairyGridRaw, M1_DAIRY_GRID } from '#app/domain/milk/dairy-grid.ts';
import { daysOf, firstDayOf, lastDayOf, monthOfDay, shiftMonth } from '#app/domain/milk/month.ts';
import type { MilkAnalysis } from '#app/domain/milk/records.ts';
import {
  createBillingMandate,
  findActiveBillingMandate,
  signBillingMandate,
} from '#app/models/billing-mandate.server.ts';
import { saveMilkGrid } from '#app/models/milk-grid.server.ts';
import { issueMilkMonth } from '#app/models/milk-invoice.server.ts';
import { saveMilkAnalysis, saveMilkCollection } from '#app/models/milk-record.server.ts';
import { addMilkSupplier, listMilkSuppliers } from '#app/models/milk-supplier.server.ts';
import { ensureOpDemoOrganisations } from './demo-op-organisations.server.ts';

/**
 * The milk demo (issue « Egalim 2 »): Laiterie de la Coise collects the two OP farms — GAEC des
 * Monts (VAT-liable) and Ferme du Pilat (flat-rate) — every other day, with weekly lab results;
 * its grid is vector M1's plus cell classes and an antibiotics penalty; both farms gave it a
 * billing mandate; last month is invoiced (one self-billed 389 each), this month is being
 * collected. Everything goes through the models, as the pages would.
 */

/** M1 plus what a real grid has: cells classes, a seasonal premium, an antibiotics penalty. */
const DEMO_GRID: DairyGridRaw = {
  ...M1_DAIRY_GRID,
  cells: [{ upTo: 250_000, amount: 1.524 }, { upTo: 400_000, amount: 0 }, { amount: -15.245 }],
  antibioticsPenaltyPerResult: 30.49,
  // Early in a month, the provisional pay uses last month's results (R631-8 alternative method).
  missingResults: 'last_known',
  premiums: [
    { label: 'Prime de saisonnalité (août à novembre)', amount: 20, months: [8, 9, 10, 11] },
  ],
};

type Farm = {
  code: string;
  litres: number;
  fat: number;
  protein: number;
  germs: number;
  cells: number;
};

const FARMS: Record<'gaecDesMonts' | 'fermeDuPilat', Farm> = {
  gaecDesMonts: {
    code: 'CO-0112',
    litres: 2000,
    fat: 42_000,
    protein: 34_000,
    germs: 60_000,
    cells: 210_000,
  },
  fermeDuPilat: {
    code: 'CO-0147',
    litres: 1150,
    fat: 39_600,
    protein: 32_800,
    germs: 42_000,
    cells: 280_000,
  },
};

/** A small deterministic wobble (±3 %), so the demo month looks like real collections. */
function wobble(value: number, seed: number, spread = 0.03): number {
  return Math.round(value * (1 + spread * Math.sin(seed * 12.9898)));
}

/**
 * A billing mandate of the producer to the dairy for its raw cow milk, signed by both ten days
 * before it takes effect (INV-07: written and prior). Demo and tests: the signature date is
 * chosen, not today.
 */
export async function createSignedMilkMandate(options: {
  producerId: string;
  dairyId: string;
  startOn: string;
  contestDays: number;
}): Promise<{ id: string; reference: string }> {
  const created = await createBillingMandate({
    organisationId: options.producerId,
    mandatorId: options.producerId,
    mandataryId: options.dairyId,
    buyerIds: [options.dairyId],
    coversAllBuyers: false,
    egalimCategories: ['milk_cow'],
    operations:
      'Lait cru de vache collecté par la laiterie : une facture d’autofacturation par mois de collecte, datée du dernier jour du mois.',
    startOn: options.startOn,
    contestDays: options.contestDays,
    invoiceSeries: 'AF',
    actorId: null,
  });
  if (!created.ok) {
    throw new Error(`Mandat de facturation refusé : ${created.message}`);
  }
  const now = new Date(`${addDays(options.startOn, -10)}T09:00:00Z`);
  for (const organisationId of [options.producerId, options.dairyId]) {
    const signed = await signBillingMandate({
      organisationId,
      mandateId: created.id,
      actorId: null,
      now,
    });
    if (!signed.ok) {
      throw new Error(`Signature du mandat refusée : ${signed.message}`);
    }
  }
  return created;
}

async function ensureMandate(options: { producerId: string; dairyId: string; startOn: string }) {
  const existing = await findActiveBillingMandate({
    producerId: options.producerId,
    mandataryId: options.dairyId,
    buyerId: options.dairyId,
    on: options.startOn,
    egalimCategory: 'milk_cow',
  });
  if (!existing) {
    // Long enough that last month's invoices can still be contested whatever today is.
    await createSignedMilkMandate({ ...options, contestDays: 45 });
  }
}

async function seedMonth(options: {
  dairyId: string;
  producerId: string;
  farm: Farm;
  month: string;
  until: string;
  salt: number;
}) {
  const { farm } = options;
  const days = daysOf(options.month).filter((day) => day <= options.until);
  for (const [index, day] of days.entries()) {
    if (index % 2 === 0) {
      const saved = await saveMilkCollection({
        dairyId: options.dairyId,
        producerId: options.producerId,
        collection: {
          collectedOn: day,
          litres: wobble(farm.litres, index + options.salt),
          tour: 'Monts du Lyonnais',
          tank: '',
        },
        actorId: null,
      });
      if (!saved.ok) {
        throw new Error(`Démo lait : ${saved.message}`);
      }
    }
    // Weekly samples, on the day after a collection.
    if (index % 7 === 2) {
      const analysis: MilkAnalysis = {
        sampledOn: day,
        sampleRef: `LAB-${farm.code}-${day.replaceAll('-', '')}`,
        // Labs print contents to the hundredth of a g/L.
        fatMgPerL: Math.round(wobble(farm.fat, index + options.salt, 0.015) / 10) * 10,
        proteinMgPerL: Math.round(wobble(farm.protein, index + options.salt, 0.01) / 10) * 10,
        germsPerMl: wobble(farm.germs, index + options.salt, 0.3),
        cellsPerMl: wobble(farm.cells, index + options.salt, 0.15),
        freezingPointMilliC: -520 - (index % 5),
        antibiotics: 'negative',
        butyricSporesPerL: null,
      };
      const saved = await saveMilkAnalysis({
        dairyId: options.dairyId,
        producerId: options.producerId,
        analysis,
        actorId: null,
      });
      if (!saved.ok) {
        throw new Error(`Démo lait : ${saved.message}`);
      }
    }
  }
}

export async function seedDemoMilk(now: Date = new Date()): Promise<void> {
  const orgs = await ensureOpDemoOrganisations();
  if (!orgs) {
    return;
  }
  const dairyId = orgs.laiterie.id;
  if ((await listMilkSuppliers({ dairyId })).length > 0) {
    return;
  }
  const today = parisDayOf(now);
  const thisMonth = monthOfDay(today);
  const lastMonth = shiftMonth(thisMonth, -1);
  const start = firstDayOf(shiftMonth(thisMonth, -12));
  const farms = [
    { org: orgs.gaecDesMonts, farm: FARMS.gaecDesMonts },
    { org: orgs.fermeDuPilat, farm: FARMS.fermeDuPilat },
  ];
  for (const { org, farm } of farms) {
    const added = await addMilkSupplier({
      dairyId,
      producerSlug: org.slug,
      supplierCode: farm.code,
      sinceOn: start,
      actorId: null,
    });
    if (!added.ok) {
      throw new Error(`Démo lait : ${added.message}`);
    }
    await ensureMandate({ producerId: org.id, dairyId, startOn: start });
  }
  for (const [validFrom, basePrice, note] of [
    [shiftMonth(thisMonth, -12), 450, 'Grille de la campagne (vecteur M1)'],
    [thisMonth, 455, 'Prix de base du mois en hausse'],
  ] as const) {
    const saved = await saveMilkGrid({
      dairyId,
      validFromMonth: validFrom,
      grid: { ...DEMO_GRID, basePrice },
      note,
      actorId: null,
    });
    if (!saved.ok) {
      throw new Error(`Démo lait : ${saved.message}`);
    }
  }
  for (const [salt, { org, farm }] of farms.entries()) {
    // Two earlier months of lab results only, for the EU rolling means (germs 2 months, cells 3).
    for (const month of [shiftMonth(thisMonth, -3), shiftMonth(thisMonth, -2)]) {
      await seedMonth({
        dairyId,
        producerId: org.id,
        farm: { ...farm, litres: farm.litres },
        month,
        until: lastDayOf(month),
        salt: salt * 31 + Number(month.slice(5)),
      });
    }
    await seedMonth({
      dairyId,
      producerId: org.id,
      farm,
      month: lastMonth,
      until: lastDayOf(lastMonth),
      salt: salt * 31,
    });
    await seedMonth({
      dairyId,
      producerId: org.id,
      farm,
      month: thisMonth,
      until: today,
      salt: salt * 31 + 7,
    });
  }
  // Last month, self-billed: one 389 per farm, dated its last day.
  for (const month of [shiftMonth(thisMonth, -3), shiftMonth(thisMonth, -2), lastMonth]) {
    const issued = await issueMilkMonth({ dairyId, month, today, actorId: null });
    if (!issued.ok) {
      throw new Error(`Démo lait : ${issued.message} ${JSON.stringify(issued.refused)}`);
    }
  }
}
