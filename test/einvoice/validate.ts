/**
 * The official French e-invoice validation chain, in-process, without Java
 * (shared/einvoice/README.md "Running the same chain from npm packages"):
 *
 *   1. XSD: Factur-X 1.09 EN 16931 profile and UN/CEFACT CII D22B (xmllint-wasm);
 *   2. Schematron: CEN EN 16931 CII rules and Factur-X EN 16931 profile rules;
 *   3. Schematron: French CTC rules BR-FR-xx, Flux 2, "fatal" variant.
 *
 * Schematrons are compiled XSLT 2.0 stylesheets. Each is compiled once by xslt3 into a SEF
 * (~30 s for EN 16931) cached in node_modules/.cache/cabas-einvoice/, keyed by the SHA-256 of
 * the XSLT, then run with SaxonJS.transform (a few hundred ms per invoice). A failed assert of
 * any flag (fatal, warning, or none) is a failure: the chain is green only with zero.
 *
 * The artefacts are read from `../shared/einvoice` next to the repository, or from the folder
 * named by CABAS_EINVOICE_DIR. Usage: `const report = await validateInvoiceXml(xml)`.
 */
import { execFile } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import SaxonJS from 'saxon-js';
import { validateXML, type XMLFileInfo } from 'xmllint-wasm';

export type ValidatorName =
  | 'xsd-factur-x-en16931'
  | 'xsd-cii-d22b'
  | 'schematron-en16931'
  | 'schematron-factur-x-en16931'
  | 'schematron-br-fr';

export type ValidationFailure = {
  validator: ValidatorName;
  /** Rule id (BR-CO-14, BR-FR-05_BT-22_PMT, FX-SCH-A-000372) or 'XSD'. */
  id: string;
  /** 'fatal', 'warning', or '' when the schematron gives no flag. */
  flag: string;
  text: string;
};

export type ValidationReport = { ok: boolean; failures: ValidationFailure[] };

const execFileAsync = promisify(execFile);
const require = createRequire(import.meta.url);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export function resolveEinvoiceDir(): string {
  return path.resolve(
    process.env.CABAS_EINVOICE_DIR ?? path.resolve(repoRoot, '../shared/einvoice'),
  );
}

const XSDS: { validator: ValidatorName; folder: string; entry: string }[] = [
  {
    validator: 'xsd-factur-x-en16931',
    folder: 'fnfe-france-rfe-1.4/factur-x-en16931/xsd',
    entry: 'Factur-X_EN16931.xsd',
  },
  {
    validator: 'xsd-cii-d22b',
    folder: 'fnfe-france-rfe-1.4/cii-d22b-xsd',
    entry: 'CrossIndustryInvoice_100pD22B.xsd',
  },
];

const SCHEMATRONS: { validator: ValidatorName; xslt: string }[] = [
  { validator: 'schematron-en16931', xslt: 'en16931-cii-1.3.16/xslt/EN16931-CII-validation.xslt' },
  {
    // Its FACTUR-X_EN16931_codedb.xml must stay next to it: the XSLT calls document().
    validator: 'schematron-factur-x-en16931',
    xslt: 'fnfe-france-rfe-1.4/factur-x-en16931/xslt/FACTUR-X_EN16931.xslt',
  },
  {
    validator: 'schematron-br-fr',
    xslt: 'fnfe-france-rfe-1.4/cii-fr-ctc/xslt/BR-FR-Flux2-Schematron-CII.xslt',
  },
];

type LoadedXsd = { validator: ValidatorName; schema: XMLFileInfo; preload: XMLFileInfo[] };
type LoadedSchematron = { validator: ValidatorName; sef: unknown; baseUri: string };

function cacheDir(): string {
  const { version } = require('xslt3/package.json') as { version: string };
  return path.join(repoRoot, 'node_modules/.cache/cabas-einvoice', `xslt3-${version}`);
}

async function loadXsd({ validator, folder, entry }: (typeof XSDS)[number]): Promise<LoadedXsd> {
  const dir = path.join(resolveEinvoiceDir(), folder);
  const names = (await readdir(dir)).filter((name) => name.endsWith('.xsd'));
  const files = await Promise.all(
    names.map(async (fileName) => ({
      fileName,
      contents: await readFile(path.join(dir, fileName), 'utf8'),
    })),
  );
  const schema = files.find((file) => file.fileName === entry);
  if (!schema) {
    throw new Error(`XSD ${entry} introuvable dans ${dir}`);
  }
  return { validator, schema, preload: files.filter((file) => file !== schema) };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Compiles the XSLT to a SEF unless the cache has it. Concurrency-safe across processes (two
 * vitest workers): one compiles under a lock file, writing to a temp file renamed into place;
 * the others wait for the final file. A lock older than 10 minutes is considered stale.
 */
export async function compileSef(xsltPath: string, dir: string = cacheDir()): Promise<string> {
  const sha256 = createHash('sha256')
    .update(await readFile(xsltPath))
    .digest('hex');
  const target = path.join(dir, `${sha256}.sef.json`);
  const lock = `${target}.lock`;
  await mkdir(dir, { recursive: true });
  for (;;) {
    if (existsSync(target)) {
      return target;
    }
    const handle = await open(lock, 'wx').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'EEXIST') {
        return undefined;
      }
      throw error;
    });
    if (!handle) {
      const lockAge =
        Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (lockAge > 10 * 60_000) {
        await rm(lock, { force: true });
      }
      await sleep(500);
      continue;
    }
    try {
      const temporary = `${target}.${process.pid}.${randomUUID()}.tmp`;
      await execFileAsync(
        process.execPath,
        [require.resolve('xslt3/xslt3.js'), `-xsl:${xsltPath}`, `-export:${temporary}`, '-nogo'],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      await rename(temporary, target);
      return target;
    } finally {
      await handle.close();
      await rm(lock, { force: true });
    }
  }
}

