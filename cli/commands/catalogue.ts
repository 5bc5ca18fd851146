import { readFile, writeFile } from 'node:fs/promises';
import type { CsvImportError } from '#app/domain/catalogue/csv-errors.ts';
import { exportCatalogueCsv } from '#app/domain/catalogue/csv-export.ts';
import {
  findProducer,
  importCatalogueCsv,
  listProducerProducts,
  productToDraft,
} from '#app/models/catalogue.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';
import { parseEnv } from '#app/utils/env.server.ts';
import { withCliDatabase } from '../db.ts';
import type { CliCommand, CliIO } from '../types.ts';

type Options = { values: Map<string, string>; positional: string[]; unknown: string[] };

/** `--name value` options (each allowed name once) and the remaining words. */
function parseOptions(args: string[], allowed: readonly string[]): Options {
  const values = new Map<string, string>();
  const positional: string[] = [];
  const unknown: string[] = [];
  for (let index = 0; index < args.length; index++) {
    const arg = args[index]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const name = arg.slice(2);
    const value = args[index + 1];
    if (!allowed.includes(name) || value === undefined || value.startsWith('--')) {
      unknown.push(arg);
      continue;
    }
    values.set(name, value);
    index++;
  }
  return { values, positional, unknown };
}

function describeError(error: CsvImportError): string {
  const where =
    error.column === null
      ? `Ligne ${error.line}`
      : `Ligne ${error.line}, colonne « ${error.column} »`;
  const value = error.value === null || error.value === '' ? '' : ` (« ${error.value} »)`;
  return `${where}${value} : ${error.message}`;
}

function refuse(io: CliIO, message: string): number {
  io.stderr(`${message}\n`);
  return 2;
}

/** `npx cabas catalogue import --producer <id ou slug> <fichier.csv>` (docs/cli.md). */
export const catalogueImportCommand: CliCommand = {
  path: ['catalogue', 'import'],
  summary:
    'Importe un catalogue CSV (UTF-8 ou Windows-1252, ; ou ,) : tout ou rien, rapport ligne par ligne.',
  usage: 'npx cabas catalogue import --producer <id ou slug> [--as <e-mail>] <fichier.csv>',
  async run(args, io) {
    const options = parseOptions(args, ['producer', 'as']);
    if (options.unknown.length > 0) {
      return refuse(io, `Option inconnue ou sans valeur : « ${options.unknown[0]} ».`);
    }
    const producerRef = options.values.get('producer');
    if (!producerRef) {
      return refuse(io, 'Précisez le producteur : --producer <identifiant ou slug>.');
    }
    if (options.positional.length !== 1) {
      return refuse(io, 'Précisez un (seul) fichier CSV à importer.');
    }
    const file = options.positional[0]!;
    const bytes = await readFile(file).catch(() => null);
    if (bytes === null) {
      return refuse(io, `Fichier introuvable ou illisible : « ${file} ».`);
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const producer = await findProducer(producerRef);
      if (!producer) {
        return refuse(io, `Producteur introuvable : « ${producerRef} ».`);
      }
      const email = options.values.get('as');
      const actor = email ? await findUserByEmail(email) : null;
      if (email && !actor) {
        return refuse(io, `Utilisateur introuvable : « ${email} ».`);
      }
      const result = await importCatalogueCsv({
        producer,
        actorId: actor?.id ?? null,
        bytes: new Uint8Array(bytes),
      });
      if (!result.ok) {
        io.stdout(`${JSON.stringify({ imported: false, errors: result.errors }, null, 2)}\n`);
        const count = result.errors.length;
        io.stderr(
          `Rien n’a été importé : ${count} problème${count > 1 ? 's' : ''} dans « ${file} ».\n` +
            `${result.errors.map(describeError).join('\n')}\n`,
        );
        return 1;
      }
      const { created, updated, unchanged, meta } = result;
      io.stdout(
        `${JSON.stringify({ imported: true, producer: producer.slug, created, updated, unchanged, encoding: meta.encoding, separator: meta.separator })}\n`,
      );
      return 0;
    });
  },
};

/** `npx cabas catalogue export --producer <id ou slug> [--format utf8] [--output fichier]`. */
export const catalogueExportCommand: CliCommand = {
  path: ['catalogue', 'export'],
  summary:
    'Exporte le catalogue d’un producteur en CSV (tableur français par défaut, --format utf8 pour les outils).',
  usage:
    'npx cabas catalogue export --producer <id ou slug> [--format fr-excel|utf8] [--output fichier.csv]',
  async run(args, io) {
    const options = parseOptions(args, ['producer', 'format', 'output']);
    if (options.unknown.length > 0 || options.positional.length > 0) {
      return refuse(io, `Argument inattendu : « ${options.unknown[0] ?? options.positional[0]} ».`);
    }
    const producerRef = options.values.get('producer');
    if (!producerRef) {
      return refuse(io, 'Précisez le producteur : --producer <identifiant ou slug>.');
    }
    const format = options.values.get('format') ?? 'fr-excel';
    if (format !== 'fr-excel' && format !== 'utf8') {
      return refuse(io, `Format « ${format} » inconnu : fr-excel ou utf8.`);
    }
    const env = parseEnv(io.env);
    return withCliDatabase(env, async () => {
      const producer = await findProducer(producerRef);
      if (!producer) {
        return refuse(io, `Producteur introuvable : « ${producerRef} ».`);
      }
      const products = await listProducerProducts(producer.id);
      const bytes = exportCatalogueCsv(products.map(productToDraft), { format });
      const output = options.values.get('output');
      if (output) {
        await writeFile(output, bytes);
        io.stderr(`${products.length} produits écrits dans « ${output} ».\n`);
      } else {
        io.stdout(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes));
      }
      return 0;
    });
  },
};
