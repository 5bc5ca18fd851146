import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { issueCreditNote } from '#app/models/invoice.server.ts';
import { listMilkGrids } from '#app/models/milk-grid.server.ts';
import { listMilkStatements } from '#app/models/milk-pay.server.ts';
import { loader as invoiceLoader } from '#app/routes/o.$slug.factures.$invoiceId.tsx';
import { action as homeAction } from '#app/routes/o.$slug.lait._index.tsx';
import { action as analysesAction } from '#app/routes/o.$slug.lait.analyses.tsx';
import { loader as attestationLoader } from '#app/routes/o.$slug.lait.attestation.$year[.csv].tsx';
import { action as bulletinAction } from '#app/routes/o.$slug.lait.bulletins.$statementId.tsx';
import {
  action as collectionsAction,
  loader as collectionsLoader,
} from '#app/routes/o.$slug.lait.collectes.tsx';
import { action as gridAction } from '#app/routes/o.$slug.lait.grille.tsx';
import { action as payAction, loader as payLoader } from '#app/routes/o.$slug.lait.paie.$month.tsx';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { makeOrganisation } from '#test/factories/index.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { augustCollectionsCsv, makeMilkSetup } from './setup.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

type Setup = Awaited<ReturnType<typeof makeMilkSetup>>;

function upload(
  path: string,
  fields: Record<string, string>,
  file: { name: string; bytes: Uint8Array },
  cookie: string,
) {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) {
    form.set(name, value);
  }
  form.set('file', new Blob([new Uint8Array(file.bytes)], { type: 'text/csv' }), file.name);
  return new Request(`http://localhost:3000${path}`, {
    method: 'POST',
    body: form,
    headers: { Cookie: cookie },
  });
}

const countRows = async (table: string, dairyId: string) =>
  (
    await getSql().unsafe<{ n: number }[]>(
      `select count(*)::int as n from public.${table} where dairy_id = $1`,
      [dairyId],
    )
  )[0]!.n;

