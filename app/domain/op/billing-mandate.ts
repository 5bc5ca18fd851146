import { addDays, isValidDay } from '#app/domain/calendar/paris-time.ts';
import { EGALIM_CATEGORIES, type EgalimCategory } from '#app/domain/catalogue/egalim-categories.ts';
import { addMonths, endAfterTermination } from '#app/domain/egalim/contract-dates.ts';
import { formatDay } from '#app/i18n/format.ts';

/**
 * Billing mandates (RULES-FR EG-23, INV-07/08): a producer (the mandator) lets a producer
 * organisation or a buyer (the mandatary) issue invoices in its name and on its behalf
 * (CGI 289 I-2). The mandate is a written document of its own, never a clause of a sale
 * contract (L631-24 V), signed before it takes effect, renewed every year by tacit renewal and
 * revocable at any time with one month's notice. Days are 'YYYY-MM-DD' (Europe/Paris calendar);
 * every `end` is the last covered day, inclusive.
 */

export type MandataryKind = 'op' | 'buyer';
export type MandateSide = 'mandator' | 'mandatary';

/** Yearly tacit renewal (L631-24 V): every period lasts twelve months. */
export const MANDATE_PERIOD_MONTHS = 12;
/** Revocation "à tout moment avec un préavis d'un mois" (L631-24 V). */
export const REVOCATION_NOTICE_MONTHS = 1;
/** Bounds of the contest period a mandate sets for each invoice (INV-07). */
export const CONTEST_DAYS_MIN = 1;
export const CONTEST_DAYS_MAX = 90;
/** The seller's own series (invoices F, credit notes A): a mandatary never writes in them. */
export const RESERVED_SERIES = ['F', 'A'] as const;

/**
 * Series of the invoices a mandatary issues in the producer's name: a separate series keeps each
 * issuer's sequence chronological and continuous (CGI ann. II 242 nonies A 7°).
 */
export function defaultMandateSeries(kind: MandataryKind): string {
  return kind === 'op' ? 'OP' : 'AF';
}

export type MandateScope = {
  /** Sales to every buyer (only an OP can hold such a mandate). */
  coversAllBuyers: boolean;
  /** Buyers whose purchases the mandate covers; for a buyer mandatary, itself. */
  buyerIds: readonly string[];
  /** Products covered, by Egalim category; empty = every product. */
  egalimCategories: readonly EgalimCategory[];
};

export type MandateTerms = MandateScope & {
  mandatorId: string;
  mandatorKind: string;
  mandataryId: string;
  mandataryKind: string;
  /** The operations and period covered, as written in the mandate (BOFiP). */
  operations: string;
  startOn: string;
  contestDays: number;
  invoiceSeries: string;
};

export type MandateIssue = {
  code: string;
  /** RULES-FR rule id. */
  rule: string;
  field?: string;
  message: string;
};

const issue = (code: string, rule: string, field: string, message: string): MandateIssue => ({
  code,
  rule,
  field,
  message,
});

/** Every reason the mandate cannot be written as is; [] when it can be signed. */
export function validateBillingMandate(terms: MandateTerms): MandateIssue[] {
  const issues: MandateIssue[] = [];
  if (terms.mandatorKind !== 'producer') {
    issues.push(
      issue(
        'mandator_not_producer',
        'EG-23',
        'mandatorId',
        'Seul un producteur donne un mandat de facturation.',
      ),
    );
  }
  if (terms.mandataryKind !== 'op' && terms.mandataryKind !== 'buyer') {
    issues.push(
      issue(
        'mandatary_kind',
        'EG-23',
        'mandataryId',
        'Le mandataire est une organisation de producteurs ou un acheteur (art. L631-24 V CRPM).',
      ),
    );
  }
  if (terms.mandatorId === terms.mandataryId) {
    issues.push(
      issue('same_party', 'EG-23', 'mandataryId', 'Le mandant et le mandataire sont différents.'),
    );
  }
  issues.push(...checkScope(terms));
  if (terms.operations.trim().length < 3) {
    issues.push(
      issue(
        'operations_missing',
        'INV-07',
        'operations',
        'Décrivez les opérations couvertes par le mandat (produits, acheteurs, période).',
      ),
    );
  }
  if (!isValidDay(terms.startOn)) {
    issues.push(
      issue('start_invalid', 'INV-07', 'startOn', 'Date de prise d’effet invalide (AAAA-MM-JJ).'),
    );
  }
  if (
    !Number.isInteger(terms.contestDays) ||
    terms.contestDays < CONTEST_DAYS_MIN ||
    terms.contestDays > CONTEST_DAYS_MAX
  ) {
    issues.push(
      issue(
        'contest_days',
        'INV-07',
        'contestDays',
        `Le délai de contestation de chaque facture est un nombre de jours entre ${CONTEST_DAYS_MIN} et ${CONTEST_DAYS_MAX}.`,
      ),
    );
  }
  issues.push(...checkSeries(terms.invoiceSeries));
  return issues;
}

