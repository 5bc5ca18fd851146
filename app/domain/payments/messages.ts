/**
 * French messages of the payment rules and forms. Same shape and `{param}` syntax as the app
 * catalogue (`#app/i18n/fr.ts`), kept beside the rules like the catalogue's messages: the
 * entries can move there unchanged and `tp` become `t`.
 */
export const paymentMessages = {
  'amount.invalid': 'Montant invalide : indiquez des euros, par exemple 12,50.',
  'amount.zero': 'Le montant doit être supérieur à zéro.',
  'amount.tooLarge': 'Montant trop élevé (au plus {max}).',
  'method.invalid': 'Choisissez un moyen de paiement : espèces, chèque ou virement.',
  'household.invalid': 'Choisissez un foyer de la feuille.',
  'producer.invalid': 'Choisissez un producteur de la feuille.',
  'reference.tooLong': 'Référence trop longue (au plus {max} caractères).',
  'reference.unknown': 'Référence de virement inconnue pour cette feuille : « {reference} ».',
  'date.invalid': 'Date de réception invalide.',
  'date.future': 'La date de réception ne peut pas être dans le futur.',
  'reason.required': 'Indiquez le motif de l’annulation.',
  'reason.tooLong': 'Motif trop long (au plus {max} caractères).',
  'iban.invalid': 'IBAN invalide (vérifiez les chiffres : la clé de contrôle ne correspond pas).',
  'bic.invalid': 'BIC invalide (8 ou 11 caractères, par exemple AGRIFRPP839).',
  'holder.invalid': 'Indiquez le titulaire du compte (2 à 120 caractères).',
  'holder.withoutIban': 'Indiquez l’IBAN avec le titulaire du compte, ou videz les deux.',
  'share.invalidLines': 'Part impossible à calculer : {reason}',
  'share.nothingToPay': 'Rien à payer : votre part est réglée.',
  'share.notPayable': 'Les paiements de cette feuille ne sont pas encore ouverts.',
  'share.belowMinimum':
    'Le paiement en ligne demande au moins 0,50 € : réglez ce petit reste à la livraison.',
  'share.noOnlineProducer':
    'Aucun producteur de cette feuille n’accepte encore le paiement en ligne : réglez à la livraison ou par virement.',
  'online.off':
    'Paiement en ligne désactivé sur cette installation (pas de clés Stripe) : réglez à la livraison (espèces, chèque) ou par virement.',
  'online.unavailable':
    'Le paiement en ligne est momentanément indisponible ({reason}). Réessayez dans quelques minutes, ou réglez à la livraison.',
  'payment.notFound': 'Paiement introuvable.',
  'payment.notManual': 'Un paiement en ligne ne s’annule pas : il se rembourse.',
  'payment.alreadyCancelled': 'Ce paiement est déjà annulé.',
  'payment.notYours':
    'Ce paiement ne concerne pas votre part : seul le coordinateur peut l’annuler.',
  'refund.notFound': 'Remboursement introuvable.',
  'refund.notRetryable': 'Ce remboursement n’est pas en échec : rien à relancer.',
  'refund.notCancellable':
    'Seul un remboursement en ligne en échec ou en attente peut être abandonné.',
  'refund.exceeds': 'Le remboursement dépasse le trop-perçu ({max}).',
  'refund.nothingOwed': 'Rien à rembourser : le foyer n’a pas trop payé.',
  'transfer.notFound': 'Virement au producteur introuvable.',
  'transfer.notRetryable': 'Ce virement n’est pas en échec : rien à relancer.',
  'connect.off': 'Paiement en ligne désactivé : configurez les clés Stripe pour relier un compte.',
  'connect.failed': 'Stripe n’a pas pu ouvrir l’inscription ({reason}). Réessayez plus tard.',
  'settlement.sent': '{count} remboursement(s) de trop-perçu envoyé(s) sur la carte des foyers.',
  'settlement.failed':
    '{count} remboursement(s) de trop-perçu en échec : relancez-les depuis les paiements de la tournée.',
} as const;

export type PaymentMessageKey = keyof typeof paymentMessages;

/** `tp('amount.tooLarge', { max: '10 000,00 €' })`. */
export function tp(key: PaymentMessageKey, params: Record<string, string | number> = {}): string {
  return paymentMessages[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}

/** What settling a round after invoicing did, in one sentence (empty when nothing was due). */
export function settlementMessage(settled: { planned: number; failures: readonly string[] }) {
  if (settled.planned === 0) {
    return '';
  }
  const sent = settled.planned - settled.failures.length;
  return [
    sent > 0 ? tp('settlement.sent', { count: sent }) : '',
    settled.failures.length > 0 ? tp('settlement.failed', { count: settled.failures.length }) : '',
  ]
    .filter(Boolean)
    .join(' ');
}
