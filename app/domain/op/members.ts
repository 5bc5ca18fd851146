import { daysBetween, isValidDay } from '#app/domain/calendar/paris-time.ts';

/**
 * The member registry of a producer organisation: who belongs when, farm data (herd,
 * certifications, annual volumes), and the requests members send with their allowed
 * transitions. Pure rules; days are 'YYYY-MM-DD'.
 */

export const HERD_SPECIES = [
  'cow_dairy',
  'cow_suckler',
  'goat',
  'ewe',
  'pig',
  'poultry',
  'other',
] as const;
export type HerdSpecies = (typeof HERD_SPECIES)[number];

export const HERD_SPECIES_LABELS: Record<HerdSpecies, string> = {
  cow_dairy: 'Vaches laitières',
  cow_suckler: 'Vaches allaitantes',
  goat: 'Chèvres',
  ewe: 'Brebis',
  pig: 'Porcs',
  poultry: 'Volailles',
  other: 'Autres animaux',
};

/** Units of annual volumes and deliveries (UN/ECE rec. 20, EN 16931 BT-130). */
export const VOLUME_UNITS = ['LTR', 'KGM', 'TNE', 'C62'] as const;
export type VolumeUnit = (typeof VOLUME_UNITS)[number];
export const VOLUME_UNIT_LABELS: Record<VolumeUnit, string> = {
  LTR: 'litres',
  KGM: 'kg',
  TNE: 'tonnes',
  C62: 'pièces',
};

export const REQUEST_KINDS = ['join', 'volume_change', 'leave', 'question', 'other'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];
export const REQUEST_KIND_LABELS: Record<RequestKind, string> = {
  join: 'Adhésion',
  volume_change: 'Changement de volume',
  leave: 'Départ',
  question: 'Question',
  other: 'Autre demande',
};

export const REQUEST_STATUSES = ['open', 'in_progress', 'accepted', 'refused', 'closed'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];
export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  open: 'Reçue',
  in_progress: 'En cours d’examen',
  accepted: 'Acceptée',
  refused: 'Refusée',
  closed: 'Close',
};

/**
 * Who moves a request where: the OP examines, accepts or refuses (with a comment), closes; the
 * member may withdraw (close) its own request while it is not decided. A decided request is
 * final; a new request is filed instead.
 */
const TRANSITIONS: Record<'op' | 'member', Record<RequestStatus, readonly RequestStatus[]>> = {
  op: {
    open: ['in_progress', 'accepted', 'refused', 'closed'],
    in_progress: ['accepted', 'refused', 'closed'],
    accepted: [],
    refused: [],
    closed: [],
  },
  member: {
    open: ['closed'],
    in_progress: ['closed'],
    accepted: [],
    refused: [],
    closed: [],
  },
};

export type RequestTransitionResult = { ok: true } | { ok: false; message: string };

/** Whether `side` may move a request from `from` to `to`; a refusal always says why. */
export function checkRequestTransition(options: {
  side: 'op' | 'member';
  from: RequestStatus;
  to: RequestStatus;
  comment: string;
}): RequestTransitionResult {
  const { side, from, to } = options;
  const isFinal = TRANSITIONS.op[from].length === 0;
  if (from === to && !isFinal) {
    // A reply in the thread without changing the status.
    return options.comment.trim().length > 0
      ? { ok: true }
      : { ok: false, message: 'Écrivez votre message.' };
  }
  if (!TRANSITIONS[side][from].includes(to)) {
    const who = side === 'op' ? 'L’OP' : 'Le membre';
    return {
      ok: false,
      message: `${who} ne peut pas passer une demande « ${REQUEST_STATUS_LABELS[from]} » à « ${REQUEST_STATUS_LABELS[to]} ».`,
    };
  }
  if (to === 'refused' && options.comment.trim().length < 3) {
    return { ok: false, message: 'Un refus est motivé : écrivez la raison au membre.' };
  }
  return { ok: true };
}

export type MembershipPeriod = { joinedOn: string; leftOn: string | null };

/** Whether the producer is a member on `day` (the day it leaves is its last day). */
export function isMemberOn(period: MembershipPeriod, day: string): boolean {
  return period.joinedOn <= day && (period.leftOn === null || day <= period.leftOn);
}

/** A member is active over a whole period [from, to] (every delivery of a month, say). */
export function isMemberThroughout(period: MembershipPeriod, from: string, to: string): boolean {
  return isMemberOn(period, from) && isMemberOn(period, to);
}

export type MemberInput = {
  memberNumber: string;
  joinedOn: string;
  leftOn: string | null;
};

/** French issues of a register entry; [] when it can be written. */
export function validateMember(input: MemberInput): string[] {
  const issues: string[] = [];
  if (!/^[A-Za-z0-9./-]{1,20}$/.test(input.memberNumber)) {
    issues.push(
      'Numéro d’adhérent : 1 à 20 caractères parmi lettres, chiffres, point, barre et tiret.',
    );
  }
  if (!isValidDay(input.joinedOn)) {
    issues.push('Date d’adhésion invalide (AAAA-MM-JJ).');
  }
  if (input.leftOn !== null && !isValidDay(input.leftOn)) {
    issues.push('Date de départ invalide (AAAA-MM-JJ).');
  } else if (input.leftOn !== null && input.leftOn < input.joinedOn) {
    issues.push('La date de départ ne peut pas précéder la date d’adhésion.');
  }
  return issues;
}

export type CertificationValidity = { validFrom: string; validUntil: string | null };

export function isCertificationValidOn(certification: CertificationValidity, day: string): boolean {
  return (
    certification.validFrom <= day &&
    (certification.validUntil === null || day <= certification.validUntil)
  );
}

/** Days left before a certification expires (negative once expired); null without end. */
export function certificationExpiresIn(
  certification: CertificationValidity,
  day: string,
): number | null {
  return certification.validUntil === null ? null : daysBetween(day, certification.validUntil);
}
