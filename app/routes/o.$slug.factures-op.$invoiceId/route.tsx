import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from '@remix-run/node';
import { json } from '@remix-run/node';
import { Form, Link, useActionData, useLoaderData } from '@remix-run/react';
import { notFound, requireOpOrMember } from '#app/auth/require-op.server.ts';
import { GeneralErrorBoundary } from '#app/components/error-boundary.tsx';
import { FormErrors } from '#app/components/forms.tsx';
import { parisDayOf } from '#app/domain/calendar/paris-time.ts';
import { formatQuantityMilli, formatScaledDecimal } from '#app/domain/catalogue/french-number.ts';
import { REVIEW_EVENT_LABELS, REVIEW_STATE_LABELS } from '#app/domain/op/invoice-review.ts';
import { formatCents, formatDateTime, formatDay } from '#app/i18n/format.ts';
import {
  documentTitle,
  formatPriceBase,
  formatQuantity,
  formatUnitPrice,
} from '#app/i18n/invoice-format.ts';
import { getOpInvoiceReview, getReviewSnapshot } from '#app/models/op-invoice-review.server.ts';
import { handleReviewAction, type ReviewActionData } from './actions.server.ts';

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireOpOrMember(request, params.slug);
  const today = parisDayOf(new Date());
  const side = organisation.kind === 'op' ? ('op' as const) : ('member' as const);
  const review = await getOpInvoiceReview({
    scope: side === 'op' ? { opId: organisation.id } : { producerId: organisation.id },
    invoiceId: params.invoiceId,
    today,
  });
  if (!review) {
    notFound('Facture introuvable.');
  }
  const snapshot = await getReviewSnapshot(review);
  const base = `/o/${organisation.slug}/factures-op`;
  const link = (doc: { id: string; number: string } | null) =>
    doc ? { href: `${base}/${doc.id}`, number: doc.number } : null;
  const state = review.review;
  return json({
    side,
    base,
    title: `${documentTitle(snapshot.typeCode)} ${review.number}`,
    invoice: {
      opName: review.opName,
      member: review.memberName,
      buyer: review.buyerName,
      issued: formatDay(review.issuedOn),
      net: formatCents(review.netCents),
      gross: formatCents(review.grossCents),
      mandate: `${review.mandateReference} du ${formatDay(review.mandateSignedOn)} (${review.contestDays} jours pour contester)`,
    },
    state: state
      ? {
          label: REVIEW_STATE_LABELS[state.state],
          deadline: formatDay(state.deadline),
          canContest: state.canContest,
          canAccept: state.canAccept,
          contest: state.openContest
            ? { on: formatDay(state.openContest.on), reason: state.openContest.reason }
            : null,
        }
      : null,
    pdf:
      side === 'op'
        ? `/o/${organisation.slug}/livraisons-op/factures/${review.invoiceId}.pdf`
        : `/o/${organisation.slug}/factures/${review.invoiceId}/pdf`,
    creditNote: link(review.creditNote),
    replacement: link(review.replacement),
    replaces: link(review.replaces),
    lines: snapshot.lines.map((line) => ({
      id: line.lineId,
      label: line.label,
      quantity: formatQuantity(line.quantityMilli, line.unitCode),
      unitPrice: formatUnitPrice(line),
      net: formatCents(line.netAmountCents),
      trace: line.priceTrace ?? [],
      // The correction form's defaults: units and euros for the line's price base.
      quantityValue: formatQuantityMilli(line.quantityMilli),
      priceValue: formatScaledDecimal(line.unitPriceCents, { decimals: 2, minDecimals: 2 }),
      priceUnit: formatPriceBase(line),
    })),
    history: review.events.map((event) => ({
      key: event.sequence,
      label: REVIEW_EVENT_LABELS[event.kind],
      on: formatDateTime(event.at),
      reason: event.reason,
    })),
  });
}

export async function action(args: ActionFunctionArgs) {
  return handleReviewAction(args);
}

