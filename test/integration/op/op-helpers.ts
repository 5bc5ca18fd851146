import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { createIndicator, setIndicatorValues } from '#app/models/egalim-indicator.server.ts';
import {
  createAgreementDraft,
  proposeAgreement,
  signAgreement,
} from '#app/models/framework-agreement.server.ts';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import { addOpMember, saveFarmData } from '#app/models/op-member.server.ts';
import type { User } from '#app/models/user.server.ts';
import { OP_DEMO_ORGANISATIONS } from '#app/seed/demo-op-organisations.server.ts';
import { milkAgreementTerms, OP_MILK_INDICATORS } from '#app/seed/demo-op-terms.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { makeSignedMandate } from './mandate-helpers.ts';

export const OP_IDENTITY = {
  legalName: 'Association OP Lait des Monts du Lyonnais',
  siret: '79456789100013',
  siren: '794567891',
  vatNumber: 'FR77794567891',
  vatRegime: 'liable' as const,
  addressLine1: '3 route de Duerne',
  postalCode: '69590',
  city: 'Saint-Symphorien-sur-Coise',
};

async function withIdentity(
  kind: 'producer' | 'buyer' | 'op',
  key: keyof typeof OP_DEMO_ORGANISATIONS | 'op',
  owner?: User,
) {
  const made = await makeOrganisation({ kind, ...(owner ? { owner } : {}) });
  const input =
    key === 'op'
      ? { ...OP_IDENTITY, name: 'OP Lait des Monts du Lyonnais' }
      : OP_DEMO_ORGANISATIONS[key].input;
  const { kind: _kind, ...identity } = { kind, ...input };
  await getDb()
    .update(organisations)
    .set({ ...identity, siren: identity.siret.slice(0, 9) })
    .where(eq(organisations.id, made.organisation.id));
  return { ...made, organisation: { ...made.organisation, name: identity.name } };
}

/** The two milk farms' annual reference volumes (litres): 380 000 and 220 000. */
export const REFERENCE_LITRES = { gaec: 380_000, pilat: 220_000 } as const;

/**
 * An OP with its indicators, two member milk farms (VAT-liable and flat-rate) and their farm
 * data, two buyers (a cheese maker and a dairy) each with a signed milk agreement, and, unless
 * `mandates: false`, each member's billing mandate to the OP for both buyers from 2026-02-01.
 */
export async function makeOpSetup(options: { mandates?: boolean } = {}) {
  const op = await withIdentity('op', 'op');
  const gaec = await withIdentity('producer', 'gaecDesMonts');
  const pilat = await withIdentity('producer', 'fermeDuPilat');
  const fromagerie = await withIdentity('buyer', 'fromagerie');
  const laiterie = await withIdentity('buyer', 'laiterie');
  const opId = op.organisation.id;
  for (const spec of OP_MILK_INDICATORS) {
    const created = await createIndicator({ ownerId: opId, indicator: spec });
    if (!created.ok) {
      throw new Error('makeOpSetup: indicateur');
    }
    await setIndicatorValues({ indicatorId: created.id, points: spec.values });
  }
  const memberIds: Record<'gaec' | 'pilat', string> = { gaec: '', pilat: '' };
  for (const [key, org, number] of [
    ['gaec', gaec, 'ML-001'],
    ['pilat', pilat, 'ML-002'],
  ] as const) {
    const added = await addOpMember({
      opId,
      producerId: org.organisation.id,
      fields: {
        memberNumber: number,
        joinedOn: '2024-01-01',
        leftOn: null,
        transferOfOwnership: false,
        notes: '',
      },
      actorId: null,
    });
    if (!added.ok) {
      throw new Error(`makeOpSetup: ${added.message}`);
    }
    memberIds[key] = added.memberId;
    await saveFarmData({
      opId,
      memberId: added.memberId,
      actorId: null,
      data: {
        herds: [
          {
            species: 'cow_dairy',
            headCount: key === 'gaec' ? 62 : 35,
            breed: 'Montbéliarde',
            recordedOn: '2026-01-15',
          },
        ],
        certifications: [],
        volumes: [
          {
            year: 2025,
            egalimCategory: 'milk_cow',
            quantityMilli: REFERENCE_LITRES[key] * 1000,
            unit: 'LTR',
          },
        ],
      },
    });
  }
  const agreements: Record<'fromagerie' | 'laiterie', { id: string; reference: string }> = {
    fromagerie: { id: '', reference: '' },
    laiterie: { id: '', reference: '' },
  };
  for (const [key, buyer, premium] of [
    ['fromagerie', fromagerie, { label: 'Prime fromagère lait cru', amount: 25 }],
    ['laiterie', laiterie, { label: 'Prime qualité collecte', amount: 8 }],
  ] as const) {
    agreements[key] = await makeSignedAgreement({
      opId,
      opOwnerId: op.owner.id,
      buyerId: buyer.organisation.id,
      buyerOwnerId: buyer.owner.id,
      terms: milkAgreementTerms({
        totalLitres: 600_000,
        premium,
        deliveryTerms: 'Collecte à la ferme tous les deux jours',
      }),
    });
  }
  if (options.mandates !== false) {
    for (const member of [gaec, pilat]) {
      await makeSignedMandate({
        mandatorId: member.organisation.id,
        mandataryId: opId,
        buyerIds: [fromagerie.organisation.id, laiterie.organisation.id],
        coversAllBuyers: false,
        egalimCategories: ['milk_cow'],
        operations: 'Lait cru de vache livré aux acheteurs des accords-cadres de l’OP',
        startOn: '2026-02-01',
        contestDays: 15,
      });
    }
  }
  return { op, gaec, pilat, fromagerie, laiterie, opId, memberIds, agreements };
}

