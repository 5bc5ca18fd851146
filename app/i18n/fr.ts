/**
 * The one French message catalogue. Code refers to messages by key through `t()`, so a
 * wording changes in one place and a missing key is a type error.
 */
export const fr = {
  'app.name': 'Cabas',
  'app.tagline':
    'Les circuits courts, ensemble : catalogues, commandes groupées en direct, factures en règle.',
  'nav.home': 'Accueil',
  'nav.signIn': 'Se connecter',
  'nav.signUp': 'Créer un compte',
  'nav.signOut': 'Se déconnecter',
  'nav.newOrganisation': 'Créer une organisation',
  'nav.myOrganisations': 'Mes organisations',
  'nav.skip': 'Aller au contenu',
  'field.required': 'Ce champ est obligatoire.',
  'field.email': 'Adresse e-mail invalide.',
  'field.passwordTooShort': 'Le mot de passe doit contenir au moins 10 caractères.',
  'field.passwordTooLong': 'Le mot de passe ne doit pas dépasser 72 caractères.',
  'field.passwordMismatch': 'Les deux mots de passe ne correspondent pas.',
  'field.nameTooShort': 'Au moins 2 caractères.',
  'field.nameTooLong': 'Au plus {max} caractères.',
  'field.postalCode': 'Code postal à 5 chiffres.',
  'field.kind': 'Choisissez un type d’organisation.',
  'field.role': 'Choisissez un rôle.',
  'field.siretSirenMismatch': 'Le SIRET doit commencer par le SIREN.',
  'field.vatSirenMismatch': 'Le numéro de TVA ne correspond pas au SIREN.',
  'toast.signedIn': 'Vous êtes connecté.',
  'toast.signedUp': 'Bienvenue sur Cabas ! Votre compte est créé.',
  'toast.signedOut': 'Vous êtes déconnecté.',
  'toast.resetSent':
    'Si un compte existe pour cette adresse, un lien de réinitialisation vient d’être envoyé.',
  'toast.passwordReset': 'Votre mot de passe a été changé.',
  'toast.organisationCreated': 'Organisation « {name} » créée.',
  'toast.identitySaved': 'Identité légale enregistrée.',
  'toast.invitationCreated': 'Invitation créée : transmettez le lien ci-dessous.',
  'toast.invitationAccepted': 'Vous avez rejoint « {name} ».',
  'toast.householdCreated': 'Foyer « {name} » ajouté.',
  'error.notFound': 'Page introuvable.',
  'error.forbidden': 'Vous n’avez pas accès à cette page.',
  'error.unexpected':
    'Une erreur inattendue est survenue. Réessayez ; si elle persiste, contactez-nous.',
  'error.householdExists': 'Un foyer porte déjà ce nom dans ce groupe.',
  'picking.byStop': 'Préparation par arrêt',
  'picking.byProduct': 'Préparation par produit',
  'picking.byHousehold': 'Préparation par foyer',
  'picking.stopTitle': 'Arrêt {position} — {name}',
  'picking.window': 'Créneau : {from} – {to}',
  'picking.deadlineOpen': 'Commandes ouvertes jusqu’au {deadline} : liste provisoire.',
  'picking.deadlineClosed': 'Commandes closes le {deadline}.',
  'picking.noOrder': 'Aucune commande pour cet arrêt.',
  'picking.noOrderAtAll': 'Aucune commande pour cette tournée.',
  'picking.ordersCaption': 'Commandes',
  'picking.stopTotalsCaption': 'Total à charger pour l’arrêt',
  'picking.roundTotal': 'Total de la tournée',
  'picking.column.position': 'N° arrêt',
  'picking.column.stop': 'Arrêt',
  'picking.column.customer': 'Client',
  'picking.column.customerKind': 'Type de client',
  'picking.column.product': 'Produit',
  'picking.column.quantity': 'Quantité',
  'picking.column.unit': 'Unité',
  'picking.column.estimatedKg': 'Poids estimé (kg)',
  'picking.kind.household': 'Foyer',
  'picking.kind.organisation': 'Organisation',
  'picking.header.round': 'Tournée du {day}',
  'picking.header.generatedAt': 'Éditée le {at}',
  'picking.page': 'Page {page} / {pages}',
} as const;

export type MessageKey = keyof typeof fr;

/** `t('field.nameTooLong', { max: 120 })` → « Au plus 120 caractères. » */
export function t(key: MessageKey, params: Record<string, string | number> = {}): string {
  return fr[key].replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}
