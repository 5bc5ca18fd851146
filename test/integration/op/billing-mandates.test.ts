import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { billingMandateBuyers, billingMandates } from '#app/db/schema.ts';
import {
  billingMandateState,
  createBillingMandate,
  findActiveBillingMandate,
  getBillingMandate,
  listBillingMandates,
  revokeBillingMandate,
  signBillingMandate,
  withdrawBillingMandate,
} from '#app/models/billing-mandate.server.ts';
import { addOpMember } from '#app/models/op-member.server.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { makeSignedMandate, opMandate, SIGNING_NOW } from './mandate-helpers.ts';

setupTestDatabase();

async function parties() {
  const { organisation: producer } = await makeOrganisation({ kind: 'producer' });
  const { organisation: op } = await makeOrganisation({ kind: 'op' });
  const { organisation: cheeseMaker } = await makeOrganisation({ kind: 'buyer' });
  const { organisation: dairy } = await makeOrganisation({ kind: 'buyer' });
  const member = await addOpMember({
    opId: op.id,
    producerId: producer.id,
    fields: {
      memberNumber: 'M1',
      joinedOn: '2025-01-01',
      leftOn: null,
      transferOfOwnership: false,
      notes: '',
    },
    actorId: null,
  });
  if (!member.ok) {
    throw new Error(member.message);
  }
  return { producer, op, cheeseMaker, dairy };
}

