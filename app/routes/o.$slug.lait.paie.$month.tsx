import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react';
import { requireMilkDairy } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { MilkPayFigures } from '#app/components/milk-pay.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { monthLabel, shiftMonth } from '#app/domain/milk/month.ts';
import { formatDay } from '#app/i18n/format.ts';
import { issueMilkMonth } from '#app/models/milk-invoice.server.ts';
import { isValidMonthParam, loadMilkMonth } from '#app/models/milk-pay.server.ts';
import { payFigures } from '#app/models/milk-views.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const STATE_LABELS = {
  no_collections: 'aucune collecte',
  ready: 'prêt à facturer',
  refused: 'ne peut pas être facturé',
  invoiced: 'facturé',
  contested: 'facturé, contesté par le producteur',
} as const;

async function requireMonth(request: Request, params: { slug?: string; month?: string }) {
  const access = await requireMilkDairy(request, params.slug);
  if (!isValidMonthParam(params.month)) {
    throw new Response('Mois introuvable', { status: 404 });
  }
  return { ...access, month: params.month };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, month } = await requireMonth(request, params);
  const today = parisDayOf(new Date());
  const view = await loadMilkMonth({ dairyId: organisation.id, month, today });
  const base = `/o/${organisation.slug}/lait`;
  return json({
    month,
    label: monthLabel(month),
    previous: `${base}/paie/${shiftMonth(month, -1)}`,
    next: `${base}/paie/${shiftMonth(month, 1)}`,
    isFinished: view.isFinished,
    issueDate: formatDay(view.issueDate),
    gridLabel: view.grid
      ? `grille version ${view.grid.version} (à partir de ${monthLabel(view.grid.validFrom.slice(0, 7))})`
      : null,
    canIssue: view.isFinished && view.rows.some((row) => row.state === 'ready'),
    rows: view.rows.map((row) => ({
      producerId: row.supplier.producerId,
      name: `${row.supplier.supplierCode} — ${row.supplier.producerName}`,
      state: row.state,
      stateLabel: STATE_LABELS[row.state],
      problems: row.problems,
      figures: row.pay ? payFigures(row.pay) : null,
      recomputed: row.recomputed ? payFigures(row.recomputed) : null,
      mandate: row.mandate?.reference ?? row.statement?.frozen.mandate.reference ?? null,
      invoice: row.statement
        ? {
            number: row.statement.invoiceNumber,
            issuedOn: formatDay(row.statement.issuedOn),
            dueOn: row.statement.dueOn ? formatDay(row.statement.dueOn) : '—',
            revision: row.statement.revision,
            pdf: `${base}/factures/${row.statement.invoiceId}/pdf`,
            contest: row.statement.openContest?.reason ?? null,
          }
        : null,
    })),
    contestsHref: `${base}/contestations`,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, month } = await requireMonth(request, params);
  const form = await request.formData();
  if (form.get('intent') !== 'issue') {
    return json({ errors: ['Action inconnue.'] }, { status: 400 });
  }
  const result = await issueMilkMonth({
    dairyId: organisation.id,
    month,
    today: parisDayOf(new Date()),
    actorId: user.id,
  });
  if (!result.ok) {
    const problems = result.refused.flatMap((r) =>
      r.problems.map((p) => `${r.producerName} : ${p}`),
    );
    return json({ errors: [result.message, ...problems] }, { status: 422 });
  }
  const refused =
    result.refused.length > 0
      ? ` ${result.refused.length} producteur(s) non facturé(s) : voir leurs raisons.`
      : '';
  return redirectWithToast(`/o/${organisation.slug}/lait/paie/${month}`, {
    kind: result.status === 'issued' ? 'success' : 'info',
    message: `${result.message}${refused}`,
  });
}

export default function MilkMonthPay() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  return (
    <div>
      <h2>Paie du lait de {data.label}</h2>
      <p className="milk-nav">
        <Link to={data.previous}>← mois précédent</Link>
        <Link to={data.next}>mois suivant →</Link>
      </p>
      <p className="muted">
        {data.gridLabel ?? 'aucune grille en vigueur'} · factures datées du {data.issueDate}{' '}
        (facture périodique du mois), échéance 30 jours après la fin de la dernière décade.
      </p>
      {!data.isFinished ? (
        <p className="milk-warning">
          Mois en cours : paie provisoire, les factures s’émettent le dernier jour du mois, après la
          dernière collecte.
        </p>
      ) : null}
      <FormErrors id="issue-errors" errors={result?.errors} />
      {data.canIssue ? (
        <Form method="post">
          <button
            type="submit"
            name="intent"
            value="issue"
            disabled={navigation.state === 'submitting'}
          >
            Émettre les factures d’autofacturation de {data.label}
          </button>
        </Form>
      ) : null}
      {data.rows.map((row) => (
        <section key={row.producerId} className="card" aria-labelledby={`pay-${row.producerId}`}>
          <h3 id={`pay-${row.producerId}`}>{row.name}</h3>
          <p
            className={
              row.state === 'refused'
                ? 'milk-state-refused'
                : row.state === 'ready'
                  ? 'milk-state-ready'
                  : 'muted'
            }
          >
            {row.stateLabel}
            {row.mandate ? ` · mandat ${row.mandate}` : ''}
          </p>
          {row.problems.length > 0 && row.state !== 'no_collections' ? (
            <ul className="milk-state-refused">
              {row.problems.map((problem) => (
                <li key={problem}>{problem}</li>
              ))}
            </ul>
          ) : null}
          {row.invoice ? (
            <p>
              Facture {row.invoice.number}
              {row.invoice.revision > 1 ? ' (rectificative)' : ''} émise le {row.invoice.issuedOn},
              échéance {row.invoice.dueOn} ·{' '}
              <a href={row.invoice.pdf}>PDF Factur-X de {row.invoice.number}</a>
              {row.invoice.contest ? (
                <>
                  {' '}
                  · <Link to={data.contestsHref}>contestée : {row.invoice.contest}</Link>
                </>
              ) : null}
            </p>
          ) : null}
          {row.figures ? (
            <MilkPayFigures figures={row.figures} title={row.invoice ? 'Facturé' : undefined} />
          ) : null}
          {row.recomputed ? (
            <MilkPayFigures
              figures={row.recomputed}
              title="Recalculé sur les collectes et analyses corrigées"
            />
          ) : null}
        </section>
      ))}
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Paie du lait${data ? ` de ${data.label}` : ''} — Cabas` },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
