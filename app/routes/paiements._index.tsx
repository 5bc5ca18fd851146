import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '#app/auth/auth.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { PaymentStatus } from '#app/components/payments.tsx';
import { loadMemberShares } from '#app/models/payment-views.server.ts';
import paymentStyles from '#app/styles/payments.css';

export const links: LinksFunction = () => [{ rel: 'stylesheet', href: paymentStyles }];

/** « Mes paiements » : the signed-in member's shares of its groups' closed sheets. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = [];
  for (const { share, ledger, household } of await loadMemberShares(user.id)) {
    rows.push({
      id: `${share.sheet_id}:${share.household_id}`,
      label: `${share.group_name} — ${share.title}`,
      href: `/o/${share.group_slug}/feuilles/${share.sheet_id}/paiements`,
      status: household.status,
      statusLabel: household.statusLabel,
      toPay: household.toPay,
      toPayCents: household.toPayCents,
      toRefund: household.toRefundCents > 0 ? household.toRefund : null,
      isPayable: ledger.sheet.isPayable,
    });
  }
  return json({ rows });
}

export default function MyPaymentsPage() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <section className="stack">
      <h1>Mes paiements</h1>
      <p className="muted">
        Votre part de chaque commande groupée close : chaque producteur reçoit directement ce que
        vous lui payez. Voir aussi <Link to="/mes-factures">Mes factures</Link>.
      </p>
      {rows.length === 0 ? (
        <p className="muted">Aucune commande close pour votre foyer.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Commande</th>
              <th scope="col">État</th>
              <th scope="col">Reste à payer</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id}>
                <th scope="row">{row.label}</th>
                <td>
                  <PaymentStatus status={row.status} label={row.statusLabel} />
                  {row.toRefund ? (
                    <small className="muted"> (à vous rembourser {row.toRefund})</small>
                  ) : null}
                </td>
                <td>{row.toPay}</td>
                <td>
                  <Link to={row.href}>
                    {row.toPayCents > 0 && row.isPayable ? 'Payer' : 'Détail'}
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Mes paiements — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
