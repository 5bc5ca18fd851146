import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { z } from 'zod';
import { paymentActorOf, requireProducerPaymentRound } from '#app/auth/require-payments.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { OnlineOffNotice } from '#app/components/payments.tsx';
import { ManualPaymentForm, ManualRefundForm } from '#app/components/payments-forms.tsx';
import {
  HouseholdsTable,
  PaymentsList,
  RefundsList,
  TransfersList,
} from '#app/components/payments-tables.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { balanceOf } from '#app/domain/payments/ledger.ts';
import { settlementMessage } from '#app/domain/payments/messages.ts';
import {
  CancelSchema,
  ManualPaymentSchema,
  ManualRefundSchema,
} from '#app/domain/payments/schemas.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { getOnlinePaymentConfig } from '#app/integrations/stripe.server.ts';
import { cancelManualPayment, recordManualPayment } from '#app/models/payment.server.ts';
import { loadSheetLedgers } from '#app/models/payment-ledger.server.ts';
import { runPaymentOutbox } from '#app/models/payment-outbox.server.ts';
import {
  cancelRefund,
  listRoundSheetIds,
  recordManualRefund,
  retryRefund,
  retryTransfer,
  settleRoundAfterInvoicing,
} from '#app/models/payment-refund.server.ts';
import {
  householdViews,
  paymentViews,
  refundViews,
  transferViews,
} from '#app/models/payment-views.server.ts';
import paymentStyles from '#app/styles/payments.css';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, round } = await requireProducerPaymentRound(request, params);
  const sheetIds = await listRoundSheetIds({ roundId: round.id, producerId: organisation.id });
  const ledgers = await loadSheetLedgers({ sheetIds, producerId: organisation.id });
  const overpaid = ledgers.flatMap((ledger) =>
    ledger.parts
      .filter((part) => part.due.basis === 'invoiced' && balanceOf(part.amounts) < 0)
      .map((part) => ({ ledger, part })),
  );
  const cardOverpaid = overpaid.filter(({ ledger, part }) =>
    ledger.payments.some(
      (payment) =>
        payment.householdId === part.householdId &&
        payment.method === 'card' &&
        payment.status === 'succeeded',
    ),
  );
  return json({
    slug: organisation.slug,
    producerId: organisation.id,
    round: {
      title: round.title,
      day: formatDay(round.deliveryOn),
      isInvoiced: round.status === 'invoiced',
    },
    onlineEnabled: getOnlinePaymentConfig().enabled,
    today: parisDayOf(new Date()),
    settlement: {
      count: cardOverpaid.length,
      total: formatCents(cardOverpaid.reduce((sum, { part }) => sum - balanceOf(part.amounts), 0)),
    },
    sheets: ledgers.map((ledger) => ({
      id: ledger.sheet.id,
      title: ledger.sheet.title,
      group: ledger.sheet.groupName,
      isPayable: ledger.sheet.isPayable,
      households: householdViews(ledger),
      producers: ledger.producers.map((producer) => ({ id: producer.id, name: producer.name })),
      payments: paymentViews(ledger),
      refunds: refundViews(ledger),
      transfers: transferViews(ledger),
      overpaid: ledger.parts
        .filter((part) => balanceOf(part.amounts) < 0)
        .map((part) => ({
          householdId: part.householdId,
          household: ledger.households.find((h) => h.id === part.householdId)?.name ?? '—',
          amount: formatCents(-balanceOf(part.amounts)),
        })),
    })),
  });
}

type ActionData = { errors?: string[]; fieldErrors?: Record<string, string[]> };

