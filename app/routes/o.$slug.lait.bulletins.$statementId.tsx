import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireMilkProducer } from '#app/auth/require-milk.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { MilkPayFigures } from '#app/components/milk-pay.tsx';
import { AnalysesTable } from '#app/components/milk-tables.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { shortDayLabel } from '#app/domain/milk/month.ts';
import { formatLitres } from '#app/domain/milk/records.ts';
import { contestMilkInvoice } from '#app/models/milk-contest.server.ts';
import { latestRevisions, loadStatements } from '#app/models/milk-pay.server.ts';
import { listMilkAnalyses, listMilkCollections } from '#app/models/milk-record.server.ts';
import { getMilkSupplier } from '#app/models/milk-supplier.server.ts';
import { analysisRow, statementView } from '#app/models/milk-views.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

async function requireStatement(request: Request, params: { slug?: string; statementId?: string }) {
  const access = await requireMilkProducer(request, params.slug);
  const [statement] = /^[0-9a-f-]{36}$/i.test(params.statementId ?? '')
    ? await loadStatements({ producerId: access.organisation.id, statementId: params.statementId })
    : [];
  if (!statement) {
    throw new Response('Bulletin introuvable', { status: 404 });
  }
  return { ...access, statement };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, statement } = await requireStatement(request, params);
  const today = parisDayOf(new Date());
  const scope = {
    dairyId: statement.dairyId,
    producerId: organisation.id,
    fromMonth: statement.month,
    toMonth: statement.month,
  };
  const [supplier, collections, analyses, revisions] = await Promise.all([
    getMilkSupplier({ dairyId: statement.dairyId, producerId: organisation.id }),
    listMilkCollections(scope),
    listMilkAnalyses(scope),
    loadStatements({
      producerId: organisation.id,
      dairyId: statement.dairyId,
      month: statement.month,
    }),
  ]);
  const isCurrent = latestRevisions(revisions)[0]?.id === statement.id;
  const view = statementView(organisation.slug, statement, today);
  return json({
    statement: { ...view, canContest: view.canContest && isCurrent },
    isCurrent,
    dairy: supplier?.dairyName ?? '',
    code: supplier?.supplierCode ?? '',
    collections: collections.map((c) => ({
      id: c.id,
      day: shortDayLabel(c.collectedOn),
      tour: c.tour || '—',
      litres: formatLitres(c.litres),
    })),
    analyses: analyses.map(analysisRow),
    others: revisions
      .filter((r) => r.id !== statement.id)
      .map((r) => ({
        id: r.id,
        number: r.invoiceNumber,
        href: `/o/${organisation.slug}/lait/bulletins/${r.id}`,
      })),
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user, statement } = await requireStatement(request, params);
  const form = await request.formData();
  const result = await contestMilkInvoice({
    producerId: organisation.id,
    statementId: statement.id,
    reason: String(form.get('reason') ?? ''),
    today: parisDayOf(new Date()),
    actorId: user.id,
  });
  if (!result.ok) {
    return json({ errors: [result.message] }, { status: 422 });
  }
  return redirectWithToast(`/o/${organisation.slug}/lait/bulletins/${statement.id}`, {
    kind: 'success',
    message: `Facture ${statement.invoiceNumber} contestée : la laiterie corrige le mois (avoir et nouvelle facture) ou vous répond.`,
  });
}

export default function MilkStatementPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { statement } = data;
  return (
    <div>
      <h2>Bulletin de paie du lait — {statement.monthLabel}</h2>
      <p>
        {data.dairy} · fournisseur n° {data.code} · facture d’autofacturation{' '}
        <Link to={statement.invoiceHref}>{statement.invoiceNumber}</Link> émise le{' '}
        {statement.issuedOn} en votre nom (mandat {statement.mandate}), échéance {statement.dueOn},
        total {statement.gross}.
      </p>
      {!data.isCurrent ? (
        <p className="milk-warning">
          Ce bulletin a été remplacé après contestation :{' '}
          {data.others.map((other) => (
            <Link key={other.id} to={other.href}>
              {other.number}{' '}
            </Link>
          ))}
        </p>
      ) : null}
      <MilkPayFigures figures={statement.figures} />

      <section className="card" aria-labelledby="contest-title">
        <h3 id="contest-title">Contester la facture</h3>
        {statement.openContest ? (
          <p>
            Contestée le {statement.openContest.contestedOn} : « {statement.openContest.reason} ».
            La laiterie corrige le mois ou vous répond.
          </p>
        ) : statement.canContest ? (
          <Form method="post" className="stack">
            <p className="muted">
              Délai de contestation : jusqu’au {statement.contestDeadline} inclus. Sans
              contestation, la facture est réputée acceptée.
            </p>
            <FormErrors id="contest-errors" errors={result?.errors} />
            <div className="field">
              <label htmlFor="reason">Motif de la contestation</label>
              <textarea
                id="reason"
                name="reason"
                rows={3}
                required
                minLength={3}
                maxLength={1000}
              />
            </div>
            <button type="submit">Contester la facture {statement.invoiceNumber}</button>
          </Form>
        ) : (
          <p className="muted">
            Délai de contestation passé ({statement.contestDeadline}) ou facture remplacée.
          </p>
        )}
      </section>

      <section className="card" aria-labelledby="collections-title">
        <h3 id="collections-title">Collectes du mois</h3>
        <table className="milk-table">
          <thead>
            <tr>
              <th scope="col">Jour</th>
              <th scope="col">Tournée</th>
              <th scope="col" className="number">
                Litres
              </th>
            </tr>
          </thead>
          <tbody>
            {data.collections.map((c) => (
              <tr key={c.id}>
                <td>{c.day}</td>
                <td>{c.tour}</td>
                <td className="number">{c.litres}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-labelledby="analyses-title">
        <h3 id="analyses-title">Analyses du mois</h3>
        <AnalysesTable rows={data.analyses} />
      </section>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Bulletin de paie du lait — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
