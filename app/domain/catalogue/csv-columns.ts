import {
  type CellParser,
  FORMULA_GUARDED,
  parseBoolean,
  parseCents,
  parseEgalimCategory,
  parseGrams,
  parseLabels,
  parseMilli,
  parseSaleUnit,
  parseText,
  parseVatRate,
} from './csv-cells.ts';
import { EGALIM_CATEGORY_LABELS } from './egalim-categories.ts';
import { formatEuroCents, formatPercentBasisPoints, formatQuantityMilli } from './french-number.ts';
import type { CatalogueMessageKey } from './messages.ts';
import { QUALITY_LABEL_DEFINITIONS } from './quality-labels.ts';
import { SALE_UNIT_DEFINITIONS } from './sale-units.ts';
import type { ProductDraft } from './schemas.ts';

export type ColumnKey = keyof ProductDraft;

export type DecimalSeparator = ',' | '.';

export type CatalogueColumn = {
  key: ColumnKey;
  /** Header written on export; accepted on import like the aliases. */
  header: string;
  /** Other headers producers use, matched case- and accent-insensitively. */
  aliases: readonly string[];
  /** Required columns must be present and their cells filled. */
  requiredMessage: CatalogueMessageKey | null;
  parse: CellParser;
  /** Value of an empty cell or an absent optional column; undefined: derived later. */
  emptyValue: unknown;
  format: (product: ProductDraft, decimalSeparator: DecimalSeparator) => string;
};

/** Spreadsheets run cells starting with = + - @ as formulas: such text gets a leading '. */
function formatText(text: string): string {
  return FORMULA_GUARDED.test(text) ? `'${text}` : text;
}

const yesNo = (value: boolean) => (value ? 'oui' : 'non');

