import { count } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { memberships, organisations } from '#app/db/schema.ts';
import type { MembershipRole } from '#app/domain/organisations/roles.ts';
import { withNotificationsSuppressed } from '#app/models/notification-queue.server.ts';
import {
  createHousehold,
  createOrganisation,
  type OrganisationInput,
} from '#app/models/organisation.server.ts';
import { createLocalUser, findUserByEmail } from '#app/models/user.server.ts';
import { seedDemoCatalogue } from './demo-catalogue.server.ts';
import { seedDemoInvoices } from './demo-invoices.server.ts';

/** One password for every demo account (shown in the console and the README). */
export const DEMO_PASSWORD = 'cabas-demo-2026';

export const DEMO_ACCOUNTS = [
  {
    email: 'maraicher@demo.cabas.fr',
    fullName: 'Jeanne Martin',
    what: 'productrice, Ferme des Quatre Saisons',
  },
  {
    email: 'fromager@demo.cabas.fr',
    fullName: 'Paul Roux',
    what: 'producteur, Chèvrerie du Vallon',
  },
  {
    email: 'coordinatrice@demo.cabas.fr',
    fullName: 'Amina Benali',
    what: 'coordinatrice, Voisins de la Croix-Rousse',
  },
  { email: 'foyer.dupont@demo.cabas.fr', fullName: 'Claire Dupont', what: 'foyer Dupont' },
  { email: 'foyer.nguyen@demo.cabas.fr', fullName: 'Minh Nguyen', what: 'foyer Nguyen' },
  { email: 'foyer.garcia@demo.cabas.fr', fullName: 'Lucia Garcia', what: 'foyer Garcia' },
  {
    email: 'restaurant@demo.cabas.fr',
    fullName: 'Hugo Lefèvre',
    what: 'acheteur pro, restaurant Le Bouchon des Canuts',
  },
  { email: 'op@demo.cabas.fr', fullName: 'Sylvie Morel', what: 'OP Lait des Monts du Lyonnais' },
  { email: 'eleveur@demo.cabas.fr', fullName: 'Marc Girin', what: 'éleveur, Élevage du Montcel' },
  {
    email: 'boucher@demo.cabas.fr',
    fullName: 'Nadia Martinon',
    what: 'acheteur pro, Boucherie Martinon (contrat Egalim)',
  },
  { email: 'laitier@demo.cabas.fr', fullName: 'Bernard Chazal', what: 'GAEC des Monts (lait, OP)' },
  { email: 'pilat@demo.cabas.fr', fullName: 'Élise Fayolle', what: 'Ferme du Pilat (lait, OP)' },
  {
    email: 'laiterie@demo.cabas.fr',
    fullName: 'Thomas Granjon',
    what: 'acheteur pro, Laiterie de la Coise (autofacturation du lait)',
  },
  {
    email: 'fromagerie@demo.cabas.fr',
    fullName: 'Inès Poncet',
    what: 'acheteur pro, Fromagerie Chambost',
  },
] as const;

type DemoEmail = (typeof DEMO_ACCOUNTS)[number]['email'];

const ORGS: { key: string; owner: DemoEmail; input: OrganisationInput }[] = [
  {
    key: 'ferme',
    owner: 'maraicher@demo.cabas.fr',
    input: {
      kind: 'producer',
      name: 'Ferme des Quatre Saisons',
      legalName: 'GAEC des Quatre Saisons',
      siret: '84123456000016',
      vatNumber: 'FR81841234560',
      vatRegime: 'liable',
      addressLine1: '12 chemin des Vergers',
      postalCode: '69610',
      city: 'Sainte-Foy-l’Argentière',
      email: 'contact@quatre-saisons.example',
    },
  },
  {
    key: 'chevrerie',
    owner: 'fromager@demo.cabas.fr',
    input: {
      kind: 'producer',
      name: 'Chèvrerie du Vallon',
      legalName: 'EARL du Vallon',
      siret: '84234567000017',
      vatNumber: 'FR06842345670',
      vatRegime: 'flat_rate',
      addressLine1: 'Lieu-dit Le Vallon',
      postalCode: '69850',
      city: 'Saint-Martin-en-Haut',
    },
  },
  {
    key: 'groupe',
    owner: 'coordinatrice@demo.cabas.fr',
    input: {
      kind: 'group',
      name: 'Voisins de la Croix-Rousse',
      addressLine1: '5 place de la Croix-Rousse',
      postalCode: '69004',
      city: 'Lyon',
    },
  },
  {
    key: 'restaurant',
    owner: 'restaurant@demo.cabas.fr',
    input: {
      kind: 'buyer',
      name: 'Le Bouchon des Canuts',
      legalName: 'SARL Les Canuts Gourmands',
      siret: '85345678800019',
      vatNumber: 'FR86853456788',
      vatRegime: 'liable',
      addressLine1: '18 rue d’Austerlitz',
      postalCode: '69004',
      city: 'Lyon',
    },
  },
  {
    key: 'op',
    owner: 'op@demo.cabas.fr',
    input: {
      kind: 'op',
      name: 'OP Lait des Monts du Lyonnais',
      legalName: 'Association OP Lait des Monts du Lyonnais',
      siret: '79456789100013',
      vatNumber: 'FR77794567891',
      vatRegime: 'liable',
      addressLine1: '3 route de Duerne',
      postalCode: '69590',
      city: 'Saint-Symphorien-sur-Coise',
    },
  },
];

