import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { requireUserOrganisationPermission } from '#app/auth/require.server.ts';
import { getDb } from '#app/db/client.server.ts';
import { organisations, roundStops } from '#app/db/schema.ts';
import { unitPriceDecimal } from '#app/i18n/invoice-format.ts';
import { submitProOrder } from '#app/models/egalim-pro-order.server.ts';
import { defineEndpoint } from '../endpoint.server.ts';

const QuantitySchema = z
  .number({ error: 'quantité attendue (nombre, en unités de vente)' })
  .positive('quantité strictement positive attendue')
  .max(1_000_000, 'quantité trop grande')
  .refine((value) => Math.abs(value * 1000 - Math.round(value * 1000)) < 1e-6, {
    error: 'au plus 3 décimales',
  });

const ProOrderBodySchema = z.object({
  stopId: z.uuid({ error: 'identifiant d’arrêt (UUID) attendu' }),
  lines: z
    .array(
      z.object({
        productId: z.uuid({ error: 'identifiant de produit (UUID) attendu' }),
        quantity: QuantitySchema,
      }),
    )
    .min(1, 'au moins une ligne')
    .max(200, 'au plus 200 lignes'),
});

const OrderLineSchema = z.object({
  productId: z.string(),
  productName: z.string(),
  saleUnit: z.string(),
  quantity: z.number(),
  /** Net price of `priceBaseQuantity` sale units, in cents (EN 16931 BT-146/BT-149). */
  unitPriceCents: z.number().int(),
  priceBaseQuantity: z.number(),
  /** Net price of one sale unit in euros, every decimal of the contract formula kept ('5.332'). */
  unitPrice: z.string(),
  priceBasis: z.literal('net'),
  contractReference: z.string().nullable(),
  priceTrace: z.array(z.string()),
});

const ProOrderSchema = z.object({
  id: z.string(),
  stopId: z.string(),
  deliveryOn: z.string(),
  producer: z.string(),
  status: z.string(),
  lines: z.array(OrderLineSchema),
});

/** The buyer organisation of a stop, if the user may order for it; otherwise a 404. */
async function requireStopBuyer(
  user: { id: string; email: string; fullName: string },
  stopId: string,
) {
  const [stop] = await getDb()
    .select({ slug: organisations.slug, kind: organisations.kind })
    .from(roundStops)
    .innerJoin(organisations, eq(organisations.id, roundStops.organisationId))
    .where(eq(roundStops.id, stopId));
  if (stop?.kind !== 'buyer') {
    throw new Response('Arrêt introuvable', { status: 404 });
  }
  return requireUserOrganisationPermission(user, stop.slug, 'pro-orders.manage');
}

export const createProOrder = defineEndpoint({
  method: 'POST',
  path: '/pro-orders',
  tag: 'Commandes professionnelles',
  summary: 'Commander sur l’arrêt d’une tournée (acheteur professionnel, Egalim 2)',
  description:
    'Remplace la commande de l’acheteur pour cet arrêt. Chaque ligne est classée (art. L631-24 CRPM) : une vente qui exige un contrat écrit n’est acceptée que sous un contrat Egalim signé couvrant la production au jour de livraison, au prix de sa formule (trace du calcul jointe). Tout ou rien : une ligne refusée refuse la commande (422, motif par ligne).',
  body: ProOrderBodySchema,
  response: { status: 201, description: 'Commande enregistrée', schema: ProOrderSchema },
  errors: {
    404: 'Arrêt inconnu, ou dont l’organisation n’est pas un acheteur dont vous êtes responsable ou gestionnaire.',
    422: 'Corps invalide, ou commande refusée : `error.lines` donne le motif en français de chaque ligne.',
  },
  handler: async ({ user, body }) => {
    const { organisation } = await requireStopBuyer(user, body.stopId);
    const result = await submitProOrder({
      buyerId: organisation.id,
      stopId: body.stopId,
      lines: body.lines.map((line) => ({
        productId: line.productId,
        quantityMilli: Math.round(line.quantity * 1000),
      })),
      now: new Date(),
      actorId: user.id,
    });
    if (!result.ok && result.code === 'not_found') {
      throw new Response('Arrêt introuvable', { status: 404 });
    }
    if (!result.ok) {
      return Response.json(
        { error: { code: 'order_refused', message: result.message, lines: result.lines } },
        { status: 422, headers: { 'Cache-Control': 'no-store' } },
      );
    }
    const { order } = result;
    return {
      id: order.id,
      stopId: order.stopId,
      deliveryOn: order.deliveryOn,
      producer: order.producerName,
      status: order.status,
      lines: order.lines.map((line) => ({
        productId: line.productId,
        productName: line.productName,
        saleUnit: line.saleUnit,
        quantity: line.quantityMilli / 1000,
        unitPriceCents: line.unitPriceCents,
        priceBaseQuantity: line.priceBaseQuantityMilli / 1000,
        unitPrice: unitPriceDecimal(line.unitPriceCents, line.priceBaseQuantityMilli),
        priceBasis: 'net' as const,
        contractReference: line.contractReference,
        priceTrace: line.priceTrace,
      })),
    } satisfies z.infer<typeof ProOrderSchema>;
  },
});
