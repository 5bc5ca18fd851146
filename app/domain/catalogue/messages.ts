/**
 * French messages of the catalogue rules. Same shape and `{param}` syntax as the app
 * catalogue (`#app/i18n/fr.ts`), kept here while that file is owned elsewhere: the entries
 * can move there unchanged and `tc` become `t`.
 */
export const catalogueMessages = {
  'number.empty': 'Valeur vide.',
  'number.invalid': '« {value} » n’est pas un nombre (exemple : 12,50).',
  'number.mixedSeparators':
    '« {value} » : utilisez la virgule pour les décimales et une espace pour les milliers (exemple : 1 234,50).',
  'number.negative': '« {value} » : une valeur négative n’est pas acceptée.',
  'number.centsPrecision': '« {value} » : un prix se donne au centime près (2 décimales au plus).',
  'number.milliPrecision': '« {value} » : 3 décimales au plus (au millième près).',
  'number.percentPrecision': '« {value} » : 2 décimales au plus pour un pourcentage.',
  'number.wholePrecision': '« {value} » : nombre entier attendu.',
  'number.tooLarge': '« {value} » est trop grand.',

  'product.invalid': 'Valeur invalide.',
  'product.skuRequired': 'La référence est obligatoire.',
  'product.skuFormat':
    'La référence commence par une lettre ou un chiffre et ne contient que lettres, chiffres, espaces et - _ . /',
  'product.skuTooLong': 'La référence ne doit pas dépasser {max} caractères.',
  'product.nameRequired': 'Le nom du produit est obligatoire.',
  'product.textTooLong': 'Au plus {max} caractères.',
  'product.controlCharacters': 'Caractère invisible non permis (tabulation, retour à la ligne…).',
  'product.egalimCategory': 'Catégorie Egalim inconnue.',
  'product.saleUnit': 'Unité de vente inconnue.',
  'product.label': 'Label inconnu.',
  'product.labelDuplicate': 'Label « {label} » indiqué deux fois.',
  'product.stepPositive': 'Le pas de commande doit être supérieur à zéro.',
  'product.maxPositive':
    'Le maximum par foyer doit être supérieur à zéro (laissez vide pour aucun maximum).',
  'product.maxNotMultiple':
    'Le maximum par foyer ({max}) doit être un multiple du pas de commande ({step}).',
  'product.packPositive':
    'Le colis doit contenir plus que zéro (laissez vide si le produit est vendu au détail).',
  'product.packNotMultiple':
    'Le colis ({pack}) doit être un multiple du pas de commande ({step}) : les foyers le remplissent pas à pas.',
  'product.packVariableWeightPieces':
    'Un produit à poids variable se commande à la pièce : le colis compte un nombre entier de pièces.',
  'product.variableWeightUnit':
    'Un produit à poids variable a son prix au kg : choisissez l’unité kg.',
  'product.variableWeightPieces':
    'Un produit à poids variable se commande à la pièce : nombre entier de pièces attendu.',
  'product.estimatedWeightRequired':
    'Indiquez le poids estimé d’une pièce (en grammes) pour un produit à poids variable.',
  'product.estimatedWeightUnexpected':
    'Le poids estimé ne concerne que les produits à poids variable.',
  'product.estimatedWeight': 'Le poids estimé est un nombre entier de grammes supérieur à zéro.',
  'product.siqoLabel':
    'Le label « {label} » est un signe officiel de qualité (SIQO) : indiquez SIQO « oui ».',

  'csv.empty': 'Le fichier est vide : la ligne 1 doit contenir les titres des colonnes.',
  'csv.noProducts': 'Le fichier ne contient aucun produit.',
  'csv.tooManyRows':
    'Le fichier dépasse {max} lignes de produits : découpez-le en plusieurs fichiers.',
  'csv.spreadsheetFile':
    'Ce fichier est un classeur (.xlsx, .ods, .xls), pas un CSV : utilisez « Enregistrer sous… » au format CSV.',
  'csv.undecodable':
    'Caractères illisibles : enregistrez le fichier en CSV « Unicode (UTF-8) » ou « Europe occidentale (Windows-1252) ».',
  'csv.unclosedQuote': 'Guillemet ouvert jamais refermé (cellule commencée sur cette ligne).',
  'csv.textAfterQuote':
    'Texte après un guillemet fermant : dans une cellule entre guillemets, doublez les guillemets ("").',
  'csv.unknownColumn': 'Colonne « {value} » inconnue. Colonnes reconnues : {columns}.',
  'csv.duplicateColumn': 'Colonne « {value} » en double avec « {other} ».',
  'csv.missingColumn': 'Colonne obligatoire absente : « {column} ».',
  'csv.untitledColumn': 'Valeur dans une colonne sans titre en ligne 1.',
  'csv.required': 'Valeur obligatoire.',
  'csv.boolean': '« {value} » : répondez oui ou non.',
  'csv.saleUnit': 'Unité « {value} » inconnue. Unités possibles : {choices}.',
  'csv.egalimCategory': 'Catégorie Egalim « {value} » inconnue. Valeurs possibles : {choices}.',
  'csv.label': 'Label « {value} » inconnu. Labels possibles : {choices}.',
  'csv.vatRate':
    'Taux de TVA « {value} » non autorisé : 5,5 %, 10 % ou 20 %, ou « aucune » (remboursement forfaitaire).',
  'csv.vatRequired':
    'Indiquez le taux de TVA (5,5 %, 10 % ou 20 %) ou « aucune » si vous êtes au remboursement forfaitaire.',
  'csv.duplicateSku': 'Référence « {value} » déjà utilisée ligne {line}.',

  'quantity.notInteger': 'Quantité invalide : nombre entier de millièmes attendu.',
  'quantity.negative': 'La quantité ne peut pas être négative.',
  'quantity.notMultiple': 'La quantité doit être un multiple de {step}.',
  'quantity.aboveMax': 'Au plus {max} par foyer.',
} as const;

export type CatalogueMessageKey = keyof typeof catalogueMessages;

/** `tc('csv.duplicateSku', { value: 'OEUF-6', line: 4 })` */
export function tc(key: CatalogueMessageKey, params: Record<string, string | number> = {}): string {
  return catalogueMessages[key].replace(/\{(\w+)\}/g, (_, name: string) =>
    String(params[name] ?? `{${name}}`),
  );
}
