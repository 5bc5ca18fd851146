import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { INT4_MAX } from '#app/domain/identity/schemas.ts';
import { exportCatalogueCsv } from './csv-export.ts';
import { parseCatalogueCsv } from './csv-import.ts';
import { EGALIM_CATEGORIES } from './egalim-categories.ts';
import { makeProductDraft } from './make-product-draft.ts';
import { hasSiqoLabel, QUALITY_LABELS } from './quality-labels.ts';
import { SALE_UNITS } from './sale-units.ts';
import { type ProductDraft, ProductDraftSchema, toSkuMatchKey } from './schemas.ts';

const HEADER_TITLES = [
  'Référence',
  'Nom',
  'Description',
  'Rayon',
  'Catégorie Egalim',
  'SIQO',
  'Labels',
  'Unité',
  'Poids variable',
  'Poids estimé (g)',
  'Pas',
  'Max par foyer',
  'TVA (%)',
  'Prix consommateur TTC (€)',
  'Prix pro HT (€)',
  'Actif',
  'Colis',
];

const decode = (bytes: Uint8Array) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);

const TRICKY = [
  'é',
  'Œ',
  'œ',
  '€',
  '½',
  ';',
  ',',
  '"',
  "'",
  '=',
  '+',
  '-',
  '@',
  ' ',
  '\u00A0',
  '\u202F',
  'ő',
  '✓',
  '🍎',
  '/',
];
const character = fc.oneof(
  fc.constantFrom(...TRICKY),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);
const text = (options: { maxLength: number; isMultiline: boolean }) =>
  fc
    .array(options.isMultiline ? fc.oneof(character, fc.constant('\n')) : character, {
      maxLength: options.maxLength,
    })
    .map((parts) => parts.join('').trim())
    .filter((value) => value.length <= options.maxLength && !/[^\P{Cc}\t\n]/u.test(value));

const quantities = fc.oneof(
  fc.record({
    isVariableWeight: fc.constant(false),
    saleUnit: fc.constantFrom(...SALE_UNITS),
    estimatedWeightGrams: fc.constant(null),
    stepMilli: fc.integer({ min: 1, max: 5000 }),
    steps: fc.option(fc.integer({ min: 1, max: 50 })),
    packSteps: fc.option(fc.integer({ min: 1, max: 50 })),
  }),
  fc.record({
    isVariableWeight: fc.constant(true),
    saleUnit: fc.constant('kg' as const),
    estimatedWeightGrams: fc.integer({ min: 1, max: 20_000 }),
    stepMilli: fc.integer({ min: 1, max: 3 }).map((pieces) => pieces * 1000),
    steps: fc.option(fc.integer({ min: 1, max: 10 })),
    packSteps: fc.option(fc.integer({ min: 1, max: 10 })),
  }),
);

const productDraft: fc.Arbitrary<ProductDraft> = fc
  .record({
    sku: fc.stringMatching(/^[A-Z0-9][A-Za-z0-9._/-]{0,15}$/),
    name: text({ maxLength: 120, isMultiline: false }).filter((name) => name.length > 0),
    description: text({ maxLength: 300, isMultiline: true }),
    shelf: text({ maxLength: 60, isMultiline: false }),
    egalimCategory: fc.constantFrom(...EGALIM_CATEGORIES),
    isSiqo: fc.boolean(),
    labels: fc.uniqueArray(fc.constantFrom(...QUALITY_LABELS), { maxLength: 3 }),
    quantities,
    vatRateBp: fc.constantFrom(550 as const, 1000 as const, 2000 as const, null),
    consumerPriceGrossCents: fc.integer({ min: 0, max: INT4_MAX }),
    proPriceNetCents: fc.option(fc.integer({ min: 0, max: INT4_MAX })),
    isActive: fc.boolean(),
  })
  .map(({ quantities: { steps, packSteps, ...quantity }, ...product }) =>
    ProductDraftSchema.parse({
      ...product,
      ...quantity,
      isSiqo: product.isSiqo || hasSiqoLabel(product.labels),
      maxPerHouseholdMilli: steps === null ? null : steps * quantity.stepMilli,
      packMilli: packSteps === null ? null : packSteps * quantity.stepMilli,
    }),
  );

describe('exportCatalogueCsv', () => {
  it.each([
    [
      'fr-excel : BOM, point-virgule, virgule décimale, CRLF',
      'fr-excel',
      `\uFEFF${HEADER_TITLES.join(';')}\r\nOEUF-12;Œufs plein air;Poules élevées en plein air, ramassés la veille.;Crèmerie;Œufs;non;;douzaine;non;;0,5;4;5,5;4,80;3,80;oui;\r\n`,
    ],
    [
      'utf8 : sans BOM, virgule, point décimal, CRLF',
      'utf8',
      `${HEADER_TITLES.join(',')}\r\nOEUF-12,Œufs plein air,"Poules élevées en plein air, ramassés la veille.",Crèmerie,Œufs,non,,douzaine,non,,0.5,4,5.5,4.80,3.80,oui,\r\n`,
    ],
  ] as const)('%s', (_label, format, expected) => {
    expect(decode(exportCatalogueCsv([makeProductDraft()], { format }))).toBe(expected);
  });

  it('protège des formules, double les guillemets et cite les cellules multilignes', () => {
    const product = makeProductDraft({
      name: 'Tomme "vieille"; 6 mois',
      description: '=1+1\nà la coupe',
      shelf: '@Fromages',
      labels: ['ab', 'label_rouge'],
      isSiqo: true,
      vatRateBp: null,
      proPriceNetCents: null,
      maxPerHouseholdMilli: null,
    });
    const [, row] = decode(exportCatalogueCsv([product], { format: 'fr-excel' })).split('\r\n');
    expect(row).toBe(
      `OEUF-12;"Tomme ""vieille""; 6 mois";"'=1+1\nà la coupe";'@Fromages;Œufs;oui;AB, Label Rouge;douzaine;non;;0,5;;aucune;4,80;;oui;`,
    );
  });

  it('écrit la taille du colis dans la colonne « Colis », au format du tableur', () => {
    const apples = makeProductDraft({
      sku: 'POM',
      description: 'Cagette remplie à plusieurs.',
      saleUnit: 'kg',
      stepMilli: 500,
      maxPerHouseholdMilli: null,
      packMilli: 5500,
    });
    const colis = HEADER_TITLES.indexOf('Colis');
    const rowOf = (format: 'fr-excel' | 'utf8') =>
      decode(exportCatalogueCsv([apples], { format })).split('\r\n')[1] ?? '';
    expect(rowOf('fr-excel').split(';')[colis]).toBe('5,5');
    expect(rowOf('utf8').split(',')[colis]).toBe('5.5');
  });

  it('écrit uniquement la ligne de titres pour un catalogue vide', () => {
    expect(decode(exportCatalogueCsv([], { format: 'utf8' }))).toBe(
      `${HEADER_TITLES.join(',')}\r\n`,
    );
  });

  it.each(['fr-excel', 'utf8'] as const)(
    'réimporté par parseCatalogueCsv, redonne les mêmes produits (%s)',
    (format) => {
      const catalogue = fc.uniqueArray(productDraft, {
        minLength: 1,
        maxLength: 8,
        selector: (product) => toSkuMatchKey(product.sku),
      });
      fc.assert(
        fc.property(catalogue, (products) => {
          const imported = parseCatalogueCsv(exportCatalogueCsv(products, { format }));
          expect(imported).toMatchObject({ ok: true });
          expect(imported.ok && imported.rows).toEqual(products);
        }),
        { numRuns: 200 },
      );
    },
  );
});