export default function OpInvoiceReviewPage() {
  const data = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ReviewActionData | undefined;
  const { invoice, state } = data;
  return (
    <div>
      <p>
        <Link to={data.base}>← Factures émises par l’OP</Link>
      </p>
      <h2>{data.title}</h2>
      <dl className="card">
        <dt>Émise par</dt>
        <dd>
          {invoice.opName}, au nom et pour le compte de {invoice.member}
        </dd>
        <dt>Acheteur</dt>
        <dd>{invoice.buyer}</dd>
        <dt>Date</dt>
        <dd>{invoice.issued}</dd>
        <dt>Total</dt>
        <dd>
          {invoice.net} HT · {invoice.gross} TTC
        </dd>
        <dt>Mandat de facturation</dt>
        <dd>{invoice.mandate}</dd>
        {state ? (
          <>
            <dt>État</dt>
            <dd data-testid="review-state">
              <strong>{state.label}</strong> · contestation possible jusqu’au {state.deadline}
            </dd>
          </>
        ) : null}
      </dl>
      <p>
        <a href={data.pdf}>Télécharger le PDF Factur-X</a>
      </p>
      {data.replaces ? (
        <p>
          {state ? 'Facture rectificative de' : 'Avoir sur'} la facture{' '}
          <Link to={data.replaces.href}>{data.replaces.number}</Link>
        </p>
      ) : null}
      {data.creditNote ? (
        <p>
          Annulée par l’avoir <Link to={data.creditNote.href}>{data.creditNote.number}</Link>
          {data.replacement ? (
            <>
              , remplacée par la facture rectificative{' '}
              <Link to={data.replacement.href}>{data.replacement.number}</Link>
            </>
          ) : null}
        </p>
      ) : null}
      <table>
        <thead>
          <tr>
            <th scope="col">Ligne</th>
            <th scope="col">Désignation</th>
            <th scope="col">Quantité</th>
            <th scope="col">Prix unitaire HT</th>
            <th scope="col">Montant HT</th>
          </tr>
        </thead>
        <tbody>
          {data.lines.map((line) => (
            <tr key={line.id}>
              <td>{line.id}</td>
              <td>
                {line.label}
                {line.trace.length > 0 ? (
                  <ul className="muted">
                    {line.trace.map((step) => (
                      <li key={step}>{step}</li>
                    ))}
                  </ul>
                ) : null}
              </td>
              <td>{line.quantity}</td>
              <td>{line.unitPrice}</td>
              <td>{line.net}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <FormErrors id="review-errors" errors={result?.errors} />
      {state?.contest ? (
        <section className="card" aria-labelledby="contest-title">
          <h3 id="contest-title">Contestation du {state.contest.on}</h3>
          <p>{state.contest.reason}</p>
        </section>
      ) : null}
      {data.side === 'member' && state?.canAccept ? (
        <MemberForms deadline={state.deadline} />
      ) : null}
      {data.side === 'op' && state?.contest ? <OpForms lines={data.lines} /> : null}

      <section aria-labelledby="history-title">
        <h3 id="history-title">Historique</h3>
        {data.history.length === 0 ? (
          <p className="muted">Aucune réponse du membre pour l’instant.</p>
        ) : (
          <ol>
            {data.history.map((event) => (
              <li key={event.key}>
                {event.on} — {event.label}
                {event.reason ? ` : ${event.reason}` : ''}
              </li>
            ))}
          </ol>
        )}
      </section>
    </div>
  );
}

function MemberForms({ deadline }: { deadline: string }) {
  return (
    <section className="card stack" aria-labelledby="answer-title">
      <h3 id="answer-title">Votre réponse</h3>
      <p className="hint">
        Émise en votre nom sous votre mandat, cette facture est soumise à votre acceptation (CGI
        art. 289 I-2). Sans contestation d’ici le {deadline}, elle sera réputée acceptée.
      </p>
      <Form method="post">
        <button type="submit" name="intent" value="accept">
          Accepter la facture
        </button>
      </Form>
      <Form method="post" className="stack">
        <div className="field">
          <label htmlFor="contest-reason">Motif de la contestation</label>
          <textarea id="contest-reason" name="reason" rows={3} required minLength={3} />
        </div>
        <button type="submit" name="intent" value="contest">
          Contester la facture
        </button>
      </Form>
    </section>
  );
}

type LineView = {
  id: string;
  label: string;
  quantityValue: string;
  priceValue: string;
  priceUnit: string;
};

function OpForms({ lines }: { lines: LineView[] }) {
  return (
    <>
      <section className="card stack" aria-labelledby="correct-title">
        <h3 id="correct-title">Corriger : avoir et facture rectificative</h3>
        <p className="hint">
          Un avoir au nom du membre annule toute la facture, puis une facture rectificative reprend
          les lignes corrigées (quantité 0 : ligne retirée), dans la série du mandat. Le prix d’une
          ligne est celui saisi, ou, case cochée, celui de la formule de l’accord-cadre recalculée
          au jour de la livraison avec les indicateurs connus aujourd’hui.
        </p>
        <Form method="post" className="stack">
          <table>
            <thead>
              <tr>
                <th scope="col">Désignation</th>
                <th scope="col">Quantité</th>
                <th scope="col">Prix unitaire HT (€)</th>
              </tr>
            </thead>
            <tbody>
              {lines.map((line) => (
                <tr key={line.id}>
                  <td>{line.label}</td>
                  <td>
                    <input
                      name={`quantity.${line.id}`}
                      defaultValue={line.quantityValue}
                      inputMode="decimal"
                      size={10}
                      aria-label={`Quantité corrigée, ligne ${line.id}`}
                    />
                  </td>
                  <td>
                    <input
                      name={`price.${line.id}`}
                      defaultValue={line.priceValue}
                      inputMode="decimal"
                      size={8}
                      aria-label={`Prix corrigé, ligne ${line.id}`}
                    />{' '}
                    {line.priceUnit}
                    <br />
                    <label>
                      <input type="checkbox" name={`priceMode.${line.id}`} value="formula" />{' '}
                      recalculer avec la formule de l’accord
                    </label>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="field">
            <label htmlFor="correct-note">Explication (imprimée sur l’avoir et la facture)</label>
            <input id="correct-note" name="note" maxLength={300} required minLength={3} />
          </div>
          <button type="submit" name="intent" value="correct">
            Émettre l’avoir et la facture rectificative
          </button>
        </Form>
      </section>
      <section className="card stack" aria-labelledby="reject-title">
        <h3 id="reject-title">Refuser la contestation</h3>
        <Form method="post" className="stack">
          <div className="field">
            <label htmlFor="reject-reason">Motif du refus</label>
            <textarea id="reject-reason" name="reason" rows={3} required minLength={3} />
          </div>
          <button type="submit" name="intent" value="reject">
            Refuser la contestation
          </button>
        </Form>
      </section>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} — Cabas` : 'Facture émise par l’OP — Cabas' },
];

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
