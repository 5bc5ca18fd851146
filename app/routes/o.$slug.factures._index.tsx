import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireRoundsManager } from '#app/auth/require-round.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { EReportingSection, InvoicesTable } from '#app/components/invoices.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { formatDay } from '#app/i18n/format.ts';
import { listInvoices } from '#app/models/invoice.server.ts';
import { listInvoiceableRounds } from '#app/models/invoice-pages.server.ts';
import {
  loadEReporting,
  parseInvoiceFilters,
  summarizeInvoice,
} from '#app/utils/invoice-views.server.ts';

const ROUND_STATUS = {
  planned: 'à livrer',
  delivered: 'livrée, à facturer',
  invoiced: 'facturée',
  cancelled: 'annulée',
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireRoundsManager(request, params.slug);
  const today = parisDayOf(new Date());
  const filters = parseInvoiceFilters(new URL(request.url).searchParams);
  const [invoices, rounds, eReporting] = await Promise.all([
    listInvoices({ producerId: organisation.id, ...filters.query, newestFirst: true }),
    listInvoiceableRounds({ producerId: organisation.id, untilDay: today }),
    loadEReporting(request, organisation.id, today),
  ]);
  const base = `/o/${organisation.slug}`;
  const csv = new URLSearchParams({
    ...(filters.query.roundId ? { tournee: filters.query.roundId } : {}),
    ...(filters.query.from ? { debut: filters.query.from } : {}),
    ...(filters.query.to ? { fin: filters.query.to } : {}),
  });
  return json({
    filters: filters.values,
    filterErrors: filters.errors,
    invoices: invoices.map(summarizeInvoice),
    rounds: rounds.map((round) => ({
      id: round.id,
      label: `${formatDay(round.deliveryOn)}${round.title ? ` — ${round.title}` : ''}`,
      status: ROUND_STATUS[round.status],
      toInvoice: round.status !== 'invoiced',
      documentCount: round.documentCount,
      facturation: `${base}/tournees/${round.id}/facturation`,
      zip: `${base}/tournees/${round.id}/factures.zip`,
    })),
    links: { detailBase: `${base}/factures/`, csv: `${base}/factures/journal.csv?${csv}` },
    eReporting,
  });
}

export default function InvoicesPage() {
  const data = useLoaderData<typeof loader>();
  const toInvoice = data.rounds.filter((round) => round.toInvoice);
  return (
    <div>
      <h2>Factures</h2>
      <section className="card" aria-labelledby="to-invoice-title">
        <h3 id="to-invoice-title">Tournées à livrer ou à facturer</h3>
        {toInvoice.length === 0 ? (
          <p className="muted">Aucune tournée en attente de facturation.</p>
        ) : (
          <ul>
            {toInvoice.map((round) => (
              <li key={round.id}>
                <Link to={round.facturation}>Tournée du {round.label}</Link>{' '}
                <span className="muted">({round.status})</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="card" aria-labelledby="list-title">
        <h3 id="list-title">Factures et avoirs émis</h3>
        <Form method="get" className="stack">
          <p>
            <label>
              Tournée{' '}
              <select name="tournee" defaultValue={data.filters.roundId}>
                <option value="">Toutes</option>
                {data.rounds.map((round) => (
                  <option key={round.id} value={round.id}>
                    {round.label}
                  </option>
                ))}
              </select>
            </label>{' '}
            <label>
              Émises du <input type="date" name="debut" defaultValue={data.filters.from} />
            </label>{' '}
            <label>
              au <input type="date" name="fin" defaultValue={data.filters.to} />
            </label>{' '}
            <button type="submit">Filtrer</button>
          </p>
        </Form>
        <FormErrors id="filter-errors" errors={data.filterErrors} />
        <InvoicesTable invoices={data.invoices} detailBase={data.links.detailBase} />
        <p>
          <a href={data.links.csv}>Journal des ventes (CSV) de cette sélection</a>
        </p>
        {data.rounds.some((round) => round.documentCount > 0) ? (
          <p>
            Toutes les factures d’une tournée (ZIP) :{' '}
            {data.rounds
              .filter((round) => round.documentCount > 0)
              .map((round, index) => (
                <span key={round.id}>
                  {index > 0 ? ' · ' : ''}
                  <a href={round.zip}>{round.label}</a>
                </span>
              ))}
          </p>
        ) : null}
      </section>
      <EReportingSection eReporting={data.eReporting} />
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Factures — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
