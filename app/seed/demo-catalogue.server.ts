import type { EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { hasSiqoLabel, type QualityLabel } from '#app/domain/catalogue/quality-labels.ts';
import type { SaleUnit } from '#app/domain/catalogue/sale-units.ts';
import { type ProductDraft, ProductDraftSchema } from '#app/domain/catalogue/schemas.ts';
import { findProducer, saveProducts } from '#app/models/catalogue.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';

/**
 * Demo catalogues of the two demo producers: a VAT-liable market gardener who also raises
 * poultry and pigs (meat sold by weight) and keeps hives, and a flat-rate goat cheese farm
 * (no VAT on its sales). Prices are consumer prices TTC, in cents; pro prices HT.
 */

type Row = {
  sku: string;
  name: string;
  shelf: string;
  unit: SaleUnit;
  price: number;
  pro?: number | null;
  step?: number;
  max?: number | null;
  /** Pack the households of a group fill together, in thousandths like the step. */
  pack?: number;
  vat?: 550 | 1000 | 2000 | null;
  egalim?: EgalimCategory;
  labels?: QualityLabel[];
  /** Variable weight: estimated grams per piece (price per kg, ordered by the piece). */
  grams?: number;
  description?: string;
  isActive?: boolean;
};

const veg = (
  sku: string,
  name: string,
  unit: SaleUnit,
  price: number,
  extra: Partial<Row> = {},
): Row => ({
  sku,
  name,
  shelf: 'Légumes',
  unit,
  price,
  step: unit === 'kg' ? 500 : 1000,
  egalim: 'fruit_vegetable',
  labels: ['ab'],
  ...extra,
});

const FERME: Row[] = [
  veg('CAR', 'Carottes des sables', 'kg', 260, { max: 5000 }),
  veg('CAR-BOT', 'Carottes nouvelles en botte', 'bunch', 250),
  veg('POI', 'Poireaux', 'kg', 320),
  veg('PDT-CHA', 'Pommes de terre Charlotte', 'kg', 240, { step: 1000 }),
  veg('PDT-BF15', 'Pommes de terre Bintje', 'kg', 190, { step: 1000 }),
  veg('OIG-J', 'Oignons jaunes', 'kg', 280),
  veg('ECH', 'Échalotes', 'kg', 690, { step: 250 }),
  veg('AIL', 'Ail violet', 'piece', 120, { description: 'Une tête d’ail, environ 60 g.' }),
  veg('BET', 'Betteraves crues', 'kg', 290),
  veg('NAV', 'Navets nouveaux', 'bunch', 270),
  veg('RAD', 'Radis roses', 'bunch', 180),
  veg('SAL-BAT', 'Salade batavia', 'piece', 140, { max: 4000 }),
  veg('SAL-FDC', 'Salade feuille de chêne', 'piece', 140, { max: 4000 }),
  veg('MAC', 'Mâche (sachet de 250 g)', 'bag', 350),
  veg('EPI', 'Épinards', 'kg', 690, { step: 250 }),
  veg('BLE', 'Blettes', 'bunch', 290),
  veg('CHOU-V', 'Chou vert frisé', 'piece', 250),
  veg('CHOU-F', 'Chou-fleur', 'piece', 320),
  veg('BRO', 'Brocoli', 'kg', 590),
  veg('COU', 'Courgettes', 'kg', 320),
  veg('AUB', 'Aubergines', 'kg', 450),
  veg('POIV', 'Poivrons rouges', 'kg', 690),
  veg('TOM-GR', 'Tomates grappe', 'kg', 450),
  veg('TOM-CDB', 'Tomates cœur de bœuf', 'kg', 590, { step: 250, max: 3000 }),
  veg('TOM-CER', 'Tomates cerises', 'tray', 350, {
    description: 'Barquette de 250 g, variétés mélangées.',
  }),
  veg('CONC', 'Concombre', 'piece', 150),
  veg('HAR-V', 'Haricots verts', 'kg', 890, { step: 250 }),
  veg('POT-BUT', 'Courge butternut', 'kg', 290, { step: 1000 }),
  veg('POT-RDE', 'Potimarron', 'kg', 290, { step: 1000 }),
  veg('PAN', 'Panais', 'kg', 390),
  veg('CEL-R', 'Céleri-rave', 'piece', 290),
  veg('FEN', 'Fenouil', 'kg', 490),
  veg('PER', 'Persil plat', 'bunch', 120),
  veg('CIB', 'Ciboulette', 'bunch', 120),
  veg('PAN-LEG', 'Panier de légumes de saison', 'box', 1500, {
    shelf: 'Paniers',
    pro: null,
    max: 2000,
    description: 'Environ 4 kg de légumes de la semaine, selon la récolte.',
  }),
  {
    sku: 'POM-GAL',
    name: 'Pommes Gala',
    shelf: 'Fruits',
    unit: 'kg',
    price: 320,
    step: 1000,
    pack: 5000,
    egalim: 'fruit_vegetable',
    labels: ['hve'],
    description: 'Vendues par cagette de 5 kg, remplie à plusieurs.',
  },
  {
    sku: 'POI-CON',
    name: 'Poires Conférence',
    shelf: 'Fruits',
    unit: 'kg',
    price: 380,
    step: 1000,
    pack: 5000,
    egalim: 'fruit_vegetable',
    labels: ['hve'],
  },
  {
    sku: 'FRA',
    name: 'Fraises Gariguette',
    shelf: 'Fruits',
    unit: 'tray',
    price: 450,
    max: 4000,
    egalim: 'fruit_vegetable',
    description: 'Barquette de 500 g, cueillies le matin.',
  },
  {
    sku: 'OEUF-6',
    name: 'Œufs de poules plein air (boîte de 6)',
    shelf: 'Œufs',
    unit: 'box',
    price: 290,
    egalim: 'egg',
    labels: ['ab'],
    max: 4000,
  },
  {
    sku: 'OEUF-12',
    name: 'Œufs de poules plein air (douzaine)',
    shelf: 'Œufs',
    unit: 'dozen',
    price: 540,
    step: 500,
    egalim: 'egg',
    labels: ['ab'],
    max: 3000,
  },
  {
    sku: 'POU-ENT',
    name: 'Poulet fermier entier',
    shelf: 'Volaille et viande',
    unit: 'kg',
    price: 1390,
    grams: 1900,
    max: 2000,
    egalim: 'other',
    labels: ['label_rouge', 'fermier'],
    description: 'Élevé 110 jours en plein air, prêt à cuire. Facturé au poids réel.',
  },
  {
    sku: 'POU-CUI',
    name: 'Cuisses de poulet (par 2)',
    shelf: 'Volaille et viande',
    unit: 'kg',
    price: 1490,
    grams: 550,
    egalim: 'other',
    labels: ['fermier'],
  },
  {
    sku: 'POR-ROT',
    name: 'Rôti de porc (échine)',
    shelf: 'Volaille et viande',
    unit: 'kg',
    price: 1690,
    grams: 1000,
    max: 3000,
    egalim: 'pig',
    labels: ['fermier'],
    description: 'Porc élevé sur paille à la ferme. Facturé au poids réel.',
  },
  {
    sku: 'POR-COT',
    name: 'Côtes de porc (par 2)',
    shelf: 'Volaille et viande',
    unit: 'kg',
    price: 1490,
    grams: 450,
    egalim: 'pig',
    labels: ['fermier'],
  },
  {
    sku: 'POR-SAU',
    name: 'Saucisses de Toulouse (par 4)',
    shelf: 'Volaille et viande',
    unit: 'kg',
    price: 1590,
    grams: 480,
    egalim: 'pig',
    labels: ['fermier'],
  },
  {
    sku: 'MIEL-TOU',
    name: 'Miel toutes fleurs 500 g',
    shelf: 'Épicerie',
    unit: 'jar',
    price: 850,
    max: 3000,
    egalim: 'honey',
    labels: ['ab'],
  },
  {
    sku: 'MIEL-ACA',
    name: 'Miel d’acacia 500 g',
    shelf: 'Épicerie',
    unit: 'jar',
    price: 1050,
    egalim: 'honey',
    labels: ['ab'],
  },
  {
    sku: 'JUS-POM',
    name: 'Jus de pomme 1 L',
    shelf: 'Épicerie',
    unit: 'bottle',
    price: 350,
    pack: 6000,
    egalim: 'other',
    labels: ['hve'],
  },
  {
    sku: 'CONF-FRA',
    name: 'Confiture de fraises 350 g',
    shelf: 'Épicerie',
    unit: 'jar',
    price: 550,
    egalim: 'other',
  },
];

const cheese = (sku: string, name: string, price: number, extra: Partial<Row> = {}): Row => ({
  sku,
  name,
  shelf: 'Fromages',
  unit: 'piece',
  price,
  vat: null,
  egalim: 'other',
  labels: ['fermier'],
  ...extra,
});

const CHEVRERIE: Row[] = [
  cheese('CROT-F', 'Crottin frais', 220),
  cheese('CROT-D', 'Crottin demi-sec', 240),
  cheese('CROT-S', 'Crottin sec', 260),
  cheese('CROT-4', 'Crottins frais par 4', 820, { max: 3000 }),
  cheese('PYR', 'Pyramide cendrée', 590),
  cheese('BUCHE', 'Bûche affinée 250 g', 650),
  cheese('BUCHE-C', 'Bûche cendrée 250 g', 680),
  cheese('PALET', 'Palet au lait cru', 280),
  cheese('PALET-H', 'Palet aux herbes', 300),
  cheese('PALET-P', 'Palet au poivre', 300),
  cheese('PALET-A', 'Palet à l’ail des ours', 320),
  cheese('FAISS', 'Faisselle de chèvre 500 g', 390, { shelf: 'Frais', unit: 'jar' }),
  cheese('FROM-BL', 'Fromage blanc de chèvre 500 g', 450, { shelf: 'Frais', unit: 'jar' }),
  cheese('YAO-N', 'Yaourts nature (pack de 4)', 380, { shelf: 'Frais', unit: 'box' }),
  cheese('YAO-M', 'Yaourts au miel (pack de 4)', 420, { shelf: 'Frais', unit: 'box' }),
  cheese('YAO-F', 'Yaourts aux fruits rouges (pack de 4)', 420, { shelf: 'Frais', unit: 'box' }),
  cheese('LAIT-1L', 'Lait cru de chèvre 1 L', 190, {
    shelf: 'Frais',
    unit: 'bottle',
    egalim: 'milk_goat',
    description: 'À consommer dans les 3 jours, à faire bouillir pour les enfants.',
  }),
  cheese('TOMME', 'Tomme de chèvre', 2690, {
    unit: 'kg',
    grams: 350,
    max: 4000,
    labels: ['fermier', 'montagne'],
    description: 'Affinée 3 mois en cave. Part d’environ 350 g, facturée au poids réel.',
  }),
  cheese('TOMME-V', 'Tomme de chèvre vieille (6 mois)', 2990, {
    unit: 'kg',
    grams: 300,
    labels: ['fermier', 'montagne'],
  }),
  cheese('MEULE', 'Meule entière de tomme (pro)', 2290, {
    unit: 'kg',
    grams: 1800,
    max: 1000,
    pro: 1950,
    description: 'Pour la restauration et les crémiers. Facturée au poids réel.',
  }),
  cheese('CHEV-MAR', 'Chèvre mariné à l’huile d’olive', 790, {
    shelf: 'Épicerie',
    unit: 'jar',
  }),
  cheese('TART-CH', 'Tartinade chèvre et ciboulette', 450, { shelf: 'Épicerie', unit: 'jar' }),
  cheese('SAV', 'Savon au lait de chèvre', 550, { shelf: 'Épicerie', labels: [] }),
  cheese('CHEVRO-GIG', 'Gigot de chevreau', 2590, {
    shelf: 'Viande',
    unit: 'kg',
    grams: 1400,
    max: 2000,
    egalim: 'other',
    description: 'Chevreau de la ferme, au printemps seulement. Facturé au poids réel.',
  }),
  cheese('CHEVRO-EPA', 'Épaule de chevreau', 2190, {
    shelf: 'Viande',
    unit: 'kg',
    grams: 900,
    egalim: 'other',
  }),
  cheese('CHEVRO-CAI', 'Caissette de chevreau 3 kg', 5900, {
    shelf: 'Viande',
    unit: 'kg',
    grams: 3000,
    max: 1000,
    egalim: 'other',
    description: 'Gigot, épaule, côtelettes et collier, sous vide. Facturée au poids réel.',
  }),
  cheese('MIEL-MON', 'Miel de montagne 250 g', 690, {
    shelf: 'Épicerie',
    unit: 'jar',
    egalim: 'honey',
    labels: ['montagne'],
  }),
  cheese('MIEL-CHA', 'Miel de châtaignier 500 g', 1090, {
    shelf: 'Épicerie',
    unit: 'jar',
    egalim: 'honey',
    labels: [],
  }),
  cheese('PLAT-DEC', 'Plateau découverte (5 fromages)', 1500, {
    shelf: 'Paniers',
    unit: 'tray',
    max: 2000,
    description: 'Un crottin, une pyramide, un palet aux herbes, une bûche et une part de tomme.',
  }),
  cheese('CROT-PRO', 'Crottins demi-secs par 12 (pro)', 2400, {
    unit: 'box',
    pro: 2100,
    isActive: false,
  }),
];

function toDraft(row: Row, liable: boolean): ProductDraft {
  const isVariableWeight = row.grams !== undefined;
  const labels = row.labels ?? [];
  const vat = liable ? (row.vat === undefined ? 550 : row.vat) : null;
  const proDefault = Math.round(((row.price / (1 + (vat ?? 0) / 10_000)) * 0.85) / 10) * 10;
  return ProductDraftSchema.parse({
    sku: row.sku,
    name: row.name,
    description: row.description ?? '',
    egalimCategory: row.egalim ?? 'other',
    isSiqo: hasSiqoLabel(labels),
    shelf: row.shelf,
    saleUnit: row.unit,
    isVariableWeight,
    estimatedWeightGrams: row.grams ?? null,
    stepMilli: row.step ?? 1000,
    maxPerHouseholdMilli: row.max ?? null,
    packMilli: row.pack ?? null,
    vatRateBp: vat,
    consumerPriceGrossCents: row.price,
    proPriceNetCents: row.pro === undefined ? proDefault : row.pro,
    labels,
    isActive: row.isActive ?? true,
  });
}

const CATALOGUES = [
  { slug: 'ferme-des-quatre-saisons', owner: 'maraicher@demo.cabas.fr', rows: FERME },
  { slug: 'chevrerie-du-vallon', owner: 'fromager@demo.cabas.fr', rows: CHEVRERIE },
] as const;

/** The demo producers' products; called once, at the end of `seedDemo()`. */
export async function seedDemoCatalogue(): Promise<void> {
  for (const catalogue of CATALOGUES) {
    const producer = await findProducer(catalogue.slug);
    const owner = await findUserByEmail(catalogue.owner);
    if (!producer) {
      throw new Error(`Démo : producteur ${catalogue.slug} introuvable.`);
    }
    const liable = producer.vatRegime === 'liable';
    const result = await saveProducts({
      producer,
      actorId: owner?.id ?? null,
      action: 'catalogue.imported',
      changes: catalogue.rows.map((row, index) => ({
        productId: null,
        draft: toDraft(row, liable),
        line: index + 1,
      })),
    });
    if (!result.ok) {
      throw new Error(
        `Démo : catalogue ${catalogue.slug} refusé : ${JSON.stringify(result.errors)}`,
      );
    }
  }
}
