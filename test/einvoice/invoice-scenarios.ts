/**
 * Invoice scenarios of RULES-FR §4 built through the real domain pipeline
 * (groupOrdersIntoInvoiceDrafts → buildInvoiceSnapshot / buildCreditNote), shared by the domain
 * unit tests, the golden files and the official validation chain. Fictitious parties; SIRENs
 * pass the Luhn check and VAT numbers carry their French key.
 */

import { buildCreditNote, finalizeCreditNote } from '#app/domain/invoicing/build-credit-note.ts';
import {
  type BuildInvoiceSnapshotInput,
  buildInvoiceSnapshot,
} from '#app/domain/invoicing/build-invoice-snapshot.ts';
import {
  groupOrdersIntoInvoiceDrafts,
  type OrderInput,
  type SellerInput,
} from '#app/domain/invoicing/group-orders.ts';
import type { InvoiceParty, InvoiceSnapshot } from '#app/domain/invoicing/invoice-types.ts';
import { decimalPriceToCents } from '#app/domain/money/decimal-input.ts';

export const PARTIES = {
  /** VAT-liable producer of the I1 sample. */
  fermeDuBocage: {
    name: 'EARL Ferme du Bocage',
    siren: '900000019',
    siret: '90000001900019',
    vatNumber: 'FR25900000019',
    address: { line1: '1 chemin des Prés', postcode: '44000', city: 'Nantes', countryCode: 'FR' },
    electronicAddress: { scheme: '0225', value: '900000019' },
  },
  bistrotDuPort: {
    name: 'SARL Le Bistrot du Port',
    siren: '900000027',
    vatNumber: 'FR49900000027',
    address: { line1: '5 quai de la Fosse', postcode: '44100', city: 'Nantes', countryCode: 'FR' },
    electronicAddress: { scheme: '0225', value: '900000027' },
  },
  gaecTroisChenes: {
    name: 'GAEC des Trois Chênes',
    siren: '900000035',
    vatNumber: 'FR73900000035',
    address: { line1: 'Lieu-dit La Lande', postcode: '35000', city: 'Rennes', countryCode: 'FR' },
    electronicAddress: { scheme: '0225', value: '900000035' },
  },
  laiterieDeLOuest: {
    name: "SAS Laiterie de l'Ouest",
    siren: '900000043',
    vatNumber: 'FR00900000043',
    address: { line1: 'ZA du Lait', postcode: '35510', city: 'Cesson-Sévigné', countryCode: 'FR' },
    electronicAddress: { scheme: '0225', value: '900000043' },
  },
  /** Farmer under the remboursement forfaitaire agricole (no VAT charged). */
  maraicherForfait: {
    name: 'Jean Dupuis, maraîcher',
    siren: '900000050',
    siret: '90000005000014',
    vatNumber: 'FR21900000050',
    address: {
      line1: 'La Basse Cour',
      line2: 'Route de Clisson',
      postcode: '44190',
      city: 'Gorges',
      countryCode: 'FR',
    },
    electronicAddress: { scheme: '0225', value: '900000050' },
  },
  epicerieDuMarche: {
    name: "SAS L'Épicerie du Marché",
    siren: '900000068',
    vatNumber: 'FR75900000068',
    address: { line1: '2 place du Marché', postcode: '44190', city: 'Clisson', countryCode: 'FR' },
    electronicAddress: { scheme: '0225', value: '900000068_FACTURES' },
  },
  /** A household of a neighbourhood group (consumer: no SIREN). */
  foyerMartin: {
    name: 'Camille Martin',
    address: { line1: '12 rue des Lilas', postcode: '44300', city: 'Nantes', countryCode: 'FR' },
    electronicAddress: { scheme: 'EM', value: 'camille.martin@example.fr' },
  },
} satisfies Record<string, InvoiceParty>;

const SELLERS: SellerInput[] = [
  { sellerId: 'ferme-du-bocage', vatRegime: 'liable' },
  { sellerId: 'gaec-trois-chenes', vatRegime: 'liable' },
  { sellerId: 'maraicher-forfait', vatRegime: 'flat_rate' },
];

const IBAN = 'FR7630006000011234567890189';

function unwrap<R extends { ok: true } | { ok: false; code: string; message: string }>(
  result: R,
): Extract<R, { ok: true }> {
  if (!result.ok) {
    throw new Error(`${result.code}: ${result.message}`);
  }
  return result as Extract<R, { ok: true }>;
}

