import { type ActionFunctionArgs, json } from '@remix-run/node';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { settlementMessage } from '#app/domain/payments/messages.ts';
import { t } from '#app/i18n/fr.ts';
import { issueRoundInvoices } from '#app/models/invoice.server.ts';
import { listRoundDeliveryLines } from '#app/models/invoice-pages.server.ts';
import { settleRoundAfterInvoicing } from '#app/models/payment-refund.server.ts';
import { markRoundDelivered, recordDelivery } from '#app/models/round-delivery.server.ts';
import {
  finishIssueProgress,
  reportIssueProgress,
  startIssueProgress,
} from '#app/utils/issue-progress.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';
import { parseDeliveryForm } from './delivery-form.ts';

export type FacturationActionData = {
  intent: 'save-delivery' | 'mark-delivered' | 'issue';
  /** Per order line, the French reason. */
  lineErrors: Record<string, string>;
  problems: string[];
};

function refused(
  intent: FacturationActionData['intent'],
  problems: string[],
  lineErrors: Record<string, string> = {},
) {
  return json<FacturationActionData>({ intent, problems, lineErrors }, { status: 400 });
}

/** Save the delivery entry, optionally then close the delivery, or issue the invoices. */
export async function handleFacturationAction({ request, params }: ActionFunctionArgs) {
  const { organisation, round, user } = await requireProducerRound(request, params);
  const formData = await request.formData();
  const intent = formData.get('intent');
  const url = new URL(request.url).pathname;
  const scope = { roundId: round.id, producerId: organisation.id, actorId: user.id };

  if (intent === 'save-delivery' || intent === 'mark-delivered') {
    const lines = await listRoundDeliveryLines(scope);
    const parsed = parseDeliveryForm(formData, lines);
    if (!parsed.ok) {
      return refused(intent, Object.values(parsed.errors), parsed.errors);
    }
    const recorded = await recordDelivery({ ...scope, lines: parsed.entries });
    if (!recorded.ok) {
      return refused(
        intent,
        [recorded.message],
        Object.fromEntries(recorded.lineErrors.map((e) => [e.orderLineId, e.message])),
      );
    }
    if (intent === 'save-delivery') {
      return redirectWithToast(url, {
        kind: 'success',
        message: t('toast.deliveryRecorded', { count: recorded.updated }),
      });
    }
    const delivered = await markRoundDelivered(scope);
    if (!delivered.ok) {
      return refused(intent, [delivered.message]);
    }
    return redirectWithToast(url, { kind: 'success', message: t('toast.roundDelivered') });
  }

  if (intent === 'issue') {
    startIssueProgress(round.id);
    try {
      const result = await issueRoundInvoices({
        ...scope,
        onProgress: ({ done, total }) => reportIssueProgress(round.id, done, total),
      });
      if (!result.ok) {
        return refused(intent, result.problems.length > 0 ? result.problems : [result.message]);
      }
      // The invoices are final: what households overpaid online goes back to their cards now.
      const settled = await settleRoundAfterInvoicing(scope);
      return redirectWithToast(url, {
        kind: settled.failures.length > 0 ? 'error' : 'success',
        message: [result.message, settlementMessage(settled)].filter(Boolean).join(' '),
      });
    } finally {
      finishIssueProgress(round.id);
    }
  }
  throw new Response('Action inconnue', { status: 400 });
}
