import { parisTimeOf } from '#app/domain/calendar/paris-time.ts';
import { formatCentsFr } from '#app/domain/invoicing/accounting-csv.ts';
import {
  formatKilograms,
  formatPickedQuantity,
  saleUnitLabel,
} from '#app/domain/rounds/quantity-label.ts';
import { formatCents, formatDateTime, formatDay } from '#app/i18n/format.ts';
import type {
  DistributionAdjustment,
  DistributionHousehold,
  DistributionLine,
  DistributionList,
} from './distribution-list.ts';

/** The French text of the printed and exported list. */
export const DISTRIBUTION_TEXT = {
  title: 'Liste de distribution',
  notClosed:
    'La feuille n’est pas encore close : la liste de distribution sera prête à la clôture.',
  noHousehold: 'Aucune commande sur cette feuille : rien à distribuer.',
  totalsTitle: 'Totaux',
  grandTotal: 'Total général',
  toCollect: 'Reste à encaisser au retrait',
  tick: 'Remis',
  signature: 'Signature',
  toWeigh: 'à peser',
  vatRounding: 'Arrondi de TVA',
} as const;

export type DistributionPickup = {
  deliveryOn: string;
  address: string;
  windowStartAt: Date | null;
  windowEndAt: Date | null;
};

export type DistributionHeaderInput = {
  groupName: string;
  sheetTitle: string;
  /** The sheet's delivery day (its earliest round), 'YYYY-MM-DD'. */
  deliveryOn: string;
  pickups: readonly DistributionPickup[];
  now: Date;
};

export type DistributionColumn = { header: string; width: number; align?: 'left' | 'right' };
export type DistributionTable = { columns: DistributionColumn[]; rows: string[][] };
/** A block of the printed list; `boxes` are left empty, to be filled in by hand. */
export type DistributionSection = {
  title: string;
  lines: string[];
  tables: DistributionTable[];
  boxes: { label: string; width: number }[];
};

/** « liste-distribution-2026-12-04.pdf »: ASCII, so every browser keeps it as is. */
export function distributionFileName(deliveryOn: string, extension: 'pdf' | 'csv'): string {
  return deliveryOn
    ? `liste-distribution-${deliveryOn}.${extension}`
    : `liste-distribution.${extension}`;
}

function windowText(pickup: DistributionPickup): string | null {
  const from = pickup.windowStartAt ? parisTimeOf(pickup.windowStartAt) : null;
  const to = pickup.windowEndAt ? parisTimeOf(pickup.windowEndAt) : null;
  if (from && to) {
    return `de ${from} à ${to}`;
  }
  if (from) {
    return `à partir de ${from}`;
  }
  return to ? `jusqu’à ${to}` : null;
}

/** « Retrait : 5 place de la Croix-Rousse — de 17:00 à 19:00 », once per distinct pickup. */
export function pickupLines(deliveryOn: string, pickups: readonly DistributionPickup[]): string[] {
  const lines: string[] = [];
  for (const pickup of pickups) {
    const where = [pickup.address.trim(), windowText(pickup)].filter(Boolean).join(' — ');
    if (!where) {
      continue;
    }
    const label =
      pickup.deliveryOn && pickup.deliveryOn !== deliveryOn
        ? `Retrait le ${formatDay(pickup.deliveryOn)}`
        : 'Retrait';
    const line = `${label} : ${where}`;
    if (!lines.includes(line)) {
      lines.push(line);
    }
  }
  return lines;
}

/** The lines at the top of every page. */
export function distributionHeader(input: DistributionHeaderInput): string[] {
  return [
    `${DISTRIBUTION_TEXT.title} — ${input.groupName}`,
    input.deliveryOn
      ? `${input.sheetTitle} — livraison du ${formatDay(input.deliveryOn)}`
      : input.sheetTitle,
    ...pickupLines(input.deliveryOn, input.pickups),
    `Éditée le ${formatDateTime(input.now)}`,
  ];
}