function checkScope(terms: MandateTerms): MandateIssue[] {
  const issues: MandateIssue[] = [];
  if (terms.mandataryKind === 'buyer') {
    // Self-billing (INV-07): a buyer invoices only its own purchases.
    const onlyItself = terms.buyerIds.length === 1 && terms.buyerIds[0] === terms.mandataryId;
    if (terms.coversAllBuyers || !onlyItself) {
      issues.push(
        issue(
          'buyer_scope',
          'INV-07',
          'buyerIds',
          'Un acheteur mandataire ne facture que ses propres achats (autofacturation).',
        ),
      );
    }
  } else if (!terms.coversAllBuyers && terms.buyerIds.length === 0) {
    issues.push(
      issue(
        'no_buyer',
        'INV-07',
        'buyerIds',
        'Choisissez les acheteurs dont les achats sont couverts, ou « tous les acheteurs ».',
      ),
    );
  }
  const unknown = terms.egalimCategories.filter(
    (c) => !(EGALIM_CATEGORIES as readonly string[]).includes(c),
  );
  if (unknown.length > 0) {
    issues.push(
      issue('category_unknown', 'INV-07', 'egalimCategories', 'Catégorie de produits inconnue.'),
    );
  }
  return issues;
}

function checkSeries(series: string): MandateIssue[] {
  if (!/^[A-Z]{1,8}$/.test(series)) {
    return [
      issue(
        'series_invalid',
        'INV-01',
        'invoiceSeries',
        'La série des factures du mandataire s’écrit en 1 à 8 lettres majuscules (ex. OP).',
      ),
    ];
  }
  if ((RESERVED_SERIES as readonly string[]).includes(series)) {
    return [
      issue(
        'series_reserved',
        'INV-01',
        'invoiceSeries',
        `La série ${series} est celle des factures du producteur lui-même : le mandataire numérote dans une série distincte.`,
      ),
    ];
  }
  return [];
}

export type MandatePeriod = {
  startOn: string;
  /** Day both parties had signed; null until then. */
  signedOn: string | null;
  /** Last covered day after a revocation; null while it renews every year. */
  endsOn: string | null;
};

/** Last day of the `period`-th yearly period (1 = the first). */
export function periodEnd(startOn: string, period: number): string {
  return addDays(addMonths(startOn, MANDATE_PERIOD_MONTHS * period), -1);
}

/**
 * End of the yearly period running on `day` (tacit renewal): the day the mandate renews next.
 * Before the start, the end of the first period.
 */
export function currentPeriodEnd(startOn: string, day: string): string {
  let period = 1;
  // Bounded by the number of years between the two days.
  while (periodEnd(startOn, period) < day) {
    period += 1;
  }
  return periodEnd(startOn, period);
}

/**
 * A revocation notified on `givenOn` takes effect one month later (L631-24 V): the mandate
 * covers up to the day before (notice on 10 March → last day 9 April; on 31 January → one
 * month later is 28 February, last day 27 February). Never after an earlier end.
 */
export function endAfterRevocation(givenOn: string, currentEnd: string | null = null): string {
  const end = endAfterTermination(givenOn, REVOCATION_NOTICE_MONTHS);
  return currentEnd !== null && currentEnd < end ? currentEnd : end;
}

export type MandateState = 'unsigned' | 'upcoming' | 'active' | 'revoking' | 'ended';

/** Where the mandate stands on `day`. */
export function mandateStateOn(period: MandatePeriod, day: string): MandateState {
  if (period.signedOn === null) {
    return 'unsigned';
  }
  if (period.endsOn !== null && day > period.endsOn) {
    return 'ended';
  }
  if (day < period.startOn) {
    return 'upcoming';
  }
  return period.endsOn !== null ? 'revoking' : 'active';
}

/** Whether the mandate allows invoicing a supply made on `day`. */
export function coversDay(period: MandatePeriod, day: string): boolean {
  const state = mandateStateOn(period, day);
  return state === 'active' || state === 'revoking';
}

export const MANDATE_STATE_LABELS: Record<MandateState, string> = {
  unsigned: 'En attente de signature',
  upcoming: 'Signé, à venir',
  active: 'En vigueur',
  revoking: 'Révoqué, préavis en cours',
  ended: 'Terminé',
};