/** Groups one customer's orders and freezes the single resulting invoice. */
function invoiceFromOrders(
  orders: OrderInput[],
  rest: Omit<BuildInvoiceSnapshotInput, 'draft'>,
): InvoiceSnapshot {
  const { drafts } = unwrap(groupOrdersIntoInvoiceDrafts({ orders, sellers: SELLERS }));
  const [draft, ...others] = drafts;
  if (!draft || others.length > 0) {
    throw new Error(`expected one draft, got ${drafts.length}`);
  }
  return unwrap(buildInvoiceSnapshot({ draft, ...rest })).invoice;
}

/** RULES-FR I1/I2: farm → restaurant, 3 lines at 5.5 % and 10 %, fresh meat → 20 days. */
export function i1RestaurantInvoice(): InvoiceSnapshot {
  return invoiceFromOrders(
    [
      {
        orderId: 'cmd-2026-0914-bistrot',
        sellerId: 'ferme-du-bocage',
        customerId: 'bistrot-du-port',
        deliveryDate: '2026-09-14',
        lines: [
          {
            label: 'Faux-filet de boeuf Label Rouge',
            quantityMilli: 12_500,
            unitCode: 'KGM',
            unitPriceCents: 2400,
            vatRateBp: 550,
            productKind: 'fresh_meat',
          },
          {
            label: 'Yaourt fermier nature (pack de 4)',
            quantityMilli: 20_000,
            unitCode: 'H87',
            unitPriceCents: 240,
            vatRateBp: 550,
            productKind: 'perishable',
          },
          {
            label: 'Bouquet de fleurs coupées',
            quantityMilli: 3000,
            unitCode: 'H87',
            unitPriceCents: 800,
            vatRateBp: 1000,
            productKind: 'general',
          },
        ],
      },
    ],
    {
      number: 'F2026-000042',
      issueDate: '2026-09-15',
      seller: PARTIES.fermeDuBocage,
      buyer: PARTIES.bistrotDuPort,
      buyerKind: 'b2b',
      buyerReference: 'RESTO-001',
      paymentMeans: { code: '58', iban: IBAN },
    },
  );
}

/** Household of a neighbourhood group, picked up at the group's drop point, paid by card. */
export function b2cHouseholdInvoice(): InvoiceSnapshot {
  return invoiceFromOrders(
    [
      {
        orderId: 'feuille-2026-0918-martin',
        sellerId: 'ferme-du-bocage',
        customerId: 'foyer-martin',
        deliveryDate: '2026-09-18',
        lines: [
          {
            label: 'Panier de légumes de saison',
            quantityMilli: 1000,
            unitCode: 'C62',
            unitPriceCents: 1500,
            vatRateBp: 550,
            productKind: 'perishable',
          },
          {
            label: 'Poulet fermier (pesé)',
            quantityMilli: 1850,
            unitCode: 'KGM',
            unitPriceCents: 1190,
            vatRateBp: 550,
            productKind: 'fresh_meat',
          },
          {
            label: 'Rupture : fromage blanc',
            quantityMilli: 0,
            unitCode: 'H87',
            unitPriceCents: 350,
            vatRateBp: 550,
            productKind: 'perishable',
          },
        ],
      },
    ],
    {
      number: 'F2026-000043',
      issueDate: '2026-09-18',
      seller: PARTIES.fermeDuBocage,
      buyer: PARTIES.foyerMartin,
      buyerKind: 'b2c',
      paymentMeans: { code: '48' },
      deliveryAddress: {
        name: 'Point de retrait du groupe « Voisins des Lilas »',
        line1: 'Maison de quartier, 3 allée des Tilleuls',
        postcode: '44300',
        city: 'Nantes',
        countryCode: 'FR',
      },
    },
  );
}

/** Partial credit note (381) on I1: 1.5 kg of beef returned after a weighing error. */
export function i1CreditNote(): InvoiceSnapshot {
  const { draft } = unwrap(
    buildCreditNote(i1RestaurantInvoice(), {
      selection: [{ lineId: '1', quantityMilli: 1500 }],
      reason: 'erreur de pesée sur le faux-filet',
    }),
  );
  return unwrap(finalizeCreditNote(draft, { number: 'AV2026-000003', issueDate: '2026-09-20' }))
    .creditNote;
}

