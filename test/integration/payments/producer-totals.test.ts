import { describe, expect, it } from 'vitest';
import { getSql } from '#app/db/client.server.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { issueCreditNote } from '#app/models/invoice.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { runPaymentOutbox } from '#app/models/payment-outbox.server.ts';
import { planCreditNoteRefunds, planSettlementRefunds } from '#app/models/payment-refund.server.ts';
import { setupTestDatabase } from '#test/setup/db.ts';
import {
  type ClosedSheet,
  connectProducer,
  deliverAndInvoice,
  ISSUE_DAY,
  makeClosedSheet,
  openCheckout,
  type ProducerSpec,
  setupStripeFake,
} from './harness.ts';

setupTestDatabase();
const fake = setupStripeFake({ fee: { bp: 120, fixedCents: 10 } });

const PRODUCERS: ProducerSpec[] = [
  {
    key: 'ferme',
    products: [
      { key: 'panier', name: 'Panier de légumes', grossCents: 1500 },
      { key: 'carottes', name: 'Carottes', saleUnit: 'kg', grossCents: 320, stepMilli: 500 },
      {
        key: 'poulet',
        name: 'Poulet fermier',
        grossCents: 1290,
        isVariableWeight: true,
        estimatedWeightGrams: 1800,
      },
      { key: 'fleurs', name: 'Bouquet de fleurs', grossCents: 800, vatRateBp: 1000 },
      { key: 'cidre', name: 'Cidre brut', grossCents: 590, vatRateBp: 2000 },
    ],
  },
  {
    key: 'chevrerie',
    vatRegime: 'flat_rate',
    products: [
      { key: 'crottin', name: 'Crottin de chèvre', grossCents: 350 },
      {
        key: 'tomme',
        name: 'Tomme de chèvre',
        grossCents: 2490,
        isVariableWeight: true,
        estimatedWeightGrams: 400,
      },
    ],
  },
  {
    key: 'fournil',
    products: [
      { key: 'pain', name: 'Pain de campagne', grossCents: 420 },
      { key: 'brioche', name: 'Brioche', grossCents: 675, vatRateBp: 550 },
    ],
  },
];

/** A deterministic generator (LCG), so a failing dataset can be replayed from its seed. */
function generator(seed: number) {
  let state = seed;
  return (max: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % max;
  };
}

type Dataset = {
  cells: [number, string, number][];
  /** Per producer: delivery entries (shortages, actual weights). */
  deliveries: Record<
    string,
    { household: number; product: string; grams?: number; delivered?: number }[]
  >;
};

const HOUSEHOLDS = 6;

function dataset(seed: number): Dataset {
  const next = generator(seed);
  const cells: Dataset['cells'] = [];
  const deliveries: Dataset['deliveries'] = { ferme: [], chevrerie: [], fournil: [] };
  for (let household = 0; household < HOUSEHOLDS; household++) {
    for (const producer of PRODUCERS) {
      for (const product of producer.products) {
        if (next(3) === 0) {
          continue;
        }
        const step = product.stepMilli ?? 1000;
        const quantity = step * (1 + next(4));
        cells.push([household, product.key, quantity]);
        const fate = next(5);
        if (product.isVariableWeight) {
          // Weighed: ±20 % around the estimate, or missing.
          const estimate = ((product.estimatedWeightGrams ?? 0) * quantity) / 1000;
          deliveries[producer.key]!.push(
            fate === 0
              ? { household, product: product.key, delivered: 0 }
              : {
                  household,
                  product: product.key,
                  grams: Math.round(estimate * (0.8 + next(41) / 100)),
                },
          );
        } else if (fate === 0) {
          deliveries[producer.key]!.push({ household, product: product.key, delivered: 0 });
        } else if (fate === 1 && quantity > step) {
          deliveries[producer.key]!.push({
            household,
            product: product.key,
            delivered: quantity - step,
          });
        }
      }
    }
  }
  return { cells, deliveries };
}

async function payEverythingOnline(sheet: ClosedSheet) {
  for (let household = 0; household < HOUSEHOLDS; household++) {
    const opened = await openCheckout(sheet, household);
    if (!opened.ok) {
      // Nothing (more) to pay for this household.
      expect(opened.message).toMatch(/Rien à payer/);
      continue;
    }
    expect(await fake().pay(opened.sessionId)).toBe(200);
  }
}

/** Σ over the producer's connected account of transfers minus reversals (Stripe's side). */
function movedTo(accountId: string): number {
  return fake()
    .state()
    .transfers.filter((transfer) => transfer.destination === accountId)
    .reduce(
      (sum, transfer) => sum + (transfer.amount as number) - (transfer.amount_reversed as number),
      0,
    );
}

