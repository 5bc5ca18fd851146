import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, milkPayStatements } from '#app/db/schema.ts';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { buildInvoiceSnapshot } from '#app/domain/invoicing/build-invoice-snapshot.ts';
import { groupOrdersIntoInvoiceDrafts } from '#app/domain/invoicing/group-orders.ts';
import { toOrganisationBuyer, toSellerParty } from '#app/domain/invoicing/invoice-parties.ts';
import type {
  InvoiceSnapshot,
  PrecedingInvoiceReference,
} from '#app/domain/invoicing/invoice-types.ts';
import type { MonthPay } from '#app/domain/milk/compute-month-pay.ts';
import { buildMilkInvoiceOrder, milkInvoiceMentions } from '#app/domain/milk/milk-invoice.ts';
import {
  firstDayOf,
  isMilkMonth,
  lastDayOf,
  type MilkMonth,
  monthLabel,
} from '#app/domain/milk/month.ts';
import { toScaledInteger } from '#app/domain/pricing/decimal.ts';
import { findCoveringContract } from './egalim-contract.server.ts';
import { type AllocatedNumber, allocateInvoiceNumbers } from './invoice-numbering.server.ts';
import { storeIssuedDocuments } from './invoice-store.server.ts';
import type { MilkGridVersion } from './milk-grid.server.ts';
import {
  type FrozenStatement,
  loadMilkMonth,
  loadOrganisationIdentity,
  type MandateRef,
} from './milk-pay.server.ts';

/** A refusal thrown inside the transaction so that it rolls back (numbers included). */
export class MilkInvoiceRefusal extends Error {}