async function loadSchematron({
  validator,
  xslt,
}: (typeof SCHEMATRONS)[number]): Promise<LoadedSchematron> {
  const xsltPath = path.join(resolveEinvoiceDir(), xslt);
  const sefPath = await compileSef(xsltPath);
  const sef: unknown = JSON.parse(await readFile(sefPath, 'utf8'));
  // document('FACTUR-X_EN16931_codedb.xml') resolves against the XSLT's own location.
  return { validator, sef, baseUri: pathToFileURL(xsltPath).href };
}

let chain: Promise<{ xsds: LoadedXsd[]; schematrons: LoadedSchematron[] }> | undefined;

/** Loads the XSDs and compiles/loads the SEFs (once per process). Call it in beforeAll. */
export function prepareValidationChain() {
  chain ??= (async () => {
    if (!existsSync(resolveEinvoiceDir())) {
      throw new Error(
        `Artefacts de validation introuvables dans ${resolveEinvoiceDir()} (définir CABAS_EINVOICE_DIR).`,
      );
    }
    return {
      xsds: await Promise.all(XSDS.map(loadXsd)),
      schematrons: await Promise.all(SCHEMATRONS.map(loadSchematron)),
    };
  })();
  return chain;
}

async function runXsd(xsd: LoadedXsd, xmls: readonly string[]): Promise<ValidationFailure[][]> {
  const files = xmls.map((contents, index) => ({ fileName: `invoice-${index}.xml`, contents }));
  const result = await validateXML({
    xml: files,
    schema: [xsd.schema],
    preload: xsd.preload,
    maxMemoryPages: 1024,
  });
  return files.map(({ fileName }) =>
    result.errors
      // An error without a location cannot be attributed: every invoice of the batch gets it.
      .filter((error) => error.loc === null || error.loc.fileName === fileName)
      .map((error) => ({
        validator: xsd.validator,
        id: 'XSD',
        flag: 'fatal',
        text: error.loc ? `ligne ${error.loc.lineNumber} : ${error.message}` : error.message,
      })),
  );
}

async function runSchematron(
  schematron: LoadedSchematron,
  xml: string,
): Promise<ValidationFailure[]> {
  let result: SaxonJS.TransformResult;
  try {
    result = await SaxonJS.transform(
      {
        stylesheetInternal: schematron.sef,
        stylesheetBaseURI: schematron.baseUri,
        sourceText: xml,
        destination: 'document',
      },
      'async',
    );
  } catch (error) {
    // Not well-formed XML: report it instead of throwing, like the XSD step does.
    const text = error instanceof Error ? error.message : String(error);
    return [{ validator: schematron.validator, id: 'XML', flag: 'fatal', text }];
  }
  const asserts = SaxonJS.XPath.evaluate(
    "//*:failed-assert ! map { 'id': string(@id), 'flag': string(@flag), 'text': normalize-space(*:text) }",
    result.principalResult,
    { resultForm: 'array' },
  ) as { id: string; flag: string; text: string }[];
  return asserts.map((assert) => ({ validator: schematron.validator, ...assert }));
}

/** Runs the whole chain on several invoices (the XSD step is batched); one report each. */
export async function validateInvoiceXmls(xmls: readonly string[]): Promise<ValidationReport[]> {
  const { xsds, schematrons } = await prepareValidationChain();
  const xsdFailures = await Promise.all(xsds.map((xsd) => runXsd(xsd, xmls)));
  const reports: ValidationReport[] = [];
  for (const [index, xml] of xmls.entries()) {
    const failures = xsdFailures.flatMap((perFile) => perFile[index] ?? []);
    for (const schematron of schematrons) {
      failures.push(...(await runSchematron(schematron, xml)));
    }
    reports.push({ ok: failures.length === 0, failures });
  }
  return reports;
}

export async function validateInvoiceXml(xml: string): Promise<ValidationReport> {
  const [report] = await validateInvoiceXmls([xml]);
  if (!report) {
    throw new Error('unreachable: one report per invoice');
  }
  return report;
}
