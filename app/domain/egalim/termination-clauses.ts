import { type ContractIssue, isBlank } from './contract-issue.ts';
import type { Contract } from './schemas.ts';

/** EG-10 7°: notice and indemnity for each termination case. */
export function checkTermination(contract: Contract): ContractIssue[] {
  const issue = (code: string, field: string, message: string): ContractIssue => ({
    code,
    rule: 'EG-10',
    clause: 'L631-24 III 7°',
    field,
    message: `${message} (art. L631-24 III 7° CRPM).`,
  });
  if (contract.termination.length === 0) {
    return [
      issue(
        'termination_missing',
        'termination',
        'Résiliation : les cas de résiliation, leurs préavis et indemnités manquent',
      ),
    ];
  }
  return contract.termination.flatMap((entry, index) => [
    ...(entry.noticeMonths === undefined
      ? [
          issue(
            'termination_notice_missing',
            `termination[${index}].noticeMonths`,
            `Résiliation « ${entry.case} » : préavis absent`,
          ),
        ]
      : []),
    ...(isBlank(entry.indemnity)
      ? [
          issue(
            'termination_indemnity_missing',
            `termination[${index}].indemnity`,
            `Résiliation « ${entry.case} » : indemnité à préciser (ou « aucune »)`,
          ),
        ]
      : []),
  ]);
}

/** EG-16: the contract sets the non-renewal notice; a buyer's notice is at least 3 months. */
export function checkRenewal(contract: Contract): ContractIssue[] {
  const notice = contract.renewal?.buyerNoticeMonths;
  const base = { rule: 'EG-16', clause: 'L631-24 VI', field: 'renewal.buyerNoticeMonths' };
  if (notice === undefined) {
    return [
      {
        ...base,
        code: 'renewal_notice_missing',
        message:
          'Renouvellement : le préavis de non-renouvellement de l’acheteur manque (art. L631-24 VI CRPM).',
      },
    ];
  }
  return notice < 3
    ? [
        {
          ...base,
          code: 'buyer_notice_too_short',
          message: `Renouvellement : préavis de l’acheteur de ${notice} mois, le minimum est de 3 mois (art. L631-24 VI CRPM).`,
        },
      ]
    : [];
}

/** EG-12 (forbidden clause) and EG-09 (proposal annexed to the signed contract). */
export function checkForbiddenAndAnnex(contract: Contract): ContractIssue[] {
  const issues: ContractIssue[] = [];
  if (contract.competitiveAlignmentClause) {
    issues.push({
      code: 'competitive_alignment_forbidden',
      rule: 'EG-12',
      clause: 'L631-24 III dernier al.',
      field: 'competitiveAlignmentClause',
      message:
        'Clause interdite : renégociation ou modification automatique du prix en fonction de l’environnement concurrentiel (alignement, client le plus favorisé) (art. L631-24 III CRPM).',
    });
  }
  if (contract.stage === 'signed' && !contract.producerProposalAnnexed) {
    issues.push({
      code: 'proposal_not_annexed',
      rule: 'EG-09',
      clause: 'L631-24 VII',
      field: 'producerProposalAnnexed',
      message:
        'Annexe : la proposition écrite du producteur doit être annexée au contrat signé (art. L631-24 VII CRPM).',
    });
  }
  return issues;
}
