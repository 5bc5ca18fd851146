// Stable codes (English, for code and logs) and French messages shown by the sheet UI.

export interface Rejection {
  readonly code: string;
  readonly message: string;
}

export const REJECTIONS = {
  readOnly: {
    code: 'read-only',
    message: "Cette feuille est en lecture seule : votre modification n'a pas été enregistrée.",
  },
  sheetClosed: {
    code: 'sheet-closed',
    message: 'La feuille est fermée : elle ne peut plus être modifiée.',
  },
  invalidStructure: {
    code: 'invalid-structure',
    message: 'Modification refusée : seules les quantités de la feuille peuvent être modifiées.',
  },
  invalidKey: {
    code: 'invalid-key',
    message: "Modification refusée : cette case n'existe pas dans la feuille.",
  },
  invalidQuantity: {
    code: 'invalid-quantity',
    message: "Quantité refusée : la valeur saisie n'est pas une quantité valide.",
  },
  foreignClient: {
    code: 'foreign-client',
    message: 'Modification refusée : cet éditeur est déjà utilisé par une autre personne.',
  },
  policyError: {
    code: 'policy-error',
    message:
      "Le serveur n'a pas pu vérifier votre modification : elle n'a pas été enregistrée. Réessayez.",
  },
} as const satisfies Record<string, Rejection>;

/** Notices that are not refusals: the sheet is (now) read-only for this connection. */
export const NOTICES = {
  readOnly: { code: 'read-only', message: 'Cette feuille est en lecture seule.' },
  sheetClosed: REJECTIONS.sheetClosed,
} as const satisfies Record<string, Rejection>;