/** An agreement proposed by the OP and signed by both parties on 2025-12-01. */
export async function makeSignedAgreement(options: {
  opId: string;
  opOwnerId: string | null;
  buyerId: string;
  buyerOwnerId: string | null;
  terms: unknown;
}) {
  const created = await createAgreementDraft({
    opId: options.opId,
    buyerId: options.buyerId,
    egalimCategory: 'milk_cow',
    title: 'Lait cru de vache',
    terms: options.terms,
    year: 2026,
    actorId: options.opOwnerId,
  });
  if (!created.ok) {
    throw new Error(created.message);
  }
  const proposed = await proposeAgreement({
    organisationId: options.opId,
    agreementId: created.id,
    actorId: options.opOwnerId,
  });
  if (!proposed.ok) {
    throw new Error(`${proposed.message} ${JSON.stringify(proposed.issues)}`);
  }
  const now = new Date('2025-12-01T10:00:00Z');
  for (const [organisationId, actorId] of [
    [options.opId, options.opOwnerId],
    [options.buyerId, options.buyerOwnerId],
  ] as const) {
    const signed = await signAgreement({ organisationId, agreementId: created.id, actorId, now });
    if (!signed.ok) {
      throw new Error(`${signed.message} ${JSON.stringify(signed.issues)}`);
    }
  }
  return { id: created.id, reference: created.reference };
}

/**
 * Records deliveries of one member to one buyer (litres, VAT 5.5 %) and issues the month's
 * invoices the OP makes in the members' names; throws on any refusal.
 */
export async function deliverAndIssue(
  s: Awaited<ReturnType<typeof makeOpSetup>>,
  options: {
    member?: 'gaec' | 'pilat';
    buyer?: 'fromagerie' | 'laiterie';
    deliveries: readonly (readonly [string, number])[];
    issueDate: string;
  },
) {
  const buyer = options.buyer ?? 'fromagerie';
  for (const [deliveredOn, litres] of options.deliveries) {
    const recorded = await recordOpDelivery({
      opId: s.opId,
      memberId: s.memberIds[options.member ?? 'gaec'],
      agreementId: s.agreements[buyer].id,
      deliveredOn,
      productLabel: 'Lait cru de vache',
      quantityMilli: litres * 1000,
      vatRateBp: 550,
      actorId: null,
    });
    if (!recorded.ok) {
      throw new Error(`deliverAndIssue: ${recorded.message}`);
    }
  }
  const issued = await issueMemberInvoices({
    opId: s.opId,
    buyerIds: [s[buyer].organisation.id],
    month: options.issueDate.slice(0, 7),
    issueDate: options.issueDate,
    actorId: null,
  });
  if (!issued.ok) {
    throw new Error(`deliverAndIssue: ${issued.message} ${issued.problems.join(' ')}`);
  }
  return issued.invoices;
}
