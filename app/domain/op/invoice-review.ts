import { formatDay } from '#app/i18n/format.ts';
import { contestTooLateMessage, contestWindowOn } from './billing-mandate.ts';

/**
 * A member's answer to an invoice its OP issued in its name (INV-07: « subject to his
 * acceptance … the producer may contest within the period set in the mandate, then a rectifying
 * invoice is issued »; RULES-FR §8 point 7). The state is read from the append-only history.
 */
export type ReviewEventKind = 'accepted' | 'contested' | 'contest_rejected' | 'corrected';
export type ReviewEvent = { kind: ReviewEventKind; on: string; reason: string | null };

export type ReviewState =
  | 'pending'
  | 'accepted'
  | 'deemed_accepted'
  | 'contested'
  | 'corrected'
  | 'cancelled';

export const REVIEW_STATE_LABELS: Record<ReviewState, string> = {
  pending: 'À accepter',
  accepted: 'Acceptée',
  deemed_accepted: 'Réputée acceptée',
  contested: 'Contestée',
  corrected: 'Corrigée (avoir et facture rectificative)',
  cancelled: 'Annulée par avoir',
};

export const REVIEW_EVENT_LABELS: Record<ReviewEventKind, string> = {
  accepted: 'Acceptée par le membre',
  contested: 'Contestée par le membre',
  contest_rejected: 'Contestation refusée par l’OP',
  corrected: 'Corrigée par l’OP',
};

export type ReviewInput = {
  number: string;
  issuedOn: string;
  contestDays: number;
  mandateReference: string;
  /** In the order they happened. */
  events: readonly ReviewEvent[];
  /** A correction replaced the invoice (false: it was only cancelled by the credit note). */
  hasReplacement?: boolean;
  today: string;
};

export type Review = {
  state: ReviewState;
  deadline: string;
  /** The member may still contest (window open, nothing settled). */
  canContest: boolean;
  canAccept: boolean;
  /** The contest the OP has to resolve. */
  openContest: ReviewEvent | null;
};

export function reviewInvoice(input: ReviewInput): Review {
  const { deadline, isOpen } = contestWindowOn(input.issuedOn, input.contestDays, input.today);
  const last = input.events.at(-1);
  const settled = (state: ReviewState): Review => ({
    state,
    deadline,
    canContest: false,
    canAccept: false,
    openContest: null,
  });
  if (input.events.some((event) => event.kind === 'corrected')) {
    return settled(input.hasReplacement === false ? 'cancelled' : 'corrected');
  }
  if (input.events.some((event) => event.kind === 'accepted')) {
    return settled('accepted');
  }
  if (last?.kind === 'contested') {
    return { ...settled('contested'), openContest: last };
  }
  // Nothing yet, or a contest the OP rejected: the invoice stands until the deadline.
  return isOpen
    ? { state: 'pending', deadline, canContest: true, canAccept: true, openContest: null }
    : settled('deemed_accepted');
}

export type ReviewRefusal = { ok: false; message: string };
export type ReviewCheck = { ok: true; review: Review } | ReviewRefusal;

/** The member accepts the invoice: refused once settled or under contest. */
export function checkAcceptance(input: ReviewInput): ReviewCheck {
  const review = reviewInvoice(input);
  if (review.canAccept) {
    return { ok: true, review };
  }
  return { ok: false, message: settledMessage(input, review) };
}

/** The member contests the invoice with a written reason, before the mandate's deadline. */
export function checkContest(input: ReviewInput & { reason: string }): ReviewCheck {
  const reason = input.reason.trim();
  if (reason.length < 3 || reason.length > 1000) {
    return { ok: false, message: 'Motif de la contestation : 3 à 1 000 caractères.' };
  }
  const review = reviewInvoice(input);
  if (review.canContest) {
    return { ok: true, review };
  }
  return { ok: false, message: settledMessage(input, review) };
}

/** The OP resolves the open contest (rejects it or corrects the invoice). */
export function checkResolution(input: ReviewInput): ReviewCheck {
  const review = reviewInvoice(input);
  if (review.state === 'contested') {
    return { ok: true, review };
  }
  return {
    ok: false,
    message: `La facture ${input.number} n’est pas sous contestation (${REVIEW_STATE_LABELS[review.state].toLowerCase()}) : rien à traiter.`,
  };
}

