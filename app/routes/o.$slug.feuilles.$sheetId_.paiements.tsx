import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { paymentActorOf, requireSheetPayments } from '#app/auth/require-payments.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { OnlineOffNotice, ShareCard } from '#app/components/payments.tsx';
import { ManualPaymentForm, ManualRefundForm } from '#app/components/payments-forms.tsx';
import {
  HouseholdsTable,
  PaymentsList,
  RefundsList,
  TransfersList,
} from '#app/components/payments-tables.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  CancelSchema,
  ManualPaymentSchema,
  ManualRefundSchema,
} from '#app/domain/payments/schemas.ts';
import { formatCents } from '#app/i18n/format.ts';
import { getOnlinePaymentConfig } from '#app/integrations/stripe.server.ts';
import {
  cancelManualPayment,
  confirmSheetPayments,
  recordManualPayment,
} from '#app/models/payment.server.ts';
import { startCheckout } from '#app/models/payment-checkout.server.ts';
import { loadSheetLedger } from '#app/models/payment-ledger.server.ts';
import { recordManualRefund } from '#app/models/payment-refund.server.ts';
import {
  householdViews,
  paymentViews,
  producerTotals,
  refundViews,
  shareView,
  transferViews,
} from '#app/models/payment-views.server.ts';
import paymentStyles from '#app/styles/payments.css';
import { getEnv } from '#app/utils/env.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, sheet, householdId, canManage } = await requireSheetPayments(
    request,
    params,
  );
  const scope = canManage ? {} : householdId ? { householdId } : null;
  const ledger = scope ? await loadSheetLedger({ sheetId: sheet.id, ...scope }) : null;
  const back = new URL(request.url).searchParams.get('retour');
  const share = ledger && householdId ? shareView(ledger, householdId) : null;
  return json({
    base: `/o/${organisation.slug}/feuilles/${sheet.id}`,
    csv: `/o/${organisation.slug}/paiements/rapprochement.csv?feuille=${sheet.id}`,
    sheetId: sheet.id,
    title: sheet.title,
    isClosed: sheet.status === 'closed',
    isPayable: ledger?.sheet.isPayable ?? false,
    needsConfirmation: Boolean(ledger?.sheet.requiresConfirmation && !ledger.sheet.confirmedAt),
    onlineEnabled: getOnlinePaymentConfig().enabled,
    canManage,
    back:
      back === 'ok'
        ? share?.payments.some(
            (payment) => payment.method === 'card' && payment.status === 'pending',
          )
          ? 'Paiement en cours de confirmation par Stripe : rechargez la page dans un instant.'
          : 'Merci, votre paiement est bien reçu.'
        : back === 'annule'
          ? 'Paiement abandonné : rien n’a été prélevé.'
          : null,
    share,
    today: parisDayOf(new Date()),
    manager:
      canManage && ledger
        ? {
            households: householdViews(ledger),
            producers: ledger.producers.map((producer) => ({
              id: producer.id,
              name: producer.name,
            })),
            totals: producerTotals(ledger),
            payments: paymentViews(ledger),
            refunds: refundViews(ledger),
            transfers: transferViews(ledger),
            // Overpaid parts: given back by hand here (card ones also by the producer's settlement).
            overpaid: householdViews(ledger).flatMap((household) =>
              household.parts
                .filter((part) => part.balanceCents < 0)
                .map((part) => ({
                  householdId: household.id,
                  household: household.name,
                  producerId: part.producerId,
                  producer: part.producer,
                  amount: part.balance,
                })),
            ),
          }
        : null,
  });
}

type ActionData = {
  payErrors?: string[];
  fieldErrors?: Record<string, string[]>;
  errors?: string[];
};