/** RULES-FR I5 / M1: monthly raw-milk invoice issued by the dairy under a billing mandate. */
export function milkSelfBilledInvoice(): InvoiceSnapshot {
  const price = unwrap(decimalPriceToCents('486.773', 1_000_000));
  return invoiceFromOrders(
    [
      {
        orderId: 'collecte-lait-2026-08',
        sellerId: 'gaec-trois-chenes',
        customerId: 'laiterie-de-l-ouest',
        deliveryDate: '2026-08-31',
        billingPeriod: { start: '2026-08-01', end: '2026-08-31' },
        lines: [
          {
            label: 'Lait cru de vache, collecte août 2026 (42,0 g/L MG ; 34,0 g/L MP)',
            quantityMilli: 30_000_000,
            unitCode: 'LTR',
            unitPriceCents: price.unitPriceCents,
            priceBaseQuantityMilli: price.priceBaseQuantityMilli,
            vatRateBp: 550,
            productKind: 'perishable',
            contractReference: 'CTR-LAIT-2026-003',
            priceTrace: [
              'Prix de base 38/32 : 450,000 €/1000 L',
              'MG 42,0 g/L : +8,720 €/1000 L ; MP 34,0 g/L : +17,200 €/1000 L',
              'Germes classe A : −9,147 €/1000 L ; saisonnalité : +20,000 €/1000 L',
              'Prix payé : 486,773 €/1000 L',
            ],
          },
        ],
      },
    ],
    {
      number: 'AF-LAIT-2026-0017',
      issueDate: '2026-08-31',
      typeCode: '389',
      seller: PARTIES.gaecTroisChenes,
      buyer: PARTIES.laiterieDeLOuest,
      buyerKind: 'b2b',
      paymentMeans: { code: '58', iban: IBAN },
      billingMandate: 'mandat de facturation écrit du 2026-01-02',
    },
  );
}

/** Self-billed credit note (261) on the milk invoice: 500 L refused after a lab re-analysis. */
export function milkSelfBilledCreditNote(): InvoiceSnapshot {
  const { draft } = unwrap(
    buildCreditNote(milkSelfBilledInvoice(), {
      selection: [{ lineId: '1', quantityMilli: 500_000 }],
      reason: 'citerne du 28 août refusée (antibiotiques)',
    }),
  );
  return unwrap(
    finalizeCreditNote(draft, { number: 'AFAV-LAIT-2026-0001', issueDate: '2026-09-10' }),
  ).creditNote;
}

/** Farmer under the remboursement forfaitaire selling to a grocery: no VAT on the invoice. */
export function flatRateFarmerInvoice(): InvoiceSnapshot {
  return invoiceFromOrders(
    [
      {
        orderId: 'cmd-2026-0922-epicerie',
        sellerId: 'maraicher-forfait',
        customerId: 'epicerie-du-marche',
        deliveryDate: '2026-09-22',
        lines: [
          {
            label: 'Œufs plein air (boîte de 6)',
            quantityMilli: 30_000,
            unitCode: 'XBX',
            unitPriceCents: 210,
            vatRateBp: 550,
            productKind: 'perishable',
          },
          {
            label: 'Pommes de terre de conservation',
            quantityMilli: 25_000,
            unitCode: 'KGM',
            unitPriceCents: 120,
            vatRateBp: 550,
            productKind: 'general',
          },
        ],
      },
    ],
    {
      number: 'JD-2026-0108',
      issueDate: '2026-09-22',
      seller: PARTIES.maraicherForfait,
      buyer: PARTIES.epicerieDuMarche,
      buyerKind: 'b2b',
      paymentMeans: { code: '58', iban: IBAN },
      generalTermDays: 30,
    },
  );
}

/** Every generated scenario, keyed by its golden-file name. */
export const SCENARIOS = {
  'i1-restaurant-b2b': i1RestaurantInvoice,
  'b2c-household': b2cHouseholdInvoice,
  'i1-credit-note-381': i1CreditNote,
  'milk-self-billed-389': milkSelfBilledInvoice,
  'milk-self-billed-credit-261': milkSelfBilledCreditNote,
  'flat-rate-farmer': flatRateFarmerInvoice,
} as const;