function pieces(quantityMilli: number, saleUnit: string, isVariableWeight: boolean): string {
  return formatPickedQuantity({
    saleUnit,
    isVariableWeight,
    quantityMilli,
    estimatedGrams: null,
  });
}

/**
 * « 1,5 kg », « 6 pièces »; a variable-weight product in pieces with its weight, marked when
 * only estimated: « 2 pièces (≈ 3,6 kg, poids estimé) », « 2 pièces (3,55 kg pesés) ».
 */
export function quantityLabel(line: DistributionLine): string {
  const ordered = pieces(line.orderedMilli, line.saleUnit, line.isVariableWeight);
  if (line.quantityMilli === 0) {
    return `non livré (commandé : ${ordered})`;
  }
  let text = pieces(line.quantityMilli, line.saleUnit, line.isVariableWeight);
  if (line.isVariableWeight) {
    text +=
      line.weightGrams === null
        ? ` (${DISTRIBUTION_TEXT.toWeigh})`
        : line.isWeightEstimated
          ? ` (≈ ${formatKilograms(line.weightGrams)} kg, poids estimé)`
          : ` (${formatKilograms(line.weightGrams)} kg pesés)`;
  }
  return line.quantityMilli === line.orderedMilli ? text : `${text} — commandé : ${ordered}`;
}

/** The unit a price is given for: per kg for a variable-weight product. */
function priceUnit(line: DistributionLine): string {
  return line.isVariableWeight ? 'kg' : saleUnitLabel(line.saleUnit, 1000);
}

export function unitPriceLabel(line: DistributionLine): string {
  return `${formatCents(line.unitPriceCents)} / ${priceUnit(line)}`;
}

export function lineTotalLabel(line: DistributionLine): string {
  if (line.totalCents === null) {
    return DISTRIBUTION_TEXT.toWeigh;
  }
  return line.isWeightEstimated
    ? `${formatCents(line.totalCents)} (estimé)`
    : formatCents(line.totalCents);
}

export function adjustmentLabel(adjustment: DistributionAdjustment): string {
  return adjustment.invoiceNumbers.length > 0
    ? `Écart avec la facture ${adjustment.invoiceNumbers.join(', ')} (arrondis, avoirs)`
    : DISTRIBUTION_TEXT.vatRounding;
}

function amountWithEstimate(cents: number, isEstimate: boolean): string {
  return isEstimate ? `${formatCents(cents)} (poids estimés)` : formatCents(cents);
}

/** « Déjà payé : 12,00 € (en ligne : 12,00 €) », with what is still being confirmed. */
function paymentLines(household: DistributionHousehold): string[] {
  const details = [
    household.paidOnlineCents > 0 ? `en ligne : ${formatCents(household.paidOnlineCents)}` : null,
    household.paidManualCents > 0
      ? `enregistré à la main : ${formatCents(household.paidManualCents)}`
      : null,
    household.refundedCents > 0 ? `remboursé : ${formatCents(household.refundedCents)}` : null,
  ].filter(Boolean);
  const lines = [
    details.length > 0
      ? `Déjà payé : ${formatCents(household.paidCents)} (${details.join(' ; ')})`
      : `Déjà payé : ${formatCents(household.paidCents)}`,
  ];
  if (household.pendingCents > 0) {
    lines.push(
      `Paiement en ligne en cours de confirmation : ${formatCents(household.pendingCents)} (pas encore reçu)`,
    );
  }
  if (household.lines.length === 0) {
    lines.push('Rien commandé sur cette feuille.');
  }
  for (const problem of household.problems) {
    lines.push(`Montant à vérifier — ${problem}`);
  }
  return lines;
}

const LINE_COLUMNS: DistributionColumn[] = [
  { header: 'Producteur', width: 0.2 },
  { header: 'Produit', width: 0.24 },
  { header: 'Quantité', width: 0.22, align: 'right' },
  { header: 'Prix unitaire', width: 0.15, align: 'right' },
  { header: 'Montant', width: 0.19, align: 'right' },
];

