import { initialEnd } from '#app/domain/egalim/contract-dates.ts';
import type { ContractIssue } from '#app/domain/egalim/contract-issue.ts';

/**
 * The written negotiation of an Egalim contract or a framework agreement (L631-24 II CRPM,
 * RULES-FR EG-08, EG-09, EG-20), one state machine for both: the proposing party (the producer
 * of a contract, the OP of a framework agreement) edits a draft, then sends its written
 * proposal, frozen as version 1; the buyer answers by counter-proposals with a written reason
 * and the proposer by new proposals, each a new frozen version on which the signatures of the
 * previous one lapse; each party signs the current version, refused while a mandatory clause is
 * missing; once both have signed, the document runs from its start date for its duration,
 * tacitly renewed unless stipulated otherwise (L631-24 VI).
 *
 * Refusals are typed reasons: each aggregate words them (app/i18n/fr.ts for contracts).
 */

export type NegotiationStatus = 'draft' | 'proposed' | 'counter_proposed' | 'signed';

/** The party that writes the proposals (producer, OP), or the buyer. */
export type NegotiationParty = 'proposer' | 'buyer';

export type NegotiationState = {
  status: NegotiationStatus;
  currentVersion: number;
  /** When each party signed the current version; null while it has not. */
  signedAt: Record<NegotiationParty, Date | null>;
};

export type NegotiationRefusalReason =
  /** Unknown document, or one the organisation is not a party to. */
  | 'not_found'
  /** Only the proposer edits the draft and sends proposals. */
  | 'not_proposer'
  /** Only the buyer counter-proposes. */
  | 'not_buyer'
  /** The draft is closed once the first proposal is sent. */
  | 'not_draft'
  /** A proposal after both signatures. */
  | 'signed'
  /** A counter-proposal or a signature outside the negotiation. */
  | 'not_negotiating'
  /** A counter-proposal without its written reason. */
  | 'reason_required'
  /** This party already signed the current version. */
  | 'already_signed'
  /** Mandatory clauses missing at the signature stage (`issues` lists them). */
  | 'blocking';

export type NegotiationRefusal = {
  ok: false;
  reason: NegotiationRefusalReason;
  issues?: ContractIssue[];
};

const refuse = (reason: NegotiationRefusalReason): NegotiationRefusal => ({ ok: false, reason });

const isNegotiating = (status: NegotiationStatus) =>
  status === 'proposed' || status === 'counter_proposed';

/** The proposer saves its draft, before its first written proposal. */
export function decideDraftSave(
  state: NegotiationState,
  party: NegotiationParty,
): { ok: true } | NegotiationRefusal {
  if (party !== 'proposer') {
    return refuse('not_proposer');
  }
  return state.status === 'draft' ? { ok: true } : refuse('not_draft');
}

export type VersionKind = 'proposal' | 'counter_proposal';

export type DecidedVersion = {
  ok: true;
  number: number;
  kind: VersionKind;
  author: NegotiationParty;
  /** The document's status once the version is sent. */
  status: 'proposed' | 'counter_proposed';
};

/**
 * A new frozen version: a proposal (from the draft, or the proposer's answer to a
 * counter-proposal) or a counter-proposal; its number and the document's new status.
 */
export function decideVersion(
  state: NegotiationState,
  party: NegotiationParty,
  kind: VersionKind,
): DecidedVersion | NegotiationRefusal {
  const isProposal = kind === 'proposal';
  if (party !== (isProposal ? 'proposer' : 'buyer')) {
    return refuse(isProposal ? 'not_proposer' : 'not_buyer');
  }
  // The proposer may answer at any point before both signatures; the buyer only counters a
  // version under negotiation.
  if (isProposal && state.status === 'signed') {
    return refuse('signed');
  }
  if (!isProposal && !isNegotiating(state.status)) {
    return refuse('not_negotiating');
  }
  return {
    ok: true,
    number: state.currentVersion + 1,
    kind,
    author: party,
    status: isProposal ? 'proposed' : 'counter_proposed',
  };
}

/** The written reason of a counter-proposal (EG-08): at least 3 characters once trimmed. */
export function readCounterReason(text: string): { ok: true; reason: string } | NegotiationRefusal {
  const reason = text.trim();
  return reason.length < 3 ? refuse('reason_required') : { ok: true, reason };
}

/**
 * One party signs the current version, refused while `issues` (the validator at the signature
 * stage) lists a missing clause; `signedByBoth` once the other party had signed it too.
 */
export function decideSignature(
  state: NegotiationState,
  party: NegotiationParty,
  issues: ContractIssue[],
): { ok: true; signedByBoth: boolean } | NegotiationRefusal {
  if (!isNegotiating(state.status)) {
    return refuse('not_negotiating');
  }
  if (state.signedAt[party] !== null) {
    return refuse('already_signed');
  }
  if (issues.length > 0) {
    return { ok: false, reason: 'blocking', issues };
  }
  const other: NegotiationParty = party === 'proposer' ? 'buyer' : 'proposer';
  return { ok: true, signedByBoth: state.signedAt[other] !== null };
}

/** The clauses a signature fixes the period from; present once the validator passed. */
export type PeriodTerms = {
  startOn?: string | undefined;
  durationYears?: number | undefined;
  renewal?: { tacit?: boolean | undefined } | undefined;
};

/**
 * The period of a document signed by both: from its start date, with no end while tacitly
 * renewed (the default), otherwise the last day of its initial term.
 */
export function signedPeriod(terms: PeriodTerms): { startOn: string; endOn: string | null } {
  const startOn = terms.startOn!;
  return {
    startOn,
    endOn: initialEnd(startOn, terms.durationYears!, terms.renewal?.tacit ?? true),
  };
}
