import { describe, expect, it } from 'vitest';
import { termsToForm } from '#app/domain/egalim/contract-form.ts';
import { ContractTermsSchema } from '#app/domain/egalim/contract-terms.ts';
import { listTurnovers } from '#app/models/egalim-turnover.server.ts';
import { action as turnoverAction } from '#app/routes/o.$slug.chiffre-affaires.tsx';
import {
  action as orderAction,
  loader as stopLoader,
} from '#app/routes/o.$slug.commandes-pro.$stopId.tsx';
import { action as newContractAction } from '#app/routes/o.$slug.contrats._index.tsx';
import {
  action as contractAction,
  loader as contractLoader,
} from '#app/routes/o.$slug.contrats.$contractId/route.tsx';
import { loader as contractPdfLoader } from '#app/routes/o.$slug.contrats.$contractId_.contrat[.pdf].tsx';
import { action as indicatorsAction } from '#app/routes/o.$slug.indicateurs.tsx';
import {
  b1Terms,
  makeB1Indicators,
  makeProSetup,
  makeSignedContract,
} from '#test/factories/egalim.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { extractPdfText } from '#test/utils/pdf.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();

const formOf = (terms = b1Terms()) =>
  Object.fromEntries(
    Object.entries(termsToForm(ContractTermsSchema.parse(terms))).filter(
      ([, value]) => value !== '',
    ),
  ) as Record<string, string>;

describe('pages contrats', () => {
  it('brouillon → proposition → contre-proposition motivée → signature refusée avec les réserves → PDF avec l’annexe', async () => {
    const setup = await makeProSetup();
    await makeB1Indicators(setup.producer.id);
    const producer = await sessionCookieFor(setup.producerOwner.id);
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const created = await call(newContractAction, {
      request: postRequest(
        `/o/${setup.producer.slug}/contrats`,
        {
          buyerSlug: setup.buyer.slug,
          egalimCategory: 'bovine_heifer',
          isSiqo: 'on',
          title: 'Génisses LR',
        },
        producer,
      ),
      params: { slug: setup.producer.slug },
    });
    expect(created.status).toBe(302);
    const contractId = created.headers.get('Location')!.split('/').at(-1)!;
    const at = (slug: string) => ({ slug, contractId });
    const post = (slug: string, fields: Record<string, string>, cookie: string) =>
      call(contractAction, {
        request: postRequest(`/o/${slug}/contrats/${contractId}`, fields, cookie),
        params: at(slug),
      });

    const badNumber = await post(
      setup.producer.slug,
      { intent: 'save-draft', ...formOf(), durationYears: 'trois' },
      producer,
    );
    expect(badNumber.status).toBe(400);
    expect(await badNumber.json()).toMatchObject({
      fieldErrors: { durationYears: 'Nombre attendu (virgule décimale acceptée).' },
    });
    expect(
      (await post(setup.producer.slug, { intent: 'propose', ...formOf() }, producer)).status,
    ).toBe(302);

    const noReason = await post(
      setup.buyer.slug,
      { intent: 'counter', ...formOf(), reason: '' },
      buyer,
    );
    expect(await noReason.json()).toMatchObject({
      message:
        'Motivez la contre-proposition par écrit (art. L631-24 II CRPM) : au moins 3 caractères.',
    });
    const incomplete = { ...formOf(), forceMajeure: '' };
    delete (incomplete as Record<string, string>).forceMajeure;
    expect(
      (
        await post(
          setup.buyer.slug,
          { intent: 'counter', ...incomplete, reason: 'Force majeure à revoir ensemble' },
          buyer,
        )
      ).status,
    ).toBe(302);
    const refused = await post(setup.producer.slug, { intent: 'sign' }, producer);
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({
      message: 'Signature refusée : 1 clause(s) obligatoire(s) manquante(s) ou non conforme(s).',
      issues: ['Force majeure : règles absentes (art. L631-24 III 6° CRPM).'],
    });

    const page = await call(contractLoader, {
      request: getRequest(`/o/${setup.buyer.slug}/contrats/${contractId}`, buyer),
      params: at(setup.buyer.slug),
    });
    const data = (await page.json()) as {
      issues: string[];
      versions: { number: number; label: string; reason: string | null }[];
      can: Record<string, boolean>;
    };
    expect(data.issues).toEqual(['Force majeure : règles absentes (art. L631-24 III 6° CRPM).']);
    expect(data.versions.map((v) => v.label)).toEqual([
      'Proposition écrite initiale du producteur (annexée au contrat)',
      'Contre-proposition motivée de l’acheteur',
    ]);
    expect(data.can).toMatchObject({ counter: true, sign: true, editDraft: false });

    const pdf = await call(contractPdfLoader, {
      request: getRequest(`/o/${setup.buyer.slug}/contrats/${contractId}/contrat.pdf`, buyer),
      params: at(setup.buyer.slug),
    });
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    const text = (await extractPdfText(new Uint8Array(await pdf.arrayBuffer()))).replace(
      /\s+/g,
      ' ',
    );
    expect(text).toContain('Annexe — proposition écrite initiale du producteur (version 1)');
    expect(text).toContain('Force majeure à revoir ensemble');
    expect(text).toContain('Aléa sanitaire ou climatique exceptionnel');
  });

  it('contrat signé : prix du jour avec sa trace, volume livré contre engagé (SVG), préavis', async () => {
    const setup = await makeProSetup();
    await makeB1Indicators(setup.producer.id);
    const contract = await makeSignedContract({
      producerId: setup.producer.id,
      producerOwnerId: setup.producerOwner.id,
      buyerId: setup.buyer.id,
      buyerSlug: setup.buyer.slug,
      buyerOwnerId: setup.buyerOwner.id,
    });
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const order = await call(orderAction, {
      request: postRequest(
        `/o/${setup.buyer.slug}/commandes-pro/${setup.stopId}`,
        { [`q.${setup.heiferId}`]: '420' },
        buyer,
      ),
      params: { slug: setup.buyer.slug, stopId: setup.stopId },
    });
    expect(order.status).toBe(302);
    const page = await call(contractLoader, {
      request: getRequest(`/o/${setup.buyer.slug}/contrats/${contract.id}`, buyer),
      params: { slug: setup.buyer.slug, contractId: contract.id },
    });
    const data = (await page.json()) as {
      preview: { ok: boolean; trace: string[] };
      volume: { months: { month: string; cumulative: number }[]; committed: number; unit: string };
      can: Record<string, boolean>;
    };
    expect(data.preview.ok).toBe(true);
    expect(data.preview.trace).toContain('Prix retenu : 5,332');
    expect(data.volume).toMatchObject({
      months: [{ month: '2027-03', cumulative: 420 }],
      committed: 8400,
      unit: 'kg',
    });
    expect(data.can).toMatchObject({ sign: false, notice: true, terminate: true });
    const notice = await call(contractAction, {
      request: postRequest(
        `/o/${setup.buyer.slug}/contrats/${contract.id}`,
        { intent: 'notice' },
        buyer,
      ),
      params: { slug: setup.buyer.slug, contractId: contract.id },
    });
    expect(notice.status).toBe(302);
  });
});

