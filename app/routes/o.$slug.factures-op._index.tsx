import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useLoaderData } from '@remix-run/react';
import { requireOpOrMember } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { REVIEW_STATE_LABELS, type ReviewState } from '#app/domain/op/invoice-review.ts';
import { formatCents, formatDay } from '#app/i18n/format.ts';
import { documentTitle } from '#app/i18n/invoice-format.ts';
import { listOpInvoiceReviews } from '#app/models/op-invoice-review.server.ts';

const STATES = Object.keys(REVIEW_STATE_LABELS) as ReviewState[];

/**
 * The invoices an OP issued in its members' names with each member's answer (INV-07): for the
 * OP all of them, for a member those issued in its name.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrMember(request, params.slug);
  const today = parisDayOf(new Date());
  const side = organisation.kind === 'op' ? ('op' as const) : ('member' as const);
  const wanted = new URL(request.url).searchParams.get('etat') ?? '';
  const filter = STATES.includes(wanted as ReviewState) ? (wanted as ReviewState) : null;
  const reviews = await listOpInvoiceReviews({
    scope: side === 'op' ? { opId: organisation.id } : { producerId: organisation.id },
    today,
  });
  const counts = Object.fromEntries(
    STATES.map((state) => [state, reviews.filter((r) => r.review?.state === state).length]),
  );
  return json({
    side,
    filter,
    base: `/o/${organisation.slug}/factures-op`,
    states: STATES.map((state) => ({
      value: state,
      label: REVIEW_STATE_LABELS[state],
      count: counts[state] ?? 0,
    })),
    rows: reviews
      .filter((r) => filter === null || r.review?.state === filter)
      .map((r) => ({
        id: r.invoiceId,
        title: `${documentTitle(r.typeCode as '380')} ${r.number}`,
        issued: formatDay(r.issuedOn),
        counterpart: side === 'op' ? r.memberName : r.opName,
        buyer: r.buyerName,
        gross: formatCents(r.grossCents),
        state: r.review
          ? REVIEW_STATE_LABELS[r.review.state]
          : `Avoir sur ${r.replaces?.number ?? 'la facture contestée'}`,
        deadline: r.review?.canContest ? formatDay(r.review.deadline) : null,
      })),
  });
}

export default function OpInvoiceReviewsPage() {
  const data = useLoaderData<typeof loader>();
  return (
    <div>
      <h2>
        {data.side === 'op'
          ? 'Factures émises au nom des membres'
          : 'Factures émises par votre OP en votre nom'}
      </h2>
      <p className="hint">
        Chaque facture émise sous un mandat de facturation est soumise à l’acceptation du membre
        (CGI art. 289 I-2) ; sans contestation dans le délai du mandat, elle est réputée acceptée.
      </p>
      <Form method="get">
        <label>
          État{' '}
          <select name="etat" defaultValue={data.filter ?? ''}>
            <option value="">Tous</option>
            {data.states.map((state) => (
              <option key={state.value} value={state.value}>
                {state.label} ({state.count})
              </option>
            ))}
          </select>
        </label>{' '}
        <button type="submit">Filtrer</button>
      </Form>
      {data.rows.length === 0 ? (
        <p>Aucune facture.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Document</th>
              <th scope="col">Date</th>
              <th scope="col">{data.side === 'op' ? 'Membre (vendeur)' : 'OP'}</th>
              <th scope="col">Acheteur</th>
              <th scope="col">Total TTC</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {data.rows.map((row) => (
              <tr key={row.id}>
                <td>
                  <Link to={`${data.base}/${row.id}`}>{row.title}</Link>
                </td>
                <td>{row.issued}</td>
                <td>{row.counterpart}</td>
                <td>{row.buyer}</td>
                <td>{row.gross}</td>
                <td>
                  {row.state}
                  {row.deadline ? ` (jusqu’au ${row.deadline})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: 'Factures émises par l’OP — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