export async function action({ request, params }: ActionFunctionArgs) {
  const access = await requireSheetPayments(request, params);
  const { organisation, sheet, householdId, canManage, user } = access;
  const form = await request.formData();
  const intent = form.get('intent');
  const base = `/o/${organisation.slug}/feuilles/${sheet.id}/paiements`;
  if (intent === 'pay') {
    if (!householdId) {
      throw new Response('Seul un foyer paie sa part.', { status: 403 });
    }
    const origin = getEnv().APP_URL ?? new URL(request.url).origin;
    const started = await startCheckout({
      sheetId: sheet.id,
      householdId,
      userId: user.id,
      email: user.email,
      successUrl: `${origin}${base}?retour=ok&session_id={CHECKOUT_SESSION_ID}`,
      cancelUrl: `${origin}${base}?retour=annule`,
    });
    if (!started.ok) {
      return json<ActionData>({ payErrors: [started.message] }, { status: 400 });
    }
    return redirect(started.url);
  }
  if (!canManage) {
    throw new Response('Vous n’avez pas les droits pour cette action.', { status: 403 });
  }
  const actor = paymentActorOf(access);
  if (intent === 'record') {
    const parsed = ManualPaymentSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return json<ActionData>(
        { fieldErrors: { form: parsed.error.issues.map((issue) => issue.message) } },
        { status: 400 },
      );
    }
    const recorded = await recordManualPayment({
      sheetId: sheet.id,
      actor,
      input: parsed.data,
      today: parisDayOf(new Date()),
    });
    if (!recorded.ok) {
      return json<ActionData>({ fieldErrors: recorded.fieldErrors }, { status: 400 });
    }
    return redirectWithToast(base, { kind: 'success', message: 'Paiement enregistré.' });
  }
  if (intent === 'cancel') {
    const parsed = CancelSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return json<ActionData>(
        { errors: parsed.error.issues.map((i) => i.message) },
        { status: 400 },
      );
    }
    const cancelled = await cancelManualPayment({
      paymentId: parsed.data.id,
      reason: parsed.data.reason,
      actor,
    });
    if (!cancelled.ok) {
      return json<ActionData>({ errors: [cancelled.message] }, { status: 400 });
    }
    return redirectWithToast(base, {
      kind: 'success',
      message: 'Paiement annulé (il reste dans l’historique).',
    });
  }
  if (intent === 'refund-manual') {
    const parsed = ManualRefundSchema.safeParse(Object.fromEntries(form));
    if (!parsed.success) {
      return json<ActionData>(
        { errors: parsed.error.issues.map((i) => i.message) },
        { status: 400 },
      );
    }
    const recorded = await recordManualRefund({ sheetId: sheet.id, actor, input: parsed.data });
    if (!recorded.ok) {
      return json<ActionData>({ errors: [recorded.message] }, { status: 400 });
    }
    return redirectWithToast(base, {
      kind: 'success',
      message: `Remboursement de ${formatCents(recorded.amountCents)} enregistré.`,
    });
  }
  if (intent === 'confirm') {
    const confirmed = await confirmSheetPayments({
      sheetId: sheet.id,
      groupId: organisation.id,
      userId: user.id,
    });
    if (!confirmed.ok) {
      return json<ActionData>({ errors: [confirmed.message] }, { status: 400 });
    }
    return redirectWithToast(base, { kind: 'success', message: confirmed.message });
  }
  return json<ActionData>({ errors: ['Action inconnue.'] }, { status: 400 });
}

export default function SheetPaymentsPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { manager } = data;
  return (
    <div className="stack">
      <p>
        <Link to={data.base}>← La feuille</Link>
      </p>
      <h2>Paiements — {data.title}</h2>
      {data.back ? <p role="status">{data.back}</p> : null}
      {!data.isClosed ? (
        <p className="hint">
          La feuille est encore ouverte : chaque foyer pourra payer sa part une fois la feuille
          close.
        </p>
      ) : null}
      {!data.onlineEnabled ? <OnlineOffNotice /> : null}
      <FormErrors id="payment-errors" errors={actionData?.errors} />
      {data.needsConfirmation && manager ? (
        <Form method="post" className="card">
          <p>
            Le groupe confirme les feuilles avant paiement : vérifiez les quantités, puis ouvrez les
            paiements.
          </p>
          <button type="submit" name="intent" value="confirm">
            Ouvrir les paiements
          </button>
        </Form>
      ) : null}
      {data.share ? <ShareCard share={data.share} errors={actionData?.payErrors} /> : null}
      {manager ? (
        <>
          <HouseholdsTable
            households={manager.households}
            producers={manager.producers}
            caption="Qui a payé"
          />
          <table>
            <caption>Par producteur</caption>
            <thead>
              <tr>
                <th scope="col">Producteur</th>
                <th scope="col">Attendu</th>
                <th scope="col">Reçu</th>
                <th scope="col">Reste à payer</th>
                <th scope="col">À rembourser</th>
                <th scope="col">En ligne</th>
              </tr>
            </thead>
            <tbody>
              {manager.totals.map((total) => (
                <tr key={total.id}>
                  <th scope="row">{total.name}</th>
                  <td>{total.due}</td>
                  <td>{total.received}</td>
                  <td>{total.toPay}</td>
                  <td>{total.toRefund}</td>
                  <td>{total.isOnline ? 'oui' : 'non (à la livraison ou par virement)'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p>
            <a href={data.csv}>Exporter le rapprochement (CSV)</a>
          </p>
          {data.isClosed ? (
            <p>
              Liste de distribution : <a href={`${data.base}/distribution.pdf`}>PDF à imprimer</a> ·{' '}
              <a href={`${data.base}/distribution.csv`}>tableur (CSV)</a>
            </p>
          ) : null}
          {manager.overpaid.length > 0 ? (
            <section aria-label="Trop-perçus à rendre à la main">
              <h4>Trop-perçus à rendre à la main</h4>
              <ul>
                {manager.overpaid.map((row) => (
                  <li key={`${row.householdId}:${row.producerId}`}>
                    {row.household} — {row.producer} : {row.amount}{' '}
                    <ManualRefundForm
                      sheetId={data.sheetId}
                      householdId={row.householdId}
                      householdName={row.household}
                      producerId={row.producerId}
                      amount={row.amount}
                    />
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          {data.isClosed && manager.households.length > 0 ? (
            <ManualPaymentForm
              households={manager.households}
              producers={manager.producers}
              today={data.today}
              errors={actionData?.fieldErrors}
              allowAll
            />
          ) : null}
          {manager.payments.length > 0 ? (
            <PaymentsList payments={manager.payments} title="Paiements" canCancel={() => true} />
          ) : null}
          {manager.refunds.length > 0 ? (
            <RefundsList refunds={manager.refunds} title="Remboursements" />
          ) : null}
          {manager.transfers.length > 0 ? <TransfersList transfers={manager.transfers} /> : null}
        </>
      ) : null}
      {!data.share && !manager ? (
        <p className="muted">Vous n’avez pas de foyer dans ce groupe : rien à payer.</p>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Paiements — ${data.title} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
