import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import { i1RestaurantInvoice } from '#test/einvoice/invoice-scenarios.ts';
import {
  prepareValidationChain,
  resolveEinvoiceDir,
  type ValidationFailure,
  validateInvoiceXml,
} from '#test/einvoice/validate.ts';

// Cold cache: xslt3 compiles the three schematrons (minutes on a busy 2-core machine).
beforeAll(() => prepareValidationChain(), 600_000);

const shared = (relative: string) => readFile(path.join(resolveEinvoiceDir(), relative), 'utf8');
const ids = (failures: readonly ValidationFailure[]) => failures.map((failure) => failure.id);

function i1Xml(): string {
  const result = toCii(i1RestaurantInvoice());
  if (!result.ok) throw new Error(result.message);
  return result.xml;
}

describe('validateInvoiceXml — la chaîne elle-même', () => {
  it.each([['samples/ferme-invoice-en16931.xml'], ['samples/milk-selfbilled-389.xml']])(
    'l’échantillon partagé %s passe toute la chaîne (XSD, EN 16931, Factur-X, BR-FR)',
    async (sample) => {
      expect(await validateInvoiceXml(await shared(sample))).toEqual({ ok: true, failures: [] });
    },
  );

  it('l’exemple officiel CII_example1.xml passe EN 16931 mais échoue aux règles françaises', async () => {
    const report = await validateInvoiceXml(
      await shared('en16931-cii-1.3.16/examples/CII_example1.xml'),
    );
    expect(report.ok).toBe(false);
    const byValidator = (name: string) =>
      report.failures.filter((failure) => failure.validator === name);
    expect(byValidator('schematron-en16931')).toEqual([]);
    expect(byValidator('xsd-cii-d22b')).toEqual([]);
    expect(ids(byValidator('schematron-factur-x-en16931'))).toEqual(['FX-SCH-A-000372']);
    const french = byValidator('schematron-br-fr');
    // shared/einvoice/README.md: 29 failed asserts with Saxon-HE in Java.
    expect(french).toHaveLength(29);
    expect(ids(french)).toEqual(
      expect.arrayContaining([
        'BR-FR-05_BT-22_PMT',
        'BR-FR-05_BT-22_PMD',
        'BR-FR-05_BT-22_AAB',
        'BR-FR-08_BT-23',
        'BR-FR-10_BT-30',
      ]),
    );
    expect(french.every((failure) => failure.flag === 'fatal' && failure.text.length > 0)).toBe(
      true,
    );
  });

  it.each<[string, (xml: string) => string, string[]]>([
    [
      // RULES-FR I7 as observed in shared/einvoice/README.md: the edited VAT total is carried
      // into the grand total (393.55) while the amount due stays 393.54.
      'I7 : TaxTotalAmount de I1 passé à 21.55 (TTC reporté à 393.55) → BR-CO-14 et BR-CO-16',
      (xml) =>
        xml
          .replace('currencyID="EUR">21.54<', 'currencyID="EUR">21.55<')
          .replace('<ram:GrandTotalAmount>393.54<', '<ram:GrandTotalAmount>393.55<'),
      ['BR-CO-14', 'BR-CO-16'],
    ],
    [
      // Changing only BT-110 breaks BT-112 = BT-109 + BT-110 instead of BT-115 = BT-112.
      'TaxTotalAmount seul passé à 21.55 → BR-CO-14 et BR-CO-15',
      (xml) => xml.replace('currencyID="EUR">21.54<', 'currencyID="EUR">21.55<'),
      ['BR-CO-14', 'BR-CO-15'],
    ],
    [
      'notes PMT, PMD et AAB retirées → trois BR-FR-05',
      (xml) =>
        xml.replace(
          /<ram:IncludedNote>(?:(?!<\/ram:IncludedNote>)[\s\S])*<ram:SubjectCode>(?:PMT|PMD|AAB)<\/ram:SubjectCode>\s*<\/ram:IncludedNote>/g,
          '',
        ),
      ['BR-FR-05_BT-22_PMT', 'BR-FR-05_BT-22_PMD', 'BR-FR-05_BT-22_AAB'],
    ],
    [
      'cadre de facturation BT-23 = X9 → BR-FR-08',
      (xml) => xml.replace('<ram:ID>B1</ram:ID>', '<ram:ID>X9</ram:ID>'),
      ['BR-FR-08_BT-23'],
    ],
    [
      'SIREN du client retiré avec BAR = B2B → BR-FR-11',
      (xml) =>
        xml.replace(
          /<ram:SpecifiedLegalOrganization>\s*<ram:ID schemeID="0002">900000027<\/ram:ID>\s*<\/ram:SpecifiedLegalOrganization>/,
          '',
        ),
      ['BR-FR-11_BT-47'],
    ],
    [
      'numéro de facture avec espace → BR-FR-02',
      (xml) => xml.replace('F2026-000042', 'F2026 000042'),
      ['BR-FR-02_BT-1'],
    ],
    [
      'éléments dans le désordre → rejet par les deux XSD',
      (xml) =>
        xml.replace(
          /(<ram:TypeCode>380<\/ram:TypeCode>)(\s*)(<ram:IssueDateTime>[\s\S]*?<\/ram:IssueDateTime>)/,
          '$3$2$1',
        ),
      ['XSD'],
    ],
  ])('détecte : %s', async (_label, mutate, expectedIds) => {
    const original = i1Xml();
    const mutated = mutate(original);
    expect(mutated).not.toBe(original);
    const report = await validateInvoiceXml(mutated);
    expect(report.ok).toBe(false);
    expect(ids(report.failures)).toEqual(expect.arrayContaining(expectedIds));
  });

  it('signale un XML mal formé sans lever d’exception', async () => {
    const report = await validateInvoiceXml('<rsm:CrossIndustryInvoice>');
    expect(report.ok).toBe(false);
    expect(report.failures.length).toBeGreaterThan(0);
  });
});
