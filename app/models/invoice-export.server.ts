import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { accountingRowsToCsv } from '#app/domain/invoicing/accounting-csv.ts';
import { toAccountingRows } from '#app/domain/invoicing/accounting-export.ts';
import {
  type B2cEReportingSummary,
  type EReportingError,
  summarizeB2cEReporting,
} from '#app/domain/invoicing/b2c-e-reporting.ts';
import type { IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import { listInvoiceDocuments } from './invoice-queries.server.ts';

/** Accounting export of a producer's documents issued in a period, or of one round. */
export async function exportAccountingCsv(options: {
  producerId: string;
  roundId?: string;
  from?: IsoDate;
  to?: IsoDate;
}): Promise<string> {
  const documents = await listInvoiceDocuments({
    producerId: options.producerId,
    ...(options.roundId ? { roundId: options.roundId } : {}),
  });
  const inPeriod = documents.filter(
    ({ snapshot }) =>
      (!options.from || snapshot.issueDate >= options.from) &&
      (!options.to || snapshot.issueDate <= options.to),
  );
  return accountingRowsToCsv(toAccountingRows(inPeriod.map((document) => document.snapshot)));
}

/**
 * B2C e-reporting data of a producer for a period (CGI ann. II 242 nonies M, RULES-FR
 * EINV-05): per VAT rate and per day, from its issued consumer invoices and credit notes.
 */
export async function summarizeB2cEReportingForPeriod(options: {
  producerId: string;
  periodStart: IsoDate;
  periodEnd: IsoDate;
}): Promise<
  | { ok: true; summary: B2cEReportingSummary }
  | EReportingError
  | { ok: false; code: 'missing_siren'; message: string }
> {
  const [producer] = await getDb()
    .select({ siren: organisations.siren })
    .from(organisations)
    .where(eq(organisations.id, options.producerId));
  if (!producer?.siren) {
    return {
      ok: false,
      code: 'missing_siren',
      message: 'SIREN du producteur absent : impossible de préparer l’e-reporting.',
    };
  }
  const documents = await listInvoiceDocuments({
    producerId: options.producerId,
    operationFrom: options.periodStart,
    operationTo: options.periodEnd,
  });
  return summarizeB2cEReporting({
    sellerSiren: producer.siren,
    periodStart: options.periodStart,
    periodEnd: options.periodEnd,
    invoices: documents.map((document) => document.snapshot),
  });
}
