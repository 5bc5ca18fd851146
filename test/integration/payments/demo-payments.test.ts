import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { householdViews } from '#app/models/payment-views.server.ts';
import { seedDemo } from '#app/seed/demo.server.ts';
import { DEMO_PAID_SHEET_TITLE, seedDemoPayments } from '#app/seed/demo-payments.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();

describe('seedDemoPayments', () => {
  it('une feuille close de la démo, des foyers payés en ligne, en espèces, en partie par virement, un foyer à payer ; une seule fois', async () => {
    await seedDemo();
    expect(await seedDemoPayments()).toEqual({ sheetId: null });
    const [sheet] = await getSql()<{ id: string; status: string }[]>`
      select id, status from sheets where title = ${DEMO_PAID_SHEET_TITLE}`;
    expect(sheet!.status).toBe('closed');
    const ledger = (await loadSheetLedger({ sheetId: sheet!.id }))!;
    const statuses = Object.fromEntries(householdViews(ledger).map((h) => [h.name, h.statusLabel]));
    expect(statuses).toEqual({
      Benali: 'Payé en partie',
      Dupont: 'Payé',
      Garcia: 'À payer',
      Nguyen: 'Payé',
    });
    // Every expected amount is the household's invoice, to the cent.
    expect(
      ledger.parts.every((part) => part.due.basis === 'invoiced' && part.due.invoices.length === 1),
    ).toBe(true);
    const [cells] = await getSql()<
      { n: number }[]
    >`select count(*)::int as n from sheet_cells where sheet_id = ${sheet!.id}`;
    expect(cells!.n).toBe(10);
  });
});
