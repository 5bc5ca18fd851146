import { daysBetween, parisDayOf, parisTimeOf } from '#app/domain/calendar/paris-time.ts';

/**
 * The rules of an organisation's dashboard (« Cette semaine »): whose turn it is on a document
 * negotiated in writing, and how near a deadline is. Pure: `now` comes in.
 */

export type NegotiationStatus = 'draft' | 'proposed' | 'counter_proposed' | 'signed';
export type NegotiationSide = 'author' | 'counterpart';

export type NegotiationState = {
  status: NegotiationStatus;
  /** Signatures on the current version (a signed document has both). */
  authorSignedAt: Date | null;
  counterpartSignedAt: Date | null;
};

/**
 * What `side` has to do on a contract (the producer is its author, the buyer its counterpart;
 * an accord-cadre: the OP and the buyer), or null when it waits for the other side. The author
 * proposes in writing and answers counter-proposals; the counterpart answers the proposal
 * (L631-24 II: a refusal or reservation is reasoned and sent in writing); either signs the
 * version on the table once the other has signed it.
 */
export function negotiationAction(state: NegotiationState, side: NegotiationSide): string | null {
  if (state.status === 'signed') {
    return null;
  }
  const own = side === 'author' ? state.authorSignedAt : state.counterpartSignedAt;
  const other = side === 'author' ? state.counterpartSignedAt : state.authorSignedAt;
  if (other && !own) {
    return 'Signer : l’autre partie a signé';
  }
  if (own) {
    return null;
  }
  switch (state.status) {
    case 'draft':
      return side === 'author' ? 'Envoyer la proposition écrite' : null;
    case 'proposed':
      return side === 'counterpart'
        ? 'Répondre à la proposition (signer ou contre-proposer)'
        : null;
    case 'counter_proposed':
      return side === 'author' ? 'Répondre à la contre-proposition' : null;
  }
}

export type DeadlineUrgency = 'passed' | 'today' | 'soon' | 'later';

/** How near an order deadline is, on the Paris calendar: « aujourd’hui à 18:00 », « dans 2 jours ». */
export function describeDeadline(
  deadline: Date,
  now: Date,
): { urgency: DeadlineUrgency; label: string } {
  if (deadline.getTime() <= now.getTime()) {
    return { urgency: 'passed', label: 'date limite passée' };
  }
  const days = daysBetween(parisDayOf(now), parisDayOf(deadline));
  const time = parisTimeOf(deadline);
  if (days === 0) {
    return { urgency: 'today', label: `aujourd’hui à ${time}` };
  }
  if (days === 1) {
    return { urgency: 'soon', label: `demain à ${time}` };
  }
  return {
    urgency: days <= 3 ? 'soon' : 'later',
    label: `dans ${days} jours (le ${DAY_MONTH.format(deadline)} à ${time})`,
  };
}

const DAY_MONTH = new Intl.DateTimeFormat('fr-FR', {
  day: 'numeric',
  month: 'long',
  timeZone: 'Europe/Paris',
});
