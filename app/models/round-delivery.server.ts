import { and, eq, inArray } from 'drizzle-orm';
import { getDb, type Transaction } from '#app/db/client.server.ts';
import { auditLog, deliveryRounds, orderLines, orders } from '#app/db/schema.ts';

export type DeliveryEntry = {
  orderLineId: string;
  /** Delivered quantity (thousandths of the sale unit, of pieces for variable weight); null = as ordered. */
  deliveredQuantityMilli?: number | null;
  /** Weighed total of a variable-weight line, in grams; null clears it. */
  actualWeightGrams?: number | null;
};

export type RecordDeliveryOptions = {
  roundId: string;
  producerId: string;
  lines: readonly DeliveryEntry[];
  actorId?: string | null;
};

export type RecordDeliveryResult =
  | { ok: true; updated: number }
  | {
      ok: false;
      code: 'round_not_found' | 'round_closed' | 'invalid_lines';
      message: string;
      /** Per order line, the French reason (for the form). */
      lineErrors: { orderLineId: string; message: string }[];
    };

function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** The producer's round, locked for the rest of the transaction (another producer's: undefined). */
async function lockRound(tx: Transaction, options: { roundId: string; producerId: string }) {
  const [round] = await tx
    .select({ status: deliveryRounds.status })
    .from(deliveryRounds)
    .where(
      and(
        eq(deliveryRounds.id, options.roundId),
        eq(deliveryRounds.producerId, options.producerId),
      ),
    )
    .for('update');
  return round;
}

/**
 * Records what was actually delivered on a round's order lines (DESIGN §7, after delivery):
 * shortages as a delivered quantity (0 = not delivered), the actual weight of variable-weight
 * lines. All entries are checked first (each line belongs to a live order of the round,
 * quantities are whole and not above what was ordered, weights only on variable-weight lines);
 * any error writes nothing. Refused once the round is invoiced or cancelled: from then on
 * corrections are credit notes.
 */
export async function recordDelivery(
  options: RecordDeliveryOptions,
): Promise<RecordDeliveryResult> {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, options);
    if (!round) {
      return {
        ok: false,
        code: 'round_not_found',
        message: 'Tournée introuvable.',
        lineErrors: [],
      };
    }
    if (round.status === 'invoiced' || round.status === 'cancelled') {
      return {
        ok: false,
        code: 'round_closed',
        message:
          round.status === 'invoiced'
            ? 'Les factures de cette tournée sont émises : la livraison ne se modifie plus, établissez un avoir.'
            : 'Cette tournée est annulée.',
        lineErrors: [],
      };
    }
    const ids = [...new Set(options.lines.map((line) => line.orderLineId))];
    const known =
      ids.length === 0
        ? []
        : await tx
            .select({
              id: orderLines.id,
              productName: orderLines.productName,
              quantityMilli: orderLines.quantityMilli,
              isVariableWeight: orderLines.isVariableWeight,
              orderStatus: orders.status,
            })
            .from(orderLines)
            .innerJoin(orders, eq(orders.id, orderLines.orderId))
            .where(and(eq(orders.roundId, options.roundId), inArray(orderLines.id, ids)));
    const byId = new Map(known.map((line) => [line.id, line]));
    const lineErrors: { orderLineId: string; message: string }[] = [];
    const seen = new Set<string>();
    for (const entry of options.lines) {
      const line = byId.get(entry.orderLineId);
      const fail = (message: string) =>
        lineErrors.push({ orderLineId: entry.orderLineId, message });
      if (!line || line.orderStatus === 'cancelled') {
        fail('Ligne de commande inconnue sur cette tournée.');
        continue;
      }
      if (seen.has(entry.orderLineId)) {
        fail(`« ${line.productName} » est saisie deux fois.`);
        continue;
      }
      seen.add(entry.orderLineId);
      const delivered = entry.deliveredQuantityMilli;
      if (delivered !== undefined && delivered !== null) {
        if (!isCount(delivered)) {
          fail(`« ${line.productName} » : quantité livrée invalide.`);
        } else if (delivered > line.quantityMilli) {
          fail(`« ${line.productName} » : on ne livre pas plus que la quantité commandée.`);
        }
      }
      const weight = entry.actualWeightGrams;
      if (weight !== undefined && weight !== null) {
        if (!line.isVariableWeight) {
          fail(`« ${line.productName} » n’est pas vendu au poids : pas de poids réel à saisir.`);
        } else if (!isCount(weight) || weight === 0) {
          fail(`« ${line.productName} » : poids réel invalide (grammes, nombre entier positif).`);
        }
      }
    }
    if (lineErrors.length > 0) {
      return {
        ok: false,
        code: 'invalid_lines',
        message: lineErrors.map((error) => error.message).join(' '),
        lineErrors,
      };
    }
    for (const entry of options.lines) {
      await tx
        .update(orderLines)
        .set({
          ...(entry.deliveredQuantityMilli !== undefined
            ? { deliveredQuantityMilli: entry.deliveredQuantityMilli }
            : {}),
          ...(entry.actualWeightGrams !== undefined
            ? { actualWeightGrams: entry.actualWeightGrams }
            : {}),
        })
        .where(eq(orderLines.id, entry.orderLineId));
    }
    await tx.insert(auditLog).values({
      actorUserId: options.actorId ?? null,
      organisationId: options.producerId,
      action: 'round.delivery_recorded',
      entity: 'delivery_round',
      entityId: options.roundId,
      data: { lines: options.lines.length },
    });
    return { ok: true, updated: options.lines.length };
  });
}

/**
 * Marks a planned round delivered, which opens invoicing. Refused while a variable-weight line
 * of a live order still lacks its actual weight (unless it was not delivered at all).
 */
export async function markRoundDelivered(options: {
  roundId: string;
  producerId: string;
  actorId?: string | null;
}): Promise<{ ok: true } | { ok: false; code: string; message: string }> {
  return getDb().transaction(async (tx) => {
    const round = await lockRound(tx, options);
    if (!round) {
      return { ok: false, code: 'round_not_found', message: 'Tournée introuvable.' };
    }
    if (round.status === 'delivered') {
      return { ok: true };
    }
    if (round.status !== 'planned') {
      return {
        ok: false,
        code: 'round_closed',
        message: 'Seule une tournée prévue peut être marquée livrée.',
      };
    }
    const lines = await tx
      .select({
        productName: orderLines.productName,
        delivered: orderLines.deliveredQuantityMilli,
        weight: orderLines.actualWeightGrams,
      })
      .from(orderLines)
      .innerJoin(orders, eq(orders.id, orderLines.orderId))
      .where(
        and(
          eq(orders.roundId, options.roundId),
          inArray(orders.status, ['open', 'confirmed']),
          eq(orderLines.isVariableWeight, true),
        ),
      );
    const unweighed = lines.filter((line) => line.delivered !== 0 && line.weight === null);
    if (unweighed.length > 0) {
      const names = [...new Set(unweighed.map((line) => line.productName))].join(', ');
      return {
        ok: false,
        code: 'missing_actual_weight',
        message: `Poids réels à saisir avant de clore la livraison : ${names} (${unweighed.length} ligne${unweighed.length > 1 ? 's' : ''}).`,
      };
    }
    await tx
      .update(deliveryRounds)
      .set({ status: 'delivered' })
      .where(eq(deliveryRounds.id, options.roundId));
    await tx.insert(auditLog).values({
      actorUserId: options.actorId ?? null,
      organisationId: options.producerId,
      action: 'round.delivered',
      entity: 'delivery_round',
      entityId: options.roundId,
      data: {},
    });
    return { ok: true };
  });
}
