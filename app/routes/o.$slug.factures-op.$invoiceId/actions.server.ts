import type { ActionFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { z } from 'zod';
import { notFound, requireOpOrMember } from '#app/auth/require-op.server.ts';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { parseEuroCents, parseQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import type { CorrectionRequest } from '#app/domain/op/correction-reprice.ts';
import { t } from '#app/i18n/fr.ts';
import { correctContestedOpInvoice } from '#app/models/op-invoice-correction.server.ts';
import {
  acceptOpInvoice,
  contestOpInvoice,
  getOpInvoiceReview,
  getReviewSnapshot,
  rejectOpInvoiceContest,
} from '#app/models/op-invoice-review.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export type ReviewActionData = { errors: string[] };

/**
 * How a corrected line is priced: the price the OP types (default, the checkbox unticked) or
 * « recalculer avec la formule de l’accord » (`formula`).
 */
const PriceModeSchema = z
  .enum(['typed', 'formula'], {
    error: 'mode de prix inconnu : prix saisi ou « recalculer avec la formule de l’accord ».',
  })
  .default('typed');

const refuse = (errors: string[], status = 400) => json<ReviewActionData>({ errors }, { status });

/** The member accepts or contests; the OP rejects the contest or corrects the invoice. */
export async function handleReviewAction({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireOpOrMember(request, params.slug);
  const today = parisDayOf(new Date());
  const isOp = organisation.kind === 'op';
  const review = await getOpInvoiceReview({
    scope: isOp ? { opId: organisation.id } : { producerId: organisation.id },
    invoiceId: params.invoiceId,
    today,
  });
  if (!review) {
    notFound('Facture introuvable.');
  }
  const form = await request.formData();
  const intent = String(form.get('intent') ?? '');
  const reason = String(form.get('reason') ?? '');
  const done = (message: string, to = review.invoiceId) =>
    redirectWithToast(`/o/${organisation.slug}/factures-op/${to}`, { kind: 'success', message });
  const memberIntent = intent === 'accept' || intent === 'contest';
  const opIntent = intent === 'reject' || intent === 'correct';
  if ((memberIntent && isOp) || (opIntent && !isOp)) {
    throw new Response(
      isOp
        ? 'Seul le membre au nom duquel la facture est émise l’accepte ou la conteste.'
        : 'Seule l’OP qui a émis la facture traite la contestation.',
      { status: 403 },
    );
  }
  const answer = {
    producerId: organisation.id,
    invoiceId: review.invoiceId,
    today,
    actorId: user.id,
  };
  switch (intent) {
    case 'accept': {
      const accepted = await acceptOpInvoice(answer);
      return accepted.ok
        ? done(t('toast.opInvoiceAccepted', { number: review.number }))
        : refuse([accepted.message], 409);
    }
    case 'contest': {
      const contested = await contestOpInvoice({ ...answer, reason });
      return contested.ok
        ? done(t('toast.opInvoiceContested', { number: review.number }))
        : refuse([contested.message], 409);
    }
    case 'reject': {
      const rejected = await rejectOpInvoiceContest({
        opId: organisation.id,
        invoiceId: review.invoiceId,
        reason,
        today,
        actorId: user.id,
      });
      return rejected.ok ? done(t('toast.opContestRejected')) : refuse([rejected.message], 409);
    }
    case 'correct': {
      const snapshot = await getReviewSnapshot(review);
      const errors: string[] = [];
      const corrections: CorrectionRequest[] = snapshot.lines.map((line) => {
        const quantity = parseQuantityMilli(String(form.get(`quantity.${line.lineId}`) ?? ''));
        const mode = PriceModeSchema.safeParse(form.get(`priceMode.${line.lineId}`) ?? undefined);
        if (!quantity.ok) {
          errors.push(`Ligne ${line.lineId}, quantité : ${quantity.message}`);
        }
        const quantityMilli = quantity.ok ? quantity.value : line.quantityMilli;
        if (!mode.success) {
          errors.push(`Ligne ${line.lineId}, prix : ${mode.error.issues[0]?.message}`);
          return { lineId: line.lineId, quantityMilli, unitPriceCents: line.unitPriceCents };
        }
        if (mode.data === 'formula') {
          // The agreement's formula gives the price: the typed one is not read.
          return { lineId: line.lineId, quantityMilli, reprice: true };
        }
        const price = parseEuroCents(String(form.get(`price.${line.lineId}`) ?? ''));
        if (!price.ok) {
          errors.push(`Ligne ${line.lineId}, prix : ${price.message}`);
        }
        return {
          lineId: line.lineId,
          quantityMilli,
          unitPriceCents: price.ok ? price.value : line.unitPriceCents,
        };
      });
      if (errors.length > 0) {
        return refuse(errors);
      }
      const corrected = await correctContestedOpInvoice({
        opId: organisation.id,
        invoiceId: review.invoiceId,
        corrections,
        note: String(form.get('note') ?? ''),
        today,
        actorId: user.id,
      });
      if (!corrected.ok) {
        return refuse([corrected.message], 409);
      }
      return done(
        t('toast.opInvoiceCorrected', {
          creditNote: corrected.creditNote.number,
          invoice: corrected.invoice ? ` et facture rectificative ${corrected.invoice.number}` : '',
        }),
        corrected.invoice?.id ?? corrected.creditNote.id,
      );
    }
    default:
      return refuse(['Action inconnue.']);
  }
}