async function invoicedFor(producerId: string, householdIds: string[]) {
  const [row] = await getSql()<{ invoiced: number; credited: number }[]>`
    select coalesce(sum(gross_total_cents) filter (where type_code = '380'), 0)::int as invoiced,
           coalesce(sum(gross_total_cents) filter (where type_code = '381'), 0)::int as credited
    from invoices where issuer_id = ${producerId} and household_id = any(${householdIds}::uuid[])`;
  return row!.invoiced - row!.credited;
}

describe('ce que reçoit chaque producteur', () => {
  it.each([[7], [2026]])(
    'égale ses factures de la feuille (moins ses avoirs) au centime — jeu de données %i : plusieurs producteurs, TVA 5,5/10/20 % et forfait, poids variables, manquants',
    async (seed) => {
      const data = dataset(seed);
      const sheet = await makeClosedSheet({
        producers: PRODUCERS,
        households: HOUSEHOLDS,
        cells: data.cells,
      });
      const accounts = new Map<string, string>();
      for (const [key, producer] of sheet.producers) {
        accounts.set(key, await connectProducer(fake(), producer.producerId, producer.ownerId));
      }
      const householdIds = sheet.households.map((household) => household.householdId);

      // 1. Everyone pays the estimated share online as soon as the sheet is closed.
      await payEverythingOnline(sheet);
      // 2. Delivery (actual weights, shortages), then each producer issues its invoices.
      for (const key of sheet.producers.keys()) {
        await deliverAndInvoice(sheet, key, data.deliveries[key] ?? []);
      }
      // 3. Overpayments are refunded (refund + reversal), underpayments are paid online.
      const refundIds = await planSettlementRefunds({ sheetIds: [sheet.sheetId], actorId: null });
      await runPaymentOutbox({ refundIds });
      const firstPayments = await getSql()<{ n: number }[]>`
        select count(*)::int as n from payments where sheet_id = ${sheet.sheetId} and status = 'succeeded'`;
      await payEverythingOnline(sheet);
      const allPayments = await getSql()<{ n: number }[]>`
        select count(*)::int as n from payments where sheet_id = ${sheet.sheetId} and status = 'succeeded'`;
      // The dataset exercises both directions: refunds and second payments.
      expect(refundIds.length).toBeGreaterThan(0);
      expect(allPayments[0]!.n).toBeGreaterThan(firstPayments[0]!.n);
      // 4. A credit note afterwards on the farm's first invoice (one unit of its first line).
      const [invoice] = await getSql()<{ id: string; snapshot: InvoiceSnapshot | string }[]>`
        select id, snapshot from invoices where issuer_id = ${sheet.producers.get('ferme')!.producerId}
        order by display_number limit 1`;
      if (invoice) {
        const snapshot = (
          typeof invoice.snapshot === 'string' ? JSON.parse(invoice.snapshot) : invoice.snapshot
        ) as InvoiceSnapshot;
        const line = snapshot.lines[0]!;
        const creditNote = await issueCreditNote({
          invoiceId: invoice.id,
          producerId: sheet.producers.get('ferme')!.producerId,
          selection: [{ lineId: line.lineId, quantityMilli: Math.min(line.quantityMilli, 500) }],
          reason: 'produit abîmé',
          actorId: null,
          issueDate: ISSUE_DAY,
        });
        if (!creditNote.ok) throw new Error(creditNote.message);
        const planned = await planCreditNoteRefunds({
          creditNoteId: creditNote.creditNote.id,
          actorId: null,
        });
        expect(planned.refundedOnlineCents).toBe(creditNote.creditNote.grossTotalCents);
        await runPaymentOutbox({ refundIds: planned.refundIds });
      }
      await fake().flush();

      // Every part is settled, and Stripe moved to each producer exactly its invoices.
      const ledger = (await loadSheetLedger({ sheetId: sheet.sheetId }))!;
      expect(ledger.parts.filter((part) => balanceOf(part.amounts) !== 0)).toEqual([]);
      for (const [key, producer] of sheet.producers) {
        const invoiced = await invoicedFor(producer.producerId, householdIds);
        expect(invoiced, key).toBeGreaterThan(0);
        expect(movedTo(accounts.get(key)!), key).toBe(invoiced);
        const transferred = ledger.parts
          .filter((part) => part.producerId === producer.producerId)
          .reduce((sum, part) => sum + part.transferredCents, 0);
        expect(transferred, `${key} (registre)`).toBe(invoiced);
      }
      // What the households paid beyond the producers' money is exactly the fees, kept apart.
      const fees = ledger.payments.reduce((sum, payment) => sum + payment.feeCents, 0);
      const paid = ledger.payments.reduce((sum, payment) => sum + payment.amountCents, 0);
      const refunded = ledger.refunds.reduce((sum, refund) => sum + refund.amountCents, 0);
      const invoicedTotal = (
        await Promise.all(
          [...sheet.producers.values()].map((p) => invoicedFor(p.producerId, householdIds)),
        )
      ).reduce((sum, cents) => sum + cents, 0);
      expect(paid - refunded - fees).toBe(invoicedTotal);
      expect(fees).toBeGreaterThan(0);
    },
  );
});
