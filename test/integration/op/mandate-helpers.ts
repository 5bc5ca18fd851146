import {
  type CreateMandateInput,
  createBillingMandate,
  signBillingMandate,
} from '#app/models/billing-mandate.server.ts';

/** Before every start date the OP tests use: signatures are prior to the mandate. */
export const SIGNING_NOW = new Date('2026-01-20T10:00:00Z');

type MandateOptions = Omit<CreateMandateInput, 'organisationId' | 'actorId'> & {
  actorId?: string | null;
};

/** A mandate proposed by its mandatary and signed by both parties on `now`. */
export async function makeSignedMandate(options: MandateOptions, now: Date = SIGNING_NOW) {
  const created = await createBillingMandate({
    actorId: null,
    ...options,
    organisationId: options.mandataryId,
  });
  if (!created.ok) {
    throw new Error(`makeSignedMandate: ${created.message} ${JSON.stringify(created.issues)}`);
  }
  for (const organisationId of [options.mandataryId, options.mandatorId]) {
    const signed = await signBillingMandate({
      organisationId,
      mandateId: created.id,
      actorId: null,
      now,
    });
    if (!signed.ok) {
      throw new Error(`makeSignedMandate: ${signed.message}`);
    }
  }
  return created;
}

/** Mandate terms for an OP invoicing one buyer's purchases of cow milk from 2026-02-01. */
export function opMandate(mandatorId: string, mandataryId: string, buyerId: string) {
  return {
    mandatorId,
    mandataryId,
    buyerIds: [buyerId],
    coversAllBuyers: false,
    egalimCategories: ['milk_cow' as const],
    operations: 'Lait cru de vache livré à l’acheteur, à compter du 1er février 2026',
    startOn: '2026-02-01',
    contestDays: 15,
  };
}
