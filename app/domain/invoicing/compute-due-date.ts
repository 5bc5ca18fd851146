import { addDays, compareIsoDates, endOfDecade, isIsoDate } from './calendar-days.ts';
import type { DomainError, IsoDate, ProductKind } from './invoice-types.ts';

export type DueDateRule =
  | 'fresh_meat_20_days_after_delivery'
  | 'perishable_30_days_after_delivery'
  | 'perishable_30_days_after_decade'
  | 'general_agreed_days_after_issue'
  | 'general_30_days_after_delivery';

export type ComputeDueDateInput = {
  /** The delivery date; for a periodic invoice, the LAST delivery of the period. */
  deliveryDate: IsoDate;
  issueDate: IsoDate;
  /** Kind of every line; a mixed invoice takes the strictest deadline (RULES-FR INV-04). */
  kind: ProductKind | readonly ProductKind[];
  /** Periodic (recapitulative) invoice covering deliveries from `firstDeliveryDate` (INV-05). */
  periodic?: { firstDeliveryDate: IsoDate };
  /** Contractual term for general goods, in days after the issue date. */
  generalTermDays?: number;
};

export type DueDate = { ok: true; dueDate: IsoDate; rule: DueDateRule; termsText: string };

export type DueDateError = DomainError<
  'invalid_date' | 'no_product_kind' | 'term_too_long' | 'issued_after_due_date'
>;

/** C. com. L441-10 I: at most 60 days after the invoice date, 45 for a periodic invoice. */
const GENERAL_MAX_DAYS = 60;
const PERIODIC_MAX_DAYS = 45;

type Candidate = { dueDate: IsoDate; rule: DueDateRule; termsText: string };

function candidateFor(kind: ProductKind, input: ComputeDueDateInput): Candidate | DueDateError {
  const { deliveryDate, issueDate, periodic, generalTermDays } = input;
  switch (kind) {
    case 'fresh_meat':
      // L441-11 II 2°: 20 days after EACH delivery, so the first one of a period binds.
      return {
        dueDate: addDays(periodic?.firstDeliveryDate ?? deliveryDate, 20),
        rule: 'fresh_meat_20_days_after_delivery',
        termsText:
          'Paiement au plus tard 20 jours après la livraison (bétail sur pied et viandes fraîches : C. com. L441-11 II 2°).',
      };
    case 'perishable':
      if (periodic) {
        // L441-11 II 1°, RULES-FR I5: 30 days after the end of the décade of the last delivery.
        return {
          dueDate: addDays(endOfDecade(deliveryDate), 30),
          rule: 'perishable_30_days_after_decade',
          termsText:
            'Facture périodique : paiement au plus tard 30 jours après la fin de la décade de livraison (produits alimentaires périssables : C. com. L441-11 II 1°).',
        };
      }
      return {
        dueDate: addDays(deliveryDate, 30),
        rule: 'perishable_30_days_after_delivery',
        termsText:
          'Paiement au plus tard 30 jours après la livraison (produits alimentaires périssables : C. com. L441-11 II 1°).',
      };
    case 'general': {
      if (generalTermDays === undefined) {
        // L441-10 I: without agreement, 30 days after receipt of the goods.
        return {
          dueDate: addDays(deliveryDate, 30),
          rule: 'general_30_days_after_delivery',
          termsText: 'Paiement à 30 jours après réception des marchandises (C. com. L441-10 I).',
        };
      }
      const maxDays = periodic ? PERIODIC_MAX_DAYS : GENERAL_MAX_DAYS;
      if (!Number.isInteger(generalTermDays) || generalTermDays < 0 || generalTermDays > maxDays) {
        return {
          ok: false,
          code: 'term_too_long',
          message: `Délai de paiement de ${generalTermDays} jours non autorisé : au plus ${maxDays} jours après la date de facture (C. com. L441-10 I).`,
        };
      }
      return {
        dueDate: addDays(issueDate, generalTermDays),
        rule: 'general_agreed_days_after_issue',
        termsText: `Paiement à ${generalTermDays} jours date de facture (C. com. L441-10 I).`,
      };
    }
  }
}

/** Legal payment due date of an invoice (RULES-FR INV-04; vectors I2 and I5). */
export function computeDueDate(input: ComputeDueDateInput): DueDate | DueDateError {
  const dates = [input.deliveryDate, input.issueDate, input.periodic?.firstDeliveryDate];
  const invalid = dates.find((date) => date !== undefined && !isIsoDate(date));
  if (invalid !== undefined) {
    return { ok: false, code: 'invalid_date', message: `Date invalide : « ${invalid} ».` };
  }
  const kinds: readonly ProductKind[] = typeof input.kind === 'string' ? [input.kind] : input.kind;
  if (kinds.length === 0) {
    return {
      ok: false,
      code: 'no_product_kind',
      message: 'Impossible de calculer l’échéance d’une facture sans ligne.',
    };
  }

  let strictest: Candidate | undefined;
  for (const kind of new Set(kinds)) {
    const candidate = candidateFor(kind, input);
    if ('ok' in candidate) {
      return candidate;
    }
    if (!strictest || compareIsoDates(candidate.dueDate, strictest.dueDate) < 0) {
      strictest = candidate;
    }
  }
  if (!strictest) {
    throw new Error('unreachable: at least one product kind');
  }
  if (compareIsoDates(strictest.dueDate, input.issueDate) < 0) {
    // BR-FR-CO-07: the due date cannot precede the issue date; an invoice this late is already
    // overdue (INV-02 wants it issued at delivery).
    return {
      ok: false,
      code: 'issued_after_due_date',
      message: `La facture est émise le ${input.issueDate}, après l’échéance légale du ${strictest.dueDate} : elle aurait dû être émise plus tôt.`,
    };
  }
  return { ok: true, ...strictest };
}
