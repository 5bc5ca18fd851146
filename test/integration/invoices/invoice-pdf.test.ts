import { beforeAll, describe, expect, it } from 'vitest';
import { toCii } from '#app/domain/facturx/to-cii.ts';
import type { InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { renderInvoicePdf } from '#app/integrations/pdf/invoice.server.ts';
import { srgbIccProfile } from '#app/integrations/pdf/srgb-icc.server.ts';
import {
  b2cHouseholdInvoice,
  flatRateFarmerInvoice,
  i1CreditNote,
  i1RestaurantInvoice,
  milkSelfBilledCreditNote,
  milkSelfBilledInvoice,
  SCENARIOS,
} from '#test/einvoice/invoice-scenarios.ts';
import { prepareValidationChain, validateInvoiceXmls } from '#test/einvoice/validate.ts';
import {
  extractFacturxXml,
  extractPdfText,
  readEmbeddedFiles,
  readPdfStructure,
} from '#test/utils/pdf.ts';

// Cold cache: xslt3 compiles the three schematrons once (minutes on a busy machine).
beforeAll(() => prepareValidationChain(), 600_000);

const PRODUCED_AT = new Date('2026-09-15T08:00:00Z');

function ciiOf(invoice: InvoiceSnapshot): string {
  const result = toCii(invoice);
  if (!result.ok) throw new Error(result.message);
  return result.xml;
}

async function facturxPdf(invoice: InvoiceSnapshot) {
  return renderInvoicePdf(invoice, { facturxXml: ciiOf(invoice), producedAt: PRODUCED_AT });
}

const scenarioEntries = Object.entries(SCENARIOS);

describe('renderInvoicePdf — Factur-X', () => {
  it('le factur-x.xml extrait de chacun des six PDF passe toute la chaîne officielle (XSD, EN 16931, Factur-X, BR-FR)', async () => {
    const extracted = await Promise.all(
      scenarioEntries.map(async ([, make]) => extractFacturxXml(await facturxPdf(make()))),
    );
    // The PDF carries the mapper's XML byte for byte.
    expect(extracted).toEqual(scenarioEntries.map(([, make]) => ciiOf(make())));
    const reports = await validateInvoiceXmls(extracted);
    expect(
      reports.map((report, index) => ({ scenario: scenarioEntries[index]![0], ...report })),
    ).toEqual(scenarioEntries.map(([scenario]) => ({ scenario, ok: true, failures: [] })));
  }, 120_000);

  it('la pièce jointe s’appelle factur-x.xml, AFRelationship /Data, text/xml, référencée par /AF', async () => {
    const files = await readEmbeddedFiles(await facturxPdf(i1RestaurantInvoice()));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatchObject({
      name: 'factur-x.xml',
      afRelationship: 'Data',
      mimeType: 'text/xml',
      inCatalogAf: true,
      hasModDate: true,
    });
  });

  it('XMP PDF/A-3B avec le schéma d’extension Factur-X EN 16931, polices embarquées, OutputIntent sRGB, ID', async () => {
    const structure = await readPdfStructure(await facturxPdf(i1RestaurantInvoice()));
    const { xmp } = structure;
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).toContain('<pdfaid:conformance>B</pdfaid:conformance>');
    expect(xmp).toContain('<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>');
    expect(xmp).toContain('<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>');
    expect(xmp).toContain('<fx:DocumentType>INVOICE</fx:DocumentType>');
    expect(xmp).toContain('<fx:Version>1.0</fx:Version>');
    expect(xmp).toContain(
      '<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>',
    );
    for (const property of ['DocumentFileName', 'DocumentType', 'Version', 'ConformanceLevel']) {
      expect(xmp).toContain(`<pdfaProperty:name>${property}</pdfaProperty:name>`);
    }
    // Same dates as /CreationDate and /ModDate of the document information.
    expect(xmp).toContain('<xmp:CreateDate>2026-09-15T08:00:00Z</xmp:CreateDate>');
    expect(xmp).toContain('<dc:title><rdf:Alt><rdf:li xml:lang="x-default">Facture F2026-000042');
    expect(structure).toMatchObject({
      xmpFiltered: false,
      outputIntent: { subtype: 'GTS_PDFA1', profileComponents: 3 },
      hasTrailerId: true,
      fonts: { 'CABASR+DejaVuSans': true, 'CABASB+DejaVuSans-Bold': true },
      hasJavaScript: false,
      isEncrypted: false,
    });
  });

  it('sans XML : PDF/A-3B simple, sans pièce jointe ni propriétés fx', async () => {
    const pdf = await renderInvoicePdf(b2cHouseholdInvoice(), { producedAt: PRODUCED_AT });
    expect(await readEmbeddedFiles(pdf)).toEqual([]);
    const { xmp, fonts } = await readPdfStructure(pdf);
    expect(xmp).toContain('<pdfaid:part>3</pdfaid:part>');
    expect(xmp).not.toContain('fx:');
    expect(Object.values(fonts)).toEqual([true, true]);
  });

  it('le profil ICC sRGB est un profil v2 moniteur RGB → XYZ bien formé', () => {
    const icc = srgbIccProfile();
    const view = new DataView(icc.buffer, icc.byteOffset, icc.byteLength);
    const ascii = (at: number) => String.fromCharCode(...icc.slice(at, at + 4));
    expect(view.getUint32(0)).toBe(icc.length);
    expect([ascii(12), ascii(16), ascii(20), ascii(36)]).toEqual(['mntr', 'RGB ', 'XYZ ', 'acsp']);
    const tagCount = view.getUint32(128);
    const tags = Array.from({ length: tagCount }, (_, index) => ascii(132 + index * 12));
    expect(tags.sort()).toEqual(
      ['bTRC', 'bXYZ', 'cprt', 'desc', 'gTRC', 'gXYZ', 'rTRC', 'rXYZ', 'wtpt'].sort(),
    );
    for (let index = 0; index < tagCount; index += 1) {
      const offset = view.getUint32(132 + index * 12 + 4);
      const size = view.getUint32(132 + index * 12 + 8);
      expect(offset % 4).toBe(0);
      expect(offset + size).toBeLessThanOrEqual(icc.length);
    }
  });
});