const SheetField = z.object({ sheetId: z.uuid() });

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireProducerPaymentRound(request, params);
  const { organisation, round, user } = access;
  const actor = paymentActorOf(access);
  const scope = { kind: 'producer' as const, producerId: organisation.id };
  const form = await request.formData();
  const fields = Object.fromEntries(form);
  const intent = form.get('intent');
  const url = new URL(request.url).pathname;
  const refused = (errors: string[]) => json<ActionData>({ errors }, { status: 400 });
  const sheetIds = await listRoundSheetIds({ roundId: round.id, producerId: organisation.id });
  const sheetOf = () => {
    const parsed = SheetField.safeParse(fields);
    return parsed.success && sheetIds.includes(parsed.data.sheetId) ? parsed.data.sheetId : null;
  };

  switch (intent) {
    case 'record': {
      const sheetId = sheetOf();
      const parsed = ManualPaymentSchema.safeParse(fields);
      if (!sheetId || !parsed.success) {
        return refused(
          parsed.success
            ? ['Feuille inconnue pour cette tournée.']
            : parsed.error.issues.map((i) => i.message),
        );
      }
      const recorded = await recordManualPayment({
        sheetId,
        actor,
        input: parsed.data,
        today: parisDayOf(new Date()),
      });
      if (!recorded.ok) {
        return json<ActionData>({ fieldErrors: recorded.fieldErrors }, { status: 400 });
      }
      return redirectWithToast(url, { kind: 'success', message: 'Paiement enregistré.' });
    }
    case 'cancel': {
      const parsed = CancelSchema.safeParse(fields);
      if (!parsed.success) {
        return refused(parsed.error.issues.map((i) => i.message));
      }
      const cancelled = await cancelManualPayment({
        paymentId: parsed.data.id,
        reason: parsed.data.reason,
        actor,
      });
      return cancelled.ok
        ? redirectWithToast(url, {
            kind: 'success',
            message: 'Paiement annulé (il reste dans l’historique).',
          })
        : refused([cancelled.message]);
    }
    case 'settle': {
      if (round.status !== 'invoiced') {
        return refused([
          'Les trop-perçus se remboursent une fois les factures de la tournée émises.',
        ]);
      }
      const settled = await settleRoundAfterInvoicing({
        roundId: round.id,
        producerId: organisation.id,
        actorId: user.id,
      });
      return redirectWithToast(url, {
        kind: settled.failures.length > 0 ? 'error' : 'success',
        message:
          settled.planned === 0
            ? 'Aucun trop-perçu à rembourser en ligne.'
            : settlementMessage(settled),
      });
    }
    case 'refund-manual': {
      const sheetId = sheetOf();
      const parsed = ManualRefundSchema.safeParse(fields);
      if (!sheetId || !parsed.success) {
        return refused(
          parsed.success
            ? ['Feuille inconnue pour cette tournée.']
            : parsed.error.issues.map((i) => i.message),
        );
      }
      const recorded = await recordManualRefund({ sheetId, actor, input: parsed.data });
      return recorded.ok
        ? redirectWithToast(url, {
            kind: 'success',
            message: `Remboursement de ${formatCents(recorded.amountCents)} enregistré.`,
          })
        : refused([recorded.message]);
    }
    case 'retry-transfer':
    case 'retry-refund': {
      const id = z.uuid().safeParse(fields.id);
      if (!id.success) {
        return refused(['Élément introuvable.']);
      }
      const retried =
        intent === 'retry-transfer'
          ? await retryTransfer({ transferId: id.data, scope })
          : await retryRefund({ refundId: id.data, scope });
      if (!retried.ok) {
        return refused([retried.message]);
      }
      const report = await runPaymentOutbox(
        intent === 'retry-refund' ? { refundIds: [id.data] } : {},
      );
      return redirectWithToast(url, {
        kind: report.failures.length > 0 ? 'error' : 'success',
        message: report.failures.length > 0 ? `Nouvel échec : ${report.failures[0]}` : 'Relancé.',
      });
    }
    case 'cancel-refund': {
      const parsed = CancelSchema.safeParse(fields);
      if (!parsed.success) {
        return refused(parsed.error.issues.map((i) => i.message));
      }
      const cancelled = await cancelRefund({
        refundId: parsed.data.id,
        reason: parsed.data.reason,
        actor,
      });
      return cancelled.ok
        ? redirectWithToast(url, {
            kind: 'success',
            message: 'Remboursement en ligne abandonné : le trop-perçu est à rendre à la main.',
          })
        : refused([cancelled.message]);
    }
    default:
      return refused(['Action inconnue.']);
  }
}

export default function RoundPaymentsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  return (
    <div className="stack">
      <p>
        <Link to={`/o/${data.slug}/paiements`}>← Paiements</Link>
      </p>
      <h2>
        Paiements de la tournée du {data.round.day}
        {data.round.title ? ` — ${data.round.title}` : ''}
      </h2>
      {!data.onlineEnabled ? <OnlineOffNotice /> : null}
      <FormErrors id="round-payment-errors" errors={actionData?.errors} />
      {data.round.isInvoiced ? (
        data.settlement.count > 0 ? (
          <Form method="post" className="card">
            <p>
              Factures émises : {data.settlement.count} foyer(s) ont payé en ligne plus que leur
              facture (manquants, poids réels plus légers), {data.settlement.total} au total.
            </p>
            <button type="submit" name="intent" value="settle">
              Rembourser les trop-perçus
            </button>
          </Form>
        ) : (
          <p className="muted">Factures émises : aucun trop-perçu à rembourser en ligne.</p>
        )
      ) : (
        <p className="hint">
          Montants estimés jusqu’à l’émission des factures (poids estimés, manquants saisis) : les
          écarts se régularisent ensuite.
        </p>
      )}
      {data.sheets.length === 0 ? (
        <p className="muted">Aucune feuille close sur cette tournée.</p>
      ) : null}
      {data.sheets.map((sheet) => (
        <section key={sheet.id} className="stack" aria-label={`${sheet.group} — ${sheet.title}`}>
          <h3>
            {sheet.group} — {sheet.title}
          </h3>
          <HouseholdsTable
            households={sheet.households}
            producers={sheet.producers}
            caption="Qui a payé"
          />
          {sheet.overpaid.length > 0 ? (
            <div>
              <h4>Trop-perçus</h4>
              <ul>
                {sheet.overpaid.map((row) => (
                  <li key={row.householdId}>
                    {row.household} : {row.amount}{' '}
                    <ManualRefundForm
                      sheetId={sheet.id}
                      householdId={row.householdId}
                      householdName={row.household}
                      producerId={data.producerId}
                      amount={row.amount}
                    />
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <ManualPaymentForm
            households={sheet.households}
            producers={sheet.producers}
            today={data.today}
            errors={actionData?.fieldErrors}
            allowAll={false}
            sheetId={sheet.id}
          />
          {sheet.payments.length > 0 ? (
            <PaymentsList
              payments={sheet.payments}
              title="Paiements"
              canCancel={(payment) => payment.producerIds.every((id) => id === data.producerId)}
            />
          ) : null}
          {sheet.transfers.length > 0 ? <TransfersList transfers={sheet.transfers} canAct /> : null}
          {sheet.refunds.length > 0 ? (
            <RefundsList refunds={sheet.refunds} title="Remboursements" canAct />
          ) : null}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Paiements de la tournée du ${data.round.day} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
