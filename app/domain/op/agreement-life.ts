import {
  endAfterNotice,
  endAfterTermination,
  type LifeState,
  lifeStateOn,
  owedNoticeMonths,
} from '#app/domain/egalim/contract-dates.ts';
import { formatDay } from '#app/i18n/format.ts';
import type { FrameworkTerms } from './framework-terms.ts';

/**
 * End of life of a framework agreement (EG-16, L631-24 VI applied to its duration clause, with
 * the contract calendar of app/domain/egalim/contract-dates.ts): tacitly renewed for an
 * equivalent period unless stipulated otherwise; a non-renewal notice by either side ends it
 * with the first term its notice allows (a buyer's notice is never under three months); a
 * termination for one of its cases ends it once that case's notice has run.
 */
export type AgreementSide = 'op' | 'buyer';

export type AgreementLife = {
  reference: string;
  status: 'draft' | 'proposed' | 'counter_proposed' | 'signed';
  startOn: string | null;
  endOn: string | null;
  noticeGivenOn: string | null;
  noticeBy: AgreementSide | null;
  terminatedOn: string | null;
  terminatedBy: AgreementSide | null;
  terminationReason: string | null;
};

export type AgreementState = 'unsigned' | LifeState;

export const AGREEMENT_STATE_LABELS: Record<AgreementState, string> = {
  unsigned: 'En négociation',
  upcoming: 'Signé, à venir',
  active: 'Signé, en vigueur',
  notice_given: 'En vigueur, fin annoncée',
  ended: 'Terminé',
};

const SIDE_LABELS: Record<AgreementSide, string> = { op: 'l’OP', buyer: 'l’acheteur' };

export function agreementStateOn(agreement: AgreementLife, day: string): AgreementState {
  if (agreement.status !== 'signed' || agreement.startOn === null) {
    return 'unsigned';
  }
  return lifeStateOn({ ...agreement, startOn: agreement.startOn }, day);
}

/** How the agreement ends, in one sentence; null while it runs with no end. */
export function agreementEndText(agreement: AgreementLife): string | null {
  if (agreement.endOn === null) {
    return null;
  }
  const end = formatDay(agreement.endOn);
  if (agreement.terminatedOn !== null && agreement.terminatedBy !== null) {
    return `Résiliation notifiée le ${formatDay(agreement.terminatedOn)} par ${SIDE_LABELS[agreement.terminatedBy]} (${agreement.terminationReason ?? ''}) : dernier jour couvert le ${end}.`;
  }
  if (agreement.noticeGivenOn !== null && agreement.noticeBy !== null) {
    return `Préavis de non-reconduction donné le ${formatDay(agreement.noticeGivenOn)} par ${SIDE_LABELS[agreement.noticeBy]} : dernier jour couvert le ${end}.`;
  }
  return `Sans reconduction tacite : dernier jour couvert le ${end}.`;
}

export type LifeRefusal = { ok: false; message: string };

function refuseWhenSettled(agreement: AgreementLife, givenOn: string): LifeRefusal | null {
  if (agreement.status !== 'signed' || agreement.startOn === null) {
    return { ok: false, message: `L’accord-cadre ${agreement.reference} n’est pas signé.` };
  }
  if (agreement.endOn !== null && agreement.endOn < givenOn) {
    return {
      ok: false,
      message: `L’accord-cadre ${agreement.reference} a pris fin le ${formatDay(agreement.endOn)}.`,
    };
  }
  if (agreement.terminatedOn !== null) {
    return {
      ok: false,
      message: `Une résiliation a déjà été notifiée le ${formatDay(agreement.terminatedOn)}.`,
    };
  }
  return null;
}

/** A non-renewal notice given on `givenOn` by `side`: the agreement's new last day. */
export function planAgreementNotice(input: {
  agreement: AgreementLife;
  terms: FrameworkTerms;
  side: AgreementSide;
  givenOn: string;
}): { ok: true; endOn: string; noticeMonths: number } | LifeRefusal {
  const { agreement, terms } = input;
  const settled = refuseWhenSettled(agreement, input.givenOn);
  if (settled) {
    return settled;
  }
  if (agreement.noticeGivenOn !== null) {
    return {
      ok: false,
      message: `Un préavis de non-reconduction a déjà été donné le ${formatDay(agreement.noticeGivenOn)}.`,
    };
  }
  if (terms.renewal?.tacit === false) {
    return {
      ok: false,
      message: `L’accord-cadre n’est pas reconduit tacitement : il prend fin le ${formatDay(agreement.endOn ?? '')} sans préavis.`,
    };
  }
  const stipulated =
    input.side === 'buyer' ? terms.renewal?.buyerNoticeMonths : terms.renewal?.producerNoticeMonths;
  if (stipulated === undefined || terms.durationYears === undefined) {
    return {
      ok: false,
      message:
        'L’accord-cadre ne fixe pas votre préavis de non-reconduction (art. L631-24 VI CRPM).',
    };
  }
  const noticeMonths = owedNoticeMonths(input.side === 'buyer' ? 'buyer' : 'seller', stipulated);
  return {
    ok: true,
    noticeMonths,
    endOn: endAfterNotice({
      startOn: agreement.startOn!,
      durationYears: terms.durationYears,
      givenOn: input.givenOn,
      noticeMonths,
    }),
  };
}

/** A termination for one of the agreement's cases, with the notifying party's written reason. */
export function planAgreementTermination(input: {
  agreement: AgreementLife;
  terms: FrameworkTerms;
  caseIndex: number;
  reason: string;
  givenOn: string;
}): { ok: true; endOn: string; reason: string } | LifeRefusal {
  const settled = refuseWhenSettled(input.agreement, input.givenOn);
  if (settled) {
    return settled;
  }
  const entry = input.terms.termination[input.caseIndex];
  if (!entry) {
    return { ok: false, message: 'Choisissez un cas de résiliation prévu à l’accord-cadre.' };
  }
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 900) {
    return {
      ok: false,
      message: 'Motif de la résiliation : 3 à 900 caractères (les faits qui la justifient).',
    };
  }
  const effective = endAfterTermination(input.givenOn, entry.noticeMonths ?? 0);
  const current = input.agreement.endOn;
  return {
    ok: true,
    endOn: current !== null && current < effective ? current : effective,
    reason: `${entry.case} — ${reason}`,
  };
}

/**
 * Whether the agreement covers a delivery day; otherwise the French reason (EG-20: no delivery
 * under an agreement before it starts or after it ends).
 */
export function checkAgreementCovers(
  agreement: AgreementLife,
  day: string,
): { ok: true } | LifeRefusal {
  if (agreement.status !== 'signed' || agreement.startOn === null) {
    return {
      ok: false,
      message:
        'Cet accord-cadre n’est pas signé par les deux parties : aucune livraison ne peut être enregistrée à son titre (art. L631-24 II CRPM).',
    };
  }
  if (day < agreement.startOn) {
    return {
      ok: false,
      message: `L’accord-cadre ${agreement.reference} ne couvre pas le ${formatDay(day)} : il prend effet le ${formatDay(agreement.startOn)}.`,
    };
  }
  if (agreement.endOn !== null && agreement.endOn < day) {
    return {
      ok: false,
      message: `L’accord-cadre ${agreement.reference} ne couvre pas le ${formatDay(day)} : ${agreementEndText(agreement)} Aucune livraison après cette date.`,
    };
  }
  return { ok: true };
}
