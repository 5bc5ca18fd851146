import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { agreementTermsToForm } from '#app/domain/op/agreement-form.ts';
import { readFrameworkTerms } from '#app/domain/op/framework-terms.ts';
import { listBillingMandates } from '#app/models/billing-mandate.server.ts';
import { getAgreement } from '#app/models/framework-agreement.server.ts';
import { listOpMembers } from '#app/models/op-member.server.ts';
import { action as agreementsAction } from '#app/routes/o.$slug.accords-cadres._index.tsx';
import {
  action as agreementAction,
  loader as agreementLoader,
} from '#app/routes/o.$slug.accords-cadres.$agreementId/route.tsx';
import { loader as agreementPdfLoader } from '#app/routes/o.$slug.accords-cadres.$agreementId_.accord[.pdf].tsx';
import { loader as exportCsvLoader } from '#app/routes/o.$slug.export-egalim[.csv].tsx';
import { loader as exportJsonLoader } from '#app/routes/o.$slug.export-egalim[.json].tsx';
import {
  action as deliveriesAction,
  loader as deliveriesLoader,
} from '#app/routes/o.$slug.livraisons-op._index.tsx';
import { loader as opInvoicePdfLoader } from '#app/routes/o.$slug.livraisons-op.factures.$invoiceId[.pdf].tsx';
import { action as mandatesAction } from '#app/routes/o.$slug.mandats._index.tsx';
import { action as mandateAction } from '#app/routes/o.$slug.mandats.$mandateId.tsx';
import {
  action as membersAction,
  loader as membersLoader,
} from '#app/routes/o.$slug.membres-op._index.tsx';
import { action as memberAction } from '#app/routes/o.$slug.membres-op.$memberId.tsx';
import { action as requestAction } from '#app/routes/o.$slug.membres-op.demandes.$requestId.tsx';
import { milkAgreementTerms } from '#app/seed/demo-op-terms.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { extractPdfText } from '#test/utils/pdf.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { makeOpSetup } from './op-helpers.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;
const location = (response: Response) => response.headers.get('Location') ?? '';
/** French number formatting groups thousands with a narrow no-break space. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

async function setup() {
  const s = await makeOpSetup();
  return {
    ...s,
    opCookie: await sessionCookieFor(s.op.owner.id),
    gaecCookie: await sessionCookieFor(s.gaec.owner.id),
    buyerCookie: await sessionCookieFor(s.fromagerie.owner.id),
    slug: s.op.organisation.slug,
  };
}

describe('pages de l’OP : registre et demandes', () => {
  it('inscrire un membre, saisir son exploitation ; numéro invalide refusé en français', async () => {
    const s = await setup();
    const { organisation: newcomer } = await makeOrganisation({ kind: 'producer' });
    const path = `/o/${s.slug}/membres-op`;
    const refused = await call(membersAction, {
      request: postRequest(
        path,
        {
          intent: 'add-member',
          producerId: newcomer.id,
          memberNumber: 'ML 003',
          joinedOn: '2026-02-01',
        },
        s.opCookie,
      ),
      params: { slug: s.slug },
    });
    expect(refused.status).toBe(400);
    expect((await json(refused)).errors).toEqual([
      'Fiche d’adhérent à corriger.',
      'Numéro d’adhérent : 1 à 20 caractères parmi lettres, chiffres, point, barre et tiret.',
    ]);
    const added = await call(membersAction, {
      request: postRequest(
        path,
        {
          intent: 'add-member',
          producerId: newcomer.id,
          memberNumber: 'ML-003',
          joinedOn: '2026-02-01',
        },
        s.opCookie,
      ),
      params: { slug: s.slug },
    });
    expect(added.status).toBe(302);
    const memberId = location(added).split('/').at(-1)!;
    const farm = await call(memberAction, {
      request: postRequest(
        `${path}/${memberId}`,
        {
          intent: 'save-farm',
          'herd.cow_dairy.count': '48',
          'cert.0.label': 'AB',
          'cert.0.title': 'Agriculture biologique',
          'cert.0.from': '2025-01-01',
          'vol.0.year': '2025',
          'vol.0.category': 'milk_cow',
          'vol.0.quantity': '250 000',
          'vol.0.unit': 'LTR',
        },
        s.opCookie,
      ),
      params: { slug: s.slug, memberId },
    });
    expect(farm.status).toBe(302);
    const members = await listOpMembers({ opId: s.opId });
    expect(members.find((m) => m.id === memberId)).toMatchObject({
      memberNumber: 'ML-003',
      herds: [{ species: 'cow_dairy', headCount: 48 }],
      volumes: [{ quantityMilli: 250_000_000 }],
    });
    const page = await json(
      await call(membersLoader, {
        request: getRequest(path, s.opCookie),
        params: { slug: s.slug },
      }),
    );
    expect(
      (page.members as { memberNumber: string; herd: string }[]).map((m) => [
        m.memberNumber,
        m.herd,
      ]),
    ).toEqual([
      ['ML-001', '62 vaches laitières'],
      ['ML-002', '35 vaches laitières'],
      ['ML-003', '48 vaches laitières'],
    ]);
  });

  it('un producteur demande son adhésion ; l’OP l’accepte avec un numéro, l’historique garde tout', async () => {
    const s = await setup();
    const { organisation: newcomer, owner } = await makeOrganisation({ kind: 'producer' });
    const cookie = await sessionCookieFor(owner.id);
    const asked = await call(membersAction, {
      request: postRequest(
        `/o/${newcomer.slug}/membres-op`,
        {
          intent: 'new-request',
          opId: s.opId,
          kind: 'join',
          subject: 'Adhésion au 1er mars',
          body: '40 vaches',
        },
        cookie,
      ),
      params: { slug: newcomer.slug },
    });
    expect(asked.status).toBe(302);
    const requestId = location(asked).split('/').at(-1)!;
    const accept = (fields: Record<string, string>) =>
      call(requestAction, {
        request: postRequest(`/o/${s.slug}/membres-op/demandes/${requestId}`, fields, s.opCookie),
        params: { slug: s.slug, requestId },
      });
    const incomplete = await accept({ to: 'accepted', comment: 'Bienvenue' });
    expect((await json(incomplete)).errors).toEqual([
      'Pour accepter une adhésion, donnez le numéro d’adhérent et la date d’adhésion.',
    ]);
    expect(
      (
        await accept({
          to: 'accepted',
          comment: 'Bienvenue',
          memberNumber: 'ML-004',
          joinedOn: '2026-03-01',
        })
      ).status,
    ).toBe(302);
    expect((await listOpMembers({ opId: s.opId })).map((m) => m.memberNumber)).toContain('ML-004');
    const [history] = await getSql()<{ n: number }[]>`
      select count(*)::int as n from op_member_request_events where request_id = ${requestId}`;
    expect(history!.n).toBe(2);
  });
});

describe('pages de l’OP : accord-cadre, mandat, livraisons, factures et export', () => {
  it('de la proposition écrite à la signature, la répartition dont la somme doit faire le total', async () => {
    const s = await setup();
    const created = await call(agreementsAction, {
      request: postRequest(
        `/o/${s.slug}/accords-cadres`,
        {
          buyerId: s.fromagerie.organisation.id,
          egalimCategory: 'milk_cow',
          title: 'Lait de printemps',
        },
        s.opCookie,
      ),
      params: { slug: s.slug },
    });
    const agreementId = location(created).split('/').at(-1)!;
    const form = agreementTermsToForm(
      readFrameworkTerms(
        milkAgreementTerms({
          totalLitres: 50_000,
          premium: { label: 'Prime', amount: 10 },
          deliveryTerms: 'Collecte',
        }),
      ),
    );
    const send = (slug: string, cookie: string, fields: Record<string, string>) =>
      call(agreementAction, {
        request: postRequest(`/o/${slug}/accords-cadres/${agreementId}`, fields, cookie),
        params: { slug, agreementId },
      });
    const incomplete = await send(s.slug, s.opCookie, {
      ...form,
      transparency: '',
      intent: 'propose',
    } as Record<string, string>);
    expect(incomplete.status).toBe(400);
    expect((await json(incomplete)).issues).toContain(
      'Règles de transparence, dont la prise en compte des indicateurs de l’article L631-24-1 : clause absente (art. L631-24 IV 5° CRPM).',
    );
    expect(
      (await send(s.slug, s.opCookie, { ...form, intent: 'propose' } as Record<string, string>))
        .status,
    ).toBe(302);
    const buyerSlug = s.fromagerie.organisation.slug;
    const unreasoned = await send(buyerSlug, s.buyerCookie, {
      ...form,
      intent: 'counter',
      reason: '',
    } as Record<string, string>);
    expect((await json(unreasoned)).message).toMatch(/contre-proposition est motivée/);
    for (const [slug, cookie] of [
      [s.slug, s.opCookie],
      [buyerSlug, s.buyerCookie],
    ] as const) {
      expect((await send(slug, cookie, { intent: 'sign' })).status).toBe(302);
    }
    expect((await getAgreement({ organisationId: s.opId, agreementId }))!.agreement.status).toBe(
      'signed',
    );
    const wrongSum = await send(s.slug, s.opCookie, {
      intent: 'save-split',
      [`share.${s.memberIds.gaec}`]: '30 000',
      [`share.${s.memberIds.pilat}`]: '10 000',
    });
    expect(wrongSum.status).toBe(400);
    expect(((await json(wrongSum)).issues as string[]).map(plain)).toEqual([
      'La répartition totalise 40 000 litres pour 50 000 litres prévus à l’accord (écart −10 000 litres) : la somme doit être égale au total.',
    ]);
    expect(
      (
        await send(s.slug, s.opCookie, {
          intent: 'save-split',
          [`share.${s.memberIds.gaec}`]: '31 667',
          [`share.${s.memberIds.pilat}`]: '18 333',
        })
      ).status,
    ).toBe(302);
    const page = await json(
      await call(agreementLoader, {
        request: getRequest(`/o/${buyerSlug}/accords-cadres/${agreementId}`, s.buyerCookie),
        params: { slug: buyerSlug, agreementId },
      }),
    );
    // The proportional proposal from 380 000 L and 220 000 L of reference volume, in thousandths.
    expect(
      (page.split as { rows: { proposed: string }[] }).rows.map((r) => plain(r.proposed)),
    ).toEqual(['31 666,667 litres', '18 333,333 litres']);
    const pdf = await call(agreementPdfLoader, {
      request: getRequest(
        `/o/${buyerSlug}/accords-cadres/${agreementId}/accord.pdf`,
        s.buyerCookie,
      ),
      params: { slug: buyerSlug, agreementId },
    });
    const text = (await extractPdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Annexe — proposition écrite initiale de l’OP (version 1)');
    expect(text).toContain(
      'Accord-cadre IV 2° — Répartition entre les membres et cession des contrats',
    );
    expect(text).toContain('Répartition du volume entre les membres (IV 2°)');
  });

  it('mandat proposé par le producteur : délai de contestation invalide refusé, signature refusée s’il doublonne le mandat existant', async () => {
    const s = await setup();
    const path = `/o/${s.gaec.organisation.slug}/mandats`;
    const fields = {
      counterpartId: s.opId,
      buyerIds: s.laiterie.organisation.id,
      operations: 'Lait livré à la laiterie',
      startOn: '2099-01-01',
      contestDays: '10',
      invoiceSeries: 'OPL',
    };
    const refused = await call(mandatesAction, {
      request: postRequest(path, { ...fields, contestDays: '0' }, s.gaecCookie),
      params: { slug: s.gaec.organisation.slug },
    });
    expect((await json(refused)).errors).toEqual([
      'Le mandat n’est pas complet : 1 point(s) à corriger.',
      'Le délai de contestation de chaque facture est un nombre de jours entre 1 et 90.',
    ]);
    const created = await call(mandatesAction, {
      request: postRequest(path, fields, s.gaecCookie),
      params: { slug: s.gaec.organisation.slug },
    });
    expect(created.status).toBe(302);
    const mandateId = location(created).split('/').at(-1)!;
    const sign = (slug: string, cookie: string) =>
      call(mandateAction, {
        request: postRequest(`/o/${slug}/mandats/${mandateId}`, { intent: 'sign' }, cookie),
        params: { slug, mandateId },
      });
    expect((await sign(s.gaec.organisation.slug, s.gaecCookie)).status).toBe(302);
    // The existing mandate to the OP already covers the dairy's purchases: only one may.
    const overlap = await sign(s.slug, s.opCookie);
    expect(overlap.status).toBe(409);
    expect(((await json(overlap)).errors as string[])[0]).toMatch(/couvre déjà ces ventes/);
    const mine = (await listBillingMandates({ organisationId: s.gaec.organisation.id })).find(
      (m) => m.id === mandateId,
    );
    expect(mine).toMatchObject({ invoiceSeries: 'OPL', signedOn: null });
  });

  it('livraisons saisies à l’écran, factures aux deux acheteurs, PDF Factur-X et export CSV/JSON', async () => {
    const s = await setup();
    const path = `/o/${s.slug}/livraisons-op`;
    const record = (fields: Record<string, string>) =>
      call(deliveriesAction, {
        request: postRequest(
          path,
          { intent: 'record', productLabel: 'Lait cru de vache', vatRate: '5,5', ...fields },
          s.opCookie,
        ),
        params: { slug: s.slug },
      });
    const bad = await record({
      memberId: s.memberIds.gaec,
      agreementId: s.agreements.fromagerie.id,
      deliveredOn: '2026-03-04',
      quantity: '12,0004',
    });
    expect(bad.status).toBe(400);
    expect(((await json(bad)).errors as string[])[0]).toMatch(/^Quantité : /);
    for (const [member, buyer, litres] of [
      ['gaec', 'fromagerie', '12 000'],
      ['pilat', 'laiterie', '9 000'],
    ] as const) {
      const done = await record({
        memberId: s.memberIds[member],
        agreementId: s.agreements[buyer].id,
        deliveredOn: '2026-03-04',
        quantity: litres,
      });
      expect(done.status).toBe(302);
    }
    const listed = await json(
      await call(deliveriesLoader, {
        request: getRequest(`${path}?mois=2026-03`, s.opCookie),
        params: { slug: s.slug },
      }),
    );
    expect((listed.buyersToInvoice as { name: string }[]).map((b) => b.name).sort()).toEqual([
      'Fromagerie Chambost',
      'Laiterie de la Coise',
    ]);
    const issue = new URLSearchParams({
      intent: 'issue',
      month: '2026-03',
      issueDate: '2026-03-31',
    });
    issue.append('buyerIds', s.fromagerie.organisation.id);
    issue.append('buyerIds', s.laiterie.organisation.id);
    const issued = await call(deliveriesAction, {
      request: new Request(`http://localhost:3000${path}?mois=2026-03`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: s.opCookie },
        body: issue.toString(),
      }),
      params: { slug: s.slug },
    });
    expect(issued.status).toBe(302);
    const after = await json(
      await call(deliveriesLoader, {
        request: getRequest(`${path}?mois=2026-03`, s.opCookie),
        params: { slug: s.slug },
      }),
    );
    const invoices = after.invoices as {
      id: string;
      number: string;
      member: string;
      buyer: string;
    }[];
    expect(invoices.map((i) => [i.number, i.member, i.buyer]).sort()).toEqual(
      [
        ['OP2026-000001', 'GAEC des Monts', 'SARL Fromagerie Chambost'],
        ['OP2026-000001', 'Ferme du Pilat', 'SAS Laiterie de la Coise'],
      ].sort(),
    );
    const pdf = await call(opInvoicePdfLoader, {
      request: getRequest(`${path}/factures/${invoices[0]!.id}.pdf`, s.opCookie),
      params: { slug: s.slug, invoiceId: invoices[0]!.id },
    });
    expect(pdf.headers.get('Content-Disposition')).toBe('attachment; filename="OP2026-000001.pdf"');
    const text = (await extractPdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('au nom et pour le compte de');

    const csv = await call(exportCsvLoader, {
      request: getRequest(
        `/o/${s.slug}/export-egalim.csv?partenaire=${s.fromagerie.organisation.slug}&mois=2026-03`,
        s.opCookie,
      ),
      params: { slug: s.slug },
    });
    expect(csv.headers.get('Content-Type')).toBe('text/csv; charset=utf-8');
    const rows = parse((await csv.text()).slice(1), { delimiter: ';' }) as string[][];
    expect(rows.slice(1).map((r) => [r[4], r[6], r[21]])).toEqual([
      ['GAEC des Monts', 'OP2026-000001', '6336,96'],
    ]);
    const fromBuyer = await call(exportJsonLoader, {
      request: getRequest(
        `/o/${s.fromagerie.organisation.slug}/export-egalim.json?partenaire=${s.slug}&mois=2026-03`,
        s.buyerCookie,
      ),
      params: { slug: s.fromagerie.organisation.slug },
    });
    expect(await fromBuyer.json()).toMatchObject({ totals: { invoices: 1, total: '6336.96' } });
    const wrongPartner = await call(exportJsonLoader, {
      request: getRequest(
        `/o/${s.fromagerie.organisation.slug}/export-egalim.json?partenaire=inconnue&mois=2026-03`,
        s.buyerCookie,
      ),
      params: { slug: s.fromagerie.organisation.slug },
    });
    expect(wrongPartner.status).toBe(400);
    expect(await wrongPartner.json()).toEqual({
      error: { field: 'op', message: 'Choisissez une OP avec qui vous avez un accord-cadre.' },
    });
  });
});
