import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { SCENARIOS } from '#test/einvoice/invoice-scenarios.ts';
import {
  prepareValidationChain,
  validateInvoiceXml,
  validateInvoiceXmls,
} from '#test/einvoice/validate.ts';

const FIXTURES = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../fixtures/factur-x',
);
/** `UPDATE_GOLDEN=1 npx vitest run test/integration/einvoice` rewrites the golden files. */
const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === '1';

beforeAll(() => prepareValidationChain(), 600_000);

const cases = Object.entries(SCENARIOS).map(([name, build]) => {
  const result = toCii(build());
  if (!result.ok) throw new Error(`${name}: ${result.message}`);
  return [name, result.xml] as const;
});

describe('toCii — XML généré face à la chaîne officielle', () => {
  it.each(cases)(
    '%s : zéro assertion en échec (XSD, EN 16931, Factur-X, BR-FR)',
    async (_name, xml) => {
      expect(await validateInvoiceXml(xml)).toEqual({ ok: true, failures: [] });
    },
  );

  it.each(cases)(
    '%s : identique au fichier de référence test/fixtures/factur-x',
    async (name, xml) => {
      const golden = path.join(FIXTURES, `${name}.xml`);
      if (UPDATE_GOLDEN) {
        await writeFile(golden, xml);
      }
      expect(existsSync(golden), `${golden} absent : lancer avec UPDATE_GOLDEN=1`).toBe(true);
      expect(xml).toBe(await readFile(golden, 'utf8'));
    },
  );

  it('valide un lot en un appel, un rapport par facture et dans l’ordre', async () => {
    const [first, second] = cases;
    if (!first || !second) throw new Error('deux scénarios attendus');
    const broken = second[1].replace(
      '<ram:TypeCode>380</ram:TypeCode>',
      '<ram:TypeCode>999</ram:TypeCode>',
    );
    const reports = await validateInvoiceXmls([first[1], broken]);
    expect(reports.map((report) => report.ok)).toEqual([true, false]);
    expect(reports[1]?.failures.map((failure) => failure.id)).toContain('BR-FR-04_BT-3');
  });
});
