import { aliasedTable, and, asc, eq, isNull, sql } from 'drizzle-orm';
import { getDb } from '#app/db/client.server.ts';
import { frameworkAgreements, opDeliveries, opMembers, organisations } from '#app/db/schema.ts';
import { isValidDay } from '#app/domain/calendar/paris-time.ts';
import { isFrenchVatRateBp } from '#app/domain/money/vat-rates.ts';
import { checkAgreementCovers } from '#app/domain/op/agreement-life.ts';
import { priceDelivery } from '#app/domain/op/delivery-price.ts';
import { isMemberOn, type VolumeUnit } from '#app/domain/op/members.ts';
import { loadIndicatorSeries } from './egalim-indicator.server.ts';
import { findSignedAgreement } from './framework-agreement.server.ts';
import { audit, getOpMember, isUuid, type OpFailure } from './op-member.server.ts';

const fail = (message: string): OpFailure => ({ ok: false, message });
const producerOrg = aliasedTable(organisations, 'producer_org');
const buyerOrg = aliasedTable(organisations, 'buyer_org');

export type NewDelivery = {
  opId: string;
  memberId: string;
  agreementId: string;
  deliveredOn: string;
  productLabel: string;
  quantityMilli: number;
  vatRateBp: number;
  /** A price the OP sets instead of the agreement's, with its reason. */
  manual?: { priceText: string; reason: string };
  actorId: string | null;
};

/**
 * Records what a member delivered to a buyer under a signed framework agreement, priced at the
 * delivery date: the agreement's formula from the indicator series (trace kept), its fixed
 * price, or a price the OP sets with a reason. Refused with a French reason when the producer
 * was not a member that day, sells through the OP with transfer of ownership, or when the
 * agreement is not signed or does not cover the day.
 */
export async function recordOpDelivery(input: NewDelivery): Promise<
  | {
      ok: true;
      id: string;
      unitPriceCents: number;
      priceBaseQuantityMilli: number;
      unitCode: VolumeUnit;
    }
  | OpFailure
> {
  if (!isValidDay(input.deliveredOn)) {
    return fail('Date de livraison invalide (AAAA-MM-JJ).');
  }
  if (
    !Number.isSafeInteger(input.quantityMilli) ||
    input.quantityMilli <= 0 ||
    input.quantityMilli > 2_000_000_000
  ) {
    return fail('Quantité livrée : un nombre positif (au plus 2 000 000 unités par livraison).');
  }
  const label = input.productLabel.trim();
  if (label.length < 1 || label.length > 120) {
    return fail('Désignation du produit : 1 à 120 caractères.');
  }
  const member = await getOpMember({ opId: input.opId, memberId: input.memberId });
  if (!member) {
    return fail('Membre introuvable.');
  }
  if (!isMemberOn(member, input.deliveredOn)) {
    return fail(`${member.producerName} n’est pas membre de l’OP au ${input.deliveredOn}.`);
  }
  if (member.transferOfOwnership) {
    return fail(
      `${member.producerName} vend par l’OP avec transfert de propriété : l’OP achète sa production et la revend en son nom (art. L631-24-3 II CRPM) ; aucune livraison n’est facturée en son nom.`,
    );
  }
  if (!isUuid(input.agreementId)) {
    return fail('Choisissez l’accord-cadre de la livraison.');
  }
  const agreement = await findSignedAgreement({ opId: input.opId, agreementId: input.agreementId });
  if (!agreement) {
    return fail(
      'Cet accord-cadre n’est pas signé par les deux parties : aucune livraison ne peut être enregistrée à son titre (art. L631-24 II CRPM).',
    );
  }
  const { row, terms } = agreement;
  const covers = checkAgreementCovers(row, input.deliveredOn);
  if (!covers.ok) {
    return fail(covers.message);
  }
  if (!terms.deliveryUnit) {
    return fail(`L’accord-cadre ${row.reference} ne précise pas l’unité de livraison.`);
  }
  if (!isFrenchVatRateBp(input.vatRateBp)) {
    return fail('Taux de TVA inconnu : 5,5 %, 10 % ou 20 % pour des produits agricoles.');
  }
  const codes =
    terms.price?.mode === 'formula'
      ? (terms.price.formula?.terms ?? []).map((t) => t.indicator)
      : [];
  const price = priceDelivery({
    agreementReference: row.reference,
    terms,
    deliveredOn: input.deliveredOn,
    indicators: await loadIndicatorSeries({ ownerId: input.opId, codes }),
    ...(input.manual ? { manual: input.manual } : {}),
  });
  if (!price.ok) {
    return fail(price.message);
  }
  return getDb().transaction(async (tx) => {
    const [created] = await tx
      .insert(opDeliveries)
      .values({
        opId: input.opId,
        memberId: member.id,
        producerId: member.producerId,
        buyerId: row.buyerId,
        agreementId: row.id,
        deliveredOn: input.deliveredOn,
        productLabel: label,
        egalimCategory: row.egalimCategory,
        unitCode: terms.deliveryUnit as VolumeUnit,
        quantityMilli: input.quantityMilli,
        unitPriceCents: price.unitPriceCents,
        priceBaseQuantityMilli: price.priceBaseQuantityMilli,
        vatRateBp: input.vatRateBp,
        priceSource: price.source,
        priceReason: input.manual?.reason.trim() ?? null,
        priceTrace: price.trace,
        createdBy: input.actorId,
      })
      .returning({ id: opDeliveries.id });
    await audit(tx, input, 'op.delivery.recorded', created!.id, {
      member: member.memberNumber,
      agreement: row.reference,
      quantityMilli: input.quantityMilli,
    });
    return {
      ok: true as const,
      id: created!.id,
      unitPriceCents: price.unitPriceCents,
      priceBaseQuantityMilli: price.priceBaseQuantityMilli,
      unitCode: terms.deliveryUnit as VolumeUnit,
    };
  });
}

