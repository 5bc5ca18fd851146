import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireProducerRound } from '#app/auth/require-round.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { EReportingSection, InvoicesTable } from '#app/components/invoices.tsx';
import { formatQuantityMilli } from '#app/domain/catalogue/french-number.ts';
import { formatPickedQuantity, saleUnitLabel } from '#app/domain/rounds/quantity-label.ts';
import { formatDay } from '#app/i18n/format.ts';
import { listInvoices } from '#app/models/invoice.server.ts';
import { listRoundDeliveryLines } from '#app/models/invoice-pages.server.ts';
import { loadEReporting, summarizeInvoice } from '#app/utils/invoice-views.server.ts';
import { handleFacturationAction } from './actions.server.ts';
import { deliveredField, missingField, weightField } from './delivery-form.ts';
import { IssueSection } from './issue-section.tsx';

const STATUS_LABELS = {
  planned: 'Planifiée',
  delivered: 'Livrée',
  invoiced: 'Facturée',
  cancelled: 'Annulée',
} as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, round } = await requireProducerRound(request, params);
  const scope = { producerId: organisation.id, roundId: round.id };
  const [lines, invoices, eReporting] = await Promise.all([
    listRoundDeliveryLines(scope),
    listInvoices(scope),
    loadEReporting(request, organisation.id, round.deliveryOn),
  ]);
  const base = `/o/${organisation.slug}`;
  return json({
    round: {
      id: round.id,
      title: round.title,
      day: formatDay(round.deliveryOn),
      status: round.status,
      statusLabel: STATUS_LABELS[round.status],
      canEditDelivery: round.status === 'planned' || round.status === 'delivered',
    },
    links: {
      round: `${base}/tournees/${round.id}`,
      progress: `${base}/tournees/${round.id}/facturation/progression`,
      zip: `${base}/tournees/${round.id}/factures.zip`,
      csv: `${base}/factures/journal.csv?tournee=${round.id}`,
      invoice: `${base}/factures/`,
    },
    lines: lines.map((line) => ({
      id: line.orderLineId,
      stop: line.stopPosition,
      customer: line.customerName,
      product: line.productName,
      isVariableWeight: line.isVariableWeight,
      unit: line.isVariableWeight
        ? saleUnitLabel('piece', 2000)
        : saleUnitLabel(line.saleUnit, line.quantityMilli),
      ordered: formatPickedQuantity({
        saleUnit: line.saleUnit,
        isVariableWeight: line.isVariableWeight,
        quantityMilli: line.quantityMilli,
        estimatedGrams:
          line.isVariableWeight && line.estimatedWeightGrams !== null
            ? Math.round((line.estimatedWeightGrams * line.quantityMilli) / 1000)
            : null,
      }),
      delivered:
        line.deliveredQuantityMilli === null
          ? ''
          : formatQuantityMilli(line.deliveredQuantityMilli),
      missing: line.deliveredQuantityMilli === 0,
      weight: line.actualWeightGrams === null ? '' : formatQuantityMilli(line.actualWeightGrams),
    })),
    invoices: invoices.map(summarizeInvoice),
    eReporting,
  });
}

export async function action(args: ActionFunctionArgs) {
  return handleFacturationAction(args);
}

export default function RoundInvoicingPage() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { round } = data;
  const deliveryErrors =
    actionData && actionData.intent !== 'issue' ? actionData.problems : undefined;
  return (
    <div>
      <p>
        <Link to={data.links.round}>← Tournée du {round.day}</Link>
      </p>
      <h2>
        Livraison et facturation — tournée du {round.day}
        {round.title ? ` — ${round.title}` : ''}
      </h2>
      <p className="muted">État : {round.statusLabel}</p>

      <section className="card" aria-labelledby="delivery-title">
        <h3 id="delivery-title">1. Livraison : poids réels et manquants</h3>
        {data.lines.length === 0 ? (
          <p className="muted">Aucune commande sur cette tournée.</p>
        ) : (
          <Form method="post" className="stack">
            <FormErrors id="delivery-errors" errors={deliveryErrors} />
            <p className="hint">
              Laissez « livré » vide si la quantité commandée a été livrée. Pour un produit au
              poids, saisissez le poids réel pesé en kg (par exemple 1,85).
            </p>
            <table>
              <thead>
                <tr>
                  <th scope="col">Arrêt</th>
                  <th scope="col">Client</th>
                  <th scope="col">Produit</th>
                  <th scope="col">Commandé</th>
                  <th scope="col">Livré</th>
                  <th scope="col">Poids réel (kg)</th>
                  <th scope="col">Manquant</th>
                </tr>
              </thead>
              <tbody>
                {data.lines.map((line) => {
                  const error = actionData?.lineErrors[line.id];
                  const label = `${line.product} — ${line.customer}`;
                  return (
                    <tr key={line.id} aria-invalid={error ? true : undefined}>
                      <td>{line.stop}</td>
                      <td>{line.customer}</td>
                      <td>
                        {line.product}
                        {error ? <span className="field-errors"> {error}</span> : null}
                      </td>
                      <td>{line.ordered}</td>
                      <td>
                        <input
                          name={deliveredField(line.id)}
                          defaultValue={line.delivered}
                          inputMode="decimal"
                          size={6}
                          disabled={!round.canEditDelivery}
                          aria-label={`Quantité livrée (${line.unit}) : ${label}`}
                        />
                      </td>
                      <td>
                        {line.isVariableWeight ? (
                          <input
                            name={weightField(line.id)}
                            defaultValue={line.weight}
                            inputMode="decimal"
                            size={6}
                            disabled={!round.canEditDelivery}
                            aria-label={`Poids réel en kg : ${label}`}
                          />
                        ) : (
                          <span className="muted">—</span>
                        )}
                      </td>
                      <td>
                        <input
                          type="checkbox"
                          name={missingField(line.id)}
                          defaultChecked={line.missing}
                          disabled={!round.canEditDelivery}
                          aria-label={`Manquant : ${label}`}
                        />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {round.canEditDelivery ? (
              <p>
                <button type="submit" name="intent" value="save-delivery">
                  Enregistrer la livraison
                </button>{' '}
                {round.status === 'planned' ? (
                  <button type="submit" name="intent" value="mark-delivered">
                    Enregistrer et marquer la tournée livrée
                  </button>
                ) : null}
              </p>
            ) : (
              <p className="muted">
                Les factures sont émises : la livraison ne se modifie plus (corrigez par un avoir).
              </p>
            )}
          </Form>
        )}
      </section>

      <IssueSection
        status={round.status}
        progressUrl={data.links.progress}
        problems={actionData?.intent === 'issue' ? actionData.problems : undefined}
      />
      <section className="card" aria-labelledby="issued-title">
        <h3 id="issued-title">3. Factures émises</h3>
        <InvoicesTable invoices={data.invoices} detailBase={data.links.invoice} />
        {data.invoices.length > 0 ? (
          <p>
            <a href={data.links.zip}>Télécharger toutes les factures (ZIP)</a> ·{' '}
            <a href={data.links.csv}>Journal des ventes (CSV)</a>
          </p>
        ) : null}
      </section>
      <EReportingSection eReporting={data.eReporting} />
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Facturation de la tournée du ${data.round.day} — Cabas` : 'Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
