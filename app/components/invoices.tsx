import { Form, Link } from '@remix-run/react';
import type { EReportingView, InvoiceView } from '#app/utils/invoice-views.server.ts';
import { FormErrors } from './forms.tsx';

/** Issued invoices and credit notes, each with its detail page and PDF. */
export function InvoicesTable({
  invoices,
  detailBase,
}: {
  invoices: readonly InvoiceView[];
  /** `/o/<slug>/factures/`: the detail is `<detailBase><id>`, the PDF `<id>/pdf`. */
  detailBase: string;
}) {
  if (invoices.length === 0) {
    return <p className="muted">Aucune facture.</p>;
  }
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Numéro</th>
          <th scope="col">Type</th>
          <th scope="col">Client</th>
          <th scope="col">Émise le</th>
          <th scope="col">Échéance</th>
          <th scope="col">HT</th>
          <th scope="col">TVA</th>
          <th scope="col">TTC</th>
          <th scope="col">PDF</th>
        </tr>
      </thead>
      <tbody>
        {invoices.map((invoice) => (
          <tr key={invoice.id}>
            <td>
              <Link to={`${detailBase}${invoice.id}`}>{invoice.number}</Link>
            </td>
            <td>{invoice.type}</td>
            <td>
              {invoice.buyer} <span className="muted">({invoice.buyerKind})</span>
            </td>
            <td>{invoice.issued}</td>
            <td>{invoice.due}</td>
            <td>{invoice.net}</td>
            <td>{invoice.vat}</td>
            <td>{invoice.gross}</td>
            <td>
              <a href={`${detailBase}${invoice.id}/pdf`} aria-label={`PDF de ${invoice.number}`}>
                PDF
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** B2C e-reporting summary of a period (CGI ann. II 242 nonies M): per VAT rate and per day. */
export function EReportingSection({ eReporting }: { eReporting: EReportingView }) {
  const { summary } = eReporting;
  return (
    <section className="card" aria-labelledby="e-reporting-title">
      <h3 id="e-reporting-title">E-reporting des ventes aux particuliers</h3>
      <Form method="get" className="stack">
        <p>
          <label>
            Du <input type="date" name="du" defaultValue={eReporting.from} required />
          </label>{' '}
          <label>
            au <input type="date" name="au" defaultValue={eReporting.to} required />
          </label>{' '}
          <button type="submit">Calculer</button>
        </p>
      </Form>
      <FormErrors id="e-reporting-errors" errors={eReporting.error ? [eReporting.error] : []} />
      {summary ? (
        <div>
          <p>
            SIREN {summary.siren}, période {summary.period} : total HT {summary.net}, TVA{' '}
            {summary.vat}.
          </p>
          <table>
            <caption>Par taux de TVA</caption>
            <thead>
              <tr>
                <th scope="col">Taux</th>
                <th scope="col">Total HT</th>
                <th scope="col">TVA</th>
              </tr>
            </thead>
            <tbody>
              {summary.perRate.map((row) => (
                <tr key={row.rate}>
                  <td>{row.rate}</td>
                  <td>{row.net}</td>
                  <td>{row.vat}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <table>
            <caption>Par jour</caption>
            <thead>
              <tr>
                <th scope="col">Jour</th>
                <th scope="col">Transactions</th>
                <th scope="col">Total HT</th>
                <th scope="col">TVA</th>
              </tr>
            </thead>
            <tbody>
              {summary.days.map((day) => (
                <tr key={day.day}>
                  <td>{day.day}</td>
                  <td>{day.count}</td>
                  <td>{day.net}</td>
                  <td>{day.vat}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