function householdSection(household: DistributionHousehold): DistributionSection {
  const rows = [
    ...household.lines.map((line) => [
      line.producerName,
      line.productName,
      quantityLabel(line),
      unitPriceLabel(line),
      lineTotalLabel(line),
    ]),
    ...household.adjustments.map((adjustment) => [
      adjustment.producerName,
      adjustmentLabel(adjustment),
      '',
      '',
      formatCents(adjustment.cents),
    ]),
  ];
  const summaryColumns: DistributionColumn[] = [
    { header: 'Total du foyer', width: 0.34, align: 'right' },
    { header: 'Déjà payé', width: 0.33, align: 'right' },
    { header: 'Reste à payer au retrait', width: 0.33, align: 'right' },
  ];
  const summary = [
    amountWithEstimate(household.dueCents, household.isEstimate),
    formatCents(household.paidCents),
    formatCents(household.toPayCents),
  ];
  if (household.toRefundCents > 0) {
    summaryColumns.forEach((column) => {
      column.width = 0.25;
    });
    summaryColumns.push({ header: 'À rendre', width: 0.25, align: 'right' });
    summary.push(formatCents(household.toRefundCents));
  }
  return {
    title: household.name,
    lines: [
      ...(household.note ? [`Note du foyer : « ${household.note} »`] : []),
      ...paymentLines(household),
    ],
    tables: [
      ...(rows.length > 0 ? [{ columns: LINE_COLUMNS, rows }] : []),
      { columns: summaryColumns, rows: [summary] },
    ],
    boxes: [
      { label: DISTRIBUTION_TEXT.tick, width: 0.25 },
      { label: DISTRIBUTION_TEXT.signature, width: 0.75 },
    ],
  };
}

function omittedLine(count: number): string | null {
  if (count === 0) {
    return null;
  }
  return count === 1
    ? '1 foyer sans commande ne figure pas sur la liste.'
    : `${count} foyers sans commande ne figurent pas sur la liste.`;
}

/** The totals at the end: per producer, the grand total, what is still to collect. */
function totalsSection(list: DistributionList): DistributionSection {
  const { totals } = list;
  return {
    title: DISTRIBUTION_TEXT.totalsTitle,
    lines: [
      `${DISTRIBUTION_TEXT.toCollect} : ${formatCents(totals.toPayCents)}`,
      ...(totals.toRefundCents > 0 ? [`À rendre : ${formatCents(totals.toRefundCents)}`] : []),
      ...(totals.pendingCents > 0
        ? [`Paiements en ligne en cours de confirmation : ${formatCents(totals.pendingCents)}`]
        : []),
      ...[omittedLine(list.omittedHouseholdCount)].filter((line): line is string => !!line),
    ],
    tables: [
      {
        columns: [
          { header: 'Producteur', width: 0.28 },
          { header: 'Montant dû', width: 0.18, align: 'right' },
          { header: 'Déjà payé', width: 0.18, align: 'right' },
          { header: 'Reste à encaisser', width: 0.2, align: 'right' },
          { header: 'À rendre', width: 0.16, align: 'right' },
        ],
        rows: [
          ...list.producers.map((producer) => [
            producer.name,
            amountWithEstimate(producer.dueCents, producer.isEstimate),
            formatCents(producer.paidCents),
            formatCents(producer.toPayCents),
            formatCents(producer.toRefundCents),
          ]),
          [
            DISTRIBUTION_TEXT.grandTotal,
            amountWithEstimate(totals.dueCents, totals.isEstimate),
            formatCents(totals.paidCents),
            formatCents(totals.toPayCents),
            formatCents(totals.toRefundCents),
          ],
        ],
      },
    ],
    boxes: [],
  };
}

/** The printed list: one block per household, then the totals. */
export function distributionSections(list: DistributionList): DistributionSection[] {
  return [...list.households.map(householdSection), totalsSection(list)];
}