describe('pages du lait : saisies, imports et émission', () => {
  let setup: Setup;
  let cookie: string;
  let slug: string;
  beforeAll(async () => {
    setup = await makeMilkSetup({ withAugust: false });
    cookie = await sessionCookieFor(setup.dairy.owner.id);
    slug = setup.dairy.slug;
  });

  it('import de collectes : un fichier faux est refusé ligne par ligne sans rien écrire, le bon est importé', async () => {
    const params = { slug };
    const bad = await call(collectionsAction, {
      request: upload(
        `/o/${slug}/lait/collectes`,
        { intent: 'import' },
        {
          name: 'faux.csv',
          bytes: new TextEncoder().encode(
            'producteur;date;litres\nP001;01/08/2026;1500\nP001;02/08/2026;-3\n',
          ),
        },
        cookie,
      ),
      params,
    });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({
      intent: 'import',
      importErrors: [
        {
          line: 3,
          column: 'litres',
          value: '-3',
          message: 'Litres : « -3 » : une valeur négative n’est pas acceptée.',
        },
      ],
    });
    expect(await countRows('milk_collections', setup.dairy.id)).toBe(0);

    const good = await call(collectionsAction, {
      request: upload(
        `/o/${slug}/lait/collectes`,
        { intent: 'import' },
        {
          name: 'aout.csv',
          bytes: new TextEncoder().encode(augustCollectionsCsv(['P001', 'P002'])),
        },
        cookie,
      ),
      params,
    });
    expect(good.status).toBe(302);
    expect(await countRows('milk_collections', setup.dairy.id)).toBe(30);
    const page = await call(collectionsLoader, {
      request: getRequest(`/o/${slug}/lait/collectes?mois=2026-08`, cookie),
      params,
    });
    expect(await page.json()).toMatchObject({ month: '2026-08', total: '60\u202f000\u00a0L' });
  });

  it('saisie manuelle : messages en français, rien d’écrit en cas d’erreur, doublon refusé', async () => {
    const params = { slug };
    const post = (fields: Record<string, string>) =>
      call(collectionsAction, {
        request: postRequest(`/o/${slug}/lait/collectes`, fields, cookie),
        params,
      });
    const invalid = await post({
      intent: 'add',
      producerId: setup.liable.producerId,
      date: '2026-13-01',
      litres: 'beaucoup',
    });
    expect(invalid.status).toBe(400);
    expect(await invalid.json()).toEqual({
      intent: 'add',
      errors: [
        'Date « 2026-13-01 » invalide (JJ/MM/AAAA ou AAAA-MM-JJ).',
        'Litres : « beaucoup » n’est pas un nombre (exemple : 12,50).',
      ],
    });
    expect(
      (await post({ intent: 'add', producerId: setup.dairy.id, date: '2026-08-02', litres: '10' }))
        .status,
    ).toBe(400);
    const duplicate = await post({
      intent: 'add',
      producerId: setup.liable.producerId,
      date: '2026-08-01',
      tour: 'T1',
      litres: '10',
    });
    expect(duplicate.status).toBe(422);
    expect(await duplicate.json()).toMatchObject({
      errors: [
        'Une collecte du 2026-08-01 existe déjà pour cette tournée et cette cuve : corrigez-la.',
      ],
    });
    expect(await countRows('milk_collections', setup.dairy.id)).toBe(30);

    const noResult = await call(analysesAction, {
      request: postRequest(
        `/o/${slug}/lait/analyses`,
        { intent: 'add', producerId: setup.liable.producerId, date: '2026-08-04' },
        cookie,
      ),
      params,
    });
    expect(await noResult.json()).toEqual({
      intent: 'add',
      errors: ['Saisissez au moins un résultat (MG, MP, germes, cellules…).'],
    });
    for (const [day, fat] of [
      ['2026-08-04', '42,0'],
      ['2026-08-18', '42'],
    ] as const) {
      for (const producerId of [setup.liable.producerId, setup.flat.producerId]) {
        const saved = await call(analysesAction, {
          request: postRequest(
            `/o/${slug}/lait/analyses`,
            {
              intent: 'add',
              producerId,
              date: day,
              fat,
              protein: '34',
              germs: '60 000',
              cells: '200000',
              antibiotics: 'negative',
            },
            cookie,
          ),
          params,
        });
        expect(saved.status).toBe(302);
      }
    }
  });

  it('grille : JSON illisible ou tranche invalide refusés en français, version suivante sinon', async () => {
    const params = { slug };
    const post = (fields: Record<string, string>) =>
      call(gridAction, { request: postRequest(`/o/${slug}/lait/grille`, fields, cookie), params });
    expect(await (await post({ validFrom: '2026-09', grid: '{"basePrice": 450,' })).json()).toEqual(
      {
        errors: ['La grille n’est pas un JSON valide : vérifiez les virgules et les accolades.'],
      },
    );
    const overlapping = await post({
      validFrom: '2026-09',
      grid: JSON.stringify({
        basePrice: 450,
        fat: [
          { from: 38, to: 41, perG: 2.91 },
          { from: 40, perG: 1.45 },
        ],
        protein: [],
      }),
    });
    expect(overlapping.status).toBe(422);
    expect(await overlapping.json()).toEqual({
      errors: [
        'Grille refusée, rien n’a été enregistré :',
        'Champ « fat[1] » : la tranche chevauche la tranche n° 1.',
      ],
    });
    expect(
      await post({
        validFrom: '2026-09',
        basePrice: '460,5',
        grid: JSON.stringify({ basePrice: 1, fat: [], protein: [{ perG: 8.6 }] }),
      }),
    ).toMatchObject({ status: 302 });
    const grids = await listMilkGrids({ dairyId: setup.dairy.id });
    expect(grids.map((g) => [g.validFrom, g.version, g.grid.basePrice])).toEqual([
      ['2026-09-01', 1, 460.5],
      ['2026-01-01', 1, 450],
    ]);
  });

  it('paie du mois : émission par le bouton, une fois, puis « déjà émises »', async () => {
    const params = { slug, month: '2026-08' };
    const view = await (
      await call(payLoader, { request: getRequest(`/o/${slug}/lait/paie/2026-08`, cookie), params })
    ).json();
    expect(view).toMatchObject({ canIssue: true, rows: [{ state: 'ready' }, { state: 'ready' }] });
    const issue = () =>
      call(payAction, {
        request: postRequest(`/o/${slug}/lait/paie/2026-08`, { intent: 'issue' }, cookie),
        params,
      });
    expect((await issue()).status).toBe(302);
    expect(await countRows('milk_pay_statements', setup.dairy.id)).toBe(2);
    expect((await issue()).status).toBe(302);
    expect(await countRows('milk_pay_statements', setup.dairy.id)).toBe(2);
    const notMonth = await call(payLoader, {
      request: getRequest(`/o/${slug}/lait/paie/2026-13`, cookie),
      params: { slug, month: '2026-13' },
    });
    expect(notMonth.status).toBe(404);
    // A month still running cannot be issued.
    const running = await call(payAction, {
      request: postRequest(`/o/${slug}/lait/paie/2099-01`, { intent: 'issue' }, cookie),
      params: { slug, month: '2099-01' },
    });
    expect(running.status).toBe(422);
    expect((await running.json()).errors[0]).toMatch(/^Janvier 2099 n’est pas terminé/);
  });

  it('attestation annuelle des producteurs au forfait (INV-09) : la laiterie pour tous, le producteur pour lui', async () => {
    const dairyCsv = await (
      await call(attestationLoader, {
        request: getRequest(`/o/${slug}/lait/attestation/2026.csv`, cookie),
        params: { slug, year: '2026' },
      })
    ).text();
    const lines = dairyCsv.trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(/;août 2026;AF2026-000001;30000;14603,19;$/);
    expect(lines[2]).toMatch(/;Total 2026;;30000;14603,19;816,32$/);
    expect(dairyCsv).not.toContain(setup.liable.legal.legalName);
    const liableCsv = await (
      await call(attestationLoader, {
        request: getRequest(
          `/o/${setup.liable.slug}/lait/attestation/2026.csv`,
          await sessionCookieFor(setup.liable.owner.id),
        ),
        params: { slug: setup.liable.slug, year: '2026' },
      })
    ).text();
    expect(liableCsv.trim().split('\r\n')).toHaveLength(1);
    expect(
      (
        await call(attestationLoader, {
          request: getRequest(`/o/${slug}/lait/attestation/26.csv`, cookie),
          params: { slug, year: '26' },
        })
      ).status,
    ).toBe(404);
  });

  it('le producteur ne peut pas établir lui-même l’avoir d’une autofacture ; sa contestation exige un motif', async () => {
    const [statement] = await listMilkStatements({ producerId: setup.liable.producerId });
    expect(
      await issueCreditNote({
        invoiceId: statement!.invoiceId,
        producerId: setup.liable.producerId,
        selection: 'full',
        reason: 'erreur',
        actorId: null,
      }),
    ).toEqual({
      ok: false,
      code: 'self_billed',
      message:
        'Facture d’autofacturation émise par l’acheteur en votre nom : c’est lui qui établit l’avoir. Contestez-la auprès de lui (onglet « Lait » pour le lait).',
    });
    const producerCookie = await sessionCookieFor(setup.liable.owner.id);
    const detail = await call(invoiceLoader, {
      request: getRequest(
        `/o/${setup.liable.slug}/factures/${statement!.invoiceId}`,
        producerCookie,
      ),
      params: { slug: setup.liable.slug, invoiceId: statement!.invoiceId },
    });
    // Its « Factures » shows the self-billed invoice, without the credit-note form.
    expect(await detail.json()).toMatchObject({
      isSelfBilled: true,
      isCreditNote: false,
      title: expect.stringMatching(/^Facture — Autofacturation AF2026-/),
    });
    const contest = await call(bulletinAction, {
      request: postRequest(
        `/o/${setup.liable.slug}/lait/bulletins/${statement!.id}`,
        { reason: 'x' },
        producerCookie,
      ),
      params: { slug: setup.liable.slug, statementId: statement!.id },
    });
    expect(contest.status).toBe(422);
    expect(await contest.json()).toEqual({
      errors: ['Motif de la contestation : 3 à 1 000 caractères.'],
    });
  });

  it('fournisseurs : adresse inconnue, acheteur au lieu d’un producteur, numéro déjà pris', async () => {
    const params = { slug };
    const post = (fields: Record<string, string>) =>
      call(homeAction, { request: postRequest(`/o/${slug}/lait`, fields, cookie), params });
    const buyer = await makeOrganisation({ kind: 'buyer' });
    const producer = await makeOrganisation({ kind: 'producer' });
    expect(
      await (await post({ producer: 'nulle-part', code: 'P9', since: '2026-01-01' })).json(),
    ).toEqual({
      errors: [
        'Aucun producteur à l’adresse « nulle-part » : demandez au producteur l’adresse de sa page Cabas (/o/…).',
      ],
    });
    expect(
      (
        await (
          await post({ producer: buyer.organisation.slug, code: 'P9', since: '2026-01-01' })
        ).json()
      ).errors[0],
    ).toMatch(/^Aucun producteur/);
    expect(
      await (
        await post({
          producer: `https://cabas.example/o/${producer.organisation.slug}/`,
          code: 'p001',
          since: '2026-01-01',
        })
      ).json(),
    ).toEqual({
      errors: ['Le numéro de fournisseur « p001 » est déjà attribué.'],
    });
    expect(
      (
        await post({
          producer: `https://cabas.example/o/${producer.organisation.slug}/`,
          code: 'P003',
          since: '2026-01-01',
        })
      ).status,
    ).toBe(302);
  });
});
