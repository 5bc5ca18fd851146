import { z } from 'zod';
import { eg22ToJson } from '#app/domain/op/eg22-export.ts';
import { hasPermission } from '#app/domain/organisations/roles.ts';
import { buildEgalimExportFor } from '#app/models/op-egalim-export.server.ts';
import { getMembership, getOrganisationBySlug } from '#app/models/organisation.server.ts';
import type { User } from '#app/models/user.server.ts';
import { apiError, defineEndpoint } from '../endpoint.server.ts';

const Money = z.string().describe('Montant en euros, décimal avec un point (« 6336.96 »)');
const Party = z.object({ name: z.string(), siren: z.string().nullable() });

/** The public JSON of docs/cli.md « op export » (format cabas-eg22/1). */
const Eg22Schema = z.object({
  format: z.literal('cabas-eg22/1'),
  legalBasis: z.string(),
  month: z.string(),
  generatedAt: z.string(),
  op: Party,
  buyer: Party,
  invoices: z.array(
    z.object({
      number: z.string(),
      typeCode: z.enum(['380', '381', '389', '261']),
      type: z.string(),
      issuedBy: z.enum(['op', 'buyer']),
      issuedOn: z.string(),
      deliveredOn: z.string().nullable(),
      billingPeriod: z.object({ start: z.string(), end: z.string() }).nullable(),
      member: z.object({ number: z.string(), name: z.string(), siren: z.string().nullable() }),
      mandate: z.object({ reference: z.string(), signedOn: z.string() }).nullable(),
      net: Money,
      vat: Money,
      total: Money,
      lines: z.array(
        z.object({
          label: z.string(),
          quantity: z.number(),
          unitCode: z.string(),
          unitPrice: Money,
          priceBaseQuantity: z.number(),
          net: Money,
          vatRate: z.number(),
          contractReference: z.string().nullable(),
          priceTrace: z.array(z.string()).readonly(),
        }),
      ),
    }),
  ),
  priceCriteria: z.array(
    z.object({ reference: z.string(), title: z.string(), clauses: z.array(z.string()) }),
  ),
  totals: z.object({ invoices: z.number().int(), net: Money, vat: Money, total: Money }),
});

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The side the user may export from: an OP or buyer it owns or manages, by slug. */
async function managedOrganisation(user: User, slug: string, kind: 'op' | 'buyer') {
  const organisation = await getOrganisationBySlug(slug);
  if (organisation?.kind !== kind) {
    return null;
  }
  const membership = await getMembership({ organisationId: organisation.id, userId: user.id });
  return membership && hasPermission(membership.role, 'op.manage') ? organisation : null;
}

export const getEgalimExport = defineEndpoint({
  method: 'GET',
  path: '/egalim-exports',
  tag: 'Egalim — organisations de producteurs',
  summary: 'Transmission mensuelle EG-22 d’un acheteur à une OP (art. L631-24 IV CRPM)',
  description:
    'Les factures des membres de l’OP à cet acheteur dont la livraison tombe dans le mois — émises par l’OP sous mandat ou autofacturées par l’acheteur (389/261), avoirs et factures rectificatives compris — avec le mandat de chacune, la trace du prix de chaque ligne et les clauses de prix et de transparence des accords-cadres. Même JSON que `npx cabas op export` (format cabas-eg22/1, montants en chaînes décimales). Réservé aux responsables et gestionnaires de l’OP ou de l’acheteur.',
  query: z.object({
    op: z.string().max(60).optional().describe('Slug de l’organisation de producteurs'),
    buyer: z.string().max(60).optional().describe('Slug de l’acheteur'),
    month: z.string().max(7).optional().describe('Mois des livraisons, AAAA-MM'),
  }),
  response: { status: 200, description: 'Export EG-22 du mois', schema: Eg22Schema },
  errors: {
    400: 'Paramètre manquant ou mois illisible (`error.fields` nomme le paramètre).',
    404: 'OP ou acheteur inconnu, sans accord-cadre entre eux, ou dont vous n’êtes ni responsable ni gestionnaire.',
  },
  handler: async ({ user, query }) => {
    const missing = {
      ...(query.op ? {} : { 'query.op': ['slug de l’organisation de producteurs attendu'] }),
      ...(query.buyer ? {} : { 'query.buyer': ['slug de l’acheteur attendu'] }),
      ...(query.month && MONTH.test(query.month)
        ? {}
        : { 'query.month': ['mois AAAA-MM attendu'] }),
    };
    if (!query.op || !query.buyer || !query.month || Object.keys(missing).length > 0) {
      return apiError(
        400,
        'invalid_parameters',
        'Paramètres attendus : op (slug de l’OP), buyer (slug de l’acheteur) et month (AAAA-MM).',
        missing,
      );
    }
    // The OP's or the buyer's owners and managers only; anyone else learns nothing (404).
    const op = await managedOrganisation(user, query.op, 'op');
    const side = op ?? (await managedOrganisation(user, query.buyer, 'buyer'));
    if (!side) {
      return apiError(
        404,
        'not_found',
        `Aucune OP « ${query.op} » ni aucun acheteur « ${query.buyer} » dont vous êtes responsable ou gestionnaire.`,
      );
    }
    const result = await buildEgalimExportFor({
      organisation: side,
      partnerSlug: op ? query.buyer : query.op,
      month: query.month,
      now: new Date(),
    });
    if (!result.ok) {
      return result.field === 'month'
        ? apiError(400, 'invalid_parameters', result.message, { 'query.month': [result.message] })
        : apiError(
            404,
            'not_found',
            op
              ? `Acheteur « ${query.buyer} » inconnu ou sans accord-cadre avec ${op.name}.`
              : `OP « ${query.op} » inconnue ou sans accord-cadre avec ${side.name}.`,
          );
    }
    return eg22ToJson(result.data) satisfies z.infer<typeof Eg22Schema>;
  },
});
