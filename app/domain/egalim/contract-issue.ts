/** One finding of validateContract: a list, not a boolean (STYLE §6.9). */
export type ContractIssue = {
  code: string;
  /** RULES-FR rule id (EG-10…). */
  rule: string;
  /** Legal reference of the clause, e.g. 'L631-24 III 1°'. */
  clause: string;
  /** French, for the producer and the buyer. */
  message: string;
  /** Contract field concerned (`price.indicators`), when there is one. */
  field?: string;
};

export const isBlank = (text: string | undefined): boolean => (text ?? '').trim() === '';
