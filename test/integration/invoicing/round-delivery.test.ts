import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';
import { markRoundDelivered, recordDelivery } from '#app/models/round-delivery.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { makeGroup, makeRound, makeSeller } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

async function plannedRound() {
  const { producerId } = await makeSeller();
  const { groupId, householdIds } = await makeGroup(1);
  const round = await makeRound({
    producerId,
    status: 'planned',
    orders: [
      {
        customer: { householdId: householdIds[0]! },
        stopOrganisationId: groupId,
        lines: [
          { name: 'Pommes', saleUnit: 'kg', quantityMilli: 2000, unitPriceCents: 290 },
          {
            name: 'Rôti de porc',
            isVariableWeight: true,
            quantityMilli: 2000,
            unitPriceCents: 1890,
          },
        ],
      },
    ],
  });
  const [apples, roast] = round.lineIds[0] as [string, string];
  return { producerId, roundId: round.roundId, apples, roast };
}

describe('recordDelivery', () => {
  it('enregistre ruptures et poids réels, puis la tournée se clôt et se facture', async () => {
    const { producerId, roundId, apples, roast } = await plannedRound();
    expect(await markRoundDelivered({ roundId, producerId })).toMatchObject({
      ok: false,
      code: 'missing_actual_weight',
      message: expect.stringMatching(/Rôti de porc/),
    });
    const recorded = await recordDelivery({
      roundId,
      producerId,
      lines: [
        { orderLineId: apples, deliveredQuantityMilli: 1500 },
        { orderLineId: roast, actualWeightGrams: 2430 },
      ],
    });
    expect(recorded).toEqual({ ok: true, updated: 2 });
    expect(await markRoundDelivered({ roundId, producerId })).toEqual({ ok: true });
    const issued = await issueRoundInvoices({
      roundId,
      producerId,
      issueDate: '2026-09-15',
      actorId: null,
    });
    if (!issued.ok) throw new Error(issued.message);
    // 1,5 kg × 2,90 + 2,43 kg × 18,90 TTC at 5.5 %: nets 4,12 + 43,53 = 47,65, VAT on the sum
    // 2,62 (BR-CO-17) → 50,27 €, one cent under the 50,28 € of the TTC lines (known limit).
    expect(issued.invoices[0]).toMatchObject({ netTotalCents: 4765, grossTotalCents: 5027 });
    expect(
      await recordDelivery({
        roundId,
        producerId,
        lines: [{ orderLineId: apples, deliveredQuantityMilli: 0 }],
      }),
    ).toMatchObject({ ok: false, code: 'round_closed', message: expect.stringMatching(/avoir/) });
  });

  it('valide chaque ligne et n’écrit rien en cas d’erreur', async () => {
    const { producerId, roundId, apples, roast } = await plannedRound();
    const other = await plannedRound();
    const result = await recordDelivery({
      roundId,
      producerId,
      lines: [
        { orderLineId: apples, deliveredQuantityMilli: 1000 },
        { orderLineId: apples, actualWeightGrams: 1000 },
        { orderLineId: roast, deliveredQuantityMilli: 3000 },
        { orderLineId: other.apples, deliveredQuantityMilli: 0 },
      ],
    });
    expect(result).toMatchObject({ ok: false, code: 'invalid_lines' });
    expect(result.ok ? [] : result.lineErrors.map((error) => error.message)).toEqual([
      '« Pommes » est saisie deux fois.',
      '« Rôti de porc » : on ne livre pas plus que la quantité commandée.',
      'Ligne de commande inconnue sur cette tournée.',
    ]);
    const rows = await getSql()`
      select delivered_quantity_milli from order_lines where id = ${apples}`;
    expect(rows[0]?.delivered_quantity_milli).toBeNull();
  });

  it.each([
    [
      'un poids sur un produit à la pièce',
      (ids: { apples: string }) => ({ orderLineId: ids.apples, actualWeightGrams: 800 }),
      /pas vendu au poids/,
    ],
    [
      'un poids nul',
      (ids: { roast: string }) => ({ orderLineId: ids.roast, actualWeightGrams: 0 }),
      /poids réel invalide/,
    ],
    [
      'une quantité décimale',
      (ids: { apples: string }) => ({ orderLineId: ids.apples, deliveredQuantityMilli: 1.5 }),
      /quantité livrée invalide/,
    ],
  ])('refuse %s', async (_label, entry, message) => {
    const ids = await plannedRound();
    const result = await recordDelivery({
      roundId: ids.roundId,
      producerId: ids.producerId,
      lines: [entry(ids)],
    });
    expect(result.ok ? '' : result.message).toMatch(message);
  });

  it('ne touche pas à la tournée d’un autre producteur', async () => {
    const ids = await plannedRound();
    const other = await makeSeller();
    expect(
      await recordDelivery({ roundId: ids.roundId, producerId: other.producerId, lines: [] }),
    ).toMatchObject({ ok: false, code: 'round_not_found' });
  });
});
