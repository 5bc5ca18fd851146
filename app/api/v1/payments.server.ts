import { z } from 'zod';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { tp } from '#app/domain/payments/messages.ts';
import {
  CancelSchema,
  MANUAL_AMOUNT_MAX_CENTS,
  ManualPaymentSchema,
  REFERENCE_MAX_LENGTH,
} from '#app/domain/payments/schemas.ts';
import { formatCents } from '#app/i18n/format.ts';
import { cancelManualPayment, recordManualPayment } from '#app/models/payment.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { loadMemberShares } from '#app/models/payment-views.server.ts';
import { isUuid } from '#app/models/round.server.ts';
import { apiError, defineEndpoint } from '../endpoint.server.ts';
import {
  type ManagerAccess,
  requireSheetPaymentsAccess,
  requireSheetPaymentsManager,
} from './payments-access.server.ts';
import {
  findPaymentJson,
  HouseholdSchema,
  householdJson,
  PaymentSchema,
  SheetPaymentsSchema,
  sheetPaymentsJson,
} from './payments-json.server.ts';

const TAG = 'Paiements';
const SheetParams = z.object({ sheetId: z.string() });

/**
 * The web form's fields (same rules and French messages, ManualPaymentSchema), with the amount
 * in integer cents instead of euros typed in French.
 */
const ManualPaymentBodySchema = z
  .object(
    {
      householdId: ManualPaymentSchema.shape.householdId,
      producerId: ManualPaymentSchema.shape.producerId.describe(
        'Le producteur de la part payée, ou « all » : le reste à payer de chaque producteur',
      ),
      method: ManualPaymentSchema.shape.method,
      amountCents: z
        .number({ error: 'Montant invalide : un nombre entier de centimes (1250 pour 12,50 €).' })
        .int('Montant invalide : un nombre entier de centimes (1250 pour 12,50 €).')
        .positive(tp('amount.zero'))
        .max(
          MANUAL_AMOUNT_MAX_CENTS,
          tp('amount.tooLarge', { max: formatCents(MANUAL_AMOUNT_MAX_CENTS) }),
        )
        .nullish()
        .describe('En centimes ; absent : exactement le reste à payer'),
      receivedOn: ManualPaymentSchema.shape.receivedOn.describe('Jour de réception, AAAA-MM-JJ'),
      reference: z
        .string({ error: 'Référence invalide : du texte attendu.' })
        .trim()
        .max(REFERENCE_MAX_LENGTH, tp('reference.tooLong', { max: REFERENCE_MAX_LENGTH }))
        .nullish()
        .describe('N° de chèque, référence de virement CABAS-XXXX-XXXX…'),
    },
    { error: 'Corps invalide : un objet JSON attendu.' },
  )
  .transform(({ amountCents, reference, ...rest }) => ({
    ...rest,
    amount: amountCents ?? null,
    reference: reference ? reference : null,
  }));

/** The model's field names are the web form's; the API's amount is `amountCents`. */
function bodyFields(fieldErrors: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(fieldErrors).map(([field, messages]) => [
      `body.${field === 'amount' ? 'amountCents' : field}`,
      messages,
    ]),
  );
}

async function ledgerOf(access: { sheetId: string; scope: ManagerAccess['scope'] }) {
  return loadSheetLedger({ sheetId: access.sheetId, ...access.scope });
}

export const getSheetPayments = defineEndpoint({
  method: 'GET',
  path: '/sheets/{sheetId}/payments',
  tag: TAG,
  summary: 'Qui a payé quoi sur une feuille close : par foyer, par producteur',
  description:
    'Pour les coordinateurs et le responsable du groupe de la feuille : chaque foyer (attendu, payé par moyen, remboursé, reste à payer, état) et les totaux par producteur. Pour le responsable ou un gestionnaire d’un producteur de la feuille : sa part seulement. Pour un membre du groupe : la part de son foyer seulement. Montants en centimes.',
  params: SheetParams,
  response: { status: 200, description: 'Paiements de la feuille', schema: SheetPaymentsSchema },
  errors: {
    404: 'Feuille inconnue, d’un groupe dont vous n’êtes pas membre, ou sans part de votre producteur.',
  },
  handler: async ({ user, params }) => {
    const access = await requireSheetPaymentsAccess(user, params.sheetId);
    const ledger = await ledgerOf(access);
    if (!ledger) {
      throw new Response('Feuille introuvable', { status: 404 });
    }
    return sheetPaymentsJson(ledger, {
      kind: access.kind,
      producerId: access.scope.producerId ?? null,
      householdId: access.scope.householdId ?? null,
    });
  },
});

