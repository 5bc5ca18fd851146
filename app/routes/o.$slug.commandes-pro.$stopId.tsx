import type { ActionFunctionArgs, LoaderFunctionArgs } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { requireProBuyer } from '#app/auth/require-egalim.server.ts';
import { FormErrors } from '#app/components/forms.tsx';
import { EGALIM_CATEGORY_LABELS } from '#app/domain/catalogue/egalim-categories.ts';
import { parseQuantityMilli } from '#app/domain/egalim/quantity-input.ts';
import { multiplyAndRound, sumCents } from '#app/domain/money/money.ts';
import { minimumProgress } from '#app/domain/rounds/minimum-order.ts';
import { saleUnitLabel } from '#app/domain/rounds/quantity-label.ts';
import { formatCents, formatDateTime, formatDay } from '#app/i18n/format.ts';
import { t } from '#app/i18n/fr.ts';
import { formatPricePerUnit } from '#app/i18n/invoice-format.ts';
import { getProStop, submitProOrder } from '#app/models/egalim-pro-order.server.ts';
import { redirectWithToast } from '#app/utils/toast.server.ts';

const DECISION_LABELS = {
  exempt: 'Hors contrat écrit',
  writing_optional: 'Contrat écrit facultatif',
  contract_required: 'Contrat écrit obligatoire',
} as const;

const quantityFr = (milli: number) =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 3 }).format(milli / 1000);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireProBuyer(request, params.slug);
  const data = await getProStop({
    buyerId: organisation.id,
    stopId: params.stopId ?? '',
    now: new Date(),
  });
  if (!data) {
    throw new Response(t('egalim.proOrder.stopNotFound'), { status: 404 });
  }
  const ordered = new Map(data.order?.lines.map((line) => [line.productId, line]) ?? []);
  const lineAmount = (line: NonNullable<typeof data.order>['lines'][number]) =>
    multiplyAndRound(line.unitPriceCents, line.quantityMilli, line.priceBaseQuantityMilli);
  // The producer's minimum for this delivery against the order as recorded (ADR 020).
  const orderedCents = sumCents(data.order?.lines.map(lineAmount) ?? []);
  const minimum = minimumProgress(orderedCents, data.stop.minimumOrderCents);
  return json({
    back: `/o/${organisation.slug}/commandes-pro`,
    stop: {
      producerName: data.stop.producerName,
      day: formatDay(data.stop.deliveryOn),
      deadline: formatDateTime(new Date(data.stop.orderDeadlineAt)),
      isOpen: data.stop.isOpen,
      minimum:
        minimum === null || data.stop.minimumOrderCents === null
          ? null
          : minimum.reached
            ? t('egalim.proOrder.minimumReached', {
                minimum: formatCents(data.stop.minimumOrderCents),
                ordered: formatCents(orderedCents),
              })
            : t('egalim.proOrder.minimumMissing', {
                minimum: formatCents(data.stop.minimumOrderCents),
                ordered: formatCents(orderedCents),
                missing: formatCents(minimum.missingCents),
              }),
    },
    offers: data.offers.map((offer) => ({
      productId: offer.productId,
      name: offer.name,
      unit: offer.saleUnit,
      category: `${EGALIM_CATEGORY_LABELS[offer.egalimCategory]}${offer.isSiqo ? ' (SIQO)' : ''}`,
      stockLeft: offer.stockLeftMilli === null ? null : quantityFr(offer.stockLeftMilli),
      pack:
        offer.packMilli === null
          ? null
          : `par colis de ${quantityFr(offer.packMilli)} ${saleUnitLabel(offer.saleUnit, offer.packMilli)}`,
      ordered: ordered.has(offer.productId)
        ? quantityFr(ordered.get(offer.productId)!.quantityMilli)
        : '',
      decision: offer.decision.ok
        ? {
            ok: true as const,
            price: formatPricePerUnit(
              offer.decision.unitPriceCents,
              offer.decision.priceBaseQuantityMilli,
            ),
            contractReference: offer.decision.contractReference,
            label: DECISION_LABELS[offer.decision.classification.decision],
          }
        : { ok: false as const, reason: offer.decision.reason },
    })),
    order: data.order
      ? data.order.lines.map((line) => ({
          productId: line.productId,
          name: line.productName,
          quantity: `${quantityFr(line.quantityMilli)} ${line.saleUnit}`,
          price: formatPricePerUnit(line.unitPriceCents, line.priceBaseQuantityMilli),
          amount: formatCents(lineAmount(line)),
          contractReference: line.contractReference,
          trace: line.priceTrace,
        }))
      : null,
  });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { organisation, user } = await requireProBuyer(request, params.slug);
  const form = await request.formData();
  const lines: { productId: string; quantityMilli: number }[] = [];
  const fieldErrors: Record<string, string> = {};
  for (const [name, value] of form.entries()) {
    if (!name.startsWith('q.') || typeof value !== 'string') {
      continue;
    }
    const productId = name.slice(2);
    const quantityMilli = parseQuantityMilli(value);
    if (quantityMilli === null) {
      fieldErrors[productId] = 'Quantité invalide (nombre positif, virgule décimale acceptée).';
    } else if (quantityMilli > 0) {
      lines.push({ productId, quantityMilli });
    }
  }
  if (Object.keys(fieldErrors).length > 0) {
    return json(
      { message: 'Corrigez les quantités signalées.', lineErrors: fieldErrors },
      { status: 400 },
    );
  }
  const result = await submitProOrder({
    buyerId: organisation.id,
    stopId: params.stopId ?? '',
    lines,
    now: new Date(),
    actorId: user.id,
  });
  if (!result.ok && result.code === 'not_found') {
    throw new Response(t('egalim.proOrder.stopNotFound'), { status: 404 });
  }
  if (!result.ok) {
    return json(
      {
        message: result.message,
        lineErrors: Object.fromEntries(result.lines.map((line) => [line.productId, line.reason])),
      },
      { status: 422 },
    );
  }
  return redirectWithToast(`/o/${organisation.slug}/commandes-pro/${params.stopId}`, {
    kind: 'success',
    message: t('toast.proOrderSaved', { lines: result.order.lines.length }),
  });
}