const HOUSEHOLDS: { email: DemoEmail; household: string }[] = [
  { email: 'foyer.dupont@demo.cabas.fr', household: 'Dupont' },
  { email: 'foyer.nguyen@demo.cabas.fr', household: 'Nguyen' },
  { email: 'foyer.garcia@demo.cabas.fr', household: 'Garcia' },
];

export async function isDatabaseEmpty(): Promise<boolean> {
  const [row] = await getDb().select({ n: count() }).from(organisations);
  return (row?.n ?? 0) === 0;
}

/**
 * The demo: two producers, a neighbourhood group with a coordinator and three households,
 * a professional buyer and a producer organisation. Idempotent: an existing demo is left as is.
 */
export async function seedDemo(): Promise<{ created: boolean }> {
  // Its closed sheets, payments and invoices e-mail no one (ADR 016): rows kept 'suppressed'.
  return withNotificationsSuppressed(seedDemoData);
}

async function seedDemoData(): Promise<{ created: boolean }> {
  if (await findUserByEmail(DEMO_ACCOUNTS[0].email)) {
    return { created: false };
  }
  const ids = new Map<string, string>();
  for (const account of DEMO_ACCOUNTS) {
    const created = await createLocalUser({ ...account, password: DEMO_PASSWORD });
    if (!created.ok) {
      throw new Error(`Démo : le compte ${account.email} existe déjà sans le reste de la démo.`);
    }
    ids.set(account.email, created.user.id);
  }
  const orgIds = new Map<string, string>();
  for (const org of ORGS) {
    const created = await createOrganisation(org.input, ids.get(org.owner)!);
    orgIds.set(org.key, created.id);
  }
  const groupId = orgIds.get('groupe')!;
  const addMember = (email: DemoEmail, role: MembershipRole, householdId: string | null = null) =>
    getDb()
      .insert(memberships)
      .values({ organisationId: groupId, userId: ids.get(email)!, role, householdId });
  for (const { email, household } of HOUSEHOLDS) {
    const created = await createHousehold({ groupId, name: household });
    await addMember(email, 'household', created!.id);
  }
  // The coordinator also orders for her own household.
  await createHousehold({ groupId, name: 'Benali' });
  await seedDemoCatalogue();
  await (await import('./demo-rounds.server.ts')).seedDemoRounds();
  await (await import('./demo-egalim.server.ts')).seedDemoEgalim();
  await (await import('./demo-sheets.server.ts')).seedDemoSheets();
  // Last: it finds or creates the products, round and orders it invoices.
  await seedDemoInvoices();
  await (await import('./demo-payments.server.ts')).seedDemoPayments();
  await (await import('./demo-milk.server.ts')).seedDemoMilk();
  await (await import('./demo-op.server.ts')).seedDemoOp();
  return { created: true };
}

export function demoLoginsText(): string {
  const lines = DEMO_ACCOUNTS.map((a) => `  ${a.email.padEnd(32)} ${a.what}`);
  return `Comptes de démonstration (mot de passe : ${DEMO_PASSWORD}) :\n${lines.join('\n')}`;
}