export const recordSheetPayment = defineEndpoint({
  method: 'POST',
  path: '/sheets/{sheetId}/payments',
  tag: TAG,
  summary: 'Noter un paiement reçu à la main (espèces, chèque, virement)',
  description:
    'Comme le formulaire « Noter un paiement » : un coordinateur du groupe pour n’importe quelle part, un producteur pour sa part seulement. Refusé (422, motif par champ, rien d’écrit) : foyer ou producteur hors de la feuille, montant différent du reste à payer pour « all », date dans le futur, référence CABAS d’un autre foyer.',
  params: SheetParams,
  body: ManualPaymentBodySchema,
  response: { status: 201, description: 'Paiement enregistré', schema: PaymentSchema },
  errors: {
    403: 'Membre du groupe sans droit sur les paiements (un foyer ne note pas de paiement).',
    404: 'Feuille inconnue, d’un groupe dont vous n’êtes pas membre, ou sans part de votre producteur.',
  },
  handler: async ({ user, params, body }) => {
    const access = await requireSheetPaymentsManager(user, params.sheetId, {
      ...(isUuid(body.producerId) ? { preferredProducerId: body.producerId } : {}),
    });
    const recorded = await recordManualPayment({
      sheetId: access.sheetId,
      actor: access.actor,
      input: body,
      today: parisDayOf(new Date()),
    });
    if (!recorded.ok) {
      return apiError(
        422,
        'payment_refused',
        'Paiement refusé : voir les champs en erreur.',
        bodyFields(recorded.fieldErrors),
      );
    }
    const payment = findPaymentJson(await ledgerOf(access), recorded.paymentId);
    if (!payment) {
      throw new Error(`payment ${recorded.paymentId} recorded but not in its ledger`);
    }
    return payment;
  },
});

export const cancelSheetPayment = defineEndpoint({
  method: 'POST',
  path: '/sheets/{sheetId}/payments/{paymentId}/cancel',
  tag: TAG,
  summary: 'Annuler un paiement noté à la main, avec son motif',
  description:
    'Le paiement reste dans l’historique (état cancelled) et ne compte plus. Un producteur n’annule que ce qui a été noté pour sa seule part ; un paiement en ligne ne s’annule pas, il se rembourse.',
  params: z.object({ sheetId: z.string(), paymentId: z.string() }),
  body: z.object(
    { reason: CancelSchema.shape.reason.describe('Motif, gardé dans l’historique') },
    { error: 'Corps invalide : un objet JSON attendu.' },
  ),
  response: { status: 200, description: 'Paiement annulé', schema: PaymentSchema },
  errors: {
    403: 'Membre du groupe sans droit sur les paiements, ou paiement partagé avec un autre producteur.',
    404: 'Feuille ou paiement inconnus, ou hors de votre part.',
    409: 'Paiement déjà annulé, ou paiement en ligne (il se rembourse).',
  },
  handler: async ({ user, params, body }) => {
    const access = await requireSheetPaymentsManager(user, params.sheetId);
    // The model scopes the payment to the actor, not to a sheet: check it is this sheet's.
    const before = isUuid(params.paymentId)
      ? findPaymentJson(await ledgerOf(access), params.paymentId)
      : null;
    if (!before) {
      return apiError(404, 'not_found', tp('payment.notFound'));
    }
    const cancelled = await cancelManualPayment({
      paymentId: before.id,
      reason: body.reason,
      actor: access.actor,
    });
    if (!cancelled.ok) {
      const [status, code] = {
        not_found: [404, 'not_found'],
        not_yours: [403, 'forbidden'],
        not_cancellable: [409, 'not_cancellable'],
      }[cancelled.code] as [number, string];
      return apiError(status, code, cancelled.message);
    }
    return findPaymentJson(await ledgerOf(access), before.id) ?? before;
  },
});

const MyShareSchema = z.object({
  sheet: z.object({
    id: z.string(),
    title: z.string(),
    isPayable: z.boolean(),
    group: z.object({ slug: z.string(), name: z.string() }),
  }),
  household: HouseholdSchema,
});

export const getMyPayments = defineEndpoint({
  method: 'GET',
  path: '/me/payments',
  tag: TAG,
  summary: 'Mes parts à payer : chaque feuille close de mon foyer',
  description:
    'Comme « Mes paiements » : pour chaque feuille close des groupes où vous avez un foyer, votre part par producteur, ce qui est payé et ce qui reste à payer (centimes). Les 50 plus récentes.',
  response: {
    status: 200,
    description: 'Parts du foyer',
    schema: z.object({ shares: z.array(MyShareSchema) }),
  },
  handler: async ({ user }) => {
    const shares: z.infer<typeof MyShareSchema>[] = [];
    for (const { share, ledger, household } of await loadMemberShares(user.id)) {
      shares.push({
        sheet: {
          id: ledger.sheet.id,
          title: ledger.sheet.title,
          isPayable: ledger.sheet.isPayable,
          group: { slug: share.group_slug, name: share.group_name },
        },
        household: householdJson(household),
      });
    }
    return { shares };
  },
});
