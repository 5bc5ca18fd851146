// The JSON of the payments endpoints: the payment views of the web pages (payment-views), their
// figures in integer cents and their codes, never the formatted French strings.
import { z } from 'zod';
import type { PaymentMethod, PaymentStatus } from '#app/domain/payments/labels.ts';
import {
  BALANCE_STATUS_LABELS,
  METHOD_LABELS,
  PAYMENT_STATUS_LABELS,
} from '#app/domain/payments/labels.ts';
import type { BalanceStatus } from '#app/domain/payments/ledger.ts';
import { DUE_BASIS_LABELS, type DueBasis } from '#app/domain/payments/reconciliation.ts';
import type { SheetLedger } from '#app/models/payment-ledger.server.ts';
import {
  type HouseholdView,
  householdViews,
  type PartView,
  paymentViews,
  producerTotals,
} from '#app/models/payment-views.server.ts';

const keysOf = <K extends string>(record: Record<K, string>) => Object.keys(record) as [K, ...K[]];

const Cents = z.number().int().describe('Montant en centimes d’euro (entier)');
const BalanceStatusSchema = z
  .enum(keysOf<BalanceStatus>(BALANCE_STATUS_LABELS))
  .describe('unpaid : à payer, partial : payé en partie, overpaid : trop-perçu');
const ByMethodSchema = z
  .object({ card: Cents, cash: Cents, cheque: Cents, transfer: Cents })
  .describe('Reçu par moyen de paiement (paiements aboutis, avant remboursements)');

const PartSchema = z.object({
  producerId: z.string(),
  producerName: z.string(),
  dueCents: Cents,
  dueBasis: z
    .enum(keysOf<DueBasis>(DUE_BASIS_LABELS))
    .describe('invoiced : facture moins avoirs ; delivered, ordered : part calculée avant facture'),
  isEstimate: z.boolean().describe('Part au poids estimé (produits vendus au poids non pesés)'),
  invoiceNumbers: z.array(z.string()),
  problem: z.string().nullable(),
  paidCents: Cents,
  paidByMethodCents: ByMethodSchema,
  refundedCents: Cents,
  pendingCents: Cents.describe('Paiement en ligne en cours de confirmation'),
  balanceCents: Cents.describe('Attendu − payé + remboursé : positif, reste à payer'),
  status: BalanceStatusSchema,
  statusLabel: z.string(),
});

export const HouseholdSchema = z.object({
  id: z.string(),
  name: z.string(),
  transferReference: z.string(),
  status: BalanceStatusSchema,
  statusLabel: z.string(),
  dueCents: Cents,
  paidCents: Cents,
  paidByMethodCents: ByMethodSchema,
  refundedCents: Cents,
  pendingCents: Cents,
  toPayCents: Cents.describe('Reste à payer'),
  toRefundCents: Cents.describe('Trop-perçu à rendre'),
  parts: z.array(PartSchema).describe('Une part par producteur'),
});

const ProducerTotalSchema = z.object({
  id: z.string(),
  name: z.string(),
  isOnline: z.boolean(),
  dueCents: Cents,
  paidCents: Cents,
  paidByMethodCents: ByMethodSchema,
  refundedCents: Cents,
  receivedCents: Cents.describe('Payé − remboursé'),
  toPayCents: Cents,
  toRefundCents: Cents,
});

export const PaymentSchema = z.object({
  id: z.string(),
  householdId: z.string(),
  method: z.enum(keysOf<PaymentMethod>(METHOD_LABELS)),
  status: z.enum(keysOf<PaymentStatus>(PAYMENT_STATUS_LABELS)),
  amountCents: Cents,
  feeCents: Cents.describe('Frais de paiement en ligne, en plus des parts'),
  reference: z.string().nullable(),
  receivedOn: z.string().nullable().describe('Jour de réception (AAAA-MM-JJ), paiements à la main'),
  paidAt: z.iso.datetime().nullable(),
  cancelReason: z.string().nullable(),
  isCancellable: z.boolean(),
  parts: z.array(z.object({ producerId: z.string(), amountCents: Cents })),
});

