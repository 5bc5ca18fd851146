import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { lastDayOf, shiftMonth } from '#app/domain/milk/month.ts';
import { loadMilkMonth } from '#app/models/milk-pay.server.ts';
import { loadProducerMilkHome } from '#app/models/milk-views.server.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import { loader as dashboardLoader } from '#app/routes/o.$slug._index.tsx';
import { loader as layoutLoader } from '#app/routes/o.$slug.tsx';
import { seedDemo } from '#app/seed/demo.server.ts';
import { seedDemoMilk } from '#app/seed/demo-milk.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import { call, getRequest, sessionCookieFor } from '#test/utils/requests.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

describe('démo du lait', () => {
  it('la Laiterie de la Coise a payé et autofacturé le mois dernier des deux fermes, et collecte ce mois-ci', async () => {
    await seedDemo();
    const today = parisDayOf(new Date());
    const thisMonth = today.slice(0, 7);
    const lastMonth = shiftMonth(thisMonth, -1);
    const dairy = await getOrganisationBySlug('laiterie-de-la-coise');
    const view = await loadMilkMonth({ dairyId: dairy!.id, month: lastMonth, today });
    expect(view.rows.map((row) => [row.supplier.producerName, row.state])).toEqual([
      ['GAEC des Monts', 'invoiced'],
      ['Ferme du Pilat', 'invoiced'],
    ]);
    for (const row of view.rows) {
      expect(row.statement).toMatchObject({
        invoiceTypeCode: '389',
        issuedOn: lastDayOf(lastMonth),
        revision: 1,
      });
      expect(row.pay!.collectionCount).toBeGreaterThanOrEqual(14);
      expect(row.pay!.trace).toContain(
        row.pay!.trace.find((step) => step.startsWith('Prix du lait :')),
      );
    }
    const [liable, flat] = view.rows;
    expect(liable!.pay!.pay.cents.vat).toBeGreaterThan(0);
    expect(flat!.pay!.pay.cents).toMatchObject({ vat: 0, flatRateRefund: expect.any(Number) });

    const current = await loadMilkMonth({ dairyId: dairy!.id, month: thisMonth, today });
    expect(current.isFinished).toBe(today === lastDayOf(thisMonth));
    expect(current.grid).toMatchObject({ version: 1, grid: { basePrice: 455 } });
    expect(current.rows.every((row) => row.state === 'ready' || row.state === 'refused')).toBe(
      true,
    );

    const gaec = await getOrganisationBySlug('gaec-des-monts');
    const home = await loadProducerMilkHome(gaec!, today);
    expect(home.dairies).toHaveLength(1);
    expect(home.dairies[0]).toMatchObject({ name: 'Laiterie de la Coise', code: 'CO-0112' });
    expect(home.dairies[0]!.collections.length).toBeGreaterThan(0);
    expect(home.dairies[0]!.statements[0]).toMatchObject({ month: lastMonth, canContest: true });

    // Idempotent: a second run adds nothing.
    const count = async () =>
      (await getSql()<{ n: number }[]>`select count(*)::int as n from milk_collections`)[0]!.n;
    const before = await count();
    await seedDemoMilk();
    expect(await count()).toBe(before);
  }, 120_000);

  it('l’onglet « Lait » : la laiterie et ses producteurs l’ont ; un restaurant non, il peut commencer depuis son tableau de bord', async () => {
    const tabs = async (email: string, slug: string) => {
      const user = await findUserByEmail(email);
      const cookie = await sessionCookieFor(user!.id);
      const layout = await call(layoutLoader, {
        request: getRequest(`/o/${slug}`, cookie),
        params: { slug },
      });
      const dashboard = await call(dashboardLoader, {
        request: getRequest(`/o/${slug}`, cookie),
        params: { slug },
      });
      return {
        milkTab: ((await layout.json()) as { can: { milk: boolean } }).can.milk,
        canStartMilk: ((await dashboard.json()) as { canStartMilk: boolean }).canStartMilk,
      };
    };
    expect(await tabs('laiterie@demo.cabas.fr', 'laiterie-de-la-coise')).toEqual({
      milkTab: true,
      canStartMilk: false,
    });
    expect(await tabs('laitier@demo.cabas.fr', 'gaec-des-monts')).toEqual({
      milkTab: true,
      canStartMilk: false,
    });
    expect(await tabs('restaurant@demo.cabas.fr', 'le-bouchon-des-canuts')).toEqual({
      milkTab: false,
      canStartMilk: true,
    });
    expect(await tabs('maraicher@demo.cabas.fr', 'ferme-des-quatre-saisons')).toEqual({
      milkTab: false,
      canStartMilk: false,
    });
  });
});
