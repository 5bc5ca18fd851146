import { and, eq } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { organisations } from '#app/db/schema.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { isMilkMonth } from '#app/domain/milk/month.ts';
import { issueMilkMonth } from '#app/models/milk-invoice.server.ts';
import { loadMilkMonth, type MilkMonthRow } from '#app/models/milk-pay.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand } from '../types.ts';
import { parseOptions } from './invoices.ts';

/** One producer's month in the public JSON format (money as decimal strings, docs/cli.md). */
function producerMonth(row: MilkMonthRow) {
  const pay = row.pay;
  return {
    supplierCode: row.supplier.supplierCode,
    producer: row.supplier.producerName,
    state: row.state,
    problems: row.problems,
    litres: pay?.litres ?? 0,
    fat: pay ? (pay.fat.tenths / 10).toFixed(1) : null,
    protein: pay ? (pay.protein.tenths / 10).toFixed(1) : null,
    germs: pay?.germs?.value ?? null,
    cells: pay?.cells?.value ?? null,
    pricePer1000L: pay?.pay.pricePer1000L ?? null,
    amountExclVat: pay?.pay.amountExclVat ?? null,
    vat: pay?.pay.vat ?? null,
    total: pay?.pay.total ?? null,
    flatRateRefund: pay?.pay.flatRateRefund ?? null,
    warnings: pay?.warnings ?? [],
    invoice: row.statement
      ? {
          number: row.statement.invoiceNumber,
          issuedOn: row.statement.issuedOn,
          revision: row.statement.revision,
        }
      : null,
    trace: pay?.trace ?? [],
  };
}

/**
 * `npx cabas milk month --dairy <adresse> --month AAAA-MM [--issue]`: a dairy's monthly milk pay
 * per supplier, and with `--issue` the month's self-billed invoices (type 389), in one
 * transaction, as the « Paie du lait » page does (docs/cli.md).
 */
export const milkMonthCommand: CliCommand = {
  path: ['milk', 'month'],
  summary:
    'Paie du lait d’une laiterie pour un mois, par producteur (--issue : émet les factures d’autofacturation 389).',
  usage: 'npx cabas milk month --dairy <adresse> --month AAAA-MM [--issue]',
  async run(args, io) {
    const { options, problems } = parseOptions(args, {
      values: ['--dairy', '--month'],
      flags: ['--issue'],
    });
    const month = options.get('--month');
    if (!options.has('--dairy') && !problems.some((p) => p.includes('« --dairy »'))) {
      problems.push('Option « --dairy » : adresse (slug) de la laiterie attendue.');
    }
    if (month === undefined && !problems.some((p) => p.includes('« --month »'))) {
      problems.push('Option « --month » : mois AAAA-MM attendu.');
    } else if (month !== undefined && !isMilkMonth(month)) {
      problems.push(`Option « --month » : mois AAAA-MM attendu, reçu « ${month} ».`);
    }
    if (problems.length > 0) {
      io.stderr(`${problems.join('\n')}\n`);
      return 2;
    }
    return withCliDatabase(parseEnv(io.env), async () => {
      const slug = options.get('--dairy')!;
      const [dairy] = await getDb()
        .select({ id: organisations.id, name: organisations.name })
        .from(organisations)
        .where(and(eq(organisations.slug, slug), eq(organisations.kind, 'buyer')));
      if (!dairy) {
        io.stderr(`Option « --dairy » : aucune laiterie (acheteur) à l’adresse « ${slug} ».\n`);
        return 2;
      }
      const today = parisDayOf(new Date());
      if (options.has('--issue')) {
        const result = await issueMilkMonth({
          dairyId: dairy.id,
          month: month!,
          today,
          actorId: null,
        });
        if (!result.ok) {
          const lines = result.refused.flatMap((r) =>
            r.problems.map((p) => `${r.producerName} : ${p}`),
          );
          io.stderr(`${[result.message, ...lines].join('\n')}\n`);
          return 1;
        }
        io.stdout(
          `${JSON.stringify({ status: result.status, message: result.message, issued: result.issued.map(({ producerName, number }) => ({ producer: producerName, number })), refused: result.refused }, null, 2)}\n`,
        );
        return 0;
      }
      const view = await loadMilkMonth({ dairyId: dairy.id, month: month!, today });
      io.stdout(
        `${JSON.stringify({ dairy: dairy.name, month: view.month, isFinished: view.isFinished, issueDate: view.issueDate, producers: view.rows.map(producerMonth) }, null, 2)}\n`,
      );
      return 0;
    });
  },
};
