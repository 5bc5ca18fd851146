import { catalogueExportCommand, catalogueImportCommand } from './commands/catalogue.ts';
import { dbMigrateCommand, dbSeedCommand } from './commands/db.ts';
import { egalimClassifyCommand } from './commands/egalim.ts';
import { invoicesExportCommand, invoicesIssueCommand } from './commands/invoices.ts';
import { milkPriceCommand } from './commands/milk.ts';
import { milkMonthCommand } from './commands/milk-month.ts';
import { notificationsSendCommand } from './commands/notifications.ts';
import { opExportCommand } from './commands/op.ts';
import { paymentsOutboxCommand, paymentsSettleCommand } from './commands/payments.ts';
import { priceEvaluateCommand } from './commands/price.ts';
import type { CliCommand, CliIO } from './types.ts';

export const COMMANDS: CliCommand[] = [
  dbMigrateCommand,
  dbSeedCommand,
  catalogueImportCommand,
  catalogueExportCommand,
  egalimClassifyCommand,
  priceEvaluateCommand,
  milkPriceCommand,
  milkMonthCommand,
  invoicesIssueCommand,
  invoicesExportCommand,
  opExportCommand,
  paymentsOutboxCommand,
  paymentsSettleCommand,
  notificationsSendCommand,
];

function helpText(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(' ').length));
  const lines = COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`);
  return `Usage : npx cabas <commande> [options]\n\nCommandes :\n${lines.join('\n')}\n\nDocumentation : docs/cli.md\n`;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const processIO: CliIO = {
  readStdin: () => readAll(process.stdin),
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/** Finds the command whose path is the longest prefix of argv and runs it. */
export async function runCli(argv: string[], io: CliIO = processIO): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(helpText());
    return 0;
  }
  const command = [...COMMANDS]
    .sort((a, b) => b.path.length - a.path.length)
    .find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) {
    io.stderr(`Commande inconnue : « ${argv.join(' ')} ».\n\n${helpText()}`);
    return 2;
  }
  const rest = argv.slice(command.path.length);
  if (rest.includes('--help')) {
    io.stdout(`${command.usage ?? `cabas ${command.path.join(' ')}`}\n\n${command.summary}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.stderr(`Erreur : ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