export const SheetPaymentsSchema = z.object({
  sheet: z.object({
    id: z.string(),
    title: z.string(),
    status: z.enum(['open', 'closed']),
    isPayable: z.boolean().describe('Close, et ouverte au paiement si le groupe le demande'),
    deliveryOn: z.string(),
    group: z.object({ slug: z.string(), name: z.string() }),
  }),
  viewer: z
    .object({
      kind: z.enum(['group', 'producer', 'household']),
      producerId: z.string().nullable(),
      householdId: z.string().nullable(),
    })
    .describe(
      'group : tous les foyers et producteurs ; producer : sa part seulement ; household : sa part seulement',
    ),
  households: z.array(HouseholdSchema),
  producers: z.array(ProducerTotalSchema).describe('Vide pour un foyer'),
  payments: z.array(PaymentSchema).describe('Les plus récents d’abord, annulés compris'),
});

function partJson(part: PartView): z.infer<typeof PartSchema> {
  return {
    producerId: part.producerId,
    producerName: part.producer,
    dueCents: part.dueCents,
    dueBasis: part.dueBasis,
    isEstimate: part.isEstimate,
    invoiceNumbers: part.invoices,
    problem: part.problem,
    paidCents: part.paidCents,
    paidByMethodCents: part.byMethodCents,
    refundedCents: part.refundedCents,
    pendingCents: part.pendingCents,
    balanceCents: part.balanceCents,
    status: part.status,
    statusLabel: part.statusLabel,
  };
}

export function householdJson(household: HouseholdView): z.infer<typeof HouseholdSchema> {
  return {
    id: household.id,
    name: household.name,
    transferReference: household.reference,
    status: household.status,
    statusLabel: household.statusLabel,
    dueCents: household.amounts.dueCents,
    paidCents: household.amounts.paidCents,
    paidByMethodCents: household.byMethodCents,
    refundedCents: household.amounts.refundedCents,
    pendingCents: household.amounts.pendingCents,
    toPayCents: household.toPayCents,
    toRefundCents: household.toRefundCents,
    parts: household.parts.map(partJson),
  };
}

type PaymentView = ReturnType<typeof paymentViews>[number];

export function paymentJson(payment: PaymentView): z.infer<typeof PaymentSchema> {
  return {
    id: payment.id,
    householdId: payment.householdId,
    method: payment.method,
    status: payment.status,
    amountCents: payment.amountCents,
    feeCents: payment.feeCents,
    reference: payment.reference,
    receivedOn: payment.receivedOn,
    paidAt: payment.paidAt,
    cancelReason: payment.cancelReason,
    isCancellable: payment.isCancellable,
    parts: payment.parts.map((part) => ({
      producerId: part.producerId,
      amountCents: part.amountCents,
    })),
  };
}

/** The payment as the caller's scope of the ledger shows it, or null. */
export function findPaymentJson(ledger: SheetLedger | null, paymentId: string) {
  const payment = ledger ? paymentViews(ledger).find((row) => row.id === paymentId) : undefined;
  return payment ? paymentJson(payment) : null;
}

export function sheetPaymentsJson(
  ledger: SheetLedger,
  viewer: z.infer<typeof SheetPaymentsSchema>['viewer'],
): z.infer<typeof SheetPaymentsSchema> {
  const { sheet } = ledger;
  return {
    sheet: {
      id: sheet.id,
      title: sheet.title,
      status: sheet.status,
      isPayable: sheet.isPayable,
      deliveryOn: sheet.deliveryOn,
      group: { slug: sheet.groupSlug, name: sheet.groupName },
    },
    viewer,
    households: householdViews(ledger).map(householdJson),
    // A household's page shows its parts, not the producers' totals.
    producers:
      viewer.kind === 'household'
        ? []
        : producerTotals(ledger).map((producer) => ({
            id: producer.id,
            name: producer.name,
            isOnline: producer.isOnline,
            dueCents: producer.amounts.dueCents,
            paidCents: producer.amounts.paidCents,
            paidByMethodCents: producer.byMethodCents,
            refundedCents: producer.amounts.refundedCents,
            receivedCents: producer.receivedCents,
            toPayCents: producer.toPayCents,
            toRefundCents: producer.toRefundCents,
          })),
    payments: paymentViews(ledger).map(paymentJson),
  };
}
