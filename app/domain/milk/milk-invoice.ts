import type { OrderInput } from '#app/domain/invoicing/group-orders.ts';
import type {
  InvoiceNote,
  IsoDate,
  PrecedingInvoiceReference,
} from '#app/domain/invoicing/invoice-types.ts';
import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';
import { contestDeadline, selfBillingMandateText } from '#app/domain/op/billing-mandate.ts';
import { centsToDecimal, formatDecimalFr } from '#app/domain/pricing/decimal.ts';
import { formatDay } from '#app/i18n/format.ts';
import type { MonthPay } from './compute-month-pay.ts';
import { firstDayOf, lastDayOf } from './month.ts';
import { MILK_FLAT_RATE_REFUND_PERCENT } from './schemas.ts';

/** The billing mandate a self-billed milk invoice is issued under (EG-23, INV-07). */
export type MilkMandateInfo = {
  reference: string;
  signedOn: IsoDate;
  contestDays: number;
  /** The producer, as the mandate names it. */
  mandatorName: string;
};

/** 1000 L in thousandths of a litre: the price base of the milk line (BT-149). */
const THOUSAND_LITRES_MILLI = 1_000_000;

/** VAT-01: 5.5 % on raw milk, in basis points (ignored for a flat-rate seller). */
const MILK_VAT_RATE_BP = 550;

/**
 * The month's milk as the one order line of the self-billed invoice (RULES-FR I5): litres of
 * the month at the price per 1000 L to the thousandth (486.773 €/1000 L), perishable goods
 * (due 30 days after the end of the décade of the last delivery, INV-04), billed for the whole
 * calendar month (BG-14/BG-26), with the computation printed under the line.
 */
export function buildMilkInvoiceOrder(options: {
  orderId: string;
  producerId: string;
  dairyId: string;
  pay: MonthPay;
  contractReference?: string;
}): OrderInput {
  const { pay } = options;
  const price = decimalPriceToCents(pay.pay.pricePer1000L, THOUSAND_LITRES_MILLI);
  if (!price.ok) {
    throw new RangeError(price.message);
  }
  const period = { start: firstDayOf(pay.month), end: lastDayOf(pay.month) };
  return {
    orderId: options.orderId,
    sellerId: options.producerId,
    customerId: options.dairyId,
    deliveryDate: period.end,
    billingPeriod: period,
    lines: [
      {
        label: pay.label,
        quantityMilli: pay.litres * 1000,
        unitCode: 'LTR',
        unitPriceCents: price.unitPriceCents,
        priceBaseQuantityMilli: price.priceBaseQuantityMilli,
        vatRateBp: MILK_VAT_RATE_BP,
        productKind: 'perishable',
        ...(options.contractReference ? { contractReference: options.contractReference } : {}),
        // What the line's price is made of; VAT and totals are printed by the invoice itself.
        priceTrace: pay.trace.filter(
          (step) => !/^(TVA|Total|Remboursement forfaitaire)/.test(step),
        ),
      },
    ],
  };
}

/**
 * What a self-billed milk invoice says besides the mandatory mentions: the mandate after
 * « Autofacturation » (242 nonies A 14°), the last day the producer may contest it, the
 * flat-rate refund the farmer claims (VAT-05, never invoiced), and for a rectifying invoice
 * the invoice and credit note it follows.
 */
export function milkInvoiceMentions(options: {
  pay: MonthPay;
  mandate: MilkMandateInfo;
  issueDate: IsoDate;
  replaces?: PrecedingInvoiceReference & { creditNoteNumber: string };
}): { billingMandate: string; extraNotes: InvoiceNote[] } {
  const { pay, mandate } = options;
  const deadline = contestDeadline(options.issueDate, mandate.contestDays);
  const notes: InvoiceNote[] = [
    {
      subjectCode: 'AAI',
      text: `Le producteur peut contester cette facture jusqu’au ${formatDay(deadline)} inclus (${mandate.contestDays} jours, mandat ${mandate.reference}) ; sans contestation, elle est réputée acceptée.`,
    },
  ];
  const refund = pay.pay.cents.flatRateRefund;
  if (refund !== null) {
    notes.push({
      subjectCode: 'AAI',
      text: `Remboursement forfaitaire agricole à demander à l’État par le producteur, non facturé : ${formatDecimalFr(centsToDecimal(refund), 2)} € (${formatDecimalFr(MILK_FLAT_RATE_REFUND_PERCENT)} % de ${formatDecimalFr(centsToDecimal(pay.pay.cents.amountExclVat), 2)} €, CGI art. 298 quater).`,
    });
  }
  if (options.replaces) {
    notes.push({
      subjectCode: 'AAI',
      text: `Facture rectificative : remplace la facture ${options.replaces.number} du ${formatDay(options.replaces.issueDate)}, annulée par l’avoir ${options.replaces.creditNoteNumber}.`,
    });
  }
  return {
    billingMandate: selfBillingMandateText({
      reference: mandate.reference,
      signedOn: mandate.signedOn,
      mandatorName: mandate.mandatorName,
      contestDays: mandate.contestDays,
    }),
    extraNotes: notes,
  };
}
