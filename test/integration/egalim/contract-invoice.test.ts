import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { submitProOrder } from '#app/models/egalim-pro-order.server.ts';
import { saveTurnovers } from '#app/models/egalim-turnover.server.ts';
import { getInvoice, issueRoundInvoices } from '#app/models/invoice.server.ts';
import { markRoundDelivered } from '#app/models/round-delivery.server.ts';
import { expectEveryStoredInvoiceValid } from '#test/einvoice/stored-invoices.ts';
import { makeB1Indicators, makeProSetup, makeSignedContract } from '#test/factories/egalim.ts';
import { LEGAL } from '#test/factories/invoicing.ts';
import { setupTestDatabase } from '#test/setup/db.ts';

setupTestDatabase();
expectEveryStoredInvoiceValid();

/**
 * Issue « Egalim 2 », done when: with the contract it needs, a professional order's invoice line
 * carries the contract reference and the price trace, and the invoice passes the official chain.
 * RULES-FR B1: 5.332 €/kg × 420 kg = 2 239,44 € — the formula's decimals are kept on the order
 * line and the amount is rounded once, on the invoice line.
 */
describe('facture d’une commande pro au prix d’un contrat Egalim (B1)', () => {
  it('la ligne porte la référence du contrat, la trace du calcul et 2 239,44 € HT', async () => {
    const setup = await makeProSetup();
    // Legal identities complete enough to invoice (B2B: SIREN, VAT number, addresses).
    const ferme = LEGAL.ferme;
    await getDb()
      .update(organisations)
      .set({ ...ferme, siren: ferme.siret.slice(0, 9), vatRegime: 'liable' })
      .where(eq(organisations.id, setup.producer.id));
    await getDb()
      .update(organisations)
      .set(LEGAL.bistrot)
      .where(eq(organisations.id, setup.buyer.id));
    for (const [organisationId, euros] of [
      [setup.buyer.id, 150_000],
      [setup.producer.id, 25_000],
    ] as const) {
      await saveTurnovers({
        organisationId,
        year: 2026,
        actorId: null,
        entries: [{ egalimCategory: 'bovine_heifer', isSiqo: true, turnoverCents: euros * 100 }],
      });
    }
    await makeB1Indicators(setup.producer.id);
    const contract = await makeSignedContract({
      producerId: setup.producer.id,
      producerOwnerId: setup.producerOwner.id,
      buyerId: setup.buyer.id,
      buyerSlug: setup.buyer.slug,
      buyerOwnerId: setup.buyerOwner.id,
    });
    const ordered = await submitProOrder({
      buyerId: setup.buyer.id,
      stopId: setup.stopId,
      lines: [
        { productId: setup.heiferId, quantityMilli: 420_000 },
        { productId: setup.carrotId, quantityMilli: 5_000 },
      ],
      now: new Date('2026-11-22T09:00:00Z'),
      actorId: setup.buyerOwner.id,
    });
    expect(ordered.ok).toBe(true);

    expect(
      await markRoundDelivered({ roundId: setup.roundId, producerId: setup.producer.id }),
    ).toEqual({ ok: true });
    const issued = await issueRoundInvoices({
      roundId: setup.roundId,
      producerId: setup.producer.id,
      issueDate: '2027-03-15',
      actorId: setup.producerOwner.id,
    });
    expect(issued, JSON.stringify(issued)).toMatchObject({ ok: true, status: 'issued' });
    if (!issued.ok) return;
    expect(issued.invoices).toHaveLength(1);

    const detail = await getInvoice({
      producerId: setup.producer.id,
      invoiceId: issued.invoices[0]!.id,
    });
    const snapshot = detail!.snapshot;
    const heifer = snapshot.lines.find((line) => line.label.startsWith('Génisse'))!;
    expect(heifer).toMatchObject({
      quantityMilli: 420_000,
      unitPriceCents: 5332,
      priceBaseQuantityMilli: 10_000,
      netAmountCents: 2_239_44,
      contractReference: contract.reference,
    });
    expect(heifer.priceTrace).toEqual(
      expect.arrayContaining([
        'Coût de production 5,10 × 0,70 = 3,570',
        'Cotation génisse U 4,44 × 0,30 = 1,332',
        'Prix retenu : 5,332',
      ]),
    );
    // Carrots (writing optional, RULES-FR X2) at the professional price: 5 kg × 1,80 €.
    const carrots = snapshot.lines.find((line) => line.label.startsWith('Carottes'))!;
    expect(carrots).toMatchObject({ netAmountCents: 9_00 });
    expect(carrots.contractReference).toBeUndefined();
    expect(snapshot.totals.taxBasisTotalCents).toBe(2_248_44);

    // The CII carries the contract reference and the exact net price (BT-146 per BT-149).
    const xml = detail!.ciiXml;
    expect(xml).toContain(contract.reference);
    expect(xml).toMatch(
      /<ram:ChargeAmount>53\.32<\/ram:ChargeAmount>\s*<ram:BasisQuantity unitCode="KGM">10<\/ram:BasisQuantity>/,
    );
    expect(xml).toContain('<ram:LineTotalAmount>2239.44</ram:LineTotalAmount>');
  });
});
