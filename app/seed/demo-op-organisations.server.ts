import {
  createOrganisation,
  getOrganisationBySlug,
  type Organisation,
  type OrganisationInput,
} from '#app/models/organisation.server.ts';
import { findUserByEmail } from '#app/models/user.server.ts';

/**
 * The organisations of the producer-organisation and milk demo (DESIGN §8, issue « Egalim 2 »):
 * two milk farms, members of « OP Lait des Monts du Lyonnais », delivering to two buyers, a
 * dairy that self-bills the monthly milk (type 389) and a cheese maker invoiced by the OP on the
 * members' behalf. Shared by the OP and the milk demos, which run in either order: each asks for
 * these organisations here and gets the same rows (found by slug, created once).
 */
export const OP_DEMO_ORGANISATIONS = {
  gaecDesMonts: {
    slug: 'gaec-des-monts',
    owner: 'laitier@demo.cabas.fr',
    input: {
      kind: 'producer',
      name: 'GAEC des Monts',
      legalName: 'GAEC des Monts',
      siret: '81245678800015',
      vatNumber: 'FR63812456788',
      vatRegime: 'liable',
      addressLine1: 'La Grange Neuve',
      postalCode: '69590',
      city: 'Coise',
      email: 'gaec.des.monts@example.fr',
    },
  },
  fermeDuPilat: {
    slug: 'ferme-du-pilat',
    owner: 'pilat@demo.cabas.fr',
    input: {
      kind: 'producer',
      name: 'Ferme du Pilat',
      legalName: 'EARL Ferme du Pilat',
      siret: '82356789600019',
      vatNumber: 'FR16823567896',
      // A farmer under the flat-rate refund regime (RULES-FR VAT-04/05).
      vatRegime: 'flat_rate',
      addressLine1: 'Le Bessat',
      postalCode: '42660',
      city: 'Le Bessat',
    },
  },
  laiterie: {
    slug: 'laiterie-de-la-coise',
    owner: 'laiterie@demo.cabas.fr',
    input: {
      kind: 'buyer',
      name: 'Laiterie de la Coise',
      legalName: 'SAS Laiterie de la Coise',
      siret: '80467891000014',
      vatNumber: 'FR70804678910',
      vatRegime: 'liable',
      addressLine1: 'Zone artisanale du Pont',
      postalCode: '69590',
      city: 'Saint-Symphorien-sur-Coise',
      email: 'collecte@laiterie-coise.example',
    },
  },
  fromagerie: {
    slug: 'fromagerie-chambost',
    owner: 'fromagerie@demo.cabas.fr',
    input: {
      kind: 'buyer',
      name: 'Fromagerie Chambost',
      legalName: 'SARL Fromagerie Chambost',
      siret: '81578912800015',
      vatNumber: 'FR69815789128',
      vatRegime: 'liable',
      addressLine1: '7 rue des Tanneurs',
      postalCode: '69770',
      city: 'Chambost-Longessaigne',
    },
  },
} as const satisfies Record<string, { slug: string; owner: string; input: OrganisationInput }>;

export type OpDemoOrganisationKey = keyof typeof OP_DEMO_ORGANISATIONS;

/**
 * The OP demo's organisations, created on first call (owners are the demo accounts of
 * demo.server.ts). Null when the demo accounts are missing (not a demo database).
 */
export async function ensureOpDemoOrganisations(): Promise<Record<
  OpDemoOrganisationKey,
  Organisation
> | null> {
  const result: Partial<Record<OpDemoOrganisationKey, Organisation>> = {};
  for (const [key, spec] of Object.entries(OP_DEMO_ORGANISATIONS) as [
    OpDemoOrganisationKey,
    (typeof OP_DEMO_ORGANISATIONS)[OpDemoOrganisationKey],
  ][]) {
    const existing = await getOrganisationBySlug(spec.slug);
    if (existing) {
      result[key] = existing;
      continue;
    }
    const owner = await findUserByEmail(spec.owner);
    if (!owner) {
      return null;
    }
    const created = await createOrganisation(spec.input, owner.id);
    if (created.slug !== spec.slug) {
      throw new Error(`Démo OP : ${spec.input.name} a reçu l’adresse ${created.slug}.`);
    }
    result[key] = created;
  }
  return result as Record<OpDemoOrganisationKey, Organisation>;
}
