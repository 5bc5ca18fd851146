import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb, getSql } from '#app/db/client.server.ts';
import { egalimContractVersions } from '#app/db/schema.ts';
import {
  counterPropose,
  createContractDraft,
  getContract,
  giveNotice,
  saveDraftTerms,
  sendProposal,
  signContract,
  terminateContract,
} from '#app/models/egalim-contract.server.ts';
import { b1Terms, makeSignedContract } from '#test/factories/egalim.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

const NOW = new Date('2026-11-22T09:00:00Z');

async function parties() {
  const { organisation: producer, owner: producerOwner } = await makeOrganisation({
    kind: 'producer',
  });
  const { organisation: buyer, owner: buyerOwner } = await makeOrganisation({ kind: 'buyer' });
  return { producer, producerOwner, buyer, buyerOwner };
}

async function draft(p: Awaited<ReturnType<typeof parties>>, terms: unknown = b1Terms()) {
  const created = await createContractDraft({
    producerId: p.producer.id,
    buyerSlug: p.buyer.slug,
    egalimCategory: 'bovine_heifer',
    isSiqo: true,
    title: 'Génisses Label Rouge',
    terms,
    year: 2026,
    actorId: p.producerOwner.id,
  });
  if (!created.ok) {
    throw new Error(created.message);
  }
  return created;
}

