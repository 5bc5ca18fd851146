// Manual payments (cash, cheque, bank transfer) recorded by a group's coordinator for its
// households or by a producer for its own part; cancellation with a reason (never deleted);
// the group's confirmation setting (ADR 012).
import { getSql } from '#app/db/client.server.ts';
import type { IsoDate } from '#app/domain/invoicing/invoice-types.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { tp } from '#app/domain/payments/messages.ts';
import type { ManualPaymentInput } from '#app/domain/payments/schemas.ts';
import { normalizeTransferReference } from '#app/domain/payments/transfer-reference.ts';
import { formatCents } from '#app/i18n/format.ts';
import { queuePaymentReceipt, queueSharePayable } from './notification-events.server.ts';
import { loadSheetLedger, lockHouseholdShare } from './payment-ledger.server.ts';

/**
 * Who records: a group's coordinator (any part of its households) or a producer's owner or
 * manager (its own part only).
 */
export type PaymentActor =
  | { userId: string; kind: 'group'; groupId: string }
  | { userId: string; kind: 'producer'; producerId: string };

export type FieldErrors = Record<string, string[]>;

export type RecordManualPaymentResult =
  | { ok: true; paymentId: string; amountCents: number }
  | { ok: false; fieldErrors: FieldErrors };

class Refusal extends Error {
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.values(fieldErrors).flat().join(' '));
  }
}

function refuse(field: string, message: string): never {
  throw new Refusal({ [field]: [message] });
}

async function audit(
  db: Parameters<typeof lockHouseholdShare>[0],
  options: {
    actorId: string;
    organisationId: string;
    action: string;
    entityId: string;
    data: object;
  },
) {
  await db`
    insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
    values (${options.actorId}, ${options.organisationId}, ${options.action}, 'payment',
            ${options.entityId}, ${JSON.stringify(options.data)}::jsonb)`;
}

export function actorOrganisationId(actor: PaymentActor): string {
  return actor.kind === 'group' ? actor.groupId : actor.producerId;
}

/**
 * Records money received by hand for a household's share of a closed sheet: for one producer
 * (any positive amount, default what is still owed to it) or for all of them (each its
 * remaining balance). A transfer's CABAS reference must be the household's. Writes nothing
 * when refused.
 */
