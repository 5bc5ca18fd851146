import type { LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Link, useLoaderData } from '@remix-run/react';
import { requireUser } from '#app/auth/auth.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { listHouseholdInvoices } from '#app/models/invoice-pages.server.ts';
import { summarizeInvoice } from '#app/utils/invoice-views.server.ts';

/** The invoices and credit notes addressed to the signed-in user's households. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const invoices = await listHouseholdInvoices(user.id);
  return json({
    invoices: invoices.map((invoice) => ({
      ...summarizeInvoice(invoice),
      seller: invoice.sellerName,
      pdf: `/mes-factures/${invoice.id}/pdf`,
    })),
  });
}

export default function MyInvoicesPage() {
  const { invoices } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1>Mes factures</h1>
      <p className="muted">
        Les factures des producteurs pour les commandes de votre foyer, et leurs avoirs.
      </p>
      <p>
        Votre part à payer, vos paiements et remboursements :{' '}
        <Link to="/paiements">Mes paiements</Link>
      </p>
      {invoices.length === 0 ? (
        <p className="muted">Aucune facture pour le moment.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Numéro</th>
              <th scope="col">Type</th>
              <th scope="col">Producteur</th>
              <th scope="col">Émise le</th>
              <th scope="col">Total TTC</th>
              <th scope="col">PDF</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((invoice) => (
              <tr key={invoice.id}>
                <td>{invoice.number}</td>
                <td>{invoice.type}</td>
                <td>{invoice.seller}</td>
                <td>{invoice.issued}</td>
                <td>{invoice.gross}</td>
                <td>
                  <a href={invoice.pdf} aria-label={`PDF de ${invoice.number}`}>
                    PDF
                  </a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export const meta: MetaFunction = () => [{ title: 'Mes factures — Cabas' }];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
