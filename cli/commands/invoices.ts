import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { deliveryRounds } from '#app/db/schema.ts';
import { isIsoDate } from '#app/domain/invoicing/calendar-days.ts';
import {
  invoicePdfFileName,
  renderStoredInvoicePdf,
} from '#app/integrations/pdf/invoice.server.ts';
import { issueRoundInvoices, listInvoiceDocuments } from '#app/models/invoice.server.ts';
import { settleRoundAfterInvoicing } from '#app/models/payment-refund.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand, CliIO } from '../types.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Cents as a decimal string with a point ('131.90'), the CLI's money format (docs/cli.md). */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** `--name value` options; returns problems (French, naming the option) for unknown or bare ones. */
export function parseOptions(
  args: string[],
  known: { values: readonly string[]; flags: readonly string[] },
): { options: Map<string, string>; problems: string[] } {
  const options = new Map<string, string>();
  const problems: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index] ?? '';
    if (known.flags.includes(arg)) {
      options.set(arg, 'true');
    } else if (known.values.includes(arg)) {
      const value = args[index + 1];
      if (value === undefined || value.startsWith('--')) {
        problems.push(`Option « ${arg} » : valeur attendue.`);
      } else {
        options.set(arg, value);
        index++;
      }
    } else {
      problems.push(`Argument inattendu : « ${arg} ».`);
    }
  }
  return { options, problems };
}

function fail(io: CliIO, problems: string[], code: 1 | 2): number {
  io.stderr(`${problems.join('\n')}\n`);
  return code;
}

export const invoicesIssueCommand: CliCommand = {
  path: ['invoices', 'issue'],
  summary:
    'Émet les factures d’une tournée livrée (une par client et par vendeur), en une transaction.',
  usage: 'npx cabas invoices issue --round <id> [--date AAAA-MM-JJ]',
  async run(args, io) {
    const { options, problems } = parseOptions(args, { values: ['--round', '--date'], flags: [] });
    const roundId = options.get('--round');
    const issueDate = options.get('--date');
    if (!roundId) {
      problems.push('Option « --round » : identifiant de tournée attendu.');
    } else if (!UUID.test(roundId)) {
      problems.push(`Option « --round » : « ${roundId} » n’est pas un identifiant de tournée.`);
    }
    if (issueDate !== undefined && !isIsoDate(issueDate)) {
      problems.push(`Option « --date » : date AAAA-MM-JJ attendue, reçu « ${issueDate} ».`);
    }
    if (problems.length > 0 || !roundId) {
      return fail(io, problems, 2);
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const [round] = await getDb()
        .select({ producerId: deliveryRounds.producerId })
        .from(deliveryRounds)
        .where(eq(deliveryRounds.id, roundId));
      if (!round) {
        return fail(io, ['Tournée introuvable.'], 1);
      }
      const result = await issueRoundInvoices({
        roundId,
        producerId: round.producerId,
        ...(issueDate ? { issueDate } : {}),
        actorId: null,
      });
      if (!result.ok) {
        return fail(io, result.problems, 1);
      }
      // As on the invoicing page: overpaid online shares go back to the cards once invoiced.
      const settlement =
        result.status === 'issued'
          ? await settleRoundAfterInvoicing({
              roundId,
              producerId: round.producerId,
              actorId: null,
            })
          : { planned: 0, transfers: 0, refunds: 0, failures: [] };
      const output = {
        status: result.status,
        message: result.message,
        roundId,
        invoices: result.invoices.map((invoice) => ({
          number: invoice.displayNumber,
          type: invoice.typeCode,
          issuedOn: invoice.issuedOn,
          buyer: invoice.buyerName,
          buyerKind: invoice.buyerKind,
          net: money(invoice.netTotalCents),
          vat: money(invoice.vatTotalCents),
          total: money(invoice.grossTotalCents),
        })),
        totals: {
          count: result.invoices.length,
          net: money(result.totals.netCents),
          vat: money(result.totals.vatCents),
          total: money(result.totals.grossCents),
        },
        settlement,
      };
      io.stdout(`${JSON.stringify(output, null, 2)}\n`);
      return 0;
    });
  },
};

const FORMATS = ['facturx-xml', 'pdf'] as const;
type ExportFormat = (typeof FORMATS)[number];

export const invoicesExportCommand: CliCommand = {
  path: ['invoices', 'export'],
  summary:
    'Écrit les factures et avoirs émis (d’une tournée ou tous) en XML Factur-X ou en PDF, un fichier par numéro.',
  usage:
    'npx cabas invoices export (--round <id> | --all) --format facturx-xml|pdf --out <dossier>',
  async run(args, io) {
    const { options, problems } = parseOptions(args, {
      values: ['--round', '--format', '--out'],
      flags: ['--all'],
    });
    const roundId = options.get('--round');
    const isAll = options.has('--all');
    const format = options.get('--format');
    const out = options.get('--out');
    if (Boolean(roundId) === isAll) {
      problems.push('Précisez soit « --round <id> », soit « --all ».');
    } else if (roundId && !UUID.test(roundId)) {
      problems.push(`Option « --round » : « ${roundId} » n’est pas un identifiant de tournée.`);
    }
    if (!FORMATS.includes(format as ExportFormat)) {
      problems.push(`Option « --format » : ${FORMATS.join(' ou ')} attendu.`);
    }
    if (!out) {
      problems.push('Option « --out » : dossier de destination attendu.');
    }
    if (problems.length > 0 || !out) {
      return fail(io, problems, 2);
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const documents = await listInvoiceDocuments(roundId ? { roundId } : {});
      if (roundId && documents.length === 0) {
        return fail(io, ['Aucune facture émise pour cette tournée.'], 1);
      }
      await mkdir(out, { recursive: true });
      const files: { seller: string; number: string; file: string }[] = [];
      for (const document of documents) {
        const isPdf = format === 'pdf';
        const name = isPdf
          ? invoicePdfFileName(document.displayNumber)
          : `${document.displayNumber.replaceAll('/', '-')}.xml`;
        // Numbers are unique per seller only (each has its own series): --all files each
        // seller's documents in a folder of its own, so that none overwrites another's.
        const folder = isAll ? path.join(out, document.issuerSlug) : out;
        await mkdir(folder, { recursive: true });
        const file = path.join(folder, name);
        const contents = isPdf ? await renderStoredInvoicePdf(document) : document.ciiXml;
        await writeFile(file, contents);
        files.push({ seller: document.issuerSlug, number: document.displayNumber, file });
      }
      io.stdout(`${JSON.stringify({ format, count: files.length, files }, null, 2)}\n`);
      return 0;
    });
  },
};
