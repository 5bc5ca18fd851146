import { beforeAll, describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { loader as sheetPageLoader } from '#app/routes/o.$slug.feuilles.$sheetId.tsx';
import {
  action as sheetAction,
  loader as sheetLoader,
} from '#app/routes/o.$slug.feuilles.$sheetId_.paiements.tsx';
import {
  action as indexAction,
  loader as indexLoader,
} from '#app/routes/o.$slug.paiements._index.tsx';
import { loader as reconciliationLoader } from '#app/routes/o.$slug.paiements.rapprochement.tsx';
import { loader as csvLoader } from '#app/routes/o.$slug.paiements.rapprochement[.csv].tsx';
import { setEnvForTests } from '#app/utils/env.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, postRequest, sessionCookieFor } from '#test/utils/requests.ts';
import { type ClosedSheet, makeClosedSheet } from './harness.ts';

setupTestDatabase();
const TODAY = parisDayOf(new Date());

let sheet: ClosedSheet;
let slugs: { group: string; ferme: string; fournil: string };
let coordinator: string;
let household: string;
let fermeOwner: string;

function paymentsOf(cookie: string | undefined) {
  return call(sheetLoader, {
    request: getRequest(`/o/${slugs.group}/feuilles/${sheet.sheetId}/paiements`, cookie),
    params: { slug: slugs.group, sheetId: sheet.sheetId },
  });
}

function post(fields: Record<string, string>, cookie: string) {
  return call(sheetAction, {
    request: postRequest(`/o/${slugs.group}/feuilles/${sheet.sheetId}/paiements`, fields, cookie),
    params: { slug: slugs.group, sheetId: sheet.sheetId },
  });
}

async function paymentCount() {
  const [row] = await getSql()<{ n: number }[]>`select count(*)::int as n from payments`;
  return row!.n;
}

beforeAll(async () => {
  // No Stripe keys at all: online payment is off.
  const restore = setEnvForTests({
    STRIPE_SECRET_KEY: undefined,
    STRIPE_WEBHOOK_SECRET: undefined,
  });
  void restore;
  sheet = await makeClosedSheet({
    producers: [
      { key: 'ferme', products: [{ key: 'panier', name: 'Panier', grossCents: 1500 }] },
      { key: 'fournil', products: [{ key: 'pain', name: 'Pain de campagne', grossCents: 420 }] },
    ],
    households: 2,
    cells: [
      [0, 'panier', 1000],
      [0, 'pain', 2000],
      [1, 'pain', 1000],
    ],
  });
  const rows = await getSql()<{ id: string; slug: string }[]>`
    select id, slug from organisations where id = any(${[
      sheet.group.id,
      sheet.producers.get('ferme')!.producerId,
      sheet.producers.get('fournil')!.producerId,
    ]}::uuid[])`;
  const slugOf = (id: string) => rows.find((row) => row.id === id)!.slug;
  slugs = {
    group: slugOf(sheet.group.id),
    ferme: slugOf(sheet.producers.get('ferme')!.producerId),
    fournil: slugOf(sheet.producers.get('fournil')!.producerId),
  };
  coordinator = await sessionCookieFor(sheet.coordinator.id);
  household = await sessionCookieFor(sheet.households[0]!.user.id);
  fermeOwner = await sessionCookieFor(sheet.producers.get('ferme')!.ownerId);
});

describe('sans clés Stripe', () => {
  it('le paiement en ligne est désactivé et la page le dit ; payer par carte est refusé sans rien écrire', async () => {
    const data = (await (await paymentsOf(household)).json()) as {
      onlineEnabled: boolean;
      share: { online: { isEnabled: boolean }; household: { toPay: string } };
    };
    expect(data.onlineEnabled).toBe(false);
    expect(data.share.online.isEnabled).toBe(false);
    expect(data.share.household.toPay).toBe('23,40\u00a0€');
    const response = await post({ intent: 'pay' }, household);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { payErrors: string[] }).payErrors[0]).toMatch(
      /^Paiement en ligne désactivé sur cette installation \(pas de clés Stripe\)/,
    );
    expect(await paymentCount()).toBe(0);
    const onboard = await call(indexAction, {
      request: postRequest(`/o/${slugs.ferme}/paiements`, { intent: 'onboard' }, fermeOwner),
      params: { slug: slugs.ferme },
    });
    expect(onboard.status).toBe(400);
    expect(((await onboard.json()) as { errors: string[] }).errors[0]).toMatch(/désactivé/);
    const index = (await (
      await call(indexLoader, {
        request: getRequest(`/o/${slugs.ferme}/paiements`, fermeOwner),
        params: { slug: slugs.ferme },
      })
    ).json()) as { onlineEnabled: boolean };
    expect(index.onlineEnabled).toBe(false);
  });

  it.each([
    ['montant illisible', { amount: 'douze' }, 'Montant invalide'],
    ['montant au millième', { amount: '12,345' }, 'Montant invalide'],
    ['montant nul', { producerId: 'FERME', amount: '0' }, 'supérieur à zéro'],
    ['montant négatif', { producerId: 'FERME', amount: '-5' }, 'Montant invalide'],
    ['montant démesuré', { producerId: 'FERME', amount: '20000' }, 'Montant trop élevé'],
    [
      'foyer inconnu',
      { householdId: '00000000-0000-4000-8000-000000000000' },
      'Choisissez un foyer de la feuille.',
    ],
    [
      'producteur hors de la feuille',
      { producerId: '00000000-0000-4000-8000-000000000000' },
      'Choisissez un producteur de la feuille.',
    ],
    ['moyen inconnu', { method: 'bitcoin' }, 'Choisissez un moyen de paiement'],
    ['date dans le futur', { receivedOn: '2099-01-01' }, 'ne peut pas être dans le futur'],
    ['date impossible', { receivedOn: '2026-02-30' }, 'Date de réception invalide.'],
    [
      'tous les producteurs mais un autre montant',
      { amount: '10' },
      'ne correspond pas au reste à payer (23,40',
    ],
    [
      'référence de virement d’un autre foyer',
      { method: 'transfer', reference: 'OTHER' },
      'Cette référence est celle du foyer',
    ],
  ])(
    'paiement à la main refusé (%s) : message clair, rien d’écrit',
    async (_label, overrides, message) => {
      const own = sheet.households[0]!.householdId;
      const data = (await (await paymentsOf(coordinator)).json()) as {
        manager: { households: { id: string; reference: string }[] };
      };
      const other = data.manager.households.find((h) => h.id !== own)!.reference;
      const fields: Record<string, string> = {
        intent: 'record',
        householdId: own,
        producerId: 'all',
        method: 'cash',
        amount: '',
        reference: '',
        receivedOn: TODAY,
        ...overrides,
      };
      if (fields.producerId === 'FERME')
        fields.producerId = sheet.producers.get('ferme')!.producerId;
      if (fields.reference === 'OTHER') fields.reference = other;
      const response = await post(fields, coordinator);
      expect(response.status).toBe(400);
      const body = (await response.json()) as { fieldErrors: Record<string, string[]> };
      expect(Object.values(body.fieldErrors).flat().join(' ')).toContain(message);
      expect(await paymentCount()).toBe(0);
    },
  );

  it('la coordinatrice note le paiement à la livraison : la feuille montre le foyer payé, chaque producteur sa part', async () => {
    const response = await post(
      {
        intent: 'record',
        householdId: sheet.households[0]!.householdId,
        producerId: 'all',
        method: 'cheque',
        amount: '23,40',
        reference: 'chèque n° 1234567',
        receivedOn: TODAY,
      },
      coordinator,
    );
    expect(response.status).toBe(302);
    const parts = await getSql()<{ producer_id: string; amount_cents: number }[]>`
      select a.producer_id, a.amount_cents from payment_allocations a join payments p on p.id = a.payment_id
      where p.household_id = ${sheet.households[0]!.householdId} order by a.amount_cents`;
    expect(parts.map((p) => [p.producer_id, p.amount_cents])).toEqual([
      [sheet.producers.get('fournil')!.producerId, 840],
      [sheet.producers.get('ferme')!.producerId, 1500],
    ]);
    const page = (await (
      await call(sheetPageLoader, {
        request: getRequest(`/o/${slugs.group}/feuilles/${sheet.sheetId}`, household),
        params: { slug: slugs.group, sheetId: sheet.sheetId },
      })
    ).json()) as {
      payments: { households: { id: string; statusLabel: string }[]; own: { statusLabel: string } };
    };
    expect(page.payments.own.statusLabel).toBe('Payé');
    expect(
      page.payments.households
        .map((h) => [h.id === sheet.households[0]!.householdId, h.statusLabel])
        .sort(),
    ).toEqual([
      [false, 'À payer'],
      [true, 'Payé'],
    ]);
  });

  it('annuler exige un motif ; annulé, le paiement reste dans l’historique et ne compte plus', async () => {
    const [payment] = await getSql()<{ id: string }[]>`select id from payments limit 1`;
    const noReason = await post({ intent: 'cancel', id: payment!.id, reason: '  ' }, coordinator);
    expect(noReason.status).toBe(400);
    expect(((await noReason.json()) as { errors: string[] }).errors).toEqual([
      'Indiquez le motif de l’annulation.',
    ]);
    expect(
      (
        await post(
          { intent: 'cancel', id: payment!.id, reason: 'chèque sans provision' },
          coordinator,
        )
      ).status,
    ).toBe(302);
    const again = await post({ intent: 'cancel', id: payment!.id, reason: 'encore' }, coordinator);
    expect(((await again.json()) as { errors: string[] }).errors).toEqual([
      'Ce paiement est déjà annulé.',
    ]);
    const [row] = await getSql()<{ status: string; cancel_reason: string }[]>`
      select status, cancel_reason from payments where id = ${payment!.id}`;
    expect(row).toEqual({ status: 'cancelled', cancel_reason: 'chèque sans provision' });
    await expect(getSql()`delete from payments where id = ${payment!.id}`).rejects.toThrow(
      /ne se supprime pas/,
    );
    await expect(
      getSql()`update payment_allocations set amount_cents = 1 where payment_id = ${payment!.id}`,
    ).rejects.toThrow(/ne se modifie pas/);
    const data = (await (await paymentsOf(household)).json()) as {
      share: { household: { toPay: string } };
    };
    expect(data.share.household.toPay).toBe('23,40\u00a0€');
  });

  it('coordonnées bancaires : IBAN vérifié ; les foyers voient où virer, avec leur référence', async () => {
    const bad = await call(indexAction, {
      request: postRequest(
        `/o/${slugs.ferme}/paiements`,
        { intent: 'bank', holder: 'GAEC du Test', iban: 'FR76 3000 6000 0112 3456 7890 188' },
        fermeOwner,
      ),
      params: { slug: slugs.ferme },
    });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.iban,
    ).toEqual(['IBAN invalide (vérifiez les chiffres : la clé de contrôle ne correspond pas).']);
    const good = await call(indexAction, {
      request: postRequest(
        `/o/${slugs.ferme}/paiements`,
        {
          intent: 'bank',
          holder: 'GAEC du Test',
          iban: 'fr76 3000 6000 0112 3456 7890 189',
          bic: 'agrifrpp839',
        },
        fermeOwner,
      ),
      params: { slug: slugs.ferme },
    });
    expect(good.status).toBe(302);
    const data = (await (await paymentsOf(household)).json()) as {
      share: {
        transfers: {
          producer: string;
          iban: string;
          bic: string;
          amount: string;
          reference: string;
        }[];
        household: { reference: string };
      };
    };
    expect(data.share.transfers).toEqual([
      expect.objectContaining({
        iban: 'FR76 3000 6000 0112 3456 7890 189',
        bic: 'AGRIFRPP839',
        amount: '15,00\u00a0€',
        reference: data.share.household.reference,
      }),
    ]);
    expect(data.share.household.reference).toMatch(
      /^CABAS-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/,
    );
  });

  it('un virement noté avec la référence du foyer (écrite n’importe comment) est rapproché', async () => {
    const data = (await (await paymentsOf(household)).json()) as {
      share: { household: { reference: string } };
    };
    const typed = data.share.household.reference.toLowerCase().replace(/-/g, ' ');
    const response = await post(
      {
        intent: 'record',
        householdId: sheet.households[0]!.householdId,
        producerId: sheet.producers.get('ferme')!.producerId,
        method: 'transfer',
        amount: '',
        reference: typed,
        receivedOn: TODAY,
      },
      coordinator,
    );
    expect(response.status).toBe(302);
    const [row] = await getSql()<{ reference: string; amount_cents: number }[]>`
      select reference, amount_cents from payments where method = 'transfer'`;
    expect(row).toEqual({ reference: data.share.household.reference, amount_cents: 1500 });
  });

  it('rapprochement et CSV : attendu contre reçu par foyer et producteur ; un filtre invalide est refusé en français', async () => {
    const csv = await (
      await call(csvLoader, {
        request: getRequest(`/o/${slugs.group}/paiements/rapprochement.csv`, coordinator),
        params: { slug: slugs.group },
      })
    ).text();
    const lines = csv
      .replace(/^\uFEFF/, '')
      .split('\r\n')
      .filter(Boolean);
    expect(lines[0]).toMatch(/^Livraison;Groupe;Feuille;Foyer;Producteur;Référence de virement;/);
    expect(lines).toHaveLength(4);
    const ferme = lines.find(
      (line) => line.includes(';Ferme du Test') && line.includes(';15,00;'),
    )!;
    expect(ferme).toContain(';15,00;0,00;0,00;0,00;15,00;0,00;0,00;0,00;0,00;Payé');
    const producerCsv = await (
      await call(csvLoader, {
        request: getRequest(
          `/o/${slugs.fournil}/paiements/rapprochement.csv`,
          await sessionCookieFor(sheet.producers.get('fournil')!.ownerId),
        ),
        params: { slug: slugs.fournil },
      })
    ).text();
    // A producer sees its own parts only.
    expect(producerCsv.split('\r\n').filter(Boolean)).toHaveLength(3);
    expect(producerCsv).not.toContain('15,00');
    for (const query of [
      '?du=2026-13-01',
      '?du=2026-12-10&au=2026-12-01',
      '?feuille=pas-un-uuid',
    ]) {
      const page = await call(reconciliationLoader, {
        request: getRequest(`/o/${slugs.group}/paiements/rapprochement${query}`, coordinator),
        params: { slug: slugs.group },
      });
      expect(page.status).toBe(400);
      expect(((await page.json()) as { errors: string[] }).errors[0]).toMatch(
        /invalide|à l’envers/,
      );
      const file = await call(csvLoader, {
        request: getRequest(`/o/${slugs.group}/paiements/rapprochement.csv${query}`, coordinator),
        params: { slug: slugs.group },
      });
      expect(file.status).toBe(400);
    }
  });

  it('trop payé en espèces : la coordinatrice voit le trop-perçu et note ce qu’elle rend', async () => {
    const other = sheet.households[1]!.householdId;
    const fournil = sheet.producers.get('fournil')!.producerId;
    expect(
      (
        await post(
          {
            intent: 'record',
            householdId: other,
            producerId: fournil,
            method: 'cash',
            amount: '10',
            reference: '',
            receivedOn: TODAY,
          },
          coordinator,
        )
      ).status,
    ).toBe(302);
    const data = (await (await paymentsOf(coordinator)).json()) as {
      manager: { overpaid: { householdId: string; producerId: string; amount: string }[] };
    };
    expect(data.manager.overpaid).toEqual([
      expect.objectContaining({ householdId: other, producerId: fournil, amount: '5,80\u00a0€' }),
    ]);
    const tooMuch = await post(
      {
        intent: 'refund-manual',
        householdId: other,
        producerId: fournil,
        method: 'cash',
        amount: '6',
      },
      coordinator,
    );
    expect(tooMuch.status).toBe(400);
    expect(((await tooMuch.json()) as { errors: string[] }).errors[0]).toContain(
      'dépasse le trop-perçu',
    );
    expect(
      (
        await post(
          {
            intent: 'refund-manual',
            householdId: other,
            producerId: fournil,
            method: 'cash',
            amount: '',
          },
          coordinator,
        )
      ).status,
    ).toBe(302);
    const after = (await (await paymentsOf(coordinator)).json()) as {
      manager: { overpaid: unknown[] };
    };
    expect(after.manager.overpaid).toEqual([]);
  });

  it('un groupe qui confirme ses feuilles : rien n’est payable avant la confirmation de la coordinatrice', async () => {
    const settings = await call(indexAction, {
      request: postRequest(
        `/o/${slugs.group}/paiements`,
        { intent: 'settings', requiresConfirmation: 'on' },
        coordinator,
      ),
      params: { slug: slugs.group },
    });
    expect(settings.status).toBe(302);
    const before = (await (await paymentsOf(household)).json()) as { isPayable: boolean };
    expect(before.isPayable).toBe(false);
    const refused = await post(
      {
        intent: 'record',
        householdId: sheet.households[0]!.householdId,
        producerId: 'all',
        method: 'cash',
        amount: '',
        reference: '',
        receivedOn: TODAY,
      },
      coordinator,
    );
    // Hand payments stay possible once the sheet is closed; only payment by the households waits.
    expect(refused.status).toBe(302);
    expect((await post({ intent: 'confirm' }, coordinator)).status).toBe(302);
    const after = (await (await paymentsOf(household)).json()) as { isPayable: boolean };
    expect(after.isPayable).toBe(true);
  });
});