describe('renderInvoicePdf — mentions obligatoires imprimées', () => {
  it.each<[string, () => InvoiceSnapshot, string[]]>([
    [
      'I1 restaurant : parties, SIREN, TVA, numéro, dates, lignes, TVA par taux, totaux, pénalités B2B et 40 €',
      i1RestaurantInvoice,
      [
        'FACTURE',
        'N° F2026-000042',
        'EARL Ferme du Bocage',
        'SIREN : 900000019',
        'SIRET : 90000001900019',
        'N° TVA intracommunautaire : FR25900000019',
        '1 chemin des Prés',
        'SARL Le Bistrot du Port',
        'SIREN : 900000027',
        'N° TVA intracommunautaire : FR49900000027',
        'Date d’émission : 15 septembre 2026',
        'Date de livraison : 14 septembre 2026',
        'Référence client : RESTO-001',
        'Nature de l’opération : livraison de biens',
        'Faux-filet de boeuf Label Rouge',
        '12,5 kg',
        '24,00 € / kg',
        '20 pièces',
        '2,40 € / pièce',
        '300,00 €',
        '5,5 %',
        '10 %',
        '348,00 €',
        '19,14 €',
        '2,40 €',
        'Total HT 372,00 €',
        'Total TVA 21,54 €',
        'Total TTC 393,54 €',
        'Net à payer 393,54 €',
        'Date d’échéance : 4 octobre 2026',
        'IBAN FR76 3000 6000 0112 3456 7890 189',
        'pénalités exigibles sans rappel au taux de refinancement de la BCE majoré de 10 points',
        'Indemnité forfaitaire pour frais de recouvrement en cas de retard de paiement : 40 €',
        "Pas d'escompte pour paiement anticipé.",
        'page 1/1',
      ],
    ],
    [
      'foyer B2C : adresse de livraison différente, pas d’indemnité de 40 €, produit pesé',
      b2cHouseholdInvoice,
      [
        'Camille Martin',
        'Adresse de livraison',
        'Point de retrait du groupe « Voisins des Lilas »',
        'Maison de quartier, 3 allée des Tilleuls',
        '1,85 kg',
        'intérêts au taux légal',
        'non applicable (client non professionnel)',
        'Carte bancaire',
      ],
    ],
    [
      'avoir 381 : « Avoir » et la facture d’origine',
      i1CreditNote,
      [
        'AVOIR',
        'N° AV2026-000003',
        'Avoir sur la facture n° F2026-000042 du 15 septembre 2026',
        'Motif de l’avoir : erreur de pesée sur le faux-filet',
        'Total de l’avoir TTC',
      ],
    ],
    [
      'lait 389 : Autofacturation, contrat, période et trace du prix sous la ligne',
      milkSelfBilledInvoice,
      [
        'FACTURE — AUTOFACTURATION',
        "Autofacturation : facture émise par l'acheteur au nom et pour le compte du vendeur",
        'Contrat : CTR-LAIT-2026-003',
        'Période : du 1 août 2026 au 31 août 2026',
        'Prix de base 38/32 : 450,000 €/1000 L',
        'Prix payé : 486,773 €/1000 L',
        '486,773 € / 1 000 L',
        '30 000 L',
      ],
    ],
    [
      'avoir autofacturé 261',
      milkSelfBilledCreditNote,
      ['AVOIR — AUTOFACTURATION', 'Avoir sur la facture n° AF-LAIT-2026-0017 du 31 août 2026'],
    ],
    [
      'agriculteur au forfait : mention du remboursement forfaitaire, pas de TVA',
      flatRateFarmerInvoice,
      [
        'TVA non applicable : producteur agricole au remboursement forfaitaire (CGI art. 298 bis et 298 quater)',
        'Exonéré',
        'Total TVA 0,00 €',
        '30 boîtes',
      ],
    ],
  ])('%s', async (_label, make, expected) => {
    const text = await extractPdfText(await facturxPdf(make()));
    for (const mention of expected) {
      expect(text).toContain(mention);
    }
  });

  it('B2C : aucune mention de l’indemnité de 40 € comme due', async () => {
    const text = await extractPdfText(await renderInvoicePdf(b2cHouseholdInvoice()));
    expect(text).not.toContain('en cas de retard de paiement : 40 €');
  });

  it('pagine : 90 lignes tiennent sur plusieurs pages, en-tête du tableau répété, pied « page n/N »', async () => {
    const base = i1RestaurantInvoice();
    const [first] = base.lines;
    const lines = Array.from({ length: 90 }, (_, index) => ({
      ...first!,
      lineId: String(index + 1),
      label: `Article ${index + 1}`,
    }));
    const pdf = await renderInvoicePdf({ ...base, lines }, { producedAt: PRODUCED_AT });
    const { pageCount } = await readPdfStructure(pdf);
    expect(pageCount).toBeGreaterThanOrEqual(3);
    const text = await extractPdfText(pdf);
    expect(text).toContain('Article 90');
    expect(text).toContain(`page ${pageCount}/${pageCount}`);
    expect(text.match(/Désignation/g)?.length).toBeGreaterThanOrEqual(pageCount - 1);
  });
});
