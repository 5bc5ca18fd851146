import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import {
  giveAgreementNotice,
  listAgreements,
  listAgreementsInForce,
  terminateAgreement,
} from '#app/models/framework-agreement.server.ts';
import { recordOpDelivery } from '#app/models/op-delivery.server.ts';
import { issueMemberInvoices } from '#app/models/op-invoicing.server.ts';
import {
  action as agreementAction,
  loader as agreementLoader,
} from '#app/routes/o.$slug.accords-cadres.$agreementId/route.tsx';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { makeOpSetup } from './op-helpers.ts';

setupTestDatabase();

type Setup = Awaited<ReturnType<typeof makeOpSetup>>;

const deliver = (s: Setup, deliveredOn: string) =>
  recordOpDelivery({
    opId: s.opId,
    memberId: s.memberIds.gaec,
    agreementId: s.agreements.fromagerie.id,
    deliveredOn,
    productLabel: 'Lait cru de vache',
    quantityMilli: 1_000_000,
    vatRateBp: 550,
    actorId: null,
  });

// The milk agreements run from 2026-01-01 for 5 years, tacitly renewed, 3 months' notice each
// side; termination cases with 1 and 3 months' notice.
describe('fin d’un accord-cadre (EG-16, L631-24 VI)', () => {
  it('préavis de l’acheteur : fin à l’échéance, livraisons refusées après, un seul préavis', async () => {
    const s = await makeOpSetup({ mandates: false });
    const base = {
      organisationId: s.fromagerie.organisation.id,
      agreementId: s.agreements.fromagerie.id,
      actorId: s.fromagerie.owner.id,
    };
    expect(await giveAgreementNotice({ ...base, givenOn: '2030-08-01' })).toEqual({
      ok: true,
      endOn: '2030-12-31',
    });
    const again = await giveAgreementNotice({
      ...base,
      organisationId: s.opId,
      givenOn: '2030-08-02',
    });
    expect(!again.ok && again.message).toMatch(/déjà été donné le 1 août 2030/);
    expect((await deliver(s, '2030-12-31')).ok).toBe(true);
    const after = await deliver(s, '2031-01-02');
    expect(!after.ok && after.message).toBe(
      `L’accord-cadre ${s.agreements.fromagerie.reference} ne couvre pas le 2 janvier 2031 : Préavis de non-reconduction donné le 1 août 2030 par l’acheteur : dernier jour couvert le 31 décembre 2030. Aucune livraison après cette date.`,
    );
    const [listed] = (await listAgreements({ organisationId: s.opId })).filter(
      (a) => a.id === s.agreements.fromagerie.id,
    );
    expect(listed).toMatchObject({ endOn: '2030-12-31', noticeGivenOn: '2030-08-01' });
    const [audit] = await getSql()<{ data: { side: string; noticeMonths: number } }[]>`
      select data from audit_log where action = 'op.agreement.notice' and entity_id = ${s.agreements.fromagerie.id}`;
    expect(audit?.data).toMatchObject({ side: 'buyer', noticeMonths: 3 });
  });

  it('résiliation de l’OP : effective après le préavis du cas ; facturation refusée au-delà', async () => {
    const s = await makeOpSetup();
    // Recorded before the termination was notified, for a day after its effective end.
    expect((await deliver(s, '2026-04-05')).ok).toBe(true);
    expect((await deliver(s, '2026-04-20')).ok).toBe(true);
    const terminated = await terminateAgreement({
      organisationId: s.opId,
      agreementId: s.agreements.fromagerie.id,
      actorId: s.op.owner.id,
      givenOn: '2026-03-10',
      caseIndex: 0,
      reason: 'Trois collectes refusées sans motif en février',
    });
    expect(terminated).toEqual({ ok: true, endOn: '2026-04-09' });
    const notice = await giveAgreementNotice({
      organisationId: s.opId,
      agreementId: s.agreements.fromagerie.id,
      actorId: null,
      givenOn: '2026-03-11',
    });
    expect(!notice.ok && notice.message).toMatch(/résiliation a déjà été notifiée le 10 mars 2026/);
    expect(
      (await listAgreementsInForce({ opId: s.opId, on: '2026-04-10' })).map((a) => a.id),
    ).toEqual([s.agreements.laiterie.id]);
    const issued = await issueMemberInvoices({
      opId: s.opId,
      buyerIds: [s.fromagerie.organisation.id],
      month: '2026-04',
      issueDate: '2026-04-30',
      actorId: null,
    });
    expect(issued.ok).toBe(false);
    expect(!issued.ok && issued.problems).toEqual([
      expect.stringMatching(
        /livraison du 2026-04-20 : L’accord-cadre AC-2026-0001 ne couvre pas le 20 avril 2026 : Résiliation notifiée le 10 mars 2026 par l’OP \(Manquement grave non réparé dans le mois — Trois collectes refusées sans motif en février\) : dernier jour couvert le 9 avril 2026/,
      ),
    ]);
  });

  it('pages : l’acheteur donne son préavis, la résiliation sans motif est refusée en français', async () => {
    const s = await makeOpSetup({ mandates: false });
    const slug = s.fromagerie.organisation.slug;
    const agreementId = s.agreements.fromagerie.id;
    const cookie = await sessionCookieFor(s.fromagerie.owner.id);
    const post = (fields: Record<string, string>) =>
      call(agreementAction, {
        request: postRequest(`/o/${slug}/accords-cadres/${agreementId}`, fields, cookie),
        params: { slug, agreementId },
      });
    const unreasoned = await post({ intent: 'terminate', caseIndex: '0', reason: '' });
    expect(unreasoned.status).toBe(409);
    expect((await unreasoned.json()).message).toMatch(/^Motif de la résiliation : 3 à 900/);
    const before = await call(agreementLoader, {
      request: getRequest(`/o/${slug}/accords-cadres/${agreementId}`, cookie),
      params: { slug, agreementId },
    });
    expect((await before.json()).can).toMatchObject({ notice: true, terminate: true });
    expect((await post({ intent: 'notice' })).status).toBe(302);
    const page = await (
      await call(agreementLoader, {
        request: getRequest(`/o/${slug}/accords-cadres/${agreementId}`, cookie),
        params: { slug, agreementId },
      })
    ).json();
    expect(page.agreement.status).toBe('En vigueur, fin annoncée');
    expect(page.agreement.end).toMatch(
      /^Préavis de non-reconduction donné le .* par l’acheteur : dernier jour couvert le 31 décembre 2030\.$/,
    );
    expect(page.can).toMatchObject({ notice: false, terminate: true });
  });
});
