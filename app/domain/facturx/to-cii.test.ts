import { describe, expect, it } from 'vitest';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import {
  b2cHouseholdInvoice,
  flatRateFarmerInvoice,
  i1CreditNote,
  i1RestaurantInvoice,
  milkSelfBilledCreditNote,
  milkSelfBilledInvoice,
  SCENARIOS,
} from '#test/einvoice/invoice-scenarios.ts';
import { EN16931_GUIDELINE_ID, toCii } from './to-cii.ts';

function xmlOf(invoice: InvoiceSnapshot): string {
  const result = toCii(invoice);
  if (!result.ok) throw new Error(result.message);
  return result.xml;
}

/** Text of every `<tag …>text</tag>` (leaf elements only). */
function texts(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}(?: [^>]*)?>([^<]*)</${tag}>`, 'g'))].map(
    (match) => match[1] ?? '',
  );
}

function notes(xml: string): [string, string][] {
  return [
    ...xml.matchAll(
      /<ram:IncludedNote>\s*<ram:Content>([^<]*)<\/ram:Content>\s*(?:<ram:SubjectCode>([^<]*)<\/ram:SubjectCode>)?/g,
    ),
  ].map((match) => [match[2] ?? '', match[1] ?? '']);
}

const all = Object.entries(SCENARIOS).map(([name, build]) => [name, xmlOf(build())] as const);

describe('toCii', () => {
  it('I1 : en-tête, parties et totaux exacts 372.00 / 21.54 / 393.54', () => {
    const xml = xmlOf(i1RestaurantInvoice());
    expect(texts(xml, 'ram:ID').slice(0, 3)).toEqual(['B1', EN16931_GUIDELINE_ID, 'F2026-000042']);
    expect(texts(xml, 'ram:TypeCode')[0]).toBe('380');
    expect(texts(xml, 'udt:DateTimeString')).toEqual(['20260915', '20260914', '20261004']);
    expect(texts(xml, 'ram:LineTotalAmount')).toEqual(['300.00', '48.00', '24.00', '372.00']);
    expect(texts(xml, 'ram:BilledQuantity')).toEqual(['12.5', '20', '3']);
    expect(texts(xml, 'ram:ChargeAmount')).toEqual(['24.00', '2.40', '8.00']);
    expect(texts(xml, 'ram:CalculatedAmount')).toEqual(['19.14', '2.40']);
    expect(texts(xml, 'ram:BasisAmount')).toEqual(['348.00', '24.00']);
    expect(texts(xml, 'ram:TaxTotalAmount')).toEqual(['21.54']);
    expect(texts(xml, 'ram:GrandTotalAmount')).toEqual(['393.54']);
    expect(texts(xml, 'ram:DuePayableAmount')).toEqual(['393.54']);
    expect(xml).toContain('<ram:ID schemeID="0002">900000019</ram:ID>');
    expect(xml).toContain('<ram:ID schemeID="0002">900000027</ram:ID>');
    expect(xml).toContain('<ram:GlobalID schemeID="0009">90000001900019</ram:GlobalID>');
    expect(texts(xml, 'ram:URIID')).toEqual(['900000019', '900000027']);
    expect(xml).toContain('<ram:TaxTotalAmount currencyID="EUR">');
    expect(xml).toContain('<ram:IBANID>FR7630006000011234567890189</ram:IBANID>');
  });

  it.each(all)(
    '%s : notes PMD, PMT, AAB et BAR chacune une seule fois (BR-FR-05/06, BR-FR-20)',
    (_name, xml) => {
      const subjects = notes(xml).map(([subject]) => subject);
      for (const subject of ['PMD', 'PMT', 'AAB', 'BAR']) {
        expect(subjects.filter((candidate) => candidate === subject)).toHaveLength(1);
      }
    },
  );

  it.each(all)(
    '%s : montants à 2 décimales, quantités ≤ 4, prix ≤ 6, taux de la liste française',
    (_name, xml) => {
      const amountTags = [
        'LineTotalAmount',
        'CalculatedAmount',
        'BasisAmount',
        'TaxBasisTotalAmount',
        'TaxTotalAmount',
        'GrandTotalAmount',
        'DuePayableAmount',
      ];
      for (const tag of amountTags) {
        for (const value of texts(xml, `ram:${tag}`)) {
          expect(value).toMatch(/^-?\d+\.\d{2}$/);
        }
      }
      for (const value of [
        ...texts(xml, 'ram:BilledQuantity'),
        ...texts(xml, 'ram:BasisQuantity'),
      ]) {
        expect(value).toMatch(/^\d+(\.\d{1,4})?$/);
      }
      for (const value of texts(xml, 'ram:ChargeAmount')) {
        expect(value).toMatch(/^\d+(\.\d{1,6})?$/);
      }
      for (const value of texts(xml, 'ram:RateApplicablePercent')) {
        expect(['0', '2.1', '5.5', '10', '20']).toContain(value);
      }
    },
  );

  it('I5 : autofacture 389, prix sous-centime exprimé par quantité de base, montant 14 603.19', () => {
    const xml = xmlOf(milkSelfBilledInvoice());
    expect(texts(xml, 'ram:TypeCode')[0]).toBe('389');
    expect(notes(xml)[0]?.[1]).toMatch(/^Autofacturation/);
    const [price] = texts(xml, 'ram:ChargeAmount');
    const [base] = texts(xml, 'ram:BasisQuantity');
    const [quantity] = texts(xml, 'ram:BilledQuantity');
    expect([price, base, quantity]).toEqual(['4867.73', '10000', '30000']);
    // BT-131 = BT-129 × BT-146 / BT-149, in cents: 30000 × 486773 / 10000 = 1460319.
    expect((30_000 * 486_773) / 10_000).toBe(1_460_319);
    expect(texts(xml, 'ram:LineTotalAmount')).toEqual(['14603.19', '14603.19']);
    expect(texts(xml, 'ram:CalculatedAmount')).toEqual(['803.18']);
    expect(texts(xml, 'ram:GrandTotalAmount')).toEqual(['15406.37']);
    expect(texts(xml, 'ram:IssuerAssignedID')).toEqual(['CTR-LAIT-2026-003']);
    expect(xml).toContain('<udt:DateTimeString format="102">20260930</udt:DateTimeString>');
  });

  it.each([
    ['avoir 381 sur I1', i1CreditNote(), '381', 'F2026-000042', '20260915'],
    [
      'avoir d’autofacturation 261',
      milkSelfBilledCreditNote(),
      '261',
      'AF-LAIT-2026-0017',
      '20260831',
    ],
  ])(
    '%s : référence la facture d’origine (BT-25/BT-26)',
    (_label, creditNote, typeCode, number, date) => {
      const xml = xmlOf(creditNote);
      expect(texts(xml, 'ram:TypeCode')[0]).toBe(typeCode);
      expect(xml).toMatch(
        new RegExp(
          `<ram:InvoiceReferencedDocument>\\s*<ram:IssuerAssignedID>${number}</ram:IssuerAssignedID>\\s*<ram:FormattedIssueDateTime>\\s*<qdt:DateTimeString format="102">${date}</qdt:DateTimeString>`,
        ),
      );
      expect(xml).not.toContain('<ram:DueDateDateTime>');
    },
  );

  it('B2C : note BAR B2C, client sans SIREN joint par courriel, lieu de livraison distinct', () => {
    const xml = xmlOf(b2cHouseholdInvoice());
    expect(notes(xml).at(-1)).toEqual(['BAR', 'B2C']);
    expect(xml.match(/<ram:SpecifiedLegalOrganization>/g)).toHaveLength(1);
    expect(xml).toContain('<ram:URIID schemeID="EM">camille.martin@example.fr</ram:URIID>');
    expect(xml).toMatch(/<ram:ShipToTradeParty>\s*<ram:Name>Point de retrait/);
    expect(texts(xml, 'ram:TypeCode')).toContain('48');
  });

  it('producteur au forfait : catégorie E, taux 0, motif et code d’exonération', () => {
    const xml = xmlOf(flatRateFarmerInvoice());
    expect(texts(xml, 'ram:CategoryCode')).toEqual(['E', 'E', 'E']);
    expect(texts(xml, 'ram:ExemptionReasonCode')).toEqual(['VATEX-FR-CNWVAT']);
    expect(texts(xml, 'ram:ExemptionReason')[0]).toMatch(/remboursement forfaitaire/);
    expect(texts(xml, 'ram:CalculatedAmount')).toEqual(['0.00']);
  });

  it('échappe les caractères spéciaux des libellés', () => {
    const invoice = i1RestaurantInvoice();
    const [first, ...rest] = invoice.lines;
    if (!first) throw new Error('ligne attendue');
    const xml = xmlOf({
      ...invoice,
      lines: [{ ...first, label: 'Bœuf <Label Rouge> & co' }, ...rest],
    });
    expect(xml).toContain('<ram:Name>Bœuf &lt;Label Rouge&gt; &amp; co</ram:Name>');
  });

  it('est déterministe : même instantané, même XML', () => {
    expect(xmlOf(i1RestaurantInvoice())).toBe(xmlOf(i1RestaurantInvoice()));
  });

  it('refuse un instantané incohérent (TVA totale 21,55 au lieu de 21,54)', () => {
    const invoice = i1RestaurantInvoice();
    expect(toCii({ ...invoice, totals: { ...invoice.totals, vatTotalCents: 2155 } })).toMatchObject(
      {
        ok: false,
        code: 'inconsistent_totals',
      },
    );
  });
});