/** In export order. */
export const CATALOGUE_COLUMNS: readonly CatalogueColumn[] = [
  {
    key: 'sku',
    header: 'Référence',
    aliases: ['Ref', 'Réf', 'Référence produit', 'SKU', 'Code produit', 'Code article', 'Code'],
    requiredMessage: 'csv.required',
    parse: parseText,
    emptyValue: '',
    format: (product) => product.sku,
  },
  {
    key: 'name',
    header: 'Nom',
    aliases: ['Produit', 'Nom du produit', 'Désignation', 'Libellé', 'Article'],
    requiredMessage: 'csv.required',
    parse: parseText,
    emptyValue: '',
    format: (product) => formatText(product.name),
  },
  {
    key: 'description',
    header: 'Description',
    aliases: ['Descriptif', 'Détail'],
    requiredMessage: null,
    parse: parseText,
    emptyValue: '',
    format: (product) => formatText(product.description),
  },
  {
    key: 'shelf',
    header: 'Rayon',
    aliases: ['Catégorie', 'Famille', 'Rubrique'],
    requiredMessage: null,
    parse: parseText,
    emptyValue: '',
    format: (product) => formatText(product.shelf),
  },
  {
    key: 'egalimCategory',
    header: 'Catégorie Egalim',
    aliases: ['Egalim', 'Code Egalim', 'Produit Egalim'],
    requiredMessage: null,
    parse: parseEgalimCategory,
    emptyValue: 'other',
    format: (product) => EGALIM_CATEGORY_LABELS[product.egalimCategory],
  },
  {
    key: 'isSiqo',
    header: 'SIQO',
    aliases: ['Signe officiel de qualité', 'Sous SIQO'],
    requiredMessage: null,
    parse: parseBoolean,
    emptyValue: undefined,
    format: (product) => yesNo(product.isSiqo),
  },
  {
    key: 'labels',
    header: 'Labels',
    aliases: ['Label', 'Signes de qualité', 'Certifications'],
    requiredMessage: null,
    parse: parseLabels,
    emptyValue: [],
    format: (product) =>
      product.labels.map((label) => QUALITY_LABEL_DEFINITIONS[label].label).join(', '),
  },
  {
    key: 'saleUnit',
    header: 'Unité',
    aliases: ['Unité de vente', 'U'],
    requiredMessage: 'csv.required',
    parse: parseSaleUnit,
    emptyValue: undefined,
    format: (product) => SALE_UNIT_DEFINITIONS[product.saleUnit].label,
  },
  {
    key: 'isVariableWeight',
    header: 'Poids variable',
    aliases: ['Au poids', 'Vendu au poids'],
    requiredMessage: null,
    parse: parseBoolean,
    emptyValue: false,
    format: (product) => yesNo(product.isVariableWeight),
  },
  {
    key: 'estimatedWeightGrams',
    header: 'Poids estimé (g)',
    aliases: ['Poids estimé', 'Poids moyen (g)', 'Poids moyen', 'Poids unitaire (g)'],
    requiredMessage: null,
    parse: parseGrams,
    emptyValue: null,
    format: (product) =>
      product.estimatedWeightGrams === null ? '' : String(product.estimatedWeightGrams),
  },
  {
    key: 'stepMilli',
    header: 'Pas',
    aliases: ['Pas de commande', 'Pas de vente', 'Multiple', 'Incrément'],
    requiredMessage: null,
    parse: parseMilli,
    emptyValue: 1000,
    format: (product, separator) => formatQuantityMilli(product.stepMilli, separator),
  },
  {
    key: 'maxPerHouseholdMilli',
    header: 'Max par foyer',
    aliases: ['Maximum par foyer', 'Max/foyer', 'Quantité max par foyer', 'Max'],
    requiredMessage: null,
    parse: parseMilli,
    emptyValue: null,
    format: (product, separator) =>
      product.maxPerHouseholdMilli === null
        ? ''
        : formatQuantityMilli(product.maxPerHouseholdMilli, separator),
  },
  {
    key: 'vatRateBp',
    header: 'TVA (%)',
    aliases: ['TVA', 'Taux de TVA', 'Taux TVA'],
    requiredMessage: 'csv.vatRequired',
    parse: parseVatRate,
    emptyValue: undefined,
    format: (product, separator) =>
      product.vatRateBp === null
        ? 'aucune'
        : formatPercentBasisPoints(product.vatRateBp, separator),
  },
  {
    key: 'consumerPriceGrossCents',
    header: 'Prix consommateur TTC (€)',
    aliases: ['Prix', 'Prix TTC', 'Prix consommateur', 'Prix public TTC', 'Prix de vente TTC'],
    requiredMessage: 'csv.required',
    parse: parseCents,
    emptyValue: undefined,
    format: (product, separator) => formatEuroCents(product.consumerPriceGrossCents, separator),
  },
  {
    key: 'proPriceNetCents',
    header: 'Prix pro HT (€)',
    aliases: ['Prix pro', 'Prix professionnel HT', 'Prix professionnel', 'Prix HT pro'],
    requiredMessage: null,
    parse: parseCents,
    emptyValue: null,
    format: (product, separator) =>
      product.proPriceNetCents === null ? '' : formatEuroCents(product.proPriceNetCents, separator),
  },
  {
    key: 'isActive',
    header: 'Actif',
    aliases: ['Active', 'Disponible', 'En vente'],
    requiredMessage: null,
    parse: parseBoolean,
    emptyValue: true,
    format: (product) => yesNo(product.isActive),
  },
  {
    // Optional, and last: files and pasted blocks laid out before pack sizes keep their columns.
    key: 'packMilli',
    header: 'Colis',
    aliases: ['Colis de', 'Vendu par colis de', 'Taille du colis', 'Contenu du colis', 'Colisage'],
    requiredMessage: null,
    parse: parseMilli,
    emptyValue: null,
    format: (product, separator) =>
      product.packMilli === null ? '' : formatQuantityMilli(product.packMilli, separator),
  },
];