/** A delivery not invoiced yet can be removed (a typing mistake); an invoiced one cannot. */
export async function deleteOpDelivery(options: {
  opId: string;
  deliveryId: string;
  actorId: string | null;
}): Promise<{ ok: true } | OpFailure> {
  if (!isUuid(options.deliveryId)) {
    return fail('Livraison introuvable.');
  }
  return getDb().transaction(async (tx) => {
    const [row] = await tx
      .select({ id: opDeliveries.id, invoiceId: opDeliveries.invoiceId })
      .from(opDeliveries)
      .where(and(eq(opDeliveries.id, options.deliveryId), eq(opDeliveries.opId, options.opId)))
      .for('update');
    if (!row) {
      return fail('Livraison introuvable.');
    }
    if (row.invoiceId) {
      return fail('Livraison déjà facturée : elle ne se supprime pas, établissez un avoir.');
    }
    await tx.delete(opDeliveries).where(eq(opDeliveries.id, row.id));
    await audit(tx, options, 'op.delivery.deleted', row.id, {});
    return { ok: true as const };
  });
}

export type OpDeliveryView = typeof opDeliveries.$inferSelect & {
  memberNumber: string;
  producerName: string;
  buyerName: string;
  agreementReference: string;
  invoiceNumber: string | null;
  /** After a contest, the latest correction: what the documents in force bill (0: dropped). */
  correction: { quantityMilli: number; invoiceNumber: string | null } | null;
};

/** The OP's deliveries of a period, by day then member. */
export async function listOpDeliveries(options: {
  opId: string;
  from: string;
  to: string;
  onlyUninvoiced?: boolean;
}): Promise<OpDeliveryView[]> {
  const rows = await getDb()
    .select({
      delivery: opDeliveries,
      memberNumber: opMembers.memberNumber,
      producerName: producerOrg.name,
      buyerName: buyerOrg.name,
      agreementReference: frameworkAgreements.reference,
      invoiceNumber: sql<
        string | null
      >`(select display_number from invoices i where i.id = ${opDeliveries.invoiceId})`,
      correction: sql<{ quantityMilli: number; invoiceNumber: string | null } | null>`(
        select json_build_object('quantityMilli', c.quantity_milli, 'invoiceNumber', i.display_number)
        from op_delivery_corrections c left join invoices i on i.id = c.replacement_invoice_id
        where c.delivery_id = ${opDeliveries.id} order by c.created_at desc limit 1)`,
    })
    .from(opDeliveries)
    .innerJoin(opMembers, eq(opMembers.id, opDeliveries.memberId))
    .innerJoin(producerOrg, eq(producerOrg.id, opDeliveries.producerId))
    .innerJoin(buyerOrg, eq(buyerOrg.id, opDeliveries.buyerId))
    .innerJoin(frameworkAgreements, eq(frameworkAgreements.id, opDeliveries.agreementId))
    .where(
      and(
        eq(opDeliveries.opId, options.opId),
        sql`${opDeliveries.deliveredOn} between ${options.from}::date and ${options.to}::date`,
        options.onlyUninvoiced ? isNull(opDeliveries.invoiceId) : undefined,
      ),
    )
    .orderBy(
      asc(opDeliveries.deliveredOn),
      asc(opMembers.memberNumber),
      asc(opDeliveries.createdAt),
    );
  return rows.map(({ delivery, ...rest }) => ({ ...delivery, ...rest }));
}