export async function recordManualPayment(options: {
  sheetId: string;
  actor: PaymentActor;
  input: ManualPaymentInput;
  today: IsoDate;
}): Promise<RecordManualPaymentResult> {
  const { input, actor } = options;
  try {
    return await getSql().begin(async (tx) => {
      await lockHouseholdShare(tx, options.sheetId, input.householdId);
      const ledger = await loadSheetLedger(
        {
          sheetId: options.sheetId,
          ...(actor.kind === 'producer' ? { producerId: actor.producerId } : {}),
        },
        tx,
      );
      if (!ledger || (actor.kind === 'group' && ledger.sheet.groupId !== actor.groupId)) {
        refuse('householdId', tp('household.invalid'));
      }
      if (ledger.sheet.status !== 'closed') {
        refuse('householdId', tp('share.notPayable'));
      }
      const household = ledger.households.find((candidate) => candidate.id === input.householdId);
      if (!household) {
        refuse('householdId', tp('household.invalid'));
      }
      const parts = ledger.parts.filter((part) => part.householdId === household.id);
      const producerIds =
        input.producerId === 'all'
          ? parts.map((part) => part.producerId)
          : parts.some((part) => part.producerId === input.producerId)
            ? [input.producerId]
            : refuse('producerId', tp('producer.invalid'));
      if (input.receivedOn > options.today) {
        refuse('receivedOn', tp('date.future'));
      }
      const reference = checkReference(input, household.transferReference, ledger.households);
      const owed = parts
        .filter((part) => producerIds.includes(part.producerId))
        .map((part) => ({ producerId: part.producerId, cents: balanceOf(part.amounts) }))
        .filter((part) => part.cents > 0);
      const totalOwed = owed.reduce((sum, part) => sum + part.cents, 0);
      let allocations: { producerId: string; cents: number }[];
      if (input.producerId === 'all') {
        if (totalOwed === 0) {
          refuse('amount', tp('share.nothingToPay'));
        }
        if (input.amount !== null && input.amount !== totalOwed) {
          refuse(
            'amount',
            `Le montant ne correspond pas au reste à payer (${formatCents(totalOwed)}) : choisissez un producteur pour enregistrer un paiement partiel.`,
          );
        }
        allocations = owed;
      } else {
        const amount = input.amount ?? totalOwed;
        if (amount <= 0) {
          refuse('amount', tp('share.nothingToPay'));
        }
        allocations = [{ producerId: input.producerId, cents: amount }];
      }
      const amountCents = allocations.reduce((sum, part) => sum + part.cents, 0);
      const [payment] = await tx<{ id: string }[]>`
        insert into payments (sheet_id, household_id, method, status, amount_cents, reference,
          received_on, recorded_by, paid_at)
        values (${options.sheetId}, ${household.id}, ${input.method}, 'succeeded', ${amountCents},
                ${reference}, ${input.receivedOn}::date, ${actor.userId}, now())
        returning id`;
      await tx`insert into payment_allocations ${tx(
        allocations.map((part) => ({
          payment_id: payment!.id,
          producer_id: part.producerId,
          amount_cents: part.cents,
        })),
      )}`;
      await audit(tx, {
        actorId: actor.userId,
        organisationId: actorOrganisationId(actor),
        action: 'payment.recorded',
        entityId: payment!.id,
        data: { method: input.method, amountCents, household: household.name, reference },
      });
      // The household's receipt (ADR 016); a payment cancelled before it is sent skips it.
      await queuePaymentReceipt(tx, payment!.id);
      return { ok: true as const, paymentId: payment!.id, amountCents };
    });
  } catch (error) {
    if (error instanceof Refusal) {
      return { ok: false, fieldErrors: error.fieldErrors };
    }
    throw error;
  }
}

/** A transfer's reference: a CABAS reference must be this household's; anything else is kept. */
function checkReference(
  input: ManualPaymentInput,
  own: string,
  households: readonly { name: string; transferReference: string }[],
): string | null {
  if (!input.reference) {
    return input.method === 'transfer' ? own : null;
  }
  const normalized = normalizeTransferReference(input.reference);
  if (input.method !== 'transfer' || !/cabas/i.test(input.reference) || !normalized) {
    return input.reference;
  }
  if (normalized === own) {
    return normalized;
  }
  const other = households.find((household) => household.transferReference === normalized);
  return refuse(
    'reference',
    other
      ? `Cette référence est celle du foyer ${other.name}, pas de ce foyer.`
      : tp('reference.unknown', { reference: input.reference }),
  );
}

export type CancelResult =
  | { ok: true }
  | {
      ok: false;
      /** Which rule refused: `not_found` (not in the actor's scope), `not_yours`, `not_cancellable`. */
      code: 'not_found' | 'not_yours' | 'not_cancellable';
      message: string;
    };

/**
 * Cancels a manual payment entered by mistake, with its reason: the row stays (audit) and no
 * longer counts. A producer may cancel only what was recorded for its part alone; an online
 * payment is never cancelled (it is refunded).
 */