export default function ProOrderStop() {
  const { back, stop, offers, order } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const errors: Record<string, string> = result?.lineErrors ?? {};
  return (
    <div>
      <p>
        <Link to={back}>← Toutes les tournées</Link>
      </p>
      <h2>
        Livraison du {stop.day} — {stop.producerName}
      </h2>
      <p className="muted">
        {stop.isOpen
          ? `Commandes ouvertes jusqu’au ${stop.deadline}. Prix hors taxes.`
          : `Commandes closes depuis le ${stop.deadline}.`}
      </p>
      {stop.minimum ? (
        <p className="notice" data-testid="pro-minimum">
          {stop.minimum}
        </p>
      ) : null}
      {order ? (
        <section className="card" aria-labelledby="current-order">
          <h3 id="current-order">Votre commande</h3>
          <table>
            <thead>
              <tr>
                <th scope="col">Produit</th>
                <th scope="col">Quantité</th>
                <th scope="col">Prix unitaire HT</th>
                <th scope="col">Montant HT estimé</th>
                <th scope="col">Contrat et calcul du prix</th>
              </tr>
            </thead>
            <tbody>
              {order.map((line) => (
                <tr key={line.productId}>
                  <td>{line.name}</td>
                  <td>{line.quantity}</td>
                  <td>{line.price}</td>
                  <td>{line.amount}</td>
                  <td>
                    {line.contractReference ? (
                      <>
                        <strong>Contrat {line.contractReference}</strong>
                        <ol className="price-trace">
                          {line.trace.map((step) => (
                            <li key={step}>{step}</li>
                          ))}
                        </ol>
                      </>
                    ) : (
                      'Prix professionnel du producteur'
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <Form method="post" className="stack">
        {result?.message ? <FormErrors id="pro-order-errors" errors={[result.message]} /> : null}
        <table>
          <thead>
            <tr>
              <th scope="col">Produit</th>
              <th scope="col">Egalim</th>
              <th scope="col">Prix HT</th>
              <th scope="col">Stock</th>
              <th scope="col">Quantité</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((offer) => {
              const error = errors[offer.productId];
              const id = `q-${offer.productId}`;
              return (
                <tr key={offer.productId}>
                  <th scope="row">
                    <label htmlFor={id}>{offer.name}</label>
                    {offer.pack ? (
                      <>
                        <br />
                        <small className="muted">{offer.pack}</small>
                      </>
                    ) : null}
                  </th>
                  <td>
                    {offer.category}
                    <br />
                    {offer.decision.ok ? (
                      <span className="muted">{offer.decision.label}</span>
                    ) : (
                      <details>
                        <summary>Vente impossible en l’état</summary>
                        <span className="muted">{offer.decision.reason}</span>
                      </details>
                    )}
                  </td>
                  <td>
                    {offer.decision.ok ? (
                      <>
                        {offer.decision.price} / {offer.unit}
                        {offer.decision.contractReference ? (
                          <>
                            <br />
                            <span className="muted">
                              contrat {offer.decision.contractReference}
                            </span>
                          </>
                        ) : null}
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>
                    {offer.stockLeft === null ? 'illimité' : `${offer.stockLeft} ${offer.unit}`}
                  </td>
                  <td>
                    <input
                      id={id}
                      name={`q.${offer.productId}`}
                      inputMode="decimal"
                      defaultValue={offer.ordered}
                      size={6}
                      disabled={!stop.isOpen}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${id}-error` : undefined}
                    />{' '}
                    {offer.unit}
                    {error ? (
                      <p id={`${id}-error`} className="field-errors" role="alert">
                        {error}
                      </p>
                    ) : null}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {stop.isOpen ? <button type="submit">Enregistrer la commande</button> : null}
      </Form>
    </div>
  );
}