/** Whether the scope covers a sale to `buyerId` of a product of `egalimCategory`. */
export function scopeCovers(
  scope: MandateScope,
  sale: { buyerId: string; egalimCategory?: EgalimCategory },
): boolean {
  const buyerOk = scope.coversAllBuyers || scope.buyerIds.includes(sale.buyerId);
  const productOk =
    sale.egalimCategory === undefined ||
    scope.egalimCategories.length === 0 ||
    scope.egalimCategories.includes(sale.egalimCategory);
  return buyerOk && productOk;
}

/**
 * Two mandates of one producer that could both invoice the same sale: same buyer (or all),
 * overlapping products and overlapping periods. Only one party may invoice a given sale.
 */
export function mandatesOverlap(
  a: MandateScope & MandatePeriod,
  b: MandateScope & MandatePeriod,
): boolean {
  const buyers =
    a.coversAllBuyers || b.coversAllBuyers || a.buyerIds.some((id) => b.buyerIds.includes(id));
  const products =
    a.egalimCategories.length === 0 ||
    b.egalimCategories.length === 0 ||
    a.egalimCategories.some((c) => b.egalimCategories.includes(c));
  const dates =
    (a.endsOn === null || b.startOn <= a.endsOn) && (b.endsOn === null || a.startOn <= b.endsOn);
  return buyers && products && dates;
}

/** Last day the producer may contest an invoice issued on `issuedOn` (INV-07). */
export function contestDeadline(issuedOn: string, contestDays: number): string {
  return addDays(issuedOn, contestDays);
}

export type ContestWindow = { deadline: string; isOpen: boolean };

/**
 * Whether the producer may still contest, on `today`, an invoice issued under his mandate
 * (INV-07): until the deadline inclusive; past it, an invoice he did not contest is deemed
 * accepted (RULES-FR §8 point 7). One rule for the OP's invoices and the dairy's self-billing.
 */
export function contestWindowOn(
  issuedOn: string,
  contestDays: number,
  today: string,
): ContestWindow {
  const deadline = contestDeadline(issuedOn, contestDays);
  return { deadline, isOpen: today <= deadline };
}

/** The refusal of a contest sent too late, naming the deadline and the mandate. */
export function contestTooLateMessage(input: {
  invoiceNumber: string;
  contestDays: number;
  deadline: string;
  mandateReference: string;
}): string {
  return `Le délai de contestation de la facture ${input.invoiceNumber} est passé : ${input.contestDays} jours après son émission, soit jusqu’au ${formatDay(input.deadline)} (mandat ${input.mandateReference}).`;
}

export type MandateMentionInput = {
  mandataryName: string;
  mandatorName: string;
  reference: string;
  signedOn: string;
  contestDays: number;
};

/**
 * The mention of an invoice issued by an OP under the mandate (INV-07, RULES-FR §8 point 7):
 * in the producer's name and on his behalf, the mandate, and how long he may contest it.
 */
export function mandataryMention(input: MandateMentionInput): string {
  return `Facture établie par ${input.mandataryName} au nom et pour le compte de ${input.mandatorName}, mandat de facturation ${input.reference} du ${formatDay(input.signedOn)} (CGI art. 289 I-2). ${contestMention(input.contestDays)}`;
}

/** The same mention on a credit note the OP issues in the producer's name (no contest period). */
export function mandataryCreditNoteMention(
  input: Omit<MandateMentionInput, 'contestDays'>,
): string {
  return `Avoir établi par ${input.mandataryName} au nom et pour le compte de ${input.mandatorName}, mandat de facturation ${input.reference} du ${formatDay(input.signedOn)} (CGI art. 289 I-2).`;
}

/** The mandate reference a self-billed (389/261) document prints after « Autofacturation ». */
export function selfBillingMandateText(input: Omit<MandateMentionInput, 'mandataryName'>): string {
  return `mandat de facturation ${input.reference} du ${formatDay(input.signedOn)} donné par ${input.mandatorName} ; ${contestText(input.contestDays)}`;
}

function contestText(days: number): string {
  return `contestation possible dans les ${days} jours suivant son émission`;
}

function contestMention(days: number): string {
  return `La facture émise par le mandataire et acceptée par le fournisseur est réputée émise au nom et pour le compte de ce fournisseur ; ${contestText(days)}.`;
}

/** « Fromagerie Chambost, Laiterie de la Coise — Lait de vache » (lists and detail pages). */
export function mandateScopeText(scope: {
  coversAllBuyers: boolean;
  buyerNames: readonly string[];
  categoryLabels: readonly string[];
}): string {
  const buyers = scope.coversAllBuyers ? 'Tous les acheteurs' : scope.buyerNames.join(', ');
  const products =
    scope.categoryLabels.length === 0 ? 'tous produits' : scope.categoryLabels.join(', ');
  return `${buyers} — ${products}`;
}