/** Serialises everything that reads or writes a dairy's month (imports, invoicing, corrections). */
export async function lockDairyMonths(tx: Transaction, dairyId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`milk-dairy:${dairyId}`}))`);
}

export type SelfBilledDocument = {
  invoiceId: string;
  statementId: string;
  number: string;
};

/**
 * Writes one self-billed milk invoice (type 389) in the producer's name, in the mandate's series
 * (continuous, from the locked counter row), with its CII XML, and the statement frozen beside
 * it (revision `revision`). Everything in the caller's transaction; any refusal throws.
 */
export async function writeSelfBilledMilkInvoice(
  tx: Transaction,
  options: {
    dairyId: string;
    producerId: string;
    supplierCode: string;
    month: MilkMonth;
    pay: MonthPay;
    grid: MilkGridVersion;
    mandate: MandateRef;
    allocated: AllocatedNumber;
    issueDate: string;
    revision: number;
    replaces?: PrecedingInvoiceReference & { creditNoteNumber: string };
    actorId: string | null;
  },
): Promise<SelfBilledDocument & { snapshot: InvoiceSnapshot }> {
  const [producer, dairy] = await Promise.all([
    loadOrganisationIdentity(tx, options.producerId),
    loadOrganisationIdentity(tx, options.dairyId),
  ]);
  if (!producer || !dairy) {
    throw new Error('unreachable: supplier and dairy exist');
  }
  const seller = toSellerParty(producer);
  const buyer = toOrganisationBuyer(dairy);
  if (!seller.ok || !buyer.ok) {
    throw new MilkInvoiceRefusal(
      [seller, buyer].flatMap((party) => (party.ok ? [] : [party.message])).join(' '),
    );
  }
  const contract = await findCoveringContract(tx, {
    producerId: options.producerId,
    buyerId: options.dairyId,
    egalimCategory: 'milk_cow',
    isSiqo: false,
    day: lastDayOf(options.month),
  });
  const statementId = randomUUID();
  const order = buildMilkInvoiceOrder({
    orderId: statementId,
    producerId: options.producerId,
    dairyId: options.dairyId,
    pay: options.pay,
    ...(contract ? { contractReference: contract.reference } : {}),
  });
  const grouped = groupOrdersIntoInvoiceDrafts({
    orders: [order],
    sellers: [{ sellerId: options.producerId, vatRegime: seller.vatRegime }],
  });
  const [draft] = grouped.ok ? grouped.drafts : [];
  if (!draft) {
    throw new MilkInvoiceRefusal(grouped.ok ? 'Rien à facturer.' : grouped.message);
  }
  if (
    draft.totals.taxBasisTotalCents !== options.pay.pay.cents.amountExclVat ||
    draft.totals.vatTotalCents !== options.pay.pay.cents.vat
  ) {
    // Same price, litres and single rounding on both sides: a difference is a bug.
    throw new Error(`milk invoice totals differ from the pay computation (${options.month})`);
  }
  const mentions = milkInvoiceMentions({
    pay: options.pay,
    mandate: { ...options.mandate, mandatorName: producer.legalName ?? producer.name },
    issueDate: options.issueDate,
    ...(options.replaces ? { replaces: options.replaces } : {}),
  });
  const built = buildInvoiceSnapshot({
    draft,
    number: options.allocated.displayNumber,
    issueDate: options.issueDate,
    typeCode: '389',
    seller: seller.party,
    buyer: buyer.buyer.party,
    buyerKind: 'b2b',
    billingMandate: mentions.billingMandate,
    extraNotes: mentions.extraNotes,
    buyerReference: `Paie du lait ${monthLabel(options.month)} — fournisseur ${options.supplierCode}`,
    ...(options.replaces ? { replaces: options.replaces } : {}),
  });
  if (!built.ok) {
    throw new MilkInvoiceRefusal(built.message);
  }
  const xml = toCii(built.invoice);
  if (!xml.ok) {
    throw new MilkInvoiceRefusal(xml.message);
  }
  const invoiceId = randomUUID();
  await storeIssuedDocuments(tx, [
    {
      id: invoiceId,
      issuerId: options.producerId,
      allocated: options.allocated,
      snapshot: built.invoice,
      ciiXml: xml.xml,
      roundId: null,
      customer: { householdId: null, customerOrganisationId: options.dairyId },
      precedingInvoiceId: null,
      issuedBy: options.actorId,
      orderIds: [],
      orderLineIds: [],
    },
  ]);
  const frozen: FrozenStatement = {
    pay: options.pay,
    grid: { id: options.grid.id, validFrom: options.grid.validFrom, version: options.grid.version },
    mandate: {
      id: options.mandate.id,
      reference: options.mandate.reference,
      signedOn: options.mandate.signedOn,
      contestDays: options.mandate.contestDays,
    },
    contractReference: contract?.reference ?? null,
    supplierCode: options.supplierCode,
  };
  const { cents } = options.pay.pay;
  await tx.insert(milkPayStatements).values({
    id: statementId,
    dairyId: options.dairyId,
    producerId: options.producerId,
    month: firstDayOf(options.month),
    revision: options.revision,
    invoiceId,
    mandateId: options.mandate.id,
    gridId: options.grid.id,
    litres: options.pay.litres,
    priceMilliEurPer1000L: toScaledInteger(options.pay.pay.pricePer1000L, 3),
    fatTenths: options.pay.fat.tenths,
    proteinTenths: options.pay.protein.tenths,
    netCents: cents.amountExclVat,
    vatCents: cents.vat,
    flatRateRefundCents: cents.flatRateRefund,
    statement: frozen,
    issuedBy: options.actorId,
  });
  return {
    invoiceId,
    statementId,
    number: options.allocated.displayNumber,
    snapshot: built.invoice,
  };
}

export type IssueMilkMonthResult =
  | {
      ok: true;
      status: 'issued' | 'already_issued';
      message: string;
      issued: { producerName: string; number: string; invoiceId: string }[];
      refused: { producerName: string; problems: string[] }[];
    }
  | {
      ok: false;
      code: 'invalid_month' | 'month_not_finished' | 'nothing_to_issue' | 'invoice_invalid';
      message: string;
      refused: { producerName: string; problems: string[] }[];
    };

/**
 * Issues the month's self-billed invoices (type 389) of every supplier that can be invoiced, in
 * ONE transaction for the dairy and month: dated the month's last day (INV-05, vector I5), due
 * 30 days after the end of the last décade (INV-04), each in its producer's mandate series.
 * Idempotent: a supplier already invoiced for the month is left as is, and a second run
 * writes nothing. Suppliers that cannot be invoiced (no mandate, missing results, incomplete
 * identity…) are listed with their reasons; refused when the month is not over yet.
 */
export async function issueMilkMonth(options: {
  dairyId: string;
  month: string;
  today: string;
  actorId: string | null;
}): Promise<IssueMilkMonthResult> {
  if (!isMilkMonth(options.month)) {
    return { ok: false, code: 'invalid_month', message: 'Mois invalide (AAAA-MM).', refused: [] };
  }
  const month = options.month;
  const issueDate = lastDayOf(month);
  if (options.today < issueDate) {
    return {
      ok: false,
      code: 'month_not_finished',
      message: `${capitalize(monthLabel(month))} n’est pas terminé : ses factures s’émettent à partir du ${issueDate}, après la dernière collecte (facture périodique datée du dernier jour du mois).`,
      refused: [],
    };
  }
  try {
    return await getDb().transaction(async (tx) => {
      await lockDairyMonths(tx, options.dairyId);
      const view = await loadMilkMonth(
        { dairyId: options.dairyId, month, today: options.today },
        tx,
      );
      const ready = view.rows
        .filter((row) => row.state === 'ready')
        .sort((a, b) => (a.supplier.producerId < b.supplier.producerId ? -1 : 1));
      const refused = view.rows
        .filter((row) => row.state === 'refused')
        .map((row) => ({ producerName: row.supplier.producerName, problems: row.problems }));
      const already = view.rows.filter(
        (row) => row.state === 'invoiced' || row.state === 'contested',
      );
      if (ready.length === 0) {
        if (already.length > 0 && refused.length === 0) {
          return {
            ok: true as const,
            status: 'already_issued' as const,
            message: `Les factures de ${monthLabel(month)} sont déjà émises (${already.length}) : rien de nouveau.`,
            issued: [],
            refused,
          };
        }
        throw new NothingToIssue(refused);
      }
      const issued: { producerName: string; number: string; invoiceId: string }[] = [];
      for (const row of ready) {
        if (!row.pay || !row.mandate || !row.grid) {
          throw new Error('unreachable: a ready row has its pay, mandate and grid');
        }
        const allocation = await allocateInvoiceNumbers(tx, {
          issuerId: row.supplier.producerId,
          series: row.mandate.invoiceSeries,
          issueDate,
          count: 1,
        });
        if (!allocation.ok) {
          throw new MilkInvoiceRefusal(`${row.supplier.producerName} : ${allocation.message}`);
        }
        const written = await writeSelfBilledMilkInvoice(tx, {
          dairyId: options.dairyId,
          producerId: row.supplier.producerId,
          supplierCode: row.supplier.supplierCode,
          month,
          pay: row.pay,
          grid: row.grid,
          mandate: row.mandate,
          allocated: allocation.numbers[0]!,
          issueDate,
          revision: 1,
          actorId: options.actorId,
        });
        issued.push({
          producerName: row.supplier.producerName,
          number: written.number,
          invoiceId: written.invoiceId,
        });
      }
      await tx.insert(auditLog).values({
        actorUserId: options.actorId,
        organisationId: options.dairyId,
        action: 'milk_invoices.issued',
        entity: 'milk_month',
        entityId: month,
        data: { numbers: issued.map((i) => i.number) },
      });
      return {
        ok: true as const,
        status: 'issued' as const,
        message: `${issued.length} facture${issued.length > 1 ? 's' : ''} d’autofacturation émise${issued.length > 1 ? 's' : ''} pour ${monthLabel(month)}.`,
        issued,
        refused,
      };
    });
  } catch (error) {
    if (error instanceof NothingToIssue) {
      return {
        ok: false,
        code: 'nothing_to_issue',
        message: `Aucune facture à émettre pour ${monthLabel(month)}.`,
        refused: error.refused,
      };
    }
    if (error instanceof MilkInvoiceRefusal) {
      return { ok: false, code: 'invoice_invalid', message: error.message, refused: [] };
    }
    throw error;
  }
}

class NothingToIssue extends Error {
  constructor(readonly refused: { producerName: string; problems: string[] }[]) {
    super('nothing to issue');
  }
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