describe('contrat Egalim : négociation', () => {
  it('références CTR-<année>-<n> par producteur ; acheteur inconnu ou non acheteur refusé', async () => {
    const p = await parties();
    expect((await draft(p)).reference).toBe('CTR-2026-0001');
    expect((await draft(p)).reference).toBe('CTR-2026-0002');
    const other = await makeOrganisation({ kind: 'group' });
    const refused = await createContractDraft({
      producerId: p.producer.id,
      buyerSlug: other.organisation.slug,
      egalimCategory: 'bovine_heifer',
      isSiqo: true,
      title: 'x',
      year: 2026,
      actorId: null,
    });
    expect(refused).toMatchObject({ ok: false, code: 'egalim.contract.buyerUnknown' });
  });

  it('la première proposition du producteur est figée en version 1, même après contre-propositions', async () => {
    const p = await parties();
    const { id } = await draft(p);
    const first = await sendProposal({
      organisationId: p.producer.id,
      contractId: id,
      actorId: p.producerOwner.id,
    });
    expect(first).toEqual({ ok: true, version: 1 });
    // The draft is closed once proposed.
    expect(
      await saveDraftTerms({
        organisationId: p.producer.id,
        contractId: id,
        actorId: null,
        terms: {},
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.notDraft' });
    // Only the buyer counter-proposes, with a written reason.
    expect(
      await counterPropose({
        organisationId: p.producer.id,
        contractId: id,
        actorId: null,
        terms: {},
        reason: 'non',
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.notBuyer' });
    expect(
      await counterPropose({
        organisationId: p.buyer.id,
        contractId: id,
        actorId: null,
        terms: {},
        reason: '  ',
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.reasonRequired' });
    const counter = await counterPropose({
      organisationId: p.buyer.id,
      contractId: id,
      actorId: p.buyerOwner.id,
      terms: b1Terms({ durationYears: 4 }),
      reason: 'Nous souhaitons un engagement de 4 ans.',
    });
    expect(counter).toEqual({ ok: true, version: 2 });
    const again = await sendProposal({
      organisationId: p.producer.id,
      contractId: id,
      actorId: p.producerOwner.id,
      terms: b1Terms({ durationYears: 5 }),
    });
    expect(again).toEqual({ ok: true, version: 3 });

    const detail = await getContract({ organisationId: p.buyer.id, contractId: id });
    expect(detail?.versions.map((v) => [v.number, v.kind, v.authorSide])).toEqual([
      [1, 'proposal', 'producer'],
      [2, 'counter_proposal', 'buyer'],
      [3, 'proposal', 'producer'],
    ]);
    expect(detail?.versions[0]?.terms).toMatchObject({ durationYears: 3 });
    expect(detail?.versions[1]?.reason).toBe('Nous souhaitons un engagement de 4 ans.');
    expect(detail?.terms.durationYears).toBe(5);

    // Frozen in the database itself: no update or delete of a sent version.
    await expect(
      getDb()
        .update(egalimContractVersions)
        .set({ terms: {} })
        .where(eq(egalimContractVersions.contractId, id)),
    ).rejects.toThrow();
    await expect(
      getSql()`delete from egalim_contract_versions where contract_id = ${id} and number = 1`,
    ).rejects.toThrow();
  });

  it('signature refusée tant que des clauses obligatoires manquent, avec la liste en français', async () => {
    const p = await parties();
    const { id } = await draft(
      p,
      b1Terms({ forceMajeure: '', renewal: { tacit: true, buyerNoticeMonths: 1 } }),
    );
    await sendProposal({ organisationId: p.producer.id, contractId: id, actorId: null });
    const refused = await signContract({
      organisationId: p.buyer.id,
      contractId: id,
      actorId: null,
      now: NOW,
    });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.message).toBe(
      'Signature refusée : 2 clause(s) obligatoire(s) manquante(s) ou non conforme(s).',
    );
    expect(refused.issues?.map((issue) => issue.message)).toEqual([
      'Force majeure : règles absentes (art. L631-24 III 6° CRPM).',
      'Renouvellement : préavis de l’acheteur de 1 mois, le minimum est de 3 mois (art. L631-24 VI CRPM).',
    ]);
    // A complete counter-proposal can be signed by both; signatures lapse on a new version.
    await counterPropose({
      organisationId: p.buyer.id,
      contractId: id,
      actorId: null,
      terms: b1Terms(),
      reason: 'Clauses complétées.',
    });
    expect(
      await signContract({ organisationId: p.buyer.id, contractId: id, actorId: null, now: NOW }),
    ).toEqual({
      ok: true,
      signedByBoth: false,
    });
    expect(
      await signContract({ organisationId: p.buyer.id, contractId: id, actorId: null, now: NOW }),
    ).toMatchObject({
      ok: false,
      code: 'egalim.contract.alreadySigned',
    });
    expect(
      await signContract({
        organisationId: p.producer.id,
        contractId: id,
        actorId: null,
        now: NOW,
      }),
    ).toEqual({
      ok: true,
      signedByBoth: true,
    });
    const signed = await getContract({ organisationId: p.producer.id, contractId: id });
    expect(signed?.contract).toMatchObject({
      status: 'signed',
      startOn: '2026-01-01',
      endOn: null,
    });
  });

  it('sans tacite reconduction, fin à l’échéance ; préavis de non-reconduction et résiliation', async () => {
    const p = await parties();
    const fixed = await makeSignedContract({
      producerId: p.producer.id,
      producerOwnerId: p.producerOwner.id,
      buyerId: p.buyer.id,
      buyerSlug: p.buyer.slug,
      buyerOwnerId: p.buyerOwner.id,
      terms: b1Terms({ renewal: { tacit: false, buyerNoticeMonths: 3 } }),
    });
    expect(
      (await getContract({ organisationId: p.buyer.id, contractId: fixed.id }))?.contract.endOn,
    ).toBe('2028-12-31');
    expect(
      await giveNotice({
        organisationId: p.buyer.id,
        contractId: fixed.id,
        actorId: null,
        givenOn: '2027-01-10',
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.noTacitRenewal' });

    const renewed = await makeSignedContract({
      producerId: p.producer.id,
      producerOwnerId: p.producerOwner.id,
      buyerId: p.buyer.id,
      buyerSlug: p.buyer.slug,
      buyerOwnerId: p.buyerOwner.id,
    });
    // Buyer's notice of 3 months given too late for the first term: ends with the second.
    expect(
      await giveNotice({
        organisationId: p.buyer.id,
        contractId: renewed.id,
        actorId: null,
        givenOn: '2028-11-15',
      }),
    ).toEqual({ ok: true, endOn: '2031-12-31' });
    expect(
      await giveNotice({
        organisationId: p.producer.id,
        contractId: renewed.id,
        actorId: null,
        givenOn: '2028-11-16',
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.noticeAlready' });
    // Termination for serious breach, one month's notice: ends earlier.
    expect(
      await terminateContract({
        organisationId: p.producer.id,
        contractId: renewed.id,
        actorId: null,
        givenOn: '2027-05-10',
        caseIndex: 0,
        reason: 'Impayés répétés',
      }),
    ).toEqual({ ok: true, endOn: '2027-06-09' });
    expect(
      await terminateContract({
        organisationId: p.producer.id,
        contractId: renewed.id,
        actorId: null,
        givenOn: '2027-05-11',
        caseIndex: 0,
        reason: '',
      }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.ended' });
    const ended = await getContract({ organisationId: p.producer.id, contractId: renewed.id });
    expect(ended?.contract).toMatchObject({
      terminatedOn: '2027-05-10',
      terminationReason: 'Manquement grave — Impayés répétés',
    });
  });

  it('un tiers ne voit ni ne modifie le contrat', async () => {
    const p = await parties();
    const { id } = await draft(p);
    const { organisation: stranger } = await makeOrganisation({ kind: 'buyer' });
    expect(await getContract({ organisationId: stranger.id, contractId: id })).toBeNull();
    expect(await getContract({ organisationId: p.buyer.id, contractId: 'pas-un-uuid' })).toBeNull();
    expect(
      await sendProposal({ organisationId: stranger.id, contractId: id, actorId: null }),
    ).toMatchObject({ ok: false, code: 'egalim.contract.notFound' });
  });
});