export async function cancelManualPayment(options: {
  paymentId: string;
  reason: string;
  actor: PaymentActor;
}): Promise<CancelResult> {
  const { actor } = options;
  return getSql().begin(async (tx) => {
    const [payment] = await tx<
      {
        id: string;
        sheet_id: string;
        household_id: string;
        group_id: string;
        method: string;
        status: string;
      }[]
    >`
      select p.id, p.sheet_id, p.household_id, s.group_id, p.method, p.status
      from payments p join sheets s on s.id = p.sheet_id where p.id = ${options.paymentId}`;
    const producers = payment
      ? await tx<{ producer_id: string }[]>`
          select producer_id from payment_allocations where payment_id = ${payment.id}`
      : [];
    const inScope =
      payment &&
      (actor.kind === 'group'
        ? payment.group_id === actor.groupId
        : producers.some((row) => row.producer_id === actor.producerId));
    if (!payment || !inScope) {
      return { ok: false as const, code: 'not_found' as const, message: tp('payment.notFound') };
    }
    if (
      actor.kind === 'producer' &&
      producers.some((row) => row.producer_id !== actor.producerId)
    ) {
      return { ok: false as const, code: 'not_yours' as const, message: tp('payment.notYours') };
    }
    if (payment.method === 'card') {
      return {
        ok: false as const,
        code: 'not_cancellable' as const,
        message: tp('payment.notManual'),
      };
    }
    await lockHouseholdShare(tx, payment.sheet_id, payment.household_id);
    const cancelled = await tx`
      update payments set status = 'cancelled', cancelled_at = now(), cancelled_by = ${actor.userId},
        cancel_reason = ${options.reason}
      where id = ${payment.id} and status = 'succeeded' returning id`;
    if (cancelled.length === 0) {
      return {
        ok: false as const,
        code: 'not_cancellable' as const,
        message: tp('payment.alreadyCancelled'),
      };
    }
    await audit(tx, {
      actorId: actor.userId,
      organisationId: actorOrganisationId(actor),
      action: 'payment.cancelled',
      entityId: payment.id,
      data: { reason: options.reason },
    });
    return { ok: true as const };
  }) as Promise<CancelResult>;
}

export async function getGroupPaymentSettings(groupId: string) {
  const [row] = await getSql()<{ requires_confirmation: boolean }[]>`
    select requires_confirmation from group_payment_settings where group_id = ${groupId}`;
  return { requiresConfirmation: row?.requires_confirmation ?? false };
}

export async function setGroupPaymentSettings(options: {
  groupId: string;
  requiresConfirmation: boolean;
  actorId: string;
}): Promise<void> {
  await getSql().begin(async (tx) => {
    await tx`
      insert into group_payment_settings (group_id, requires_confirmation)
      values (${options.groupId}, ${options.requiresConfirmation})
      on conflict (group_id) do update set requires_confirmation = excluded.requires_confirmation`;
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.actorId}, ${options.groupId}, 'payments.settings_saved', 'organisation',
              ${options.groupId}, ${JSON.stringify({ requiresConfirmation: options.requiresConfirmation })}::jsonb)`;
  });
}

/** The coordinator opens a closed sheet's shares to payment (groups that ask to confirm). */
export async function confirmSheetPayments(options: {
  sheetId: string;
  groupId: string;
  userId: string;
}): Promise<{ ok: boolean; message: string }> {
  return getSql().begin(async (tx) => {
    const [sheet] = await tx<{ status: string }[]>`
      select status from sheets where id = ${options.sheetId} and group_id = ${options.groupId}`;
    if (sheet?.status !== 'closed') {
      return { ok: false, message: 'La feuille doit être close avant d’ouvrir les paiements.' };
    }
    await tx`
      insert into sheet_payment_confirmations (sheet_id, confirmed_by)
      values (${options.sheetId}, ${options.userId}) on conflict (sheet_id) do nothing`;
    await tx`
      insert into audit_log (actor_user_id, organisation_id, action, entity, entity_id, data)
      values (${options.userId}, ${options.groupId}, 'payments.sheet_confirmed', 'sheet',
              ${options.sheetId}, '{}'::jsonb)`;
    await queueSharePayable(tx, { sheetId: options.sheetId, when: 'confirmed' });
    return { ok: true, message: 'Paiements ouverts : chaque foyer peut régler sa part.' };
  }) as Promise<{ ok: boolean; message: string }>;
}
