import { addDays, parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { addMonths } from '#app/domain/egalim/contract-dates.ts';
import { lastDayOfMonth } from '#app/domain/invoicing/calendar-days.ts';
import { splitVolume } from '#app/domain/op/volume-split.ts';
import {
  createBillingMandate,
  findActiveBillingMandate,
  signBillingMandate,
} from '#app/models/billing-mandate.server.ts';
import { createIndicator, setIndicatorValues } from '#app/models/egalim-indicator.server.ts';
import {
  createAgreementDraft,
  proposeAgreement,
  signAgreement,
} from '#app/models/framework-agreement.server.ts';
import { saveAgreementSplit } from '#app/models/framework-agreement-split.server.ts';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { acceptOpInvoice, contestOpInvoice } from '#app/models/op-invoice-review.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import { addOpMember, listOpMembers, saveFarmData } from '#app/models/op-member.server.ts';
import { createMemberRequest, decideMemberRequest } from '#app/models/op-member-request.server.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { ensureOpDemoOrganisations } from './demo-op-organisations.server.ts';
import { milkAgreementTerms, OP_MILK_INDICATORS } from './demo-op-terms.ts';

export const DEMO_OP_SLUG = 'op-lait-des-monts-du-lyonnais';

function check<T extends { ok: boolean }>(result: T, what: string): Extract<T, { ok: true }> {
  if (!result.ok) {
    throw new Error(`Démo OP : ${what} refusé (${JSON.stringify(result)})`);
  }
  return result as Extract<T, { ok: true }>;
}

const at = (day: string) => new Date(`${day}T09:00:00Z`);

/** The buyers the OP holds milk agreements with: total litres a year, premium, delivery. */
const AGREEMENTS = [
  {
    key: 'fromagerie',
    title: 'Lait cru de vache pour la fromagerie',
    totalLitres: 240_000,
    premium: { label: 'Prime fromagère lait cru', amount: 25 },
    deliveryTerms: 'Livraison à la fromagerie deux fois par semaine, lait refroidi à 4 °C.',
  },
  {
    key: 'laiterie',
    title: 'Lait cru de vache collecté par la laiterie',
    totalLitres: 360_000,
    premium: { label: 'Prime qualité collecte', amount: 8 },
    deliveryTerms: 'Collecte à la ferme tous les deux jours par la laiterie.',
  },
  {
    key: 'restaurant',
    title: 'Lait entier fermier pour le restaurant',
    totalLitres: 12_000,
    premium: { label: 'Prime petit volume livré', amount: 40 },
    deliveryTerms: 'Livraison hebdomadaire au restaurant, en bidons réfrigérés.',
  },
] as const;

/**
 * The producer organisation demo (issue « Egalim 2 »): its two milk farms in the register with
 * their farm data, signed framework agreements with the cheese maker, the dairy and the
 * restaurant, the split among members, billing mandates (each member → the OP for the cheese
 * maker and the restaurant; each member → the dairy for self-billing, kept from the milk demo
 * when it ran), and last month's deliveries to the cheese maker invoiced in the members' names.
 * Dates are relative to `now`. Idempotent: an OP with members is left as is.
 */
export async function seedDemoOp(now: Date = new Date()): Promise<void> {
  const orgs = await ensureOpDemoOrganisations();
  const op = await getOrganisationBySlug(DEMO_OP_SLUG);
  const restaurant = await getOrganisationBySlug('le-bouchon-des-canuts');
  if (!orgs || !op || !restaurant || (await listOpMembers({ opId: op.id })).length > 0) {
    return;
  }
  const buyers = { fromagerie: orgs.fromagerie, laiterie: orgs.laiterie, restaurant };
  const today = parisDayOf(now);
  const thisMonthStart = `${today.slice(0, 7)}-01`;
  const lastMonthStart = addMonths(thisMonthStart, -1);
  const lastMonthEnd = lastDayOfMonth(lastMonthStart);
  const year = Number(lastMonthStart.slice(0, 4)) - 1;
  const agreementStart = `${year}-01-01`;
  for (const spec of OP_MILK_INDICATORS) {
    const created = check(await createIndicator({ ownerId: op.id, indicator: spec }), spec.code);
    await setIndicatorValues({
      indicatorId: created.id,
      points: spec.values.map((point) => ({ ...point, date: `${year}${point.date.slice(4)}` })),
    });
  }
  const farms = [
    {
      org: orgs.gaecDesMonts,
      number: 'ML-001',
      joinedOn: `${year - 5}-03-01`,
      herd: { species: 'cow_dairy' as const, headCount: 62, breed: 'Montbéliarde' },
      certifications: [
        { label: 'AOP', title: 'AOP Fourme de Montbrison', certifier: 'Certipaq' },
        {
          label: 'HVE',
          title: 'Haute valeur environnementale, niveau 3',
          certifier: 'Bureau Veritas',
        },
      ],
      litres: 380_000,
      perDelivery: 3_150,
    },
    {
      org: orgs.fermeDuPilat,
      number: 'ML-002',
      joinedOn: `${year - 3}-09-01`,
      herd: { species: 'cow_dairy' as const, headCount: 35, breed: 'Abondance' },
      certifications: [{ label: 'AB', title: 'Agriculture biologique', certifier: 'Ecocert' }],
      litres: 220_000,
      perDelivery: 1_830,
    },
  ];
  const memberIds: string[] = [];
  for (const farm of farms) {
    const { memberId } = check(
      await addOpMember({
        opId: op.id,
        producerId: farm.org.id,
        fields: {
          memberNumber: farm.number,
          joinedOn: farm.joinedOn,
          leftOn: null,
          transferOfOwnership: false,
          notes: '',
        },
        actorId: null,
      }),
      'membre',
    );
    memberIds.push(memberId);
    check(
      await saveFarmData({
        opId: op.id,
        memberId,
        actorId: null,
        data: {
          herds: [{ ...farm.herd, recordedOn: `${year}-12-15` }],
          certifications: farm.certifications.map((c) => ({
            ...c,
            validFrom: `${year - 2}-01-01`,
            validUntil: `${year + 2}-12-31`,
          })),
          volumes: [year - 1, year].map((y, index) => ({
            year: y,
            egalimCategory: 'milk_cow' as const,
            quantityMilli: (farm.litres - (1 - index) * 8_000) * 1000,
            unit: 'LTR' as const,
          })),
        },
      }),
      'exploitation',
    );
  }
  const agreementIds = new Map<string, string>();
  for (const spec of AGREEMENTS) {
    const buyer = buyers[spec.key];
    const { id } = check(
      await createAgreementDraft({
        opId: op.id,
        buyerId: buyer.id,
        egalimCategory: 'milk_cow',
        title: spec.title,
        terms: milkAgreementTerms({ ...spec, startOn: agreementStart }),
        year,
        actorId: null,
      }),
      'accord-cadre',
    );
    agreementIds.set(spec.key, id);
    check(
      await proposeAgreement({ organisationId: op.id, agreementId: id, actorId: null }),
      'proposition',
    );
    for (const organisationId of [op.id, buyer.id]) {
      check(
        await signAgreement({
          organisationId,
          agreementId: id,
          actorId: null,
          now: at(addDays(agreementStart, -20)),
        }),
        'signature de l’accord',
      );
    }
    const shares = splitVolume(
      spec.totalLitres * 1000,
      farms.map((farm, index) => ({
        memberId: memberIds[index]!,
        referenceMilli: farm.litres * 1000,
      })),
    );
    check(
      await saveAgreementSplit({
        opId: op.id,
        agreementId: id,
        shares,
        on: lastMonthStart,
        actorId: null,
      }),
      'répartition',
    );
  }
  const mandateStart = addMonths(lastMonthStart, -2);
  for (const farm of farms) {
    await ensureMandate({
      mandatorId: farm.org.id,
      mandataryId: op.id,
      buyerIds: [orgs.fromagerie.id, restaurant.id],
      operations:
        'Lait cru de vache livré à la Fromagerie Chambost et au Bouchon des Canuts dans le cadre des accords-cadres de l’OP.',
      startOn: mandateStart,
      contestDays: 15,
    });
    await ensureMandate({
      mandatorId: farm.org.id,
      mandataryId: orgs.laiterie.id,
      buyerIds: [orgs.laiterie.id],
      operations:
        'Lait cru de vache collecté par la Laiterie de la Coise : autofacturation mensuelle.',
      startOn: mandateStart,
      contestDays: 45,
      invoiceSeries: 'AF',
      onDay: lastMonthStart,
    });
  }
  for (const [index, farm] of farms.entries()) {
    for (const day of [2, 9, 16, 23]) {
      const deliveredOn = addDays(lastMonthStart, day - 1);
      check(
        await recordOpDelivery({
          opId: op.id,
          memberId: memberIds[index]!,
          agreementId: agreementIds.get('fromagerie')!,
          deliveredOn,
          productLabel: 'Lait cru de vache',
          quantityMilli: (farm.perDelivery + ((day * 37) % 90) - 45) * 1000,
          vatRateBp: 550,
          actorId: null,
        }),
        'livraison',
      );
    }
  }
  const issued = check(
    await issueMemberInvoices({
      opId: op.id,
      buyerIds: [orgs.fromagerie.id],
      month: lastMonthStart.slice(0, 7),
      issueDate: lastMonthEnd,
      actorId: null,
    }),
    'factures',
  );
  // The members' answers (INV-07), on the day the invoices were issued: the GAEC accepts its
  // invoice, the Pilat farm contests its own — the OP has one contest to treat.
  const invoiceOf = (farm: { name: string; legalName: string | null }) =>
    issued.invoices.find((i) => i.memberName === (farm.legalName || farm.name))!.id;
  check(
    await acceptOpInvoice({
      producerId: orgs.gaecDesMonts.id,
      invoiceId: invoiceOf(orgs.gaecDesMonts),
      today: lastMonthEnd,
      actorId: null,
    }),
    'acceptation',
  );
  check(
    await contestOpInvoice({
      producerId: orgs.fermeDuPilat.id,
      invoiceId: invoiceOf(orgs.fermeDuPilat),
      reason:
        'La collecte du 16 a été relevée plus bas au compteur du tank de la ferme : merci de vérifier le bon de collecte.',
      today: lastMonthEnd,
      actorId: null,
    }),
    'contestation',
  );
  const asked = check(
    await createMemberRequest({
      opId: op.id,
      producerId: orgs.fermeDuPilat.id,
      kind: 'volume_change',
      subject: 'Hausse de volume au printemps',
      body: 'Nous passons de 35 à 40 vaches en avril : pouvons-nous livrer 20 000 L de plus à la fromagerie ?',
      side: 'member',
      actorId: null,
    }),
    'demande',
  );
  check(
    await decideMemberRequest({
      requestId: asked.id,
      organisationId: op.id,
      side: 'op',
      to: 'in_progress',
      comment: 'Nous en parlons avec la fromagerie à la négociation de novembre.',
      actorId: null,
    }),
    'suite de la demande',
  );
}

async function ensureMandate(options: {
  mandatorId: string;
  mandataryId: string;
  buyerIds: string[];
  operations: string;
  startOn: string;
  contestDays: number;
  invoiceSeries?: string;
  onDay?: string;
}) {
  const existing = await findActiveBillingMandate({
    producerId: options.mandatorId,
    mandataryId: options.mandataryId,
    buyerId: options.buyerIds[0]!,
    on: options.onDay ?? options.startOn,
  });
  if (existing) {
    return;
  }
  const { id } = check(
    await createBillingMandate({
      organisationId: options.mandataryId,
      ...options,
      coversAllBuyers: false,
      egalimCategories: ['milk_cow'],
      actorId: null,
    }),
    'mandat',
  );
  // Written and prior (INV-07): signed ten days before it takes effect.
  for (const organisationId of [options.mandataryId, options.mandatorId]) {
    check(
      await signBillingMandate({
        organisationId,
        mandateId: id,
        actorId: null,
        now: at(addDays(options.startOn, -10)),
      }),
      'signature du mandat',
    );
  }
}
