import type {
  BuyerKind,
  DeliveryAddress,
  DomainError,
  InvoiceParty,
  PostalAddress,
  VatRegime,
} from './invoice-types.ts';

/** Legal identity of an organisation as stored (table organisations). */
export type OrganisationIdentity = {
  kind: 'producer' | 'group' | 'buyer' | 'op';
  name: string;
  legalName: string | null;
  siren: string | null;
  siret: string | null;
  vatNumber: string | null;
  vatRegime: 'liable' | 'flat_rate' | 'franchise' | null;
  addressLine1: string | null;
  addressLine2: string | null;
  postalCode: string | null;
  city: string | null;
  country: string;
  email: string | null;
};

export type PartyError = DomainError<
  'incomplete_seller' | 'unsupported_vat_regime' | 'incomplete_buyer'
>;

function postalAddress(org: OrganisationIdentity): PostalAddress | undefined {
  if (!org.addressLine1?.trim() || !org.postalCode?.trim() || !org.city?.trim()) {
    return undefined;
  }
  return {
    line1: org.addressLine1.trim(),
    ...(org.addressLine2?.trim() ? { line2: org.addressLine2.trim() } : {}),
    postcode: org.postalCode.trim(),
    city: org.city.trim(),
    countryCode: org.country.trim(),
  };
}

function listMissing(items: [boolean, string][]): string[] {
  return items.filter(([isMissing]) => isMissing).map(([, label]) => label);
}

/**
 * The seller as printed (CGI ann. II 242 nonies A: legal name, SIREN, address, VAT number;
 * BR-FR-10/12/22: SIREN and a 0225 electronic address starting with it). Refused with what is
 * missing; the franchise en base (art. 293 B) is not a regime Cabas invoices yet.
 */
export function toSellerParty(
  org: OrganisationIdentity,
): { ok: true; party: InvoiceParty; vatRegime: VatRegime } | PartyError {
  const address = postalAddress(org);
  const missing = listMissing([
    [!org.siren, 'SIREN'],
    [!org.vatNumber, 'numéro de TVA intracommunautaire'],
    [!address, 'adresse complète'],
    [!org.vatRegime, 'régime de TVA'],
  ]);
  if (missing.length > 0 || !org.siren || !address) {
    return {
      ok: false,
      code: 'incomplete_seller',
      message: `Identité du vendeur « ${org.name} » incomplète pour facturer : ${missing.join(', ')}. Complétez-la dans les informations légales de l’organisation.`,
    };
  }
  if (org.vatRegime !== 'liable' && org.vatRegime !== 'flat_rate') {
    return {
      ok: false,
      code: 'unsupported_vat_regime',
      message: `Le régime de TVA « franchise en base » de « ${org.name} » n’est pas encore pris en charge par la facturation.`,
    };
  }
  return {
    ok: true,
    vatRegime: org.vatRegime,
    party: {
      name: org.legalName?.trim() || org.name,
      siren: org.siren,
      ...(org.siret ? { siret: org.siret } : {}),
      ...(org.vatNumber ? { vatNumber: org.vatNumber } : {}),
      address,
      electronicAddress: { scheme: '0225', value: org.siren },
    },
  };
}

export type BuyerParty = {
  party: InvoiceParty;
  buyerKind: BuyerKind;
  deliveryAddress?: DeliveryAddress;
};

/**
 * An organisation buying as a customer. Professional buyers (and any organisation with a
 * SIREN) are B2B: SIREN and address are mandatory (BR-FR-11, décret 2022-1299), the electronic
 * address is the SIREN in scheme 0225. A neighbourhood group without SIREN buys as a consumer
 * (B2C, reached by e-mail).
 */
export function toOrganisationBuyer(
  org: OrganisationIdentity,
): { ok: true; buyer: BuyerParty } | PartyError {
  const address = postalAddress(org);
  const isB2b = org.kind !== 'group' || org.siren !== null;
  const missing = listMissing([
    [isB2b && !org.siren, 'SIREN'],
    [!address, 'adresse complète'],
    [!isB2b && !org.email, 'e-mail'],
  ]);
  if (missing.length > 0 || !address) {
    return {
      ok: false,
      code: 'incomplete_buyer',
      message: `Identité du client « ${org.name} » incomplète pour facturer : ${missing.join(', ')}.`,
    };
  }
  const party: InvoiceParty = {
    name: org.legalName?.trim() || org.name,
    ...(org.siren ? { siren: org.siren } : {}),
    ...(org.siret ? { siret: org.siret } : {}),
    ...(org.vatNumber ? { vatNumber: org.vatNumber } : {}),
    address,
    electronicAddress:
      isB2b && org.siren
        ? { scheme: '0225', value: org.siren }
        : { scheme: 'EM', value: org.email ?? '' },
  };
  return { ok: true, buyer: { party, buyerKind: isB2b ? 'b2b' : 'b2c' } };
}

export type HouseholdIdentity = {
  name: string;
  /** Members of the household, in a stable order. */
  members: readonly { fullName: string; email: string }[];
  group: OrganisationIdentity;
  /** Reaches the household when no member has an account (the group's coordinator). */
  fallbackEmail: string | null;
};

/**
 * A household of a neighbourhood group, a consumer (B2C): named after its members, reached by
 * e-mail, at the group's address, which is also where the goods were delivered.
 */
export function toHouseholdBuyer(
  household: HouseholdIdentity,
): { ok: true; buyer: BuyerParty } | PartyError {
  const address = postalAddress(household.group);
  const email = household.members[0]?.email ?? household.group.email ?? household.fallbackEmail;
  if (!address || !email) {
    const missing = listMissing([
      [!address, `adresse du groupe « ${household.group.name} »`],
      [!email, 'e-mail'],
    ]);
    return {
      ok: false,
      code: 'incomplete_buyer',
      message: `Foyer « ${household.name} » : ${missing.join(', ')} manquant pour facturer.`,
    };
  }
  const names = household.members.map((member) => member.fullName.trim()).filter(Boolean);
  return {
    ok: true,
    buyer: {
      buyerKind: 'b2c',
      party: {
        name: names.length > 0 ? names.join(' et ') : `Foyer ${household.name}`,
        address,
        electronicAddress: { scheme: 'EM', value: email },
      },
      deliveryAddress: { name: `Point de retrait « ${household.group.name} »`, ...address },
    },
  };
}
