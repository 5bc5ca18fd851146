import type {
  ActionFunctionArgs,
  LinksFunction,
  LoaderFunctionArgs,
  MetaFunction,
} from '@remix-run/node';
import { json, redirect } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requirePaymentsManager } from '#app/auth/require-payments.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { OnlineOffNotice } from '#app/components/payments.tsx';
import { ProducerPaymentsSection } from '#app/components/payments-producer.tsx';
import { hasPermission } from '#app/domain/organisations/roles.ts';
import { formatIban } from '#app/domain/payments/bank-details.ts';
import {
  amountToPay,
  amountToRefund,
  balanceStatus,
  combinedStatus,
  sumLedgers,
} from '#app/domain/payments/ledger.ts';
import { BankDetailsSchema } from '#app/domain/payments/schemas.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { getOnlinePaymentConfig } from '#app/integrations/stripe.server.ts';
import { getGroupPaymentSettings, setGroupPaymentSettings } from '#app/models/payment.server.ts';
import {
  getProducerPaymentSettings,
  saveBankDetails,
  startProducerOnboarding,
} from '#app/models/payment-account.server.ts';
import { loadSheetLedgers } from '#app/models/payment-ledger.server.ts';
import {
  householdViews,
  listGroupPaymentSheets,
  listProducerPaymentRounds,
} from '#app/models/payment-views.server.ts';
import paymentStyles from '#app/styles/payments.css';
import { getEnv } from '#app/utils/env.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }];

const ROUND_STATUS = { planned: 'Planifiée', delivered: 'Livrée', invoiced: 'Facturée' } as const;

async function producerData(producerId: string) {
  const [settings, rounds] = await Promise.all([
    getProducerPaymentSettings(producerId),
    listProducerPaymentRounds(producerId),
  ]);
  const ledgers = await loadSheetLedgers({
    sheetIds: [...new Set(rounds.flatMap((round) => round.sheet_ids))],
    producerId,
  });
  return {
    account: {
      isConnected: settings.stripeAccountId !== null,
      isActive: settings.chargesEnabled,
      payoutsEnabled: settings.payoutsEnabled,
    },
    bank: settings.bank
      ? {
          holder: settings.bank.holder,
          iban: formatIban(settings.bank.iban),
          bic: settings.bank.bic ?? '',
        }
      : null,
    rounds: rounds.map((round) => {
      const amounts = ledgers
        .filter((ledger) => round.sheet_ids.includes(ledger.sheet.id))
        .flatMap((ledger) => ledger.parts.map((part) => part.amounts));
      const total = sumLedgers(amounts);
      return {
        id: round.round_id,
        label: `${formatDay(round.delivery_on)}${round.title ? ` — ${round.title}` : ''}`,
        status: ROUND_STATUS[round.status as keyof typeof ROUND_STATUS] ?? round.status,
        due: formatCents(total.dueCents),
        received: formatCents(total.paidCents - total.refundedCents),
        toPay: formatCents(amountToPay(amounts)),
        toRefund: formatCents(amountToRefund(amounts)),
      };
    }),
  };
}

async function groupData(groupId: string) {
  const [settings, sheets] = await Promise.all([
    getGroupPaymentSettings(groupId),
    listGroupPaymentSheets(groupId),
  ]);
  const closed = sheets.filter((sheet) => sheet.status === 'closed');
  const ledgers = await loadSheetLedgers({ sheetIds: closed.map((sheet) => sheet.id) });
  return {
    requiresConfirmation: settings.requiresConfirmation,
    sheets: sheets.map((sheet) => {
      const ledger = ledgers.find((candidate) => candidate.sheet.id === sheet.id);
      const households = ledger ? householdViews(ledger) : [];
      const amounts = ledger?.parts.map((part) => part.amounts) ?? [];
      return {
        id: sheet.id,
        title: sheet.title,
        isClosed: sheet.status === 'closed',
        isPayable: ledger?.sheet.isPayable ?? false,
        paidCount: households.filter((h) => h.status === 'paid' || h.status === 'nothing_due')
          .length,
        householdCount: households.length,
        status: combinedStatus(amounts.map(balanceStatus)),
        toPay: formatCents(amountToPay(amounts)),
      };
    }),
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, role } = await requirePaymentsManager(request, params.slug);
  const isProducer = organisation.kind === 'producer';
  const returned = new URL(request.url).searchParams.get('stripe');
  return json({
    slug: organisation.slug,
    isProducer,
    isOwner: hasPermission(role, 'payments.connect'),
    onlineEnabled: getOnlinePaymentConfig().enabled,
    returned,
    producer: isProducer ? await producerData(organisation.id) : null,
    group: isProducer ? null : await groupData(organisation.id),
  });
}