describe('commande pro, indicateurs, chiffre d’affaires : erreurs en français, jamais de 500', () => {
  it('commande refusée sans contrat : 422 avec le motif de la ligne ; quantité invalide : 400', async () => {
    const setup = await makeProSetup();
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const post = (fields: Record<string, string>) =>
      call(orderAction, {
        request: postRequest(`/o/${setup.buyer.slug}/commandes-pro/${setup.stopId}`, fields, buyer),
        params: { slug: setup.buyer.slug, stopId: setup.stopId },
      });
    const invalid = await post({ [`q.${setup.heiferId}`]: 'beaucoup' });
    expect(invalid.status).toBe(400);
    const refused = await post({ [`q.${setup.heiferId}`]: '10', [`q.${setup.carrotId}`]: '2,5' });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { lineErrors: Record<string, string> };
    expect(body.lineErrors[setup.heiferId]).toContain('aucun contrat Egalim signé');
    expect(body.lineErrors[setup.carrotId]).toBeUndefined();
    const unknownStop = await call(stopLoader, {
      request: getRequest(`/o/${setup.buyer.slug}/commandes-pro/pas-un-arret`, buyer),
      params: { slug: setup.buyer.slug, stopId: 'pas-un-arret' },
    });
    expect(unknownStop.status).toBe(404);
  });

  it('import d’indicateurs refusé : 422 avec le rapport par ligne', async () => {
    const setup = await makeProSetup();
    const producer = await sessionCookieFor(setup.producerOwner.id);
    const response = await call(indicatorsAction, {
      request: postRequest(
        `/o/${setup.producer.slug}/indicateurs`,
        { intent: 'import', csv: 'indicateur;date;valeur\ncout;32/01/2026;4,9' },
        producer,
      ),
      params: { slug: setup.producer.slug },
    });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({
      errors: [
        'Fichier d’indicateurs refusé, rien n’a été importé :',
        'Ligne 2 : date « 32/01/2026 » invalide (AAAA-MM-JJ ou JJ/MM/AAAA).',
      ],
    });
  });

  it('chiffre d’affaires : montant invalide refusé, montant valide enregistré pour l’année close', async () => {
    const setup = await makeProSetup();
    const buyer = await sessionCookieFor(setup.buyerOwner.id);
    const year = String(new Date().getUTCFullYear() - 1);
    const post = (fields: Record<string, string>) =>
      call(turnoverAction, {
        request: postRequest(`/o/${setup.buyer.slug}/chiffre-affaires`, { year, ...fields }, buyer),
        params: { slug: setup.buyer.slug },
      });
    const bad = await post({ 'c.bovine_heifer.siqo': 'cent mille' });
    expect(bad.status).toBe(400);
    expect((await post({ 'c.bovine_heifer.siqo': '150 000', 'c.pig': '12000,50' })).status).toBe(
      302,
    );
    expect(await listTurnovers({ organisationId: setup.buyer.id })).toEqual([
      {
        year: Number(year),
        egalimCategory: 'bovine_heifer',
        isSiqo: true,
        turnoverCents: 15_000_000,
      },
      { year: Number(year), egalimCategory: 'pig', isSiqo: false, turnoverCents: 1_200_050 },
    ]);
  });
});
