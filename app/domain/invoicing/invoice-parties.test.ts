import { describe, expect, it } from 'vitest';
import {
  type OrganisationIdentity,
  toHouseholdBuyer,
  toOrganisationBuyer,
  toSellerParty,
} from './invoice-parties.ts';

const ferme: OrganisationIdentity = {
  kind: 'producer',
  name: 'Ferme des Quatre Saisons',
  legalName: 'GAEC des Quatre Saisons',
  siren: '841234560',
  siret: '84123456000016',
  vatNumber: 'FR81841234560',
  vatRegime: 'liable',
  addressLine1: '12 chemin des Vergers',
  addressLine2: null,
  postalCode: '69610',
  city: 'Sainte-Foy-l’Argentière',
  country: 'FR',
  email: null,
};
const group: OrganisationIdentity = {
  ...ferme,
  kind: 'group',
  name: 'Voisins de la Croix-Rousse',
  legalName: null,
  siren: null,
  siret: null,
  vatNumber: null,
  vatRegime: null,
  addressLine1: '5 place de la Croix-Rousse',
  postalCode: '69004',
  city: 'Lyon',
};

describe('toSellerParty', () => {
  it('raison sociale, SIREN, TVA, adresse et adresse électronique 0225', () => {
    expect(toSellerParty(ferme)).toEqual({
      ok: true,
      vatRegime: 'liable',
      party: {
        name: 'GAEC des Quatre Saisons',
        siren: '841234560',
        siret: '84123456000016',
        vatNumber: 'FR81841234560',
        address: {
          line1: '12 chemin des Vergers',
          postcode: '69610',
          city: 'Sainte-Foy-l’Argentière',
          countryCode: 'FR',
        },
        electronicAddress: { scheme: '0225', value: '841234560' },
      },
    });
  });

  it.each([
    ['sans SIREN', { siren: null, siret: null }, 'incomplete_seller', /: SIREN\./],
    ['sans TVA', { vatNumber: null }, 'incomplete_seller', /numéro de TVA intracommunautaire/],
    ['sans ville', { city: ' ' }, 'incomplete_seller', /adresse complète/],
    [
      'franchise en base',
      { vatRegime: 'franchise' },
      'unsupported_vat_regime',
      /franchise en base/,
    ],
  ] as const)('refuse un vendeur %s', (_label, overrides, code, message) => {
    const result = toSellerParty({ ...ferme, ...overrides });
    expect(result).toMatchObject({ ok: false, code });
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});

describe('toOrganisationBuyer', () => {
  it.each([
    ['acheteur pro avec SIREN → B2B, 0225', { ...ferme, kind: 'buyer' }, 'b2b', '0225'],
    ['groupe sans SIREN → B2C par e-mail', { ...group, email: 'g@exemple.fr' }, 'b2c', 'EM'],
    ['groupe avec SIREN → B2B', { ...group, siren: '841234560' }, 'b2b', '0225'],
  ] as const)('%s', (_label, org, kind, scheme) => {
    expect(toOrganisationBuyer(org)).toMatchObject({
      ok: true,
      buyer: { buyerKind: kind, party: { electronicAddress: { scheme } } },
    });
  });

  it('refuse un acheteur professionnel sans SIREN', () => {
    expect(toOrganisationBuyer({ ...ferme, kind: 'buyer', siren: null })).toMatchObject({
      ok: false,
      code: 'incomplete_buyer',
    });
  });
});

describe('toHouseholdBuyer', () => {
  it.each([
    [
      'membres nommés, e-mail du premier',
      [
        { fullName: 'Claire Dupont', email: 'claire@exemple.fr' },
        { fullName: 'Marc Dupont', email: 'marc@exemple.fr' },
      ],
      'Claire Dupont et Marc Dupont',
      'claire@exemple.fr',
    ],
    ['sans membre : nom du foyer, contact du groupe', [], 'Foyer Benali', 'coord@exemple.fr'],
  ])('%s', (_label, members, name, email) => {
    const result = toHouseholdBuyer({
      name: members.length ? 'Dupont' : 'Benali',
      members,
      group,
      fallbackEmail: 'coord@exemple.fr',
    });
    expect(result).toMatchObject({
      ok: true,
      buyer: {
        buyerKind: 'b2c',
        party: { name, electronicAddress: { scheme: 'EM', value: email } },
        deliveryAddress: { name: 'Point de retrait « Voisins de la Croix-Rousse »', city: 'Lyon' },
      },
    });
  });

  it('refuse un foyer dont le groupe n’a pas d’adresse', () => {
    const result = toHouseholdBuyer({
      name: 'Dupont',
      members: [],
      group: { ...group, addressLine1: null },
      fallbackEmail: null,
    });
    expect(result).toMatchObject({ ok: false, code: 'incomplete_buyer' });
  });
});
