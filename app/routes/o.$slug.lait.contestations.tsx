import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireMilkDairy, requireMilkParty } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { monthLabel } from '#app/domain/milk/month.ts';
import { formatDay } from '#app/i18n/format.ts';
import {
  correctContestedMilkInvoice,
  listMilkContests,
  rejectMilkContest,
} from '#app/models/milk-contest.server.ts';
import { CONTEST_STATUS_LABELS } from '#app/models/milk-views.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireMilkParty(request, params.slug);
  const isDairy = organisation.kind === 'buyer';
  const contests = await listMilkContests(
    isDairy ? { dairyId: organisation.id } : { producerId: organisation.id },
  );
  const base = `/o/${organisation.slug}/lait`;
  return json({
    isDairy,
    contests: contests.map((c) => ({
      id: c.id,
      producer: c.producerName,
      invoiceNumber: c.invoiceNumber,
      month: c.month ? monthLabel(c.month) : '',
      contestedOn: formatDay(c.contestedOn),
      reason: c.reason,
      status: c.status,
      statusLabel: CONTEST_STATUS_LABELS[c.status],
      rejectionReason: c.rejectionReason,
      href: isDairy ? `${base}/paie/${c.month}` : `${base}/bulletins/${c.statementId}`,
      recordsHref: isDairy ? `${base}/analyses?mois=${c.month}&producteur=${c.producerId}` : null,
    })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireMilkDairy(request, params.slug);
  const form = await request.formData();
  const contestId = String(form.get('contestId') ?? '');
  const back = `/o/${organisation.slug}/lait/contestations`;
  switch (form.get('intent')) {
    case 'correct': {
      const result = await correctContestedMilkInvoice({
        dairyId: organisation.id,
        contestId,
        today: parisDayOf(new Date()),
        actorId: user.id,
      });
      if (!result.ok) {
        return json({ contestId, errors: [result.message] }, { status: 422 });
      }
      return redirectWithToast(back, {
        kind: 'success',
        message: `Avoir ${result.creditNoteNumber} et facture rectificative ${result.invoiceNumber} émis.`,
      });
    }
    case 'reject': {
      const result = await rejectMilkContest({
        dairyId: organisation.id,
        contestId,
        reason: String(form.get('reason') ?? ''),
        actorId: user.id,
      });
      if (!result.ok) {
        return json({ contestId, errors: [result.message] }, { status: 422 });
      }
      return redirectWithToast(back, {
        kind: 'success',
        message: 'Contestation refusée : le producteur voit votre réponse.',
      });
    }
    default:
      return json({ contestId, errors: ['Action inconnue.'] }, { status: 400 });
  }
}

export default function MilkContests() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div>
      <h2>Contestations des factures d’autofacturation</h2>
      <p className="muted">
        {data.isDairy
          ? 'Un producteur conteste une facture émise en son nom dans le délai de son mandat. Le mois se rouvre : corrigez les collectes ou analyses, puis émettez l’avoir et la facture rectificative, ou refusez en expliquant pourquoi.'
          : 'Vos contestations des factures que la laiterie émet en votre nom, et leurs suites.'}
      </p>
      {data.contests.length === 0 ? <p className="muted">Aucune contestation.</p> : null}
      {data.contests.map((contest) => (
        <section key={contest.id} className="card" aria-labelledby={`contest-${contest.id}`}>
          <h3 id={`contest-${contest.id}`}>
            {contest.invoiceNumber} — {contest.month}
            {data.isDairy ? ` — ${contest.producer}` : ''}
          </h3>
          <p>
            Contestée le {contest.contestedOn} : « {contest.reason} » ·{' '}
            <strong>{contest.statusLabel}</strong>
            {contest.rejectionReason ? ` : ${contest.rejectionReason}` : ''}
          </p>
          <p>
            <Link to={contest.href}>{data.isDairy ? 'Paie du mois' : 'Bulletin'}</Link>
            {contest.recordsHref ? (
              <>
                {' '}
                · <Link to={contest.recordsHref}>Corriger les analyses</Link>
              </>
            ) : null}
          </p>
          {data.isDairy && contest.status === 'open' ? (
            <>
              {result?.contestId === contest.id ? (
                <FormErrors id={`errors-${contest.id}`} errors={result.errors} />
              ) : null}
              <Form method="post">
                <input type="hidden" name="contestId" value={contest.id} />
                <button type="submit" name="intent" value="correct">
                  Émettre l’avoir et la facture rectificative
                </button>
              </Form>
              <Form method="post" className="stack">
                <input type="hidden" name="contestId" value={contest.id} />
                <div className="field">
                  <label htmlFor={`reject-${contest.id}`}>Motif du refus</label>
                  <textarea id={`reject-${contest.id}`} name="reason" rows={2} maxLength={1000} />
                </div>
                <button type="submit" name="intent" value="reject" className="secondary">
                  Refuser la contestation
                </button>
              </Form>
            </>
          ) : null}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Contestations du lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
