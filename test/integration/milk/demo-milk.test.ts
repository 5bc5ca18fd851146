import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { lastDayOf, shiftMonth } from '#app/domain/milk/month.ts';
import { loadMilkMonth } from '#app/models/milk-pay.server.ts';
import { loadProducerMilkHome } from '#app/models/milk-views.server.ts';
import { getOrganisationBySlug } from '#app/models/organisation.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { seedDemoMilk } from '#app/seed/demo-milk.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

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
});