describe('mandat de facturation : établissement et signature', () => {
  it('références MF-<année>-<n> par mandant ; signé des deux parties, il couvre les ventes de son champ', async () => {
    const p = await parties();
    const created = await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    expect(created.reference).toBe('MF-2026-0001');
    const base = { producerId: p.producer.id, mandataryId: p.op.id, buyerId: p.cheeseMaker.id };
    const found = await findActiveBillingMandate({ ...base, on: '2026-02-01' });
    expect(found).toMatchObject({
      reference: 'MF-2026-0001',
      mandataryKind: 'op',
      invoiceSeries: 'OP',
      signedOn: '2026-01-20',
      contestDays: 15,
      buyers: [{ id: p.cheeseMaker.id, name: p.cheeseMaker.name }],
    });
    expect(await findActiveBillingMandate({ ...base, on: '2026-01-31' })).toBeNull();
    // Tacitly renewed every year: still active years later.
    expect(await findActiveBillingMandate({ ...base, on: '2031-07-14' })).not.toBeNull();
    expect(
      await findActiveBillingMandate({ ...base, on: '2026-03-01', egalimCategory: 'milk_cow' }),
    ).not.toBeNull();
    expect(
      await findActiveBillingMandate({ ...base, on: '2026-03-01', egalimCategory: 'egg' }),
    ).toBeNull();
    expect(
      await findActiveBillingMandate({ ...base, buyerId: p.dairy.id, on: '2026-03-01' }),
    ).toBeNull();
    expect(
      await findActiveBillingMandate({ ...base, mandataryId: p.dairy.id, on: '2026-03-01' }),
    ).toBeNull();
  });

  it('une seule signature ne suffit pas ; signer deux fois est refusé', async () => {
    const p = await parties();
    const created = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      organisationId: p.op.id,
      actorId: null,
    });
    if (!created.ok) {
      throw new Error(created.message);
    }
    const sign = (organisationId: string) =>
      signBillingMandate({
        organisationId,
        mandateId: created.id,
        actorId: null,
        now: SIGNING_NOW,
      });
    expect(await sign(p.op.id)).toEqual({ ok: true, signedByBoth: false });
    expect(await sign(p.op.id)).toMatchObject({ ok: false, code: 'mandate.alreadySigned' });
    const on = '2026-03-01';
    const query = {
      producerId: p.producer.id,
      mandataryId: p.op.id,
      buyerId: p.cheeseMaker.id,
      on,
    };
    expect(await findActiveBillingMandate(query)).toBeNull();
    expect(await sign(p.cheeseMaker.id)).toMatchObject({ ok: false, code: 'mandate.notFound' });
    expect(await sign(p.producer.id)).toEqual({ ok: true, signedByBoth: true });
    expect(await findActiveBillingMandate(query)).not.toBeNull();
  });

  it('écrit et préalable : une signature après la prise d’effet est refusée', async () => {
    const p = await parties();
    const created = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      organisationId: p.producer.id,
      actorId: null,
    });
    if (!created.ok) {
      throw new Error(created.message);
    }
    // 2026-02-01 00:30 in Paris is still 2026-01-31 in UTC: the Paris day counts.
    const refused = await signBillingMandate({
      organisationId: p.producer.id,
      mandateId: created.id,
      actorId: null,
      now: new Date('2026-02-01T23:30:00Z'),
    });
    expect(refused).toMatchObject({ ok: false, code: 'mandate.notPrior' });
    const onStartDay = await signBillingMandate({
      organisationId: p.producer.id,
      mandateId: created.id,
      actorId: null,
      now: new Date('2026-01-31T23:30:00Z'),
    });
    expect(onStartDay).toEqual({ ok: true, signedByBoth: false });
  });

  it('mandat incomplet : chaque motif est rendu en français et rien n’est écrit', async () => {
    const p = await parties();
    const { organisation: group } = await makeOrganisation({ kind: 'group' });
    const refused = await createBillingMandate({
      ...opMandate(p.producer.id, group.id, p.cheeseMaker.id),
      contestDays: 0,
      invoiceSeries: 'F',
      organisationId: group.id,
      actorId: null,
    });
    expect(refused).toMatchObject({ ok: false, code: 'mandate.invalid' });
    expect(!refused.ok && refused.issues?.map((i) => i.code)).toEqual([
      'mandatary_kind',
      'contest_days',
      'series_reserved',
    ]);
    const [row] = await getSql()<{ n: number }[]>`select count(*)::int as n from billing_mandates`;
    const before = row!.n;
    const outsider = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      organisationId: p.dairy.id,
      actorId: null,
    });
    expect(outsider).toMatchObject({ ok: false, code: 'mandate.notParty' });
    const notBuyer = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, group.id),
      organisationId: p.op.id,
      actorId: null,
    });
    expect(notBuyer).toMatchObject({ ok: false, code: 'mandate.buyerUnknown' });
    const [after] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from billing_mandates`;
    expect(after!.n).toBe(before);
  });

  it('une vente n’est facturée que par une partie : un second mandat qui la couvre est refusé', async () => {
    const p = await parties();
    await makeSignedMandate({
      ...opMandate(p.producer.id, p.dairy.id, p.dairy.id),
      egalimCategories: [],
      invoiceSeries: 'AF',
    });
    // The OP for every buyer would also cover the dairy's purchases.
    const created = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      buyerIds: [],
      coversAllBuyers: true,
      organisationId: p.op.id,
      actorId: null,
    });
    if (!created.ok) {
      throw new Error(created.message);
    }
    await signBillingMandate({
      organisationId: p.op.id,
      mandateId: created.id,
      actorId: null,
      now: SIGNING_NOW,
    });
    const refused = await signBillingMandate({
      organisationId: p.producer.id,
      mandateId: created.id,
      actorId: null,
      now: SIGNING_NOW,
    });
    expect(refused).toMatchObject({ ok: false, code: 'mandate.overlap' });
    expect(!refused.ok && refused.message).toContain('MF-2026-0001');
    // Another buyer only: no overlap.
    await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
  });

  it('une OP ne reçoit de mandat que de ses membres, à la date de prise d’effet', async () => {
    const p = await parties();
    const { organisation: stranger } = await makeOrganisation({ kind: 'producer' });
    const refused = await createBillingMandate({
      ...opMandate(stranger.id, p.op.id, p.cheeseMaker.id),
      organisationId: p.op.id,
      actorId: null,
    });
    expect(refused).toMatchObject({
      ok: false,
      code: 'mandate.notMember',
      message:
        'Seul un membre de l’OP lui confie sa facturation : le producteur n’est pas membre au 2026-02-01 (art. L631-24 V CRPM).',
    });
    const before = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      startOn: '2024-12-31',
      organisationId: p.op.id,
      actorId: null,
    });
    expect(before).toMatchObject({ ok: false, code: 'mandate.notMember' });
  });

  it('la série du mandataire ne peut pas être celle d’un autre mandataire du même producteur', async () => {
    const p = await parties();
    await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    const refused = await createBillingMandate({
      ...opMandate(p.producer.id, p.dairy.id, p.dairy.id),
      invoiceSeries: 'OP',
      organisationId: p.dairy.id,
      actorId: null,
    });
    expect(refused).toMatchObject({ ok: false, code: 'mandate.seriesTaken' });
  });
});

describe('mandat de facturation : révocation (préavis d’un mois)', () => {
  it('couvre encore les livraisons jusqu’à la veille du mois de préavis, puis plus rien', async () => {
    const p = await parties();
    const { id } = await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    const revoked = await revokeBillingMandate({
      organisationId: p.producer.id,
      mandateId: id,
      actorId: null,
      givenOn: '2026-03-10',
      reason: 'Je facture moi-même',
    });
    expect(revoked).toEqual({ ok: true, endsOn: '2026-04-09' });
    const query = { producerId: p.producer.id, mandataryId: p.op.id, buyerId: p.cheeseMaker.id };
    expect(await findActiveBillingMandate({ ...query, on: '2026-04-09' })).not.toBeNull();
    expect(await findActiveBillingMandate({ ...query, on: '2026-04-10' })).toBeNull();
    const again = await revokeBillingMandate({
      organisationId: p.op.id,
      mandateId: id,
      actorId: null,
      givenOn: '2026-03-11',
      reason: '',
    });
    expect(again).toMatchObject({ ok: false, code: 'mandate.alreadyRevoked' });
    const mandate = await getBillingMandate({ organisationId: p.op.id, mandateId: id });
    expect(mandate).toMatchObject({
      revokedBySide: 'mandator',
      revocationReason: 'Je facture moi-même',
    });
    expect(billingMandateState(mandate!, '2026-03-15')).toBe('revoking');
    expect(billingMandateState(mandate!, '2026-04-10')).toBe('ended');
  });

  it('un mandat non signé ne se révoque pas, il se retire ; un mandat signé ne se retire pas', async () => {
    const p = await parties();
    const created = await createBillingMandate({
      ...opMandate(p.producer.id, p.op.id, p.cheeseMaker.id),
      organisationId: p.op.id,
      actorId: null,
    });
    if (!created.ok) {
      throw new Error(created.message);
    }
    const action = { mandateId: created.id, actorId: null };
    expect(
      await revokeBillingMandate({
        ...action,
        organisationId: p.op.id,
        givenOn: '2026-03-01',
        reason: '',
      }),
    ).toMatchObject({ ok: false, code: 'mandate.notSigned' });
    expect(await withdrawBillingMandate({ ...action, organisationId: p.producer.id })).toEqual({
      ok: true,
    });
    expect(await getBillingMandate({ organisationId: p.op.id, mandateId: created.id })).toBeNull();
    const signed = await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    expect(
      await withdrawBillingMandate({
        mandateId: signed.id,
        actorId: null,
        organisationId: p.op.id,
      }),
    ).toMatchObject({ ok: false, code: 'mandate.signedKept' });
  });
});

describe('mandat de facturation : intégrité en base', () => {
  it('les termes et les acheteurs d’un mandat signé ne changent plus ; il ne se supprime pas', async () => {
    const p = await parties();
    const { id } = await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    await expect(
      getDb().update(billingMandates).set({ contestDays: 60 }).where(eq(billingMandates.id, id)),
    ).rejects.toThrow();
    await expect(
      getDb().insert(billingMandateBuyers).values({ mandateId: id, buyerId: p.dairy.id }),
    ).rejects.toThrow();
    await expect(
      getDb().delete(billingMandates).where(eq(billingMandates.id, id)),
    ).rejects.toThrow();
    const [row] = await getSql()<{ contest_days: number; message: string }[]>`
      select contest_days from billing_mandates where id = ${id}`;
    expect(row!.contest_days).toBe(15);
  });

  it('le mandat n’a aucun lien avec un contrat de vente (L631-24 V)', async () => {
    const columns = await getSql()<{ column_name: string }[]>`
      select column_name from information_schema.columns
      where table_name in ('billing_mandates', 'billing_mandate_buyers')`;
    expect(columns.map((c) => c.column_name).filter((c) => c.includes('contract'))).toEqual([]);
  });
});

describe('mandat de facturation : qui le voit', () => {
  it('le mandant, le mandataire et les acheteurs du champ ; pas les autres', async () => {
    const p = await parties();
    const { id } = await makeSignedMandate(opMandate(p.producer.id, p.op.id, p.cheeseMaker.id));
    for (const org of [p.producer, p.op, p.cheeseMaker]) {
      expect((await listBillingMandates({ organisationId: org.id })).map((m) => m.id)).toEqual([
        id,
      ]);
      expect(await getBillingMandate({ organisationId: org.id, mandateId: id })).not.toBeNull();
    }
    expect(await listBillingMandates({ organisationId: p.dairy.id })).toEqual([]);
    expect(await getBillingMandate({ organisationId: p.dairy.id, mandateId: id })).toBeNull();
    expect(
      await getBillingMandate({ organisationId: p.op.id, mandateId: 'pas-un-uuid' }),
    ).toBeNull();
  });
});
