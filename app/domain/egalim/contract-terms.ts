import { z } from 'zod';
import { IsoDateSchema } from '#app/domain/pricing/iso-date.ts';
import { ConformationClassSchema } from '#app/domain/pricing/schemas.ts';
import type { ContractIssue } from './contract-issue.ts';
import type { EgalimProduct } from './products.ts';
import { type ContractInput, ContractSchema } from './schemas.ts';
import { validateContract } from './validate-contract.ts';

/**
 * What the parties negotiate and sign: the clauses of ContractSchema (lenient, so a draft can be
 * saved incomplete) plus the start date and the conformation class the contract prices its
 * deliveries at. The product and the stage come from the contract row, and the annex of the
 * producer's first proposal is added by the platform (version 1 is frozen and printed with the
 * contract), so they are not part of the terms.
 */
export const ContractTermsSchema = ContractSchema.omit({
  stage: true,
  product: true,
  producerProposalAnnexed: true,
}).extend({
  startOn: IsoDateSchema.optional(),
  /**
   * EUROP class the price formula's conformation rule is applied with when an order is priced
   * (the class agreed for the deliveries; a carcass graded otherwise is corrected on delivery).
   */
  pricingConformation: ConformationClassSchema.optional(),
  /** Unit the formula's price is expressed in, printed with it ("€ HT / kg carcasse"). */
  priceUnit: z.string().max(60).optional(),
});

export type ContractTerms = z.output<typeof ContractTermsSchema>;
export type ContractTermsInput = z.input<typeof ContractTermsSchema>;

/** The terms as validateContract reads them, at the proposal or the signature stage. */
export function toContractInput(
  terms: ContractTermsInput,
  product: EgalimProduct,
  stage: 'proposal' | 'signed',
): ContractInput {
  const { startOn: _start, pricingConformation: _class, priceUnit: _unit, ...clauses } = terms;
  return { ...clauses, stage, product, producerProposalAnnexed: stage === 'signed' };
}

/**
 * Every issue of the terms: the mandatory clauses (validateContract) plus what the platform
 * needs to run the contract: a start date, and the class to price with when the formula pays
 * conformation thirds.
 */
export function validateContractTerms(
  terms: unknown,
  product: EgalimProduct,
  stage: 'proposal' | 'signed',
): ContractIssue[] {
  const parsed = ContractTermsSchema.safeParse(terms);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => {
      const field = issue.path.map(String).join('.');
      return {
        code: 'invalid_field',
        rule: 'EG-10',
        clause: 'L631-24 III',
        field,
        message: `Champ « ${field} » : ${issue.message}.`,
      };
    });
  }
  const value = parsed.data;
  const issues: ContractIssue[] = [];
  if (value.startOn === undefined) {
    issues.push({
      code: 'start_missing',
      rule: 'EG-10',
      clause: 'L631-24 III 5°',
      field: 'startOn',
      message: 'Date de prise d’effet : clause absente (art. L631-24 III 5° CRPM).',
    });
  }
  if (
    value.price?.mode === 'formula' &&
    value.price.formula?.conformation !== undefined &&
    value.pricingConformation === undefined
  ) {
    issues.push({
      code: 'pricing_conformation_missing',
      rule: 'EG-10',
      clause: 'L631-24 III 1°',
      field: 'pricingConformation',
      message:
        'Prix : la formule ajuste le prix par tiers de classe EUROP, indiquez la classe de conformation retenue pour les livraisons.',
    });
  }
  return [...issues, ...validateContract(toContractInput(value, product, stage))];
}
