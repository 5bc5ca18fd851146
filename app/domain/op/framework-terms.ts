import { z } from 'zod';
import { lifeStateOn } from '#app/domain/egalim/contract-dates.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';
import { isBlank } from '#app/domain/egalim/contract-issue.ts';
import { contractStatusLabel } from '#app/domain/egalim/contract-status.ts';
import { ContractTermsSchema, validateContractTerms } from '#app/domain/egalim/contract-terms.ts';
import { describeTerms, type TermsSection } from '#app/domain/egalim/contract-text.ts';
import type { EgalimProduct } from '#app/domain/egalim/products.ts';
import { decimalPlaces, formatDecimalFr, toScaledInteger } from '#app/domain/pricing/decimal.ts';
import { AGREEMENT_STATE_LABELS } from './agreement-life.ts';
import { VOLUME_UNIT_LABELS, VOLUME_UNITS } from './members.ts';

/**
 * What an OP and a buyer negotiate and sign in a framework agreement (accord-cadre, L631-24 IV
 * CRPM, RULES-FR EG-21): every clause of an individual contract (EG-10, the same data as
 * ContractTermsSchema) plus the five clauses of L631-24 IV and the monthly transmission of
 * invoice data (EG-22). Lenient like contract terms: a missing clause is an issue, not a parse
 * error, so a draft can be saved incomplete.
 */
export const FrameworkTermsSchema = ContractTermsSchema.extend({
  /** Unit deliveries are recorded and invoiced in (EN 16931 BT-130). */
  deliveryUnit: z.enum(VOLUME_UNITS).optional(),
  /** The formula's price is for this many delivery units (1 000 for €/1 000 L). */
  priceBaseQuantity: z.number().positive().max(1_000_000).optional(),
  /** L631-24 IV 2°: split of quantities among members, transfer of contracts. */
  membersSplit: z
    .strictObject({ rules: z.string().optional(), transferRules: z.string().optional() })
    .optional(),
  /** L631-24 IV 3°: gaps between contracted and delivered volumes. */
  volumeGaps: z
    .strictObject({
      tolerancePercent: z.number().min(0).max(100).optional(),
      rules: z.string().optional(),
    })
    .optional(),
  /** L631-24 IV 4°: how buyer and OP negotiate quantities and the price or its formula. */
  negotiationRules: z.string().optional(),
  /** L631-24 IV 5°: transparency, incl. how the L631-24-1 indicators are taken into account. */
  transparency: z.string().optional(),
  /** L631-24 IV last al.: terms of the buyer's monthly transmission of invoice data (EG-22). */
  monthlyTransmission: z.string().optional(),
});

export type FrameworkTerms = z.output<typeof FrameworkTermsSchema>;
export type FrameworkTermsInput = z.input<typeof FrameworkTermsSchema>;

const EG21_KEYS = [
  'deliveryUnit',
  'priceBaseQuantity',
  'membersSplit',
  'volumeGaps',
  'negotiationRules',
  'transparency',
  'monthlyTransmission',
] as const;

/** Lenient read of stored terms: a malformed document reads as empty (validation reports it). */
export function readFrameworkTerms(value: unknown): FrameworkTerms {
  const parsed = FrameworkTermsSchema.safeParse(value ?? {});
  return parsed.success ? parsed.data : FrameworkTermsSchema.parse({});
}

/** The individual-contract part of the terms (EG-10), as validateContractTerms reads it. */
export function contractPart(terms: FrameworkTermsInput): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...terms };
  for (const key of EG21_KEYS) {
    delete rest[key];
  }
  return rest;
}

const issue = (code: string, rule: string, item: string, field: string, text: string) => ({
  code,
  rule,
  clause: `L631-24 IV ${item}`,
  field,
  message: `${text} (art. L631-24 IV ${item} CRPM).`,
});

/**
 * Issues of a framework agreement at the proposal or signature stage: the individual-contract
 * clauses (validateContractTerms, EG-10/11/14/15) then the accord-cadre's own (EG-21, EG-22)
 * and what the platform needs to record deliveries. [] when it can be proposed or signed.
 */
