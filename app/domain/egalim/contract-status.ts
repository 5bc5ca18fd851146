import { contractStateOn } from './contract-dates.ts';

export type ContractStatusInput = {
  status: 'draft' | 'proposed' | 'counter_proposed' | 'signed';
  startOn: string | null;
  endOn: string | null;
};

/** French label of a contract's state on `today` ('YYYY-MM-DD'). */
export function contractStatusLabel(contract: ContractStatusInput, today: string): string {
  switch (contract.status) {
    case 'draft':
      return 'Brouillon';
    case 'proposed':
      return 'Proposition du producteur';
    case 'counter_proposed':
      return 'Contre-proposition de l’acheteur';
    case 'signed': {
      if (contract.startOn === null) {
        return 'Signé';
      }
      const state = contractStateOn({ startOn: contract.startOn, endOn: contract.endOn }, today);
      return { active: 'Signé, en vigueur', upcoming: 'Signé, à venir', ended: 'Terminé' }[state];
    }
  }
}
