import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requirePaymentsManager } from '#app/auth/require-payments.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { PaymentStatus } from '#app/components/payments.tsx';
import { RefundsList, TransfersList } from '#app/components/payments-tables.tsx';
import { BALANCE_STATUS_LABELS } from '#app/domain/payments/labels.ts';
import {
  DUE_BASIS_LABELS,
  type ReconciliationRow,
  reconciliationTotals,
  rowBalance,
} from '#app/domain/payments/reconciliation.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import {
  loadReconciliation,
  reconciliationScopeOf,
} from '#app/models/payment-reconciliation.server.ts';
import { paymentViews, refundViews, transferViews } from '#app/models/payment-views.server.ts';
import paymentStyles from '#app/styles/payments.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }];

function toRowView(row: ReconciliationRow) {
  const { balanceCents, status } = rowBalance(row);
  return {
    key: `${row.sheetTitle}:${row.householdName}:${row.producerName}:${row.deliveryOn}`,
    day: row.deliveryOn ? formatDay(row.deliveryOn) : '—',
    group: row.groupName,
    sheet: row.sheetTitle,
    household: row.householdName,
    producer: row.producerName,
    reference: row.transferReference,
    invoices: row.invoiceNumbers.join(', '),
    basis: DUE_BASIS_LABELS[row.dueBasis],
    due: formatCents(row.dueCents),
    card: formatCents(row.cardCents),
    manual: formatCents(row.cashCents + row.chequeCents + row.transferCents),
    refunded: formatCents(row.refundedCents),
    transferred: formatCents(row.transferredCents),
    balance: formatCents(balanceCents),
    status,
    statusLabel: BALANCE_STATUS_LABELS[status],
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requirePaymentsManager(request, params.slug);
  const url = new URL(request.url);
  const scope = reconciliationScopeOf(organisation, url.searchParams);
  const filters = {
    du: url.searchParams.get('du') ?? '',
    au: url.searchParams.get('au') ?? '',
    query: url.search,
  };
  if (!scope.ok) {
    const none: ReturnType<typeof toRowView>[] = [];
    return json(
      {
        slug: organisation.slug,
        filters,
        errors: scope.errors,
        rows: none,
        totals: null,
        problems: null,
      },
      { status: 400 },
    );
  }
  const { ledgers, rows } = await loadReconciliation(scope.scope);
  const totals = reconciliationTotals(rows);
  const problems = {
    transfers: ledgers
      .flatMap((ledger) => transferViews(ledger))
      .filter((t) => t.status !== 'succeeded'),
    refunds: ledgers
      .flatMap((ledger) => refundViews(ledger))
      .filter((r) => r.status !== 'succeeded' && r.status !== 'cancelled'),
    payments: ledgers
      .flatMap((ledger) => paymentViews(ledger))
      .filter((payment) => payment.failure && payment.status === 'pending'),
  };
  return json({
    slug: organisation.slug,
    filters,
    errors: [] as string[],
    rows: rows.map(toRowView),
    totals: {
      due: formatCents(totals.dueCents),
      card: formatCents(totals.cardCents),
      manual: formatCents(totals.cashCents + totals.chequeCents + totals.transferCents),
      refunded: formatCents(totals.refundedCents),
      transferred: formatCents(totals.transferredCents),
      balance: formatCents(totals.balanceCents),
    },
    problems,
  });
}

export default function ReconciliationPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div className="stack">
      <p>
        <Link to={`/o/${data.slug}/paiements`}>← Paiements</Link>
      </p>
      <h2>Rapprochement des paiements</h2>
      <p className="hint">
        Attendu (factures moins avoirs, ou commande estimée avant facture) face à ce qui a été reçu
        : carte (versée par Stripe au producteur), espèces, chèques et virements notés à la main,
        remboursements.
      </p>
      <Form method="get" className="inline-form">
        <label>
          Livrées du <input type="date" name="du" defaultValue={data.filters.du} />
        </label>
        <label>
          au <input type="date" name="au" defaultValue={data.filters.au} />
        </label>
        <button type="submit">Filtrer</button>
      </Form>
      <FormErrors id="reconciliation-errors" errors={data.errors} />
      <p>
        <a href={`/o/${data.slug}/paiements/rapprochement.csv${data.filters.query}`}>
          Télécharger en CSV (tableur)
        </a>
      </p>
      {data.rows.length === 0 ? (
        <p className="muted">Rien sur cette période.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Livraison</th>
              <th scope="col">Feuille</th>
              <th scope="col">Foyer</th>
              <th scope="col">Producteur</th>
              <th scope="col">Attendu</th>
              <th scope="col">Carte</th>
              <th scope="col">À la main</th>
              <th scope="col">Remboursé</th>
              <th scope="col">Versé par Stripe</th>
              <th scope="col">Solde</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.key}>
                <td>{row.day}</td>
                <td>
                  {row.group} — {row.sheet}
                </td>
                <td>
                  {row.household} <small className="muted">{row.reference}</small>
                </td>
                <td>{row.producer}</td>
                <td>
                  {row.due}
                  <br />
                  <small className="muted">
                    {row.basis}
                    {row.invoices ? ` — ${row.invoices}` : ''}
                  </small>
                </td>
                <td>{row.card}</td>
                <td>{row.manual}</td>
                <td>{row.refunded}</td>
                <td>{row.transferred}</td>
                <td>
                  <PaymentStatus status={row.status} label={row.statusLabel} /> {row.balance}
                </td>
              </tr>
            ))}
          </tbody>
          {data.totals ? (
            <tfoot>
              <tr>
                <th scope="row" colSpan={4}>
                  Total
                </th>
                <td>{data.totals.due}</td>
                <td>{data.totals.card}</td>
                <td>{data.totals.manual}</td>
                <td>{data.totals.refunded}</td>
                <td>{data.totals.transferred}</td>
                <td>{data.totals.balance}</td>
              </tr>
            </tfoot>
          ) : null}
        </table>
      )}
      {data.problems && data.problems.transfers.length > 0 ? (
        <TransfersList transfers={data.problems.transfers} />
      ) : null}
      {data.problems && data.problems.refunds.length > 0 ? (
        <RefundsList refunds={data.problems.refunds} title="Remboursements à suivre" />
      ) : null}
      {data.problems && data.problems.payments.length > 0 ? (
        <section aria-label="Paiements à vérifier">
          <h4>Paiements à vérifier</h4>
          <ul>
            {data.problems.payments.map((payment) => (
              <li key={payment.id}>
                {payment.household} — {payment.amount} : {payment.failure}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Rapprochement des paiements — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