function settledMessage(input: ReviewInput, review: Review): string {
  const on = (kind: ReviewEventKind) =>
    formatDay([...input.events].reverse().find((event) => event.kind === kind)?.on ?? '');
  switch (review.state) {
    case 'accepted':
      return `Vous avez accepté la facture ${input.number} le ${on('accepted')} : elle ne se conteste plus.`;
    case 'contested':
      return `La facture ${input.number} est déjà contestée depuis le ${on('contested')} : l’OP doit y répondre.`;
    case 'corrected':
    case 'cancelled':
      return `La facture ${input.number} a été annulée par un avoir le ${on('corrected')} : agissez sur le document en vigueur.`;
    case 'deemed_accepted':
      return contestTooLateMessage({
        invoiceNumber: input.number,
        contestDays: input.contestDays,
        deadline: review.deadline,
        mandateReference: input.mandateReference,
      });
    case 'pending':
      return `La facture ${input.number} attend votre réponse.`;
  }
}

export type LineCorrection = {
  lineId: string;
  quantityMilli: number;
  unitPriceCents: number;
  /**
   * Quantity the price is for (BT-149), when it differs from the line's: a price re-computed
   * from the agreement's formula may need more decimals than the billed one.
   */
  priceBaseQuantityMilli?: number;
};
export type CorrectableLine = LineCorrection & { label: string };

export type CorrectionPlan =
  | {
      ok: true;
      /** Every line, corrected or not, in the invoice's order. */
      lines: (CorrectableLine & { quantityChanged: boolean; priceChanged: boolean })[];
      /** No line left: the credit note alone settles the contest. */
      cancelsOnly: boolean;
    }
  | ReviewRefusal;

/**
 * What the rectifying invoice will carry: each line of the contested invoice with its corrected
 * quantity (0 drops it) and net unit price; lines not given stay as they were. Refused when
 * nothing changes — the OP then rejects the contest with its reasons instead.
 */
export function planCorrection(
  lines: readonly CorrectableLine[],
  corrections: readonly LineCorrection[],
): CorrectionPlan {
  const known = new Set(lines.map((line) => line.lineId));
  const seen = new Set<string>();
  for (const correction of corrections) {
    if (!known.has(correction.lineId) || seen.has(correction.lineId)) {
      return { ok: false, message: `Ligne ${correction.lineId} inconnue ou donnée deux fois.` };
    }
    seen.add(correction.lineId);
    if (
      !Number.isSafeInteger(correction.quantityMilli) ||
      correction.quantityMilli < 0 ||
      !Number.isSafeInteger(correction.unitPriceCents) ||
      correction.unitPriceCents < 0 ||
      (correction.priceBaseQuantityMilli !== undefined &&
        (!Number.isSafeInteger(correction.priceBaseQuantityMilli) ||
          correction.priceBaseQuantityMilli <= 0))
    ) {
      return {
        ok: false,
        message: `Ligne ${correction.lineId} : quantité et prix positifs ou nuls attendus.`,
      };
    }
  }
  const planned = lines.map((line) => {
    const correction = corrections.find((c) => c.lineId === line.lineId);
    const quantityMilli = correction?.quantityMilli ?? line.quantityMilli;
    const unitPriceCents = correction?.unitPriceCents ?? line.unitPriceCents;
    const base = correction?.priceBaseQuantityMilli ?? line.priceBaseQuantityMilli;
    // Prices for different bases compare per unit: a/b ≠ c/d when a·d ≠ c·b.
    const priceChanged =
      base === line.priceBaseQuantityMilli
        ? unitPriceCents !== line.unitPriceCents
        : unitPriceCents * (line.priceBaseQuantityMilli ?? 1) !== line.unitPriceCents * (base ?? 1);
    return {
      ...line,
      quantityMilli,
      unitPriceCents,
      ...(base === undefined ? {} : { priceBaseQuantityMilli: base }),
      quantityChanged: quantityMilli !== line.quantityMilli,
      priceChanged,
    };
  });
  if (!planned.some((line) => line.quantityChanged || line.priceChanged)) {
    return {
      ok: false,
      message:
        'La correction ne change ni quantité ni prix : refusez plutôt la contestation en expliquant pourquoi.',
    };
  }
  return { ok: true, lines: planned, cancelsOnly: planned.every((l) => l.quantityMilli === 0) };
}
