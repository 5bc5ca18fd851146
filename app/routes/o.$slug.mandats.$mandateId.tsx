import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { notFound, requireMandateParty } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import {
  currentPeriodEnd,
  endAfterRevocation,
  MANDATE_STATE_LABELS,
} from '#app/domain/op/billing-mandate.ts';
import { formatDateTime, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import {
  billingMandateState,
  getBillingMandate,
  revokeBillingMandate,
  sideOf,
  signBillingMandate,
  withdrawBillingMandate,
} from '#app/models/billing-mandate.server.ts';
import { mandateScopeText } from '#app/models/op-pages.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

async function load(request: Request, params: LoaderFunctionArgs['params']) {
  const access = await requireMandateParty(request, params.slug);
  const mandate = await getBillingMandate({
    organisationId: access.organisation.id,
    mandateId: params.mandateId,
  });
  if (!mandate) {
    notFound(t('mandate.notFound'));
  }
  return { ...access, mandate };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, mandate } = await load(request, params);
  const today = parisDayOf(new Date());
  const side = sideOf(mandate, organisation.id);
  const state = billingMandateState(mandate, today);
  const ownSignature = side === 'mandator' ? mandate.mandatorSignedAt : mandate.mandatarySignedAt;
  return json({
    base: `/o/${organisation.slug}/mandats`,
    mandate: {
      reference: mandate.reference,
      mandator: mandate.mandatorName,
      mandatary: mandate.mandataryName,
      kind:
        mandate.mandataryKind === 'buyer'
          ? 'Autofacturation par l’acheteur'
          : 'Facturation par l’OP',
      scope: mandateScopeText(mandate),
      operations: mandate.operations,
      startOn: formatDay(mandate.startOn),
      contestDays: mandate.contestDays,
      series: mandate.invoiceSeries,
      state: MANDATE_STATE_LABELS[state],
      renewsOn:
        state === 'active' || state === 'upcoming'
          ? formatDay(currentPeriodEnd(mandate.startOn, today))
          : null,
      mandatorSignedAt: mandate.mandatorSignedAt ? formatDateTime(mandate.mandatorSignedAt) : null,
      mandatarySignedAt: mandate.mandatarySignedAt
        ? formatDateTime(mandate.mandatarySignedAt)
        : null,
      signedOn: mandate.signedOn ? formatDay(mandate.signedOn) : null,
      revocation: mandate.revokedOn
        ? `${mandate.revokedBySide === 'mandator' ? 'Révoqué par le producteur' : 'Dénoncé par le mandataire'} le ${formatDay(mandate.revokedOn)}${mandate.revocationReason ? ` (« ${mandate.revocationReason} »)` : ''} ; dernier jour couvert : ${formatDay(mandate.endsOn!)}.`
        : null,
    },
    can: {
      sign: side !== null && ownSignature === null,
      withdraw: side !== null && !mandate.mandatorSignedAt && !mandate.mandatarySignedAt,
      revoke: side !== null && mandate.signedOn !== null && mandate.revokedOn === null,
    },
    revocationEnd: formatDay(endAfterRevocation(today)),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, mandate } = await load(request, params);
  const form = await request.formData();
  const base = { organisationId: organisation.id, mandateId: mandate.id, actorId: user.id };
  const url = `/o/${organisation.slug}/mandats/${mandate.id}`;
  switch (form.get('intent')) {
    case 'sign': {
      const signed = await signBillingMandate({ ...base, now: new Date() });
      if (!signed.ok) {
        return json({ errors: [signed.message] }, { status: 409 });
      }
      return redirectWithToast(url, {
        kind: 'success',
        message: t(signed.signedByBoth ? 'toast.mandateActive' : 'toast.mandateSigned'),
      });
    }
    case 'revoke': {
      const revoked = await revokeBillingMandate({
        ...base,
        givenOn: parisDayOf(new Date()),
        reason: String(form.get('reason') ?? ''),
      });
      if (!revoked.ok) {
        return json({ errors: [revoked.message] }, { status: 409 });
      }
      return redirectWithToast(url, {
        kind: 'success',
        message: t('toast.mandateRevoked', { day: formatDay(revoked.endsOn) }),
      });
    }
    case 'withdraw': {
      const withdrawn = await withdrawBillingMandate(base);
      if (!withdrawn.ok) {
        return json({ errors: [withdrawn.message] }, { status: 409 });
      }
      return redirectWithToast(`/o/${organisation.slug}/mandats`, {
        kind: 'success',
        message: t('toast.mandateWithdrawn'),
      });
    }
    default:
      return json({ errors: ['Action inconnue.'] }, { status: 400 });
  }
}

export default function MandateDetail() {
  const { base, mandate, can, revocationEnd } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <p>
        <Link to={base}>← Mandats de facturation</Link>
      </p>
      <h2>
        Mandat de facturation {mandate.reference} — {mandate.state}
      </h2>
      <FormErrors id="mandate-errors" errors={result?.errors} />
      <dl className="details">
        <dt>Mandant (producteur)</dt>
        <dd>{mandate.mandator}</dd>
        <dt>Mandataire</dt>
        <dd>
          {mandate.mandatary} — {mandate.kind}
        </dd>
        <dt>Ventes couvertes</dt>
        <dd>{mandate.scope}</dd>
        <dt>Opérations et période</dt>
        <dd>{mandate.operations}</dd>
        <dt>Prise d’effet</dt>
        <dd>
          {mandate.startOn}
          {mandate.renewsOn
            ? ` ; reconduction tacite annuelle, prochaine échéance le ${mandate.renewsOn}`
            : ''}
        </dd>
        <dt>Délai de contestation de chaque facture</dt>
        <dd>{mandate.contestDays} jours</dd>
        <dt>Série des factures émises par le mandataire</dt>
        <dd>{mandate.series}</dd>
        <dt>Signatures</dt>
        <dd>
          Producteur : {mandate.mandatorSignedAt ?? 'non signé'} · Mandataire :{' '}
          {mandate.mandatarySignedAt ?? 'non signé'}
          {mandate.signedOn ? ` — mandat écrit le ${mandate.signedOn}` : ''}
        </dd>
        {mandate.revocation ? (
          <>
            <dt>Révocation</dt>
            <dd>{mandate.revocation}</dd>
          </>
        ) : null}
      </dl>
      <p className="muted">
        Le producteur garde l’entière responsabilité de ses factures et de la TVA ; chaque facture
        émise par le mandataire et acceptée par lui est réputée émise en son nom et pour son compte.
        Ce mandat est indépendant de tout contrat de vente (art. L631-24 V CRPM).
      </p>
      <div className="actions">
        {can.sign ? (
          <Form method="post">
            <button type="submit" name="intent" value="sign">
              Signer le mandat
            </button>
          </Form>
        ) : null}
        {can.withdraw ? (
          <Form method="post">
            <button type="submit" name="intent" value="withdraw" className="secondary">
              Retirer la proposition
            </button>
          </Form>
        ) : null}
      </div>
      {can.revoke ? (
        <section className="card">
          <h3>Révoquer le mandat</h3>
          <p>
            Préavis d’un mois : notifié aujourd’hui, le mandat couvrira encore les livraisons
            jusqu’au {revocationEnd} inclus.
          </p>
          <Form method="post" className="stack">
            <div className="field">
              <label htmlFor="reason">Motif (facultatif)</label>
              <input id="reason" name="reason" maxLength={500} />
            </div>
            <button type="submit" name="intent" value="revoke" className="danger">
              Révoquer avec un mois de préavis
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Mandat ${data.mandate.reference} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