export const DISTRIBUTION_CSV_HEADER = [
  'Foyer',
  'Type',
  'Producteur',
  'Produit',
  'Quantité',
  'Unité',
  'Poids (kg)',
  'Poids estimé',
  'Prix unitaire (€)',
  'Montant (€)',
  'Payé en ligne (€)',
  'Payé à la main (€)',
  'Remboursé (€)',
  'Déjà payé (€)',
  'Reste à payer (€)',
  'À rendre (€)',
  'Remis',
  'Note du foyer',
] as const;

export const DISTRIBUTION_ROW_TYPES = {
  line: 'Ligne',
  adjustment: 'Ajustement',
  household: 'Total foyer',
  producer: 'Total producteur',
  total: 'Total général',
} as const;

const NO_MONEY = ['', '', '', '', '', '', ''];

function moneyCells(money: {
  paidOnlineCents: number;
  paidManualCents: number;
  refundedCents: number;
  paidCents: number;
  toPayCents: number;
  toRefundCents: number;
}): string[] {
  return [
    formatCentsFr(money.paidOnlineCents),
    formatCentsFr(money.paidManualCents),
    formatCentsFr(money.refundedCents),
    formatCentsFr(money.paidCents),
    formatCentsFr(money.toPayCents),
    formatCentsFr(money.toRefundCents),
    '',
  ];
}

function lineCells(household: string, line: DistributionLine): string[] {
  return [
    household,
    DISTRIBUTION_ROW_TYPES.line,
    line.producerName,
    line.productName,
    formatKilograms(line.quantityMilli),
    line.isVariableWeight ? saleUnitLabel('piece', 1000) : saleUnitLabel(line.saleUnit, 1000),
    line.weightGrams === null || !line.isVariableWeight ? '' : formatKilograms(line.weightGrams),
    line.isVariableWeight ? (line.isWeightEstimated ? 'oui' : 'non') : '',
    formatCentsFr(line.unitPriceCents),
    line.totalCents === null ? '' : formatCentsFr(line.totalCents),
    ...NO_MONEY,
  ];
}

/**
 * One flat table for spreadsheets, header first: each household's lines and adjustments, then
 * its total row (what it paid, what remains, an empty « Remis » cell), then per-producer and
 * grand total rows. Decimal comma, no currency sign, so a spreadsheet reads numbers.
 */
export function distributionCsvRows(list: DistributionList): string[][] {
  const rows: string[][] = [[...DISTRIBUTION_CSV_HEADER]];
  for (const household of list.households) {
    rows.push(...household.lines.map((line) => lineCells(household.name, line)));
    rows.push(
      ...household.adjustments.map((adjustment) => [
        household.name,
        DISTRIBUTION_ROW_TYPES.adjustment,
        adjustment.producerName,
        adjustmentLabel(adjustment),
        '',
        '',
        '',
        '',
        '',
        formatCentsFr(adjustment.cents),
        ...NO_MONEY,
      ]),
    );
    rows.push([
      household.name,
      DISTRIBUTION_ROW_TYPES.household,
      '',
      '',
      '',
      '',
      '',
      household.isEstimate ? 'oui' : '',
      '',
      formatCentsFr(household.dueCents),
      ...moneyCells(household),
      household.note ?? '',
    ]);
  }
  for (const producer of list.producers) {
    rows.push([
      '',
      DISTRIBUTION_ROW_TYPES.producer,
      producer.name,
      '',
      '',
      '',
      '',
      producer.isEstimate ? 'oui' : '',
      '',
      formatCentsFr(producer.dueCents),
      ...moneyCells(producer),
    ]);
  }
  rows.push([
    '',
    DISTRIBUTION_ROW_TYPES.total,
    '',
    '',
    '',
    '',
    '',
    list.totals.isEstimate ? 'oui' : '',
    '',
    formatCentsFr(list.totals.dueCents),
    ...moneyCells(list.totals),
  ]);
  // The note sits on the household's row only; every other row leaves its column empty.
  return rows.map((row) =>
    row.length < DISTRIBUTION_CSV_HEADER.length
      ? [...row, ...Array<string>(DISTRIBUTION_CSV_HEADER.length - row.length).fill('')]
      : row,
  );
}