export function validateFrameworkTerms(
  terms: unknown,
  product: EgalimProduct,
  stage: 'proposal' | 'signed',
): ContractIssue[] {
  const parsed = FrameworkTermsSchema.safeParse(terms ?? {});
  if (!parsed.success) {
    return parsed.error.issues.map((problem) => {
      const field = problem.path.map(String).join('.');
      return {
        code: 'invalid_field',
        rule: 'EG-21',
        clause: 'L631-24 IV',
        field,
        message: `Champ « ${field} » : ${problem.message}.`,
      };
    });
  }
  const value = parsed.data;
  const own: [boolean, ContractIssue][] = [
    [
      isBlank(value.membersSplit?.rules),
      issue(
        'split_rules_missing',
        'EG-21',
        '2°',
        'membersSplit.rules',
        'Répartition des quantités entre les producteurs membres : règles absentes',
      ),
    ],
    [
      isBlank(value.membersSplit?.transferRules),
      issue(
        'transfer_rules_missing',
        'EG-21',
        '2°',
        'membersSplit.transferRules',
        'Modalités de cession des contrats entre membres : clause absente',
      ),
    ],
    [
      isBlank(value.volumeGaps?.rules),
      issue(
        'volume_gaps_missing',
        'EG-21',
        '3°',
        'volumeGaps.rules',
        'Gestion des écarts entre volumes contractés et livrés : clause absente',
      ),
    ],
    [
      value.volumeGaps?.tolerancePercent === undefined,
      issue(
        'tolerance_missing',
        'EG-21',
        '3°',
        'volumeGaps.tolerancePercent',
        'Écarts de volume : la tolérance (en %) manque',
      ),
    ],
    [
      isBlank(value.negotiationRules),
      issue(
        'negotiation_rules_missing',
        'EG-21',
        '4°',
        'negotiationRules',
        'Règles organisant les relations entre l’acheteur et l’OP (négociation des volumes et du prix) : clause absente',
      ),
    ],
    [
      isBlank(value.transparency),
      issue(
        'transparency_missing',
        'EG-21',
        '5°',
        'transparency',
        'Règles de transparence, dont la prise en compte des indicateurs de l’article L631-24-1 : clause absente',
      ),
    ],
    [
      isBlank(value.monthlyTransmission),
      {
        code: 'monthly_transmission_missing',
        rule: 'EG-22',
        clause: 'L631-24 IV dernier al.',
        field: 'monthlyTransmission',
        message:
          'Transmission mensuelle par l’acheteur des éléments de facturation des membres et des critères de prix : modalités absentes (art. L631-24 IV dernier al. CRPM).',
      },
    ],
    [
      value.quantity?.total !== undefined && decimalPlaces(value.quantity.total) > 3,
      issue(
        'quantity_precision',
        'EG-21',
        '1°',
        'quantity.total',
        'Quantité totale : au plus 3 décimales',
      ),
    ],
    [
      value.deliveryUnit === undefined,
      {
        code: 'delivery_unit_missing',
        rule: 'EG-21',
        clause: 'L631-24 IV 1°',
        field: 'deliveryUnit',
        message: 'Unité de livraison et de facturation (litres, kg…) : à préciser.',
      },
    ],
  ];
  return [
    ...validateContractTerms(contractPart(value), product, stage),
    ...own.filter(([missing]) => missing).map(([, found]) => found),
  ];
}

/** The agreement's yearly total in thousandths of the delivery unit; null when absent. */
export function totalQuantityMilli(terms: FrameworkTerms): number | null {
  const total = terms.quantity?.total;
  if (total === undefined || decimalPlaces(total) > 3) {
    return null;
  }
  return toScaledInteger(total, 3);
}

/** Tolerance of EG-21 3° in basis points (0 when not written yet). */
export function toleranceBp(terms: FrameworkTerms): number {
  const percent = terms.volumeGaps?.tolerancePercent ?? 0;
  return decimalPlaces(percent) > 2 ? 0 : toScaledInteger(percent, 2);
}

const missing = 'non renseigné';
const text = (value: string | undefined) => (value?.trim() ? value.trim() : missing);

/** The agreement as French text: the individual-contract clauses, then L631-24 IV. */
export function describeFrameworkTerms(terms: FrameworkTerms): TermsSection[] {
  const contract = describeTerms(terms);
  const unit = terms.deliveryUnit ? VOLUME_UNIT_LABELS[terms.deliveryUnit] : missing;
  const base = terms.priceBaseQuantity ?? 1;
  return [
    ...contract.map((section) =>
      section.title.startsWith('1°')
        ? {
            ...section,
            lines: [
              ...section.lines,
              `Livraisons et factures en ${unit} ; le prix s’entend pour ${formatDecimalFr(base)} ${unit}.`,
            ],
          }
        : section,
    ),
    {
      title: 'Accord-cadre IV 1° — Quantité, origine et qualité livrées par les membres',
      lines: [
        'La quantité totale, l’origine et la qualité ci-dessus (2°) sont celles à livrer par les producteurs membres.',
      ],
    },
    {
      title: 'Accord-cadre IV 2° — Répartition entre les membres et cession des contrats',
      lines: [
        `Répartition : ${text(terms.membersSplit?.rules)}`,
        `Cession des contrats : ${text(terms.membersSplit?.transferRules)}`,
      ],
    },
    {
      title: 'Accord-cadre IV 3° — Écarts entre volumes contractés et livrés',
      lines: [
        `Tolérance : ${terms.volumeGaps?.tolerancePercent === undefined ? missing : `± ${formatDecimalFr(terms.volumeGaps.tolerancePercent)} %`}`,
        text(terms.volumeGaps?.rules),
      ],
    },
    {
      title: 'Accord-cadre IV 4° — Relations entre l’acheteur et l’OP',
      lines: [text(terms.negotiationRules)],
    },
    {
      title: 'Accord-cadre IV 5° — Transparence et indicateurs',
      lines: [text(terms.transparency)],
    },
    {
      title: 'Transmission mensuelle des éléments de facturation (L631-24 IV dernier al.)',
      lines: [text(terms.monthlyTransmission)],
    },
  ];
}

/** French label of an agreement's state on `today`, as contracts say it, the OP proposing. */
export function agreementStatusLabel(
  agreement: {
    status: 'draft' | 'proposed' | 'counter_proposed' | 'signed';
    startOn: string | null;
    endOn: string | null;
    noticeGivenOn?: string | null;
    terminatedOn?: string | null;
  },
  today: string,
): string {
  if (agreement.status === 'proposed') {
    return 'Proposition de l’OP';
  }
  if (agreement.status === 'signed' && agreement.startOn !== null) {
    const state = lifeStateOn(
      {
        startOn: agreement.startOn,
        endOn: agreement.endOn,
        noticeGivenOn: agreement.noticeGivenOn ?? null,
        terminatedOn: agreement.terminatedOn ?? null,
      },
      today,
    );
    return AGREEMENT_STATE_LABELS[state];
  }
  return contractStatusLabel(agreement, today);
}