type ActionData = { errors?: string[]; fieldErrors?: Record<string, string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, role, user } = await requirePaymentsManager(request, params.slug);
  const form = await request.formData();
  const intent = form.get('intent');
  const base = `/o/${organisation.slug}/paiements`;
  if (intent === 'settings' && organisation.kind === 'group') {
    await setGroupPaymentSettings({
      groupId: organisation.id,
      requiresConfirmation: form.get('requiresConfirmation') === 'on',
      actorId: user.id,
    });
    return redirectWithToast(base, { kind: 'success', message: 'Réglage enregistré.' });
  }
  if ((intent === 'onboard' || intent === 'bank') && organisation.kind === 'producer') {
    if (!hasPermission(role, 'payments.connect')) {
      throw new Response('Seul le responsable de la ferme relie ses comptes.', { status: 403 });
    }
    if (intent === 'bank') {
      const parsed = BankDetailsSchema.safeParse(Object.fromEntries(form));
      if (!parsed.success) {
        const fieldErrors: Record<string, string[]> = {};
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'form');
          fieldErrors[field] = [...(fieldErrors[field] ?? []), issue.message];
        }
        return json<ActionData>({ fieldErrors }, { status: 400 });
      }
      await saveBankDetails({ producerId: organisation.id, actorId: user.id, bank: parsed.data });
      return redirectWithToast(base, {
        kind: 'success',
        message: parsed.data.iban
          ? 'Coordonnées bancaires enregistrées.'
          : 'Coordonnées bancaires retirées.',
      });
    }
    const started = await startProducerOnboarding({
      producer: organisation,
      user,
      origin: getEnv().APP_URL ?? new URL(request.url).origin,
    });
    if (!started.ok) {
      return json<ActionData>({ errors: [started.message] }, { status: 400 });
    }
    return redirect(started.url);
  }
  return json<ActionData>({ errors: ['Action inconnue.'] }, { status: 400 });
}

export default function PaymentsPage() {
  const data = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>() as ActionData | undefined;
  return (
    <div className="stack">
      <h2>Paiements</h2>
      {data.returned === 'incomplet' ? (
        <p role="status">Inscription Stripe pas encore terminée : reprenez-la quand vous voulez.</p>
      ) : null}
      <p>
        <Link to={`/o/${data.slug}/paiements/rapprochement`}>Rapprochement</Link> ·{' '}
        <a href={`/o/${data.slug}/paiements/rapprochement.csv`}>Export CSV</a>
      </p>
      {data.producer ? (
        <ProducerPaymentsSection
          slug={data.slug}
          data={data.producer}
          isOwner={data.isOwner}
          onlineEnabled={data.onlineEnabled}
          errors={errors}
        />
      ) : null}
      {data.group ? (
        <>
          {!data.onlineEnabled ? <OnlineOffNotice /> : null}
          <Form method="post" className="card">
            <label className="checkbox">
              <input
                type="checkbox"
                name="requiresConfirmation"
                defaultChecked={data.group.requiresConfirmation}
              />{' '}
              Confirmer chaque feuille close avant que les foyers paient
            </label>{' '}
            <button type="submit" name="intent" value="settings">
              Enregistrer
            </button>
          </Form>
          <table>
            <caption>Feuilles</caption>
            <thead>
              <tr>
                <th scope="col">Feuille</th>
                <th scope="col">Foyers payés</th>
                <th scope="col">Reste à payer</th>
              </tr>
            </thead>
            <tbody>
              {data.group.sheets.map((sheet) => (
                <tr key={sheet.id}>
                  <th scope="row">
                    <Link to={`/o/${data.slug}/feuilles/${sheet.id}/paiements`}>{sheet.title}</Link>
                  </th>
                  <td>
                    {sheet.isClosed
                      ? `${sheet.paidCount} / ${sheet.householdCount}${sheet.isPayable ? '' : ' (paiements pas encore ouverts)'}`
                      : 'feuille ouverte'}
                  </td>
                  <td>{sheet.isClosed ? sheet.toPay : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Paiements — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
