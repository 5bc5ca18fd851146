import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { addMonths } from '#app/domain/egalim/contract-dates.ts';
import { listBillingMandates } from '#app/models/billing-mandate.server.ts';
import { listAgreements } from '#app/models/framework-agreement.server.ts';
import { getAgreementSplit } from '#app/models/framework-agreement-split.server.ts';
import { buildOpEgalimExport } from '#app/models/op-egalim-export.server.ts';
import { listOpInvoiceReviews } from '#app/models/op-invoice-review.server.ts';
import { listOpInvoices } from '#app/models/op-invoicing.server.ts';
import { listOpMembers } from '#app/models/op-member.server.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { DEMO_OP_SLUG, seedDemoOp } from '#app/seed/demo-op.server.ts';
import { prepareValidationChain, validateInvoiceXmls } from '#test/einvoice/validate.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

let opId = '';
const lastMonth = addMonths(`${parisDayOf(new Date()).slice(0, 7)}-01`, -1).slice(0, 7);

beforeAll(async () => {
  await prepareValidationChain();
  await seedDemo();
  opId = (await getOrganisationBySlug(DEMO_OP_SLUG))!.id;
}, 600_000);

describe('démo de l’organisation de producteurs', () => {
  it('registre : les deux fermes laitières avec cheptel, certifications et volumes', async () => {
    const members = await listOpMembers({ opId });
    expect(members.map((m) => [m.memberNumber, m.producerName, m.herds[0]?.headCount])).toEqual([
      ['ML-001', 'GAEC des Monts', 62],
      ['ML-002', 'Ferme du Pilat', 35],
    ]);
    expect(members[0]!.certifications.map((c) => c.title)).toContain('AOP Fourme de Montbrison');
    expect(members[1]!.volumes.at(-1)).toMatchObject({ quantityMilli: 220_000_000, unit: 'LTR' });
  });

  it('trois accords-cadres signés, volumes répartis entre les membres au total près', async () => {
    const agreements = await listAgreements({ organisationId: opId });
    expect(agreements.map((a) => [a.buyerName, a.status]).sort()).toEqual([
      ['Fromagerie Chambost', 'signed'],
      ['Laiterie de la Coise', 'signed'],
      ['Le Bouchon des Canuts', 'signed'],
    ]);
    for (const agreement of agreements) {
      const split = await getAgreementSplit({
        organisationId: opId,
        agreementId: agreement.id,
        on: `${lastMonth}-15`,
      });
      const sum = split!.saved.reduce((total, row) => total + row.quantityMilli, 0);
      expect(sum).toBe(split!.totalMilli);
    }
  });

  it('mandats : chaque membre à l’OP (fromagerie, restaurant) et à la laiterie (autofacturation)', async () => {
    for (const slug of ['gaec-des-monts', 'ferme-du-pilat']) {
      const producer = (await getOrganisationBySlug(slug))!;
      const mandates = await listBillingMandates({ organisationId: producer.id });
      expect(
        mandates.map((m) => [m.mandataryName, m.signedOn !== null, m.invoiceSeries]).sort(),
      ).toEqual([
        ['Laiterie de la Coise', true, 'AF'],
        ['OP Lait des Monts du Lyonnais', true, 'OP'],
      ]);
    }
  });

  it('les livraisons du mois dernier à la fromagerie sont facturées au nom des membres et passent la chaîne officielle', async () => {
    const invoices = await listOpInvoices({ opId });
    expect(invoices.map((i) => [i.memberName, i.buyerName]).sort()).toEqual([
      ['Ferme du Pilat', 'SARL Fromagerie Chambost'],
      ['GAEC des Monts', 'SARL Fromagerie Chambost'],
    ]);
    expect(invoices.every((i) => i.number.startsWith('OP'))).toBe(true);
    const rows = await getSql()<{ cii_xml: string }[]>`
      select i.cii_xml from invoices i join op_invoices o on o.invoice_id = i.id`;
    const reports = await validateInvoiceXmls(rows.map((r) => r.cii_xml));
    expect(reports.flatMap((r) => r.failures)).toEqual([]);
    const fromagerie = (await getOrganisationBySlug('fromagerie-chambost'))!;
    const exported = await buildOpEgalimExport({
      opId,
      buyerId: fromagerie.id,
      month: lastMonth,
      now: new Date(),
    });
    expect(exported.ok && exported.data.invoices.map((i) => i.issuedBy)).toEqual(['op', 'op']);
    // The members' answers: the GAEC accepted, the Pilat farm contested (the OP has to answer).
    const reviews = await listOpInvoiceReviews({ scope: { opId }, today: parisDayOf(new Date()) });
    expect(reviews.map((r) => [r.memberName, r.review?.state]).sort()).toEqual([
      ['Ferme du Pilat', 'contested'],
      ['GAEC des Monts', 'accepted'],
    ]);
    // A second run leaves the demo as it is.
    await seedDemoOp();
    expect((await listOpInvoices({ opId })).length).toBe(2);
  });
});
